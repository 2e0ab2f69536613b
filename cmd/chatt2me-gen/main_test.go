package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

var update = flag.Bool("update", false, "rewrite the want.txt files of testdata/broken from the current messages")

// repoGenerated is the committed SDK; tests work on copies of it.
const repoGenerated = "../../generated"

// TestMain lets tests run the command as a separate process (to vary its working directory and environment)
// without building it: the test binary runs main when CHATT2ME_GEN_MAIN is set.
func TestMain(m *testing.M) {
	if os.Getenv("CHATT2ME_GEN_MAIN") == "1" {
		pauseHook()
		main()
	}
	os.Exit(m.Run())
}

// testBinary is the path of this test binary, which runs the command when CHATT2ME_GEN_MAIN=1.
func testBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return self
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// snapshot reads every file under dir (or dir itself when it is a file) with its mode, and the target of each link.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			files[p] = "dir " + info.Mode().String()
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			files[p] = "link to " + target
			return err
		}
		data, err := os.ReadFile(p)
		files[p] = info.Mode().String() + " " + string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

// unlocated lists the cases of testdata/broken whose refusal names no line, and why.
var unlocated = map[string]string{
	"missing-fragment":            "the file does not exist",
	"output-is-a-file":            "the problem is the output directory, not a document",
	"output-read-only":            "the problem is the output directory, not a document",
	"output-holds-another-module": "the problem is the output directory, not a document",
	"recovery-interrupted-check":  "a sound journal: the problem is that -check does not repair the commit it describes",
}

// located matches a refusal that names the file and the line of the problem, or the flag.
var located = regexp.MustCompile(`^chatt2me-gen: ([^:\s]+:[0-9]+|-[a-z-]+): `)

// TestBrokenInputs runs every case of testdata/broken. A case whose want.txt holds a message is refused: exit
// status 2, that exact message on standard error, naming file and line (and JSON pointer where there is one),
// and the output directory byte for byte unchanged. A case whose want.txt is empty is hostile but valid: it is
// accepted, quietly, and TestAcceptedInputsCompile builds what it generates.
//
// The output directory is a copy of generated/. A case may also hold plant.txtar, files written into it first
// (such as a staging directory left by someone else), and args.txt, more arguments, one per line; a case without
// documents of its own (chatt2me.yaml and webchatt.yaml) uses the repository's.
func TestBrokenInputs(t *testing.T) {
	cases, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases; the corpus must hold at least 40", len(cases))
	}
	for _, c := range cases {
		dir := filepath.Join("testdata", "broken", c.Name())
		t.Run(c.Name(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "generated")
			copyDir(t, repoGenerated, out)
			switch c.Name() {
			case "output-is-a-file":
				out = filepath.Join(t.TempDir(), "generated")
				if err := os.WriteFile(out, []byte("not a directory\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			case "output-read-only":
				if err := os.Chmod(out, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = os.Chmod(out, 0o755) })
			}
			plant(t, dir, out)
			before := snapshot(t, out)
			code, stdout, stderr := runCLI(t, caseArgs(t, dir, out)...)
			got := strings.ReplaceAll(stderr, out, "{out}")
			wantFile := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
			if len(want) == 0 {
				if code != exitOK {
					t.Errorf("exit status %d, want %d (accepted)", code, exitOK)
				}
				return
			}
			if code != exitBadInput {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, exitBadInput, stderr)
			}
			if _, ok := unlocated[c.Name()]; !ok && !located.MatchString(got) {
				t.Errorf("the refusal names no file and line, nor flag: %s", got)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty on bad input, got:\n%s", stdout)
			}
			sameSnapshot(t, before, snapshot(t, out))
		})
	}
}

// plant writes the files of the case's plant.txtar, if it has one, into out.
func plant(t *testing.T, dir, out string) {
	t.Helper()
	archive, err := txtar.ParseFile(filepath.Join(dir, "plant.txtar"))
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range archive.Files {
		mustWrite(t, filepath.Join(out, filepath.FromSlash(f.Name)), f.Data)
	}
}

// caseArgs returns the command line of a case: its args.txt, then its documents (or the repository's) and out.
func caseArgs(t *testing.T, dir, out string) []string {
	t.Helper()
	var args []string
	if data, err := os.ReadFile(filepath.Join(dir, "args.txt")); err == nil {
		args = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	bundle, fragment := filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml")
	if !isFile(bundle) {
		bundle, fragment = "../../openapi/chatt2me.yaml", "../../openapi/webchatt.yaml"
	}
	return append(args, "-spec", bundle, "-fragment", fragment, "-out", out)
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	code, _, stderr := runCLI(t, "-h")
	if code != exitOK {
		t.Fatalf("-h exited %d", code)
	}
	for _, want := range []string{"-spec", "-fragment", "-overlay", ".overlay.yaml", "-out", "-check", "-lock-wait",
		"-import-path", "-go-generate", "release vX.Y.Z",
		"openapi/chatt2me.yaml", "openapi/webchatt.yaml",
		"Exit status", "waits for the first", "16 MiB", fmt.Sprintf("%d,%03d YAML nodes", spec.MaxDocumentNodes/1000, spec.MaxDocumentNodes%1000),
		fmt.Sprintf("mapping of more than %d,%03d keys", spec.MaxMappingKeys/1000, spec.MaxMappingKeys%1000)} {
		if !strings.Contains(stderr, want) {
			t.Errorf("-h output lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "-nope"); code != exitBadInput || !strings.Contains(stderr, "flag provided but not defined: -nope") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "extra"); code != exitBadInput || !strings.Contains(stderr, `unexpected argument "extra"`) {
		t.Errorf("extra argument: exit %d, stderr %q", code, stderr)
	}
}

func TestRepositoryIsUpToDate(t *testing.T) {
	code, stdout, stderr := runCLI(t, "-check")
	if code != exitOK {
		t.Fatalf("generated/ is stale (exit %d): run `make generate`\n%s%s", code, stdout, stderr)
	}
}

// TestTheOverlayBesideTheSpec: the overlay applied by default is the one beside -spec (the repository's, which
// generated/ needs: without it, the Web Chatt channel's webhookChannel is not a value of the events' enum); -overlay
// "" applies none, and an -overlay that cannot be read is refused.
func TestTheOverlayBesideTheSpec(t *testing.T) {
	if code, stdout, stderr := runCLI(t, "-check", "-spec", repoSpec); code != exitOK {
		t.Fatalf("with the overlay beside the spec: exit %d\n%s%s", code, stdout, stderr)
	}
	// Without it, the first channel rule (by operationId) whose webhookChannel only the overlay adds is refused: the
	// Web Chatt one in the repository's documents, another in extended ones.
	code, _, stderr := runCLI(t, "-check", "-overlay", "")
	if code != exitBadInput || !regexp.MustCompile(`/x-chatt2me-channels/\w+/webhookChannel: "\w+" is not a channel of the Message events`).MatchString(stderr) {
		t.Errorf("without the overlay: exit %d, stderr %q", code, stderr)
	}
	missing := filepath.Join(t.TempDir(), "missing.overlay.yaml")
	code, _, stderr = runCLI(t, "-check", "-overlay", missing)
	if code != exitBadInput || stderr != "chatt2me-gen: "+missing+": cannot read the document: no such file or directory\n" {
		t.Errorf("an overlay that cannot be read: exit %d, stderr %q", code, stderr)
	}
}

// TestCheckThenWrite: -check reports a stale file, a missing file and a stale owned file as a unified diff and
// changes nothing; a normal run then repairs all three and leaves hand-written files alone.
func TestCheckThenWrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "generated")
	copyDir(t, repoGenerated, out)
	api := filepath.Join(out, "chatt2me", "api", "api.gen.go")
	original, err := os.ReadFile(api)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(original, []byte("package api"), []byte("package api // edited by hand"), 1)
	mustWrite(t, api, edited)
	mustWrite(t, filepath.Join(out, "chatt2me", "gone", "gone.gen.go"), []byte("// "+plan.Mark+" v0.1.0. DO NOT EDIT.\n\npackage gone\n"))
	mustWrite(t, filepath.Join(out, "chatt2me", "api", "handwritten.go"), []byte("package api\n"))
	if err := os.Remove(filepath.Join(out, "openapi.yaml")); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	code, stdout, stderr := runCLI(t, "-check", "-out", out)
	if code != exitStale {
		t.Fatalf("-check exit %d, want %d; stderr %s", code, exitStale, stderr)
	}
	for _, want := range []string{
		"--- " + filepath.ToSlash(api) + "\n+++ " + filepath.ToSlash(api) + "\n",
		"-package api // edited by hand\n+package api\n",
		"--- /dev/null\n+++ " + filepath.ToSlash(filepath.Join(out, "openapi.yaml")) + "\n",
		"--- " + filepath.ToSlash(filepath.Join(out, "chatt2me", "gone", "gone.gen.go")) + "\n+++ /dev/null\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "out of date") {
		t.Errorf("stderr should say the output is out of date: %q", stderr)
	}
	sameSnapshot(t, before, snapshot(t, out))

	if code, _, stderr := runCLI(t, "-out", out); code != exitOK {
		t.Fatalf("generate exit %d: %s", code, stderr)
	}
	if got, _ := os.ReadFile(api); !bytes.Equal(got, original) {
		t.Error("api.gen.go was not restored")
	}
	if _, err := os.Stat(filepath.Join(out, "chatt2me", "gone")); !os.IsNotExist(err) {
		t.Error("the stale generated package was not removed")
	}
	if got, err := os.ReadFile(filepath.Join(out, "chatt2me", "api", "handwritten.go")); err != nil || string(got) != "package api\n" {
		t.Error("a hand-written file was touched")
	}
	if code, stdout, _ := runCLI(t, "-check", "-out", out); code != exitOK {
		t.Errorf("after generating, -check still differs:\n%s", stdout)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".chatt2me-gen-") {
			t.Errorf("staging directory %s left behind", e.Name())
		}
	}
}

// TestDeterministic generates in separate processes, from another working directory and with GOMAXPROCS=1, and
// expects the same bytes as the committed SDK.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator three times")
	}
	self := testBinary(t)
	wd, _ := os.Getwd()
	root := filepath.Join(wd, "..", "..")
	want := snapshotRel(t, filepath.Join(root, "generated"))
	for _, tc := range []struct {
		name, dir string
		env       []string
	}{
		{"from the repository root", root, nil},
		{"from a subdirectory", filepath.Join(root, "generator", "spec"), nil},
		{"with GOMAXPROCS=1", filepath.Join(root, "openapi"), []string{"GOMAXPROCS=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "generated")
			copyDir(t, filepath.Join(root, "generated"), out)
			for _, f := range []string{"openapi.yaml", "chatt2me/api/api.gen.go"} {
				if err := os.Remove(filepath.Join(out, f)); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(self, "-out", out)
			cmd.Dir = tc.dir
			cmd.Env = append(append(os.Environ(), "CHATT2ME_GEN_MAIN=1"), tc.env...)
			if output, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, output)
			}
			got := snapshotRel(t, out)
			for p, v := range want {
				if got[p] != v {
					t.Errorf("%s differs from the committed file", p)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d files, want %d", len(got), len(want))
			}
		})
	}
}

func snapshotRel(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for p, v := range snapshot(t, dir) {
		rel, _ := filepath.Rel(dir, p)
		out[rel] = v
	}
	return out
}

func mustWrite(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// killedUpdateSpecIsRolledBackByDrift kills an update-spec during its commit in the scratch repository: the
// next run, here a drift report, rolls generated/ back.
func killedUpdateSpecIsRolledBackByDrift(t *testing.T, repo, newSpec string) {
	t.Helper()
	self := testBinary(t)
	generated := snapshot(t, filepath.Join(repo, "generated"))
	killedAt(t, repo, "move-in openapi.yaml", "update-spec", newSpec)
	drift := exec.Command(self, "drift", "-base", "HEAD")
	drift.Dir = repo
	drift.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1")
	var stderr strings.Builder
	drift.Stderr = &stderr
	_ = drift.Run() // exit status 1: the spec the killed run put in place removes an enum value
	want := "chatt2me-gen: generated: a previous run was interrupted while replacing files; rolled it back"
	if drift.ProcessState.ExitCode() != exitStale || !strings.HasPrefix(stderr.String(), want) {
		t.Fatalf("drift after a killed update-spec: exit %d\n%s", drift.ProcessState.ExitCode(), stderr.String())
	}
	sameSnapshot(t, generated, snapshot(t, filepath.Join(repo, "generated")))
}

// An operation the facade cannot type (here, a request body that is an inline object) is left to the low-level
// client, and the run says so on standard error, naming the low-level method and why; the generated facade says so
// too. The run still succeeds.
func TestSkippedOperationsAreNoted(t *testing.T) {
	fragment := strings.Replace(string(mustRead(t, "../../openapi/webchatt.yaml")), "\npaths:\n", `
paths:
  /v1/webhooks/{id}/test:
    post:
      tags:
        - Webhooks
      operationId: testWebhook
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                note:
                  type: string
      responses:
        '204':
          description: Tested.
`, 1)
	path := filepath.Join(t.TempDir(), "webchatt.yaml")
	mustWrite(t, path, []byte(fragment))
	out := t.TempDir()
	code, _, stderr := runCLI(t, "-fragment", path, "-out", out)
	want := "chatt2me-gen: note: testWebhook is left to the low-level client (c.API.TestWebhookWithResponse): " +
		"its request body is not a component object schema\n"
	if code != exitOK || !strings.HasPrefix(stderr, want) {
		t.Fatalf("exit %d, stderr %q, want it to start with %q", code, stderr, want)
	}
	ops := string(mustRead(t, filepath.Join(out, "chatt2me", "operations.gen.go")))
	if !strings.Contains(ops, "// Left to the low-level client (Client.API.TestWebhookWithResponse): testWebhook (POST /v1/webhooks/{id}/test)") {
		t.Errorf("operations.gen.go does not say testWebhook is left to the low-level client")
	}
}

// Generating into a service's tree leaves the service's own generated files alone, even with -out at its root:
// only files whose first line is chatt2me-gen's header are the generator's.
func TestTheServicesOwnGeneratedFilesSurvive(t *testing.T) {
	out := t.TempDir()
	own := map[string]string{
		"internal/db/models.gen.go": "// Code generated by sqlc. DO NOT EDIT.\npackage db\n",
		"api/server.gen.go":         "package api\n",
	}
	for rel, content := range own {
		mustWrite(t, filepath.Join(out, filepath.FromSlash(rel)), []byte(content))
	}
	for _, args := range [][]string{{"-out", out}, {"-out", out}, {"-check", "-out", out}} {
		if code, _, stderr := runCLI(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	for rel, content := range own {
		if got := string(mustRead(t, filepath.Join(out, filepath.FromSlash(rel)))); got != content {
			t.Errorf("%s: %q, want it untouched", rel, got)
		}
	}
}

// A service whose module has an openapi/chatt2me.yaml of its own is not this repository: run there, the generator
// uses the documents it embeds, not the service's file.
func TestAServicesOwnOpenAPIFileIsNotTheRepositorys(t *testing.T) {
	service := t.TempDir()
	mustWrite(t, filepath.Join(service, "go.mod"), []byte("module example.com/shop\n\ngo 1.24.0\n"))
	mustWrite(t, filepath.Join(service, "openapi", "chatt2me.yaml"), []byte("openapi: 3.0.3\ninfo: {title: shop, version: '1'}\npaths: {}\n"))
	t.Chdir(service)
	code, _, stderr := runCLI(t, "-out", "internal/chatt2me", "-check")
	if code != exitStale || !strings.Contains(stderr, "internal/chatt2me is out of date with the spec; run the same command without -check (or `go generate` in internal/chatt2me) and commit the result") {
		t.Fatalf("exit %d, stderr %q: want the embedded documents' SDK, which is not written yet", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-out", "internal/chatt2me"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	bundle, _, _ := generator.Embedded()
	if got := string(mustRead(t, filepath.Join("internal", "chatt2me", "openapi.yaml"))); !strings.Contains(got, "Hub Chatt2.me") ||
		len(got) < len(bundle.Data)/2 {
		t.Errorf("openapi.yaml is not the embedded documents' (%d bytes)", len(got))
	}
}

// The import path derived from a service's go.mod goes into the go:generate line double-quoted; a directory whose
// import path Go refuses (a space in its name) is refused, naming the go.mod's module line, and nothing is written.
func TestImportPathFromTheServicesGoMod(t *testing.T) {
	service := t.TempDir()
	mustWrite(t, filepath.Join(service, "go.mod"), []byte("// The shop.\nmodule example.com/shop\n\ngo 1.24.0\n"))
	t.Chdir(service)
	code, _, stderr := runCLI(t, "-out", "internal/my sdk")
	want := "chatt2me-gen: " + filepath.Join(service, "go.mod") + `:2: the import path of internal/my sdk in this module is not one ` +
		`Go accepts (malformed import path "example.com/shop/internal/my sdk": invalid char ' '): rename the directory, or give -import-path` + "\n"
	if code != exitBadInput || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	if _, err := os.Stat("internal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refused run created internal/ (%v)", err)
	}
	if code, _, stderr := runCLI(t, "-out", "internal/sdk"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	line := "\n//go:generate go run " + plan.Command + "@v" + plan.Version + ` -out . -import-path "example.com/shop/internal/sdk"` + "\n"
	if doc := mustRead(t, filepath.Join("internal", "sdk", "doc.gen.go")); !bytes.Contains(doc, []byte(line)) {
		t.Errorf("doc.gen.go lacks %q", line)
	}
	// With -go-generate tool, the line runs the tool of the service's go.mod; -check tells to run the same command.
	if code, _, stderr := runCLI(t, "-out", "internal/sdk", "-go-generate", "tool"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	line = "\n//go:generate go tool chatt2me-gen -go-generate tool -out . -import-path \"example.com/shop/internal/sdk\"\n"
	if doc := mustRead(t, filepath.Join("internal", "sdk", "doc.gen.go")); !bytes.Contains(doc, []byte(line)) {
		t.Errorf("doc.gen.go lacks %q", line)
	}
	code, _, stderr = runCLI(t, "-out", "internal/sdk", "-check")
	want = "chatt2me-gen: internal/sdk is out of date with the spec; run the same command without -check (or `go generate` in " +
		"internal/sdk) and commit the result\n"
	if code != exitStale || stderr != want {
		t.Errorf("-check of a tree generated with -go-generate tool, without it: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}
