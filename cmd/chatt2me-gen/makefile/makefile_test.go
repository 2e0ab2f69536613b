// Package makefile_test tests the Makefile's targets a pipeline relies on: the exit status of `make check`, `make
// drift` and `make update-spec` (which run chatt2me-gen), and that `make prism-check` picks a free port and ends only
// the Prism it started.
package makefile_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for Prism: `make prism-check PRISM=<test binary>` starts it with
// FAKE_PRISM set, and it serves on the port it is given, after writing its pid to FAKE_PRISM.
func TestMain(m *testing.M) {
	if pidFile := os.Getenv("FAKE_PRISM"); pidFile != "" {
		os.Exit(fakePrism(pidFile, os.Args[1:]))
	}
	if os.Getenv("FAKE_PRISM_DECOY") != "" {
		time.Sleep(time.Minute) // another checkout's Prism, as far as pkill -f can tell
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakePrism serves 404s on 127.0.0.1:<-p> until it is killed.
func fakePrism(pidFile string, args []string) int {
	port := ""
	for i, a := range args {
		if a == "-p" && i+1 < len(args) {
			port = args[i+1]
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake prism:", err)
		return 1
	}
	if err := os.WriteFile(pidFile, []byte(fmt.Sprintf("%d %s", os.Getpid(), port)), 0o644); err != nil {
		return 1
	}
	_ = http.Serve(l, http.NotFoundHandler())
	return 1
}

// repositoryRoot is the root of this checkout, where the Makefile is.
const repositoryRoot = "../../.."

// makeIn runs make in dir and returns its exit status and output.
func makeIn(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("make", args...)
	cmd.Dir = dir
	// Not a sub-make of a make running this test (make test-all): it would print "Entering directory".
	for _, e := range os.Environ() {
		if name, _, _ := strings.Cut(e, "="); name != "MAKEFLAGS" && name != "MAKELEVEL" && name != "MFLAGS" {
			cmd.Env = append(cmd.Env, e)
		}
	}
	// Go stamps a binary built in a tagged clone with the version of its tag, and caches what it read of the tags
	// in the module cache: the scratch repositories' v0.2.0 would be there as a version of this module.
	cmd.Env = append(cmd.Env, strings.TrimSpace("GOFLAGS="+os.Getenv("GOFLAGS")+" -buildvcs=false"))
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("make %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// scratchRepository copies the files of this checkout that git knows of (committed or not, ignored ones left
// out) into a new git repository with one commit, so that targets can change it freely.
func scratchRepository(t *testing.T) string {
	t.Helper()
	ls := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	ls.Dir = repositoryRoot
	list, err := ls.Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(repositoryRoot, name))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working copy
		}
		if err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(filepath.Join(repositoryRoot, name))
		target := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-qm", "scratch"}} {
		git(t, dir, args...)
	}
	return dir
}

// git runs git in dir; a failure fails the test.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// edit writes a copy of the file at path with one replacement to a new file and returns its path.
func edit(t *testing.T, path, old, new string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(data, []byte(old)) != 1 {
		t.Fatalf("%q is not in %s exactly once", old, path)
	}
	out := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(out, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGateTargetsExitWithTheCommandsStatus: `make check`, `make drift` and `make update-spec` exit 0, 1 or 2 as the
// command does (make would say 2 for any failure), and print nothing of their own on standard output.
func TestGateTargetsExitWithTheCommandsStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds chatt2me-gen and generates several SDKs")
	}
	repo := scratchRepository(t)
	spec := filepath.Join(repo, "openapi", "chatt2me.yaml")
	logStatus := "        - Success\n        - Failed\n"
	// The base has one more log status than the working copy: the drift to the working copy removes it.
	moreStatuses := edit(t, spec, logStatus, logStatus+"        - Pending\n")
	fewerStatuses := edit(t, spec, logStatus, "        - Failed\n") // Failed stays: the retry-failed rule names it
	morePixKeys := edit(t, spec, "            - PHONE\n            - EVP\n", "            - PHONE\n            - EVP\n            - RANDOM\n")
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(broken, []byte("openapi: 3.0.3\ninfo: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		prepare func(t *testing.T)
		exit    int
		stdout  string // the start of standard output ("" for none)
		stderr  string
	}{
		{"check, up to date", []string{"check"}, nil, 0, "", ""},
		{"check, stale", []string{"check"}, func(t *testing.T) {
			api := filepath.Join(repo, "generated", "chatt2me", "api", "api.gen.go")
			restore(t, api)
			appendTo(t, api, "// edited\n")
		}, 1, "--- ", "is out of date with the spec"},
		{"check, broken spec", []string{"check"}, func(t *testing.T) {
			restore(t, spec)
			appendTo(t, spec, "paths: [\n")
		}, 2, "", "chatt2me-gen: "},
		{"check, staging directory committed", []string{"check"}, func(t *testing.T) {
			staged := filepath.Join(repo, "generated", ".chatt2me-gen-trash", "new", "go.mod")
			if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(staged, []byte("module example.com/planted\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			git(t, repo, "add", "-f", staged)
			t.Cleanup(func() {
				git(t, repo, "rm", "-rq", "--cached", filepath.Dir(filepath.Dir(staged)))
				_ = os.RemoveAll(filepath.Dir(filepath.Dir(staged)))
			})
		}, 2, "", "generated/.chatt2me-gen is committed: it is chatt2me-gen's staging directory, never part of the SDK"},
		{"drift, nothing changed", []string{"drift", "BASE=HEAD"}, nil, 0, "## API drift: `HEAD` → working copy\n", ""},
		{"drift, breaking", []string{"drift", "BASE=" + moreStatuses}, nil, 1, "## API drift: ", ""},
		{"drift, unknown revision", []string{"drift", "BASE=no-such-revision"}, nil, 2, "", "neither a file nor a git revision"},
		{"drift, no BASE", []string{"drift"}, nil, 2, "", "usage: make drift BASE="},
		{"update-spec, no SPEC", []string{"update-spec"}, nil, 2, "", "usage: make update-spec SPEC="},
		{"update-spec, broken spec", []string{"update-spec", "SPEC=" + broken}, nil, 2, "", "nothing was changed"},
		// Last: these two replace the spec and regenerate (the drift is against HEAD, whatever the working copy holds).
		{"update-spec, not breaking", []string{"update-spec", "SPEC=" + morePixKeys}, nil, 0,
			"## API drift: `HEAD` → working copy\n", "openapi/chatt2me.yaml replaced"},
		{"update-spec, breaking", []string{"update-spec", "SPEC=" + fewerStatuses}, nil, 1,
			"## API drift: `HEAD` → working copy\n", "openapi/chatt2me.yaml replaced"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.prepare != nil {
				tc.prepare(t)
			}
			code, stdout, stderr := makeIn(t, repo, nil, tc.args...)
			if code != tc.exit {
				t.Errorf("make %v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.exit, stdout, stderr)
			}
			if tc.stdout == "" && stdout != "" || !strings.HasPrefix(stdout, tc.stdout) {
				t.Errorf("make %v: standard output does not start with %q:\n%s", tc.args, tc.stdout, stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("make %v: standard error lacks %q:\n%s", tc.args, tc.stderr, stderr)
			}
		})
	}
}

// restore puts the committed file at path back when the test ends.
func restore(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Error(err)
		}
	})
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// alive reports whether the process is running (a zombie is not).
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z")
}

// TestPrismCheckEndsOnlyItsOwnPrism runs `make prism-check` with this test binary as Prism and no examples, beside
// a process whose command line looks like another checkout's Prism: the target says which free port it chose, its
// own Prism is gone afterwards, and the other process is still running.
func TestPrismCheckEndsOnlyItsOwnPrism(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	decoy := exec.Command(self, "mock", "generated/openapi.yaml", "-h", "127.0.0.1", "-p", "4010")
	decoy.Args[0] = filepath.Join(tmp, "node_modules", ".bin", "prism") // so its command line reads ".../bin/prism mock generated/openapi.yaml"
	decoy.Env = append(os.Environ(), "FAKE_PRISM_DECOY=1")
	if err := decoy.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = decoy.Process.Kill(); _ = decoy.Wait() })

	pidFile := filepath.Join(tmp, "prism.pid")
	code, stdout, stderr := makeIn(t, repositoryRoot, []string{"FAKE_PRISM=" + pidFile}, "prism-check", "PRISM="+self, "PRISM_EXAMPLES=")
	if code != 0 {
		t.Fatalf("make prism-check: exit %d\n%s%s", code, stdout, stderr)
	}
	if !alive(decoy.Process.Pid) {
		t.Error("make prism-check ended a Prism it did not start")
	}
	m := regexp.MustCompile(`Prism mock of generated/openapi.yaml on 127\.0\.0\.1:(\d+)`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("the output does not say which port Prism listens on:\n%s", stdout)
	}
	started, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the fake Prism did not start: %v\n%s%s", err, stdout, stderr)
	}
	pidText, port, _ := strings.Cut(string(started), " ")
	if port != m[1] {
		t.Errorf("Prism listened on %s, the output says %s", port, m[1])
	}
	pid, _ := strconv.Atoi(pidText)
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(pid) {
		t.Errorf("the Prism the target started (pid %d) is still running", pid)
	}

	// A port that is taken: Prism cannot listen, and the target says so.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	code, _, stderr = makeIn(t, repositoryRoot, []string{"FAKE_PRISM=" + pidFile}, "prism-check", "PRISM="+self, "PRISM_EXAMPLES=", "PRISM_PORT="+busy)
	if code == 0 || !strings.Contains(stderr, "Prism did not listen on port "+busy) {
		t.Errorf("a taken port: exit %d, stderr:\n%s", code, stderr)
	}
}

// gitOutput runs git in dir and returns its standard output, trimmed; a failure fails the test.
func gitOutput(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

// TestReleaseInAScratchClone runs `make release` in a scratch repository (no remote: nothing can be pushed): the
// first release, refusals that change nothing (no version, a malformed one, one not above the last, a tag that
// exists, a working copy with changes, a version the breaking drift since the last tag does not allow), and a
// release after a breaking change, which sets the version everywhere the generator writes it, writes the drift into
// CHANGELOG.md, commits and tags both modules.
func TestReleaseInAScratchClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds chatt2me-gen, regenerates and reports the drift several times")
	}
	repo := scratchRepository(t)
	env := []string{"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com"}
	release := func(t *testing.T, version string, exit int, stderr string) string {
		t.Helper()
		head := gitOutput(t, repo, "rev-parse", "HEAD")
		code, stdout, errOut := makeIn(t, repo, env, "release", "VERSION="+version)
		if code != exit || !strings.Contains(errOut, stderr) {
			t.Fatalf("make release VERSION=%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s\nwant it to say %q", version, code, exit, stdout, errOut, stderr)
		}
		if exit != 0 {
			if got := gitOutput(t, repo, "rev-parse", "HEAD"); got != head {
				t.Errorf("a refused release moved HEAD")
			}
			if status := gitOutput(t, repo, "status", "--porcelain"); status != "" && !strings.Contains(stderr, "has changes") {
				t.Errorf("a refused release left changes:\n%s", status)
			}
		}
		return stdout
	}
	release(t, "", 2, "usage: make release VERSION=vX.Y.Z")
	release(t, "0.3.0", 2, `"0.3.0" is not a semantic version vMAJOR.MINOR.PATCH (such as v0.3.0)`)
	out := release(t, "v0.2.0", 0, "")
	if !strings.Contains(out, "v0.2.0 committed and tagged v0.2.0 and generated/v0.2.0; nothing was pushed") {
		t.Errorf("stdout:\n%s", out)
	}
	for _, tag := range []string{"v0.2.0", "generated/v0.2.0"} {
		if got := gitOutput(t, repo, "rev-parse", tag+"^{commit}"); got != gitOutput(t, repo, "rev-parse", "HEAD") {
			t.Errorf("%s is not HEAD", tag)
		}
	}
	release(t, "v0.2.0", 2, "the tag v0.2.0 exists already")
	release(t, "v0.1.9", 2, "v0.1.9 is not above the last release, v0.2.0")

	// A breaking change: one log status fewer.
	spec := filepath.Join(repo, "openapi", "chatt2me.yaml")
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, bytes.Replace(data, []byte("        - Success\n        - Failed\n"), []byte("        - Failed\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	release(t, "v0.2.1", 2, "the working copy has changes; commit or stash them first")
	if code, stdout, stderr := makeIn(t, repo, nil, "generate"); code != 0 {
		t.Fatalf("make generate: exit %d\n%s%s", code, stdout, stderr)
	}
	git(t, repo, "commit", "-qam", "one log status fewer")
	out = release(t, "v0.2.1", 2, "v0.2.1 is too small: the drift since v0.2.0 is breaking (the report is on standard output), which needs v0.3.0 or above")
	if !strings.Contains(out, "**Breaking**") {
		t.Errorf("the refusal does not show the report:\n%s", out)
	}

	release(t, "v0.3.0", 0, "")
	head := gitOutput(t, repo, "rev-parse", "HEAD")
	for _, tag := range []string{"v0.3.0", "generated/v0.3.0"} {
		if got := gitOutput(t, repo, "rev-parse", tag+"^{commit}"); got != head {
			t.Errorf("%s is not HEAD", tag)
		}
	}
	for file, want := range map[string]string{
		"generator/plan/version.go":            `const Version = "0.3.0"`,
		"generated/chatt2me/chatt2me.gen.go":   "// Code generated by chatt2me-gen v0.3.0. DO NOT EDIT.",
		"generator/testdata/plan.txt":          "Version 0.3.0",
		"generator/testdata/golden/doc.gen.go": "chatt2me-gen v0.3.0 generated",
	} {
		if got := gitOutput(t, repo, "show", "HEAD:"+file); !strings.Contains(got, want) {
			t.Errorf("%s at the release lacks %q", file, want)
		}
	}
	changelog := gitOutput(t, repo, "show", "HEAD:CHANGELOG.md")
	if !regexp.MustCompile("(?s)^# Changelog\n.*\n## v0\\.3\\.0 \\(\\d{4}-\\d{2}-\\d{2}\\)\n\n### API drift: `v0\\.2\\.0` → `v0\\.3\\.0`\n.*\\*\\*Breaking\\*\\*.*\n## v0\\.2\\.0 \\(\\d{4}-\\d{2}-\\d{2}\\)\n\nThe first release\\.$").MatchString(changelog) {
		t.Errorf("CHANGELOG.md:\n%s", changelog)
	}
	if status := gitOutput(t, repo, "status", "--porcelain"); status != "" {
		t.Errorf("the release left changes:\n%s", status)
	}
	if code, stdout, stderr := makeIn(t, repo, nil, "check"); code != 0 {
		t.Errorf("make check at the release: exit %d\n%s%s", code, stdout, stderr)
	}
}
