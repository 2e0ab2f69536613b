package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/fileset"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// pauseHook, in the child processes of these tests (CHATT2ME_GEN_PAUSE_AT set), stops the commit at the named
// step and says so on standard error, so that the test can kill the process there.
func pauseHook() {
	at := os.Getenv("CHATT2ME_GEN_PAUSE_AT")
	if at == "" {
		return
	}
	fileset.BeforeStep = func(step string) error {
		if step == at {
			os.Stderr.WriteString("paused at " + step + "\n")
			select {}
		}
		return nil
	}
}

// killedAt runs the command in dir as a child process, and kills it (SIGKILL on Unix) once its commit has
// reached step.
func killedAt(t *testing.T, dir, step string, args ...string) {
	t.Helper()
	self := testBinary(t)
	cmd := exec.Command(self, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1", "CHATT2ME_GEN_PAUSE_AT="+step)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	var seen []string
	for lines.Scan() && lines.Text() != "paused at "+step {
		seen = append(seen, lines.Text())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if lines.Text() != "paused at "+step {
		t.Fatalf("the child never reached %q:\n%s", step, strings.Join(seen, "\n"))
	}
}

// changes counts the files a generation would write into dir (new or different) and remove (owned, not produced).
func changes(t *testing.T, dir string, files fileset.Files) (write, remove int) {
	t.Helper()
	for rel, data := range files {
		if old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel))); err != nil || !bytes.Equal(old, data) {
			write++
		}
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		if err == nil && !d.IsDir() && fileset.Owned(filepath.ToSlash(rel)) && files[filepath.ToSlash(rel)] == nil {
			remove++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return write, remove
}

// withoutSMS writes into dir a copy of the repository's documents with the SMS channel removed, the overlay beside
// the bundle.
func withoutSMS(t *testing.T, dir string) (bundle, fragment string) {
	t.Helper()
	bundle, fragment = filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml")
	mustWrite(t, bundle, cutBlock(t, mustRead(t, repoSpec), "  /v1/communication/sms/message:\n"))
	mustWrite(t, fragment, cutBlock(t, mustRead(t, "../../openapi/webchatt.yaml"), "  sendSMSMessage:\n"))
	mustWrite(t, overlayBeside(bundle), mustRead(t, overlayBeside(repoSpec)))
	return bundle, fragment
}

// cutBlock removes from data the line start and the lines indented deeper than it that follow.
func cutBlock(t *testing.T, data []byte, start string) []byte {
	t.Helper()
	text := string(data)
	from := strings.Index(text, "\n"+start)
	if from < 0 {
		t.Fatalf("no line %q", start)
	}
	indent := len(start) - len(strings.TrimLeft(start, " "))
	to := from + 1 + len(start)
	for to < len(text) {
		end := strings.IndexByte(text[to:], '\n')
		line := text[to : to+end]
		if strings.TrimSpace(line) != "" && len(line)-len(strings.TrimLeft(line, " ")) <= indent {
			break
		}
		to += end + 1
	}
	return []byte(text[:from+1] + text[to:])
}

// A generator killed in the middle of its commit leaves generated/ with files missing. -check then changes
// nothing: it says a commit was interrupted and how to recover it, exit status 2. The next run that writes rolls
// the commit back and says so, and the directory is then exactly as it was.
func TestKilledRunIsRolledBackByTheNextRun(t *testing.T) {
	if testing.Short() {
		t.Skip("kills runs of the generator at each step of a commit (make test-all runs it)")
	}
	bundle, fragment := withoutSMS(t, t.TempDir())
	res, err := generator.Generate(bundle, fragment, generator.DefaultImportPath, overlayBeside(bundle))
	if err != nil {
		t.Fatal(err)
	}
	write, remove := changes(t, repoGenerated, res.Files)
	repo, err := generator.Generate(repoSpec, "../../openapi/webchatt.yaml", generator.DefaultImportPath, overlayBeside(repoSpec))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "generated")
	copyDir(t, repoGenerated, out)
	before := snapshot(t, out)
	wd, _ := os.Getwd()
	killedAt(t, wd, "move-in openapi.yaml", "-spec", bundle, "-fragment", fragment, "-out", out)
	if _, err := os.Stat(filepath.Join(out, "openapi.yaml")); err == nil {
		t.Fatal("the kill left openapi.yaml in place: the test kills too late")
	}

	killed := snapshot(t, out)
	code, stdout, stderr := runCLI(t, "-check", "-out", out, "-lock-wait", "0")
	want := fmt.Sprintf("chatt2me-gen: %s: a previous run was interrupted while replacing files (%d to write, %d to remove); its "+
		"staging directory .chatt2me-gen is there, and a read-only run does not repair it; run `make generate` (or `go generate "+
		"./generated`) to recover it, then check again\n", out, write, remove)
	if code != exitBadInput || stderr != want || stdout != "" {
		t.Errorf("-check: exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", code, stdout, stderr, want)
	}
	sameSnapshot(t, killed, snapshot(t, out))

	code, stdout, stderr = runCLI(t, "-out", out, "-lock-wait", "0")
	want = "chatt2me-gen: " + out + ": a previous run was interrupted while replacing files; rolled it back, " +
		fmt.Sprintf("so the files are as they were before that run (%d to write, %d to remove)\n", write, remove)
	if code != exitOK || !strings.HasPrefix(stderr, want) {
		t.Fatalf("exit %d\nstderr:\n%s\nwant it to start with:\n%s", code, stderr, want)
	}
	if stdout != fmt.Sprintf("chatt2me-gen: %d channels, %d files in %s\n", len(repo.Model.Channels), len(repo.Files), out) {
		t.Errorf("stdout %q", stdout)
	}
	sameSnapshot(t, before, snapshot(t, out))
}

// The generator never writes through a symbolic link: a linked output directory, or a linked directory inside
// it, is refused with exit status 2, naming the link, and nothing is written.
func TestSymbolicLinksInTheOutputAreRefused(t *testing.T) {
	base := t.TempDir()
	elsewhere := filepath.Join(base, "elsewhere")
	mustWrite(t, filepath.Join(elsewhere, "keep.txt"), []byte("untouched"))
	out := filepath.Join(base, "generated")
	copyDir(t, repoGenerated, out)
	link := filepath.Join(base, "link")
	if err := os.Symlink(out, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	pkg := filepath.Join(out, "chatt2me", "whatsapp")
	if err := os.RemoveAll(pkg); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, pkg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, base)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-out", link}, link + ": the output directory is a symbolic link (to " + out + "); the generator does not write through links: give the directory itself"},
		{[]string{"-out", link, "-check"}, link + ": the output directory is a symbolic link (to " + out + "); the generator does not write through links: give the directory itself"},
		{[]string{"-out", link + "/"}, link + ": the output directory is a symbolic link (to " + out + "); the generator does not write through links: give the directory itself"},
		{[]string{"-out", link + "/.", "-check"}, link + ": the output directory is a symbolic link (to " + out + "); the generator does not write through links: give the directory itself"},
		{[]string{"-out", elsewhere + "/../link/"}, link + ": the output directory is a symbolic link (to " + out + "); the generator does not write through links: give the directory itself"},
		{[]string{"-out", out}, pkg + ": is a symbolic link; the generator does not write through links: make it a directory"},
		{[]string{"-out", out, "-check"}, pkg + ": is a symbolic link; the generator does not write through links: make it a directory"},
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		if code != exitBadInput || stderr != "chatt2me-gen: "+tc.want+"\n" || stdout != "" {
			t.Errorf("%v: exit %d\nstderr %q\nwant   %q", tc.args, code, stderr, "chatt2me-gen: "+tc.want+"\n")
		}
	}
	sameSnapshot(t, before, snapshot(t, base))
}

// go generate runs the generator from generated/, so that the output directory is ".": after a channel is
// removed from the documents, the regeneration must remove the channel's package directory, and succeed quietly.
func TestGoGenerateAfterRemovingAChannel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator in a scratch module")
	}
	repo := scratchRepository(t)
	withoutSMS(t, filepath.Join(repo, "openapi"))
	cmd := exec.Command("go", "generate")
	cmd.Dir = filepath.Join(repo, "generated")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.String() != "" {
		t.Fatalf("go generate: %v\nstderr:\n%s", err, stderr.String())
	}
	res, err := generator.Generate(filepath.Join(repo, "openapi", "chatt2me.yaml"), filepath.Join(repo, "openapi", "webchatt.yaml"),
		generator.DefaultImportPath, filepath.Join(repo, "openapi", "chatt2me.overlay.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("chatt2me-gen: %d channels, %d files in .\n", len(res.Model.Channels), len(res.Files)); stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
	if _, err := os.Stat(filepath.Join(repo, "generated", "chatt2me", "sms")); !os.IsNotExist(err) {
		t.Errorf("the removed channel's directory is still there (%v)", err)
	}
	code, diff, _ := runCLI(t, "-check", "-out", filepath.Join(repo, "generated"),
		"-spec", filepath.Join(repo, "openapi", "chatt2me.yaml"), "-fragment", filepath.Join(repo, "openapi", "webchatt.yaml"))
	if code != exitOK {
		t.Errorf("after go generate, -check differs:\n%s", diff)
	}
}

// scratchRepository copies the generator's module (what building and running it needs) and generated/, with the
// workspace, into a temporary directory.
func scratchRepository(t *testing.T) string {
	t.Helper()
	repo := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum", "go.work", "go.work.sum"} {
		mustWrite(t, filepath.Join(repo, f), mustRead(t, filepath.Join("../..", f)))
	}
	for _, dir := range []string{"openapi", "generated", "generator", "templates", "cmd/chatt2me-gen"} {
		copyDir(t, filepath.Join("../..", dir), filepath.Join(repo, dir))
	}
	return repo
}

// go generate ./... at the root of the repository, a Go user's first reflex, regenerates generated/ (a module of its
// own, which ./... leaves out): a spec that does not load fails it with the generator's located message, and a
// changed one changes generated/.
func TestGoGenerateAtTheRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator in a scratch module")
	}
	repo := scratchRepository(t)
	bundle := filepath.Join(repo, "openapi", "chatt2me.yaml")
	good := mustRead(t, bundle)
	mustWrite(t, bundle, append(append([]byte{}, good...), "paths: [\n"...))
	before := snapshot(t, filepath.Join(repo, "generated"))
	cmd := exec.Command("go", "generate", "./...")
	cmd.Dir = repo
	output, err := cmd.CombinedOutput()
	want := fmt.Sprintf("chatt2me-gen: ../openapi/chatt2me.yaml:%d:", bytes.Count(good, []byte("\n"))+1)
	if err == nil || !strings.Contains(string(output), want) {
		t.Errorf("go generate ./... with a broken spec: %v, output:\n%s\nwant it to say %q", err, output, want)
	}
	sameSnapshot(t, before, snapshot(t, filepath.Join(repo, "generated")))

	mustWrite(t, bundle, good)
	withoutSMS(t, filepath.Join(repo, "openapi"))
	cmd = exec.Command("go", "generate", "./...")
	cmd.Dir = repo
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go generate ./...: %v\n%s", err, output)
	}
	if _, err := os.Stat(filepath.Join(repo, "generated", "chatt2me", "sms")); !os.IsNotExist(err) {
		t.Errorf("go generate ./... did not regenerate generated/: the removed channel is still there (%v)", err)
	}
}

// A run sets its own garbage collection (gcPercent, gcMemoryLimit: see main), so a document just under the input
// limit must still make it collect once its heap is large (the runtime's gctrace says so). A loaded machine starves
// the collector and lets the heap overshoot the soft limit (386 and 649 MiB were seen under CI's load), so the peak
// is only bounded against a blow-up, and the collection is what shows the settings at work.
func TestALargeDocumentStaysNearTheMemoryLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator and runs it on a 16 MiB document")
	}
	bin := buildGenerator(t)
	bundle := mustRead(t, "../../openapi/chatt2me.yaml")
	large := filepath.Join(t.TempDir(), "chatt2me.yaml")
	padding := spec.MaxDocumentSize - len(bundle) - 64
	mustWrite(t, large, append(bundle, "x-description: "+strings.Repeat("a", padding)+"\n"...))
	cmd := exec.Command(bin, "-spec", large, "-overlay", overlayBeside(repoSpec), "-fragment", "../../openapi/webchatt.yaml", "-out", t.TempDir())
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(v string) bool {
		return strings.HasPrefix(v, "GOGC=") || strings.HasPrefix(v, "GOMEMLIMIT=") || strings.HasPrefix(v, "GODEBUG=")
	}), "GODEBUG=gctrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	collected := false // a collection of a large heap: the one before main's settings does not count
	for _, m := range regexp.MustCompile(`(?m)^gc \d+ @.* (\d+)->\d+->\d+ MB`).FindAllStringSubmatch(stderr.String(), -1) {
		if mb, _ := strconv.Atoi(m[1]); mb >= gcMemoryLimit>>21 {
			collected = true
		}
	}
	if !collected {
		t.Errorf("the run collected no garbage once its heap was large:\n%s", stderr.String())
	}
	usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no resource usage on this system")
	}
	if peak, limit := usage.Maxrss*1024, int64(gcMemoryLimit)*4; peak > limit { // Linux reports kilobytes
		t.Errorf("peak memory %d MiB, want at most %d MiB", peak>>20, limit>>20)
	}
}

// An input document over 16 MiB is refused before it is parsed: the bundle, the fragment, and drift's base,
// whether a file or a git revision.
func TestOversizedInputsAreRefused(t *testing.T) {
	repo := t.TempDir()
	huge := filepath.Join(repo, "openapi", "chatt2me.yaml")
	mustWrite(t, huge, append(mustRead(t, "../../openapi/chatt2me.yaml"), "x-description: "+strings.Repeat("a", spec.MaxDocumentSize)+"\n"...))
	mustWrite(t, filepath.Join(repo, "openapi", "webchatt.yaml"), mustRead(t, "../../openapi/webchatt.yaml"))
	tooBig := ": the document is over 16 MiB, the limit for an input document\n"
	for _, args := range [][]string{{"-spec", huge}, {"-fragment", huge}, {"-check", "-spec", huge}} {
		out := t.TempDir()
		code, stdout, stderr := runCLI(t, append(args, "-out", out)...)
		if code != exitBadInput || stderr != "chatt2me-gen: "+huge+tooBig || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "drift", "-base", huge); code != exitBadInput || stderr != "chatt2me-gen drift: "+huge+tooBig {
		t.Errorf("drift -base FILE: exit %d, stderr %q", code, stderr)
	}

	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-qm", "huge"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = repo
		if output, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, output)
		}
	}
	rev, err := gitRevision(repo, "HEAD", huge, filepath.Join(repo, "openapi", "webchatt.yaml"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rev.Bundle.Data) != spec.MaxDocumentSize+1 {
		t.Errorf("read %d bytes of the revision's bundle, want the limit plus one", len(rev.Bundle.Data))
	}
	if _, err := spec.Combine(rev.Bundle, rev.Fragment); err == nil || err.Error()+"\n" != "HEAD:openapi/chatt2me.yaml"+tooBig {
		t.Errorf("the revision's bundle: %v", err)
	}
}

// An input document dense with YAML nodes, within the 16 MiB limit, is refused before it is parsed, located at the
// line where the bound on its nodes passes spec.MaxDocumentNodes: the bundle, the fragment, and drift's base.
func TestDenseInputsAreRefused(t *testing.T) {
	bundle := mustRead(t, "../../openapi/chatt2me.yaml")
	dense := filepath.Join(t.TempDir(), "chatt2me.yaml")
	pad := "x-pad: [1" + strings.Repeat(",1", (spec.MaxDocumentSize-len(bundle)-12)/2) + "]\n"
	mustWrite(t, dense, append(bundle, pad...))
	tooDense := fmt.Sprintf(":%d: the document may hold more than %d YAML nodes, the limit for an input document (an upper bound "+
		"counted before parsing, from the YAML indicators : ? { , - [ up to this line)\n", bytes.Count(bundle, []byte("\n"))+1, spec.MaxDocumentNodes)
	for _, args := range [][]string{{"-spec", dense}, {"-fragment", dense}, {"-check", "-spec", dense}} {
		code, stdout, stderr := runCLI(t, append(args, "-out", t.TempDir())...)
		if code != exitBadInput || stderr != "chatt2me-gen: "+dense+tooDense || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "drift", "-base", dense); code != exitBadInput || stderr != "chatt2me-gen drift: base "+dense+": "+dense+tooDense {
		t.Errorf("drift -base FILE: exit %d, stderr %q", code, stderr)
	}
}

// TestAcceptedInputsCompile generates the SDK of every accepted input of the test corpus (the cases of
// testdata/broken whose want.txt is empty, generator/testdata/mini and the older revision in openapi/testdata)
// into one scratch module, and builds and vets it all, tests included.
func TestAcceptedInputsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several generated SDKs")
	}
	inputs := map[string][2]string{
		"mini":     {"../../generator/testdata/mini/chatt2me.yaml", "../../generator/testdata/mini/webchatt.yaml"},
		"previous": {"../../openapi/testdata/chatt2me-2025-12-18.yaml", "../../openapi/testdata/webchatt-2025-12-18.yaml"},
	}
	cases, err := os.ReadDir("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		dir := filepath.Join("testdata", "broken", c.Name())
		if len(mustRead(t, filepath.Join(dir, "want.txt"))) == 0 {
			inputs[c.Name()] = [2]string{filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml")}
		}
	}
	if len(inputs) < 8 {
		t.Fatalf("only %d accepted inputs", len(inputs))
	}
	module := t.TempDir()
	goMod := strings.Replace(string(mustRead(t, "../../go.mod")), "module github.com/chatt2me/chatt2me-go", "module corpus", 1)
	mustWrite(t, filepath.Join(module, "go.mod"), []byte(goMod))
	mustWrite(t, filepath.Join(module, "go.sum"), mustRead(t, "../../go.sum"))
	for name, docs := range inputs {
		code, _, stderr := runCLI(t, "-spec", docs[0], "-fragment", docs[1], "-out", filepath.Join(module, name), "-import-path", "corpus/"+name)
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr)
		}
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = module
		if output, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, output)
		}
	}
}

// The generator's tree stops where the go command's does: at a directory holding a go.mod of its own (another
// module), and at vendor/, testdata/ and directories starting with "_". With -out at a parent directory, the files
// the generator wrote in a module beneath it, or that a vendored or test copy holds, are neither removed nor
// reported stale.
func TestTheTreeStopsAtOtherModules(t *testing.T) {
	parent := t.TempDir()
	billing := filepath.Join(parent, "services", "billing", "sdk")
	mustWrite(t, filepath.Join(billing, "go.mod"), []byte("module example.com/billing/sdk\n\ngo 1.24.0\n"))
	if code, _, stderr := runCLI(t, "-out", billing); code != exitOK {
		t.Fatalf("generating the other module: exit %d\n%s", code, stderr)
	}
	marked := []byte("// " + plan.Header + "\n\npackage x\n")
	for _, rel := range []string{"vendor/example.com/x/x.gen.go", "internal/testdata/x.gen.go", "_old/x.gen.go"} {
		mustWrite(t, filepath.Join(parent, filepath.FromSlash(rel)), marked)
	}
	before := snapshot(t, parent)
	code, diff, stderr := runCLI(t, "-check", "-out", parent, "-import-path", "example.com/parent")
	if code != exitStale {
		t.Fatalf("-check: exit %d\n%s", code, stderr)
	}
	for _, line := range strings.Split(diff, "\n") {
		if !strings.HasPrefix(line, "--- ") && !strings.HasPrefix(line, "+++ ") {
			continue
		}
		for _, other := range []string{"services/billing/", "vendor/", "testdata/", "_old/"} {
			if strings.Contains(line, other) {
				t.Errorf("-check reports a file under %s: %s", other, line)
			}
		}
	}
	if code, _, stderr := runCLI(t, "-out", parent, "-import-path", "example.com/parent"); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	after := snapshot(t, parent)
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed", p)
		}
	}
}
