package fileset

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain runs the child process of TestKilledCommitIsRecovered when asked to.
func TestMain(m *testing.M) {
	if spec := os.Getenv("FILESET_TEST_PAUSE"); spec != "" {
		os.Exit(pausedChild(spec))
	}
	os.Exit(m.Run())
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree lists every directory and file under dir, hidden ones (the staging directory) included.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			b.WriteString(rel + "/\n")
			return nil
		}
		data, _ := os.ReadFile(p)
		b.WriteString(rel + ": " + string(data) + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func setup(t *testing.T) (string, Files) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "generated")
	write(t, filepath.Join(out, "openapi.yaml"), "old spec")
	write(t, filepath.Join(out, "a", "a.gen.go"), "old a")
	write(t, filepath.Join(out, "a", "hand.go"), "hand-written")
	write(t, filepath.Join(out, "stale", "deep", "s.gen.go"), "stale")
	files := Files{"openapi.yaml": []byte("new spec"), "a/a.gen.go": []byte("new a"), "b/new/b.gen.go": []byte("new b")}
	return out, files
}

const oldTree = "./\n" + // the root itself
	"a/\na/a.gen.go: old a\na/hand.go: hand-written\nopenapi.yaml: old spec\nstale/\nstale/deep/\nstale/deep/s.gen.go: stale\n"

const newTree = "./\n" +
	"a/\na/a.gen.go: new a\na/hand.go: hand-written\nb/\nb/new/\nb/new/b.gen.go: new b\nopenapi.yaml: new spec\n"

// writeFiles opens dir, writes files and closes it.
func writeFiles(dir string, files Files) error {
	o, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	defer o.Close()
	return o.Write(files)
}

// failAt makes the n-th step of the commit or recovery call do, and counts the steps.
func failAt(t *testing.T, n int, do func(step string) error) *int {
	t.Helper()
	calls := 0
	BeforeStep = func(step string) error {
		calls++
		if calls == n {
			return do(step)
		}
		return nil
	}
	t.Cleanup(func() { BeforeStep = nil })
	return &calls
}

func TestWriteReplacesOwnedFilesOnly(t *testing.T) {
	out, files := setup(t)
	if err := writeFiles(out, files); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); got != newTree {
		t.Errorf("tree:\n%s\nwant:\n%s", got, newTree)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("something was left beside the output directory: %v", entries)
	}
}

// Every step of the commit can fail: each time, the directory must be exactly as before, staging removed.
func TestWriteRollsBackAFailedCommit(t *testing.T) {
	for n := 1; ; n++ {
		out, files := setup(t)
		var failed string
		calls := failAt(t, n, func(step string) error {
			failed = step
			return errors.New("injected failure")
		})
		err := writeFiles(out, files)
		if failed == "" {
			if *calls < 10 {
				t.Fatalf("only %d steps; the test injects no failure", *calls)
			}
			return
		}
		if failed == "cleanup" || strings.HasPrefix(failed, "tidy ") {
			// After the commit mark, the new files stay; the next Open removes what is left.
			if err == nil || !strings.Contains(err.Error(), "the files are committed") {
				t.Fatalf("failing %q: %v", failed, err)
			}
			if err := writeFiles(out, files); err != nil {
				t.Fatal(err)
			}
			if got := tree(t, out); got != newTree {
				t.Fatalf("failing %q, then writing again:\n%s", failed, got)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("failing %q: %v", failed, err)
		}
		if got := tree(t, out); got != oldTree {
			t.Fatalf("failing %q changed the directory:\n%s\nwas:\n%s", failed, got, oldTree)
		}
	}
}

// crash is the panic value that stands for a kill of the process at a step.
type crash string

// crashAt runs f, stopping it dead (no deferred rollback) at the n-th step; it returns the step's name, or "".
func crashAt(t *testing.T, n int, f func()) (step string) {
	t.Helper()
	calls := failAt(t, n, func(step string) error { panic(crash(step)) })
	defer func() {
		BeforeStep = nil
		if r := recover(); r != nil {
			c, ok := r.(crash)
			if !ok {
				panic(r)
			}
			step = string(c)
		}
	}()
	f()
	if *calls == 0 {
		t.Fatal("no step was taken")
	}
	return ""
}

// A kill at any step of the commit, and then at any step of the recovery, leaves a directory that the next Open
// makes entirely old (killed before the commit mark) or entirely new (after it), with no staging directory.
func TestInterruptedCommitIsRecovered(t *testing.T) {
	for n := 1; ; n++ {
		out, killed := killedWrite(t, n)
		if killed == "" {
			return
		}
		want, note := oldTree, "while replacing files; rolled it back, so the files are as they were before that run (3 to write, 1 to remove)"
		if _, err := os.Stat(filepath.Join(out, committedFile)); err == nil {
			want, note = newTree, "after it had replaced every file; finished its cleanup"
		} else if _, err := os.Stat(filepath.Join(out, journalFile)); err != nil {
			note = "before it changed any file; removed its staging directory"
		}
		for m := 0; ; m++ {
			if m > 0 {
				out, _ = killedWrite(t, n)
				if crashAt(t, m, func() { _ = recoverFully(out) }) == "" {
					break // the recovery has fewer steps
				}
			}
			var notes []string
			o, err := Open(out, Options{Notify: func(s string) { notes = append(notes, s) }})
			if err != nil {
				t.Fatalf("killed at %q, then at step %d of the recovery: %v", killed, m, err)
			}
			o.Close()
			if got := tree(t, out); got != want {
				t.Fatalf("killed at %q, then at step %d of the recovery:\n%s\nwant:\n%s", killed, m, got, want)
			}
			if m == 0 && (len(notes) != 1 || notes[0] != out+": a previous run was interrupted "+note) {
				t.Fatalf("killed at %q: notes %q, want one saying %q", killed, notes, note)
			}
		}
	}
}

// killedWrite writes the files of setup, killed at the n-th step; it returns the step, or "" if there are fewer.
func killedWrite(t *testing.T, n int) (out, killed string) {
	t.Helper()
	out, files := setup(t)
	o, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	return out, crashAt(t, n, func() { _ = o.Write(files) })
}

func recoverFully(dir string) error {
	o, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	return o.Close()
}

// pausedChild is the child process of TestKilledCommitIsRecovered: it writes the files of setup into dir and
// stops at the named step, saying so on standard output, until it is killed.
func pausedChild(spec string) int {
	dir, pauseAt, _ := strings.Cut(spec, "|")
	BeforeStep = func(step string) error {
		if step == pauseAt {
			fmt.Println("paused at " + step)
			select {}
		}
		return nil
	}
	files := Files{"openapi.yaml": []byte("new spec"), "a/a.gen.go": []byte("new a"), "b/new/b.gen.go": []byte("new b")}
	if err := writeFiles(dir, files); err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println("not paused")
	return 0
}

// A real kill (SIGKILL on Unix) of a process in the middle of its commit: its lock is released and the next
// Open rolls the commit back, or finishes it once every file was moved.
func TestKilledCommitIsRecovered(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ step, want, note string }{
		{"move-in a/a.gen.go", oldTree, "rolled it back"}, // the spec is new, a.gen.go and the stale file moved aside
		{"tidy stale/deep", newTree, "finished its cleanup"},
	} {
		t.Run(tc.step, func(t *testing.T) {
			out, _ := setup(t)
			child := exec.Command(self, "-test.run=^$")
			child.Env = append(os.Environ(), "FILESET_TEST_PAUSE="+out+"|"+tc.step)
			stdout, err := child.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			line, _ := bufio.NewReader(stdout).ReadString('\n')
			if line != "paused at "+tc.step+"\n" {
				_ = child.Process.Kill()
				t.Fatalf("child: %q", line)
			}
			if err := child.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = child.Wait()
			if _, err := os.Stat(filepath.Join(out, journalFile)); err != nil {
				t.Fatalf("the killed run left no journal: %v", err)
			}
			var notes []string
			o, err := Open(out, Options{Notify: func(s string) { notes = append(notes, s) }}) // Wait 0: the lock must be free
			if err != nil {
				t.Fatal(err)
			}
			o.Close()
			if got := tree(t, out); got != tc.want {
				t.Errorf("recovered:\n%s\nwant:\n%s", got, tc.want)
			}
			if len(notes) != 1 || !strings.Contains(notes[0], tc.note) {
				t.Errorf("notes %q, want one saying %q", notes, tc.note)
			}
		})
	}
}

func TestUnchangedFilesAreNotRewritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "generated")
	files := Files{"x.gen.go": []byte("same")}
	if err := writeFiles(out, files); err != nil {
		t.Fatal(err)
	}
	failAt(t, 1, func(step string) error { return errors.New("no step expected, got " + step) })
	if err := writeFiles(out, files); err != nil {
		t.Fatalf("second write of identical files: %v", err)
	}
	o, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if diff, err := o.Diff(files); err != nil || diff != "" {
		t.Fatalf("diff %q, %v", diff, err)
	}
}

// A directory that does not exist is created with its parents; a failed first write removes them again.
func TestWriteIntoAMissingDirectory(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "x", "generated")
	files := Files{"p/p.gen.go": []byte("p")}
	o, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff, err := o.Diff(files); err != nil || !strings.HasPrefix(diff, "--- /dev/null\n+++ "+filepath.ToSlash(out)+"/p/p.gen.go\n") {
		t.Fatalf("diff of a missing directory %q, %v", diff, err)
	}
	failAt(t, 3, func(string) error { return errors.New("injected failure") })
	if err := o.Write(files); err == nil {
		t.Fatal("the injected failure was not reported")
	}
	o.Close()
	if entries, _ := os.ReadDir(base); len(entries) != 0 {
		t.Fatalf("a failed first write left %v", entries)
	}
	BeforeStep = nil
	if err := writeFiles(out, files); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); got != "./\np/\np/p.gen.go: p\n" {
		t.Fatalf("tree:\n%s", got)
	}
}

// With the output directory given as ".", as go generate runs the generator from generated/, the directories
// that removals empty are removed too.
func TestRemovedPackageDirectoryGoesWithDotAsOutput(t *testing.T) {
	out, files := setup(t)
	t.Chdir(out)
	if err := writeFiles(".", files); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); got != newTree {
		t.Fatalf("tree:\n%s\nwant:\n%s", got, newTree)
	}
}

func TestOwnedPathThatIsADirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "generated")
	write(t, filepath.Join(out, "x.gen.go", "inner.txt"), "mine")
	err := writeFiles(out, Files{"x.gen.go": []byte("code")})
	var outErr *OutputError
	if !errors.As(err, &outErr) || err.Error() != filepath.Join(out, "x.gen.go")+": expected a regular file" {
		t.Fatalf("error %v", err)
	}
}

func TestPathsOutsideTheOwnedSetAreRefused(t *testing.T) {
	out := t.TempDir()
	for _, rel := range []string{"../x.gen.go", "/abs.gen.go", "a/../b.gen.go", "README.md", ".chatt2me-gen/x.gen.go", "a//b.gen.go",
		"vendor/x.gen.go", "a/testdata/x.gen.go", "_a/x.gen.go"} {
		err := writeFiles(out, Files{rel: []byte("x")})
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q is not a path the generator may write", rel)) {
			t.Errorf("%s: %v", rel, err)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused paths left %v", entries)
	}
}

// The generator never writes through a symbolic link: not the output directory, not a directory inside it, not
// an owned file. Diff refuses the same, so that -check and a write agree.
func TestSymbolicLinksAreRefused(t *testing.T) {
	base := t.TempDir()
	elsewhere := filepath.Join(base, "elsewhere")
	write(t, filepath.Join(elsewhere, "keep.txt"), "untouched")
	out, _ := setup(t)
	link := filepath.Join(base, "link")
	if err := os.Symlink(out, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	// However the path is spelled: a trailing slash or "/." follows the link when the path is not cleaned first.
	sub := filepath.Join(base, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{link, link + "/", link + "/.", link + "/./", sub + "/../link", sub + "/../link/"} {
		o, err := Open(dir, Options{})
		if err == nil || err.Error() != link+": the output directory is a symbolic link (to "+out+
			"); the generator does not write through links: give the directory itself" {
			t.Errorf("linked output directory %s: %v", dir, err)
		}
		if err == nil {
			o.Close()
		}
	}
	// A ".." after a link leaves from the link's target, not from where the path says: refused when the two differ.
	hop := filepath.Join(base, "hop")
	if err := os.Symlink(filepath.Join(out, "a"), hop); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{hop + "/../stale", hop + "/../missing/", hop + "/./../b", filepath.Join(base, "a") + "/../hop/../b"} {
		o, err := Open(dir, Options{})
		if err == nil {
			o.Close()
		}
		if err == nil || err.Error() != dir+": the path goes through a symbolic link before \"..\", so it does not name "+
			filepath.Clean(dir)+"; the generator does not write through links: give the directory itself" {
			t.Errorf("output directory %s: %v", dir, err)
		}
	}

	for _, tc := range []struct{ link, target, want string }{
		{"b", elsewhere, "b: is a symbolic link; the generator does not write through links: make it a directory"},
		{"a/a.gen.go", filepath.Join(elsewhere, "keep.txt"), "a/a.gen.go: is a symbolic link where the generator owns a file"},
		{"stale/deep/s.gen.go", filepath.Join(elsewhere, "keep.txt"), "stale/deep/s.gen.go: is a symbolic link where the generator owns a file"},
	} {
		out, files := setup(t)
		at := filepath.Join(out, filepath.FromSlash(tc.link))
		if err := os.RemoveAll(at); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(tc.target, at); err != nil {
			t.Fatal(err)
		}
		before := tree(t, out)
		o, err := Open(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		wantPrefix := filepath.Join(out, filepath.FromSlash(strings.SplitN(tc.want, ":", 2)[0])) + ":" + strings.SplitN(tc.want, ":", 2)[1]
		if _, err := o.Diff(files); err == nil || !strings.HasPrefix(err.Error(), wantPrefix) {
			t.Errorf("diff with %s linked: %v, want %q", tc.link, err, wantPrefix)
		}
		if err := o.Write(files); err == nil || !strings.HasPrefix(err.Error(), wantPrefix) {
			t.Errorf("write with %s linked: %v, want %q", tc.link, err, wantPrefix)
		}
		o.Close()
		if got := tree(t, out); got != before {
			t.Errorf("with %s linked, the directory changed:\n%s", tc.link, got)
		}
		if got := tree(t, elsewhere); got != "./\nkeep.txt: untouched\n" {
			t.Errorf("with %s linked, the generator wrote outside the directory:\n%s", tc.link, got)
		}
	}
}

func TestUnreadableJournalIsReportedAndKept(t *testing.T) {
	out, _ := setup(t)
	write(t, filepath.Join(out, journalFile), "chatt2me-gen commit journal 1\nreplace ../../etc/passwd\n")
	before := tree(t, out)
	_, err := Open(out, Options{})
	want := filepath.Join(out, journalFile) + `:2: malformed entry "replace ../../etc/passwd"; recovery refused, nothing was ` +
		"changed (a journal of the generator names only the files it owns and staged): look at what " +
		filepath.Join(out, StagingDir) + " holds, and remove it"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant %s", err, want)
	}
	if got := tree(t, out); got != before {
		t.Fatalf("the directory changed:\n%s", got)
	}
}

// With a Mark, a file at an owned path that does not carry it is someone else's: a Write neither removes it (a
// service's own *.gen.go beside the SDK) nor overwrites it (refused, nothing changed), while a marked stale file is
// removed as before.
func TestFilesWithoutTheMarkAreNotTheGenerators(t *testing.T) {
	const mark = "Code generated by test"
	out := filepath.Join(t.TempDir(), "out")
	write(t, filepath.Join(out, "db", "models.gen.go"), "// Code generated by sqlc. DO NOT EDIT.\npackage db\n")
	write(t, filepath.Join(out, "stale", "s.gen.go"), "// "+mark+" v1.\nstale\n")
	write(t, filepath.Join(out, "a", "a.gen.go"), "// "+mark+" v1.\nold a\n")
	o, err := Open(out, Options{Mark: mark})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Write(Files{"a/a.gen.go": []byte("// " + mark + " v2.\nnew a\n")}); err != nil {
		t.Fatal(err)
	}
	o.Close()
	want := "./\na/\na/a.gen.go: // " + mark + " v2.\nnew a\n\ndb/\ndb/models.gen.go: // Code generated by sqlc. DO NOT EDIT.\npackage db\n\n"
	if got := tree(t, out); got != want {
		t.Fatalf("tree:\n%s\nwant:\n%s", got, want)
	}

	o, err = Open(out, Options{Mark: mark})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	err = o.Write(Files{"a/a.gen.go": []byte("// " + mark + " v3.\n"), "db/models.gen.go": []byte("// " + mark + " v3.\n")})
	var outErr *OutputError
	wantErr := filepath.Join(out, "db", "models.gen.go") + `: exists, but the generator did not write it (its first line does not say "` +
		mark + `"): it overwrites no other file; move it, or give another output directory`
	if !errors.As(err, &outErr) || err.Error() != wantErr {
		t.Fatalf("error %v, want %s", err, wantErr)
	}
	if got := tree(t, out); got != want {
		t.Fatalf("a refused write changed the tree:\n%s\nwant:\n%s", got, want)
	}
	if _, err := o.Diff(Files{"db/models.gen.go": []byte("x")}); err == nil || err.Error() != wantErr {
		t.Errorf("Diff: %v, want %s", err, wantErr)
	}
}

// testMark is the mark of the recovery tests' generator.
const testMark = "Code generated by test"

// plantedSetup is setup with marked files, a service's own go.mod, go.sum, hand-written test and unmarked
// models.gen.go beside them, and the given files planted as they are (a name ending in "@" is a symbolic link to
// the content).
func plantedSetup(t *testing.T, planted map[string]string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "generated")
	for rel, content := range map[string]string{
		"go.mod": "module example.com/sdk\n", "go.sum": "the real sums\n", "a/hand_test.go": "package a\n",
		"a/models.gen.go": "// Code generated by sqlc. DO NOT EDIT.\n", "a/a.gen.go": "// " + testMark + " v1.\nold a\n",
		"openapi.yaml": "# " + testMark + " v1.\nold spec\n",
	} {
		write(t, filepath.Join(out, filepath.FromSlash(rel)), content)
	}
	for rel, content := range planted {
		at := filepath.Join(out, filepath.FromSlash(strings.TrimSuffix(rel, "@")))
		if !strings.HasSuffix(rel, "@") {
			write(t, at, content)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(at), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(content, at); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	return out
}

// A staging directory planted under the output directory (a pull request can add one) is recovered only as far as
// it touches the generator's own files: a journal that names any other file, a file at an owned path that does not
// carry the mark, a staged old version that does not, a link on the way, is refused, located, and nothing changes,
// in a read-only run as in a writing one.
func TestPlantedStagingDirectoryIsRefused(t *testing.T) {
	const journal = journalHeader + "\n"
	refused := "; recovery refused, nothing was changed (a journal of the generator names only the files it owns and " +
		"staged): look at what {out}/.chatt2me-gen holds, and remove it"
	notOwned := " is not a file the generator owns (only openapi.yaml, *.gen.go and *.gen_test.go files are)"
	notMarked := ` does not carry the generator's header (its first line does not say "` + testMark + `")`
	for _, tc := range []struct {
		name    string
		planted map[string]string
		want    string
	}{
		{"journal names go.mod", map[string]string{journalFile: journal + "replace go.mod\nreplace go.sum\nreplace a/hand_test.go\n",
			oldPath("go.sum"): "planted sums\n"},
			`{out}/.chatt2me-gen/journal:2: "replace go.mod": go.mod` + notOwned + refused},
		{"journal names a hand-written test", map[string]string{journalFile: journal + "replace a/a.gen.go\nremove a/hand_test.go\n"},
			`{out}/.chatt2me-gen/journal:3: "remove a/hand_test.go": a/hand_test.go` + notOwned + refused},
		{"journal names an unmarked file", map[string]string{journalFile: journal + "replace a/a.gen.go\nreplace a/models.gen.go\n"},
			`{out}/.chatt2me-gen/journal:3: "replace a/models.gen.go": a/models.gen.go` + notMarked + refused},
		{"staged old version unmarked", map[string]string{journalFile: journal + "remove a/a.gen.go\n", oldPath("a/a.gen.go"): "planted a\n"},
			`{out}/.chatt2me-gen/journal:2: "remove a/a.gen.go": .chatt2me-gen/old/a/a.gen.go` + notMarked + refused},
		{"directory created off the way", map[string]string{journalFile: journal + "mkdir a\nreplace b/b.gen.go\n"},
			`{out}/.chatt2me-gen/journal:2: "mkdir a": a is not a directory on the way to a file the journal writes` + refused},
		{"link on the way", map[string]string{journalFile: journal + "replace l/a.gen.go\n", "l@": "a"},
			`{out}/.chatt2me-gen/journal:2: "replace l/a.gen.go": l is a symbolic link; the generator does not write through links` + refused},
		{"journal names a vendored file", map[string]string{journalFile: journal + "remove vendor/x/x.gen.go\n",
			"vendor/x/x.gen.go": "// " + testMark + " v1.\n"},
			`{out}/.chatt2me-gen/journal:2: "remove vendor/x/x.gen.go": vendor/x/x.gen.go is outside the generator's tree ` +
				"(under vendor/, testdata/ or a directory starting with _)" + refused},
		{"journal names another module's file", map[string]string{journalFile: journal + "replace m/x.gen.go\n",
			"m/go.mod": "module example.com/m\n", "m/x.gen.go": "// " + testMark + " v1.\n"},
			`{out}/.chatt2me-gen/journal:2: "replace m/x.gen.go": m holds a go.mod of its own: it is another module` + refused},
		{"staged link", map[string]string{journalFile: journal + "remove openapi.yaml\n", oldPath("openapi.yaml") + "@": "../../go.mod"},
			"{out}/.chatt2me-gen/old/openapi.yaml: is not a regular file, which the generator never stages; recovery refused, " +
				"nothing was changed: look at what .chatt2me-gen holds, and remove it"},
		{"staging directory is a link", map[string]string{StagingDir + "@": "a"},
			"{out}/.chatt2me-gen: is not a directory, so not the generator's staging directory; recovery refused, nothing " +
				"was changed: look at what it is, and remove it"},
		{"not a journal", map[string]string{journalFile: "remove go.mod\n"},
			"{out}/.chatt2me-gen/journal:1: not a journal this version of chatt2me-gen wrote" + refused},
	} {
		for _, readOnly := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, read-only %v", tc.name, readOnly), func(t *testing.T) {
				out := plantedSetup(t, tc.planted)
				before := tree(t, out)
				o, err := Open(out, Options{Mark: testMark, ReadOnly: readOnly})
				if err == nil {
					o.Close()
				}
				if want := strings.ReplaceAll(tc.want, "{out}", out); err == nil || err.Error() != want {
					t.Errorf("error %v\nwant  %s", err, want)
				}
				if got := tree(t, out); got != before {
					t.Errorf("the directory changed:\n%s\nwas:\n%s", got, before)
				}
			})
		}
	}
}

// A read-only Open writes nothing: an interrupted commit, whatever step it reached, is an error matching
// ErrInterrupted that says what the run left, and the directory, staging directory included, stays as it is. A
// Write through a read-only Output fails.
func TestReadOnlyOpenReportsAnInterruptedCommit(t *testing.T) {
	for n, seen := 1, map[string]bool{}; ; n++ {
		out, killed := killedWrite(t, n)
		if killed == "" {
			if len(seen) != 3 {
				t.Errorf("saw %d of the 3 states an interrupted commit leaves", len(seen))
			}
			return
		}
		left := "while replacing files (3 to write, 1 to remove)"
		if _, err := os.Stat(filepath.Join(out, committedFile)); err == nil {
			left = "after it had replaced every file, before its cleanup"
		} else if _, err := os.Stat(filepath.Join(out, journalFile)); err != nil {
			left = "before it changed any file"
		}
		if _, err := os.Stat(filepath.Join(out, StagingDir)); err != nil {
			continue // killed in the cleanup, once the staging directory was renamed away: no commit is pending
		}
		seen[left] = true
		before := tree(t, out)
		o, err := Open(out, Options{ReadOnly: true})
		if err == nil {
			o.Close()
		}
		want := out + ": a previous run was interrupted " + left + "; its staging directory .chatt2me-gen is there, and a " +
			"read-only run does not repair it"
		if !errors.Is(err, ErrInterrupted) || err.Error() != want {
			t.Fatalf("killed at %q: %v\nwant %s", killed, err, want)
		}
		if got := tree(t, out); got != before {
			t.Fatalf("killed at %q: the read-only Open changed the directory:\n%s\nwas:\n%s", killed, got, before)
		}
	}
}

func TestReadOnlyOutputWritesNothing(t *testing.T) {
	out, files := setup(t)
	o, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if err := o.Write(files); err == nil || err.Error() != out+": opened read-only: nothing is written" {
		t.Errorf("Write: %v", err)
	}
	if got := tree(t, out); got != oldTree {
		t.Errorf("tree:\n%s", got)
	}
}

// Git ignores the staging directory wherever the output directory is: a commit interrupted with every file staged
// shows nothing in git status.
func TestGitIgnoresTheStagingDirectory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	out, files := setup(t)
	gitIn := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = out
		got, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, got)
		}
		return string(got)
	}
	gitIn("init", "-q")
	gitIn("add", ".")
	gitIn("commit", "-qm", "old")
	o, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	t.Cleanup(func() { BeforeStep = nil })
	BeforeStep = func(step string) error {
		if step == "journal" {
			if status := gitIn("status", "--porcelain", "--untracked-files=all"); status != "" {
				t.Errorf("with every file staged, git status shows:\n%s", status)
			}
			if _, err := os.Stat(filepath.Join(out, newPath("a/a.gen.go"))); err != nil {
				t.Errorf("nothing staged: %v", err)
			}
		}
		return nil
	}
	if err := o.Write(files); err != nil {
		t.Fatal(err)
	}
}

// The generator's tree stops where the go command's does: a directory holding a go.mod of its own (another module),
// vendor/, testdata/ and a directory starting with "_" or ".". Their files are neither removed nor shown by Diff, and a
// file to write inside another module is refused.
func TestTheTreeStopsAtOtherModules(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	others := map[string]string{"m/go.mod": "module example.com/m\n", "m/deep/m.gen.go": "m", "vendor/v/v.gen.go": "v",
		"a/testdata/t.gen.go": "t", "_old/o.gen.go": "o", "a/a.gen.go": "a"}
	for rel, content := range others {
		write(t, filepath.Join(out, filepath.FromSlash(rel)), content)
	}
	o, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	files := Files{"x.gen.go": []byte("x")}
	diff, err := o.Diff(files)
	if err != nil {
		t.Fatal(err)
	}
	if want := "--- " + filepath.ToSlash(out) + "/a/a.gen.go\n"; strings.Count(diff, "\n--- ") != 1 || !strings.Contains(diff, want) {
		t.Errorf("the diff removes more than a/a.gen.go:\n%s", diff)
	}
	if err := o.Write(files); err != nil {
		t.Fatal(err)
	}
	delete(others, "a/a.gen.go")
	for rel, content := range others {
		if got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel))); err != nil || string(got) != content {
			t.Errorf("%s: %q, %v", rel, got, err)
		}
	}
	err = o.Write(Files{"m/deep/m.gen.go": []byte("mine")})
	if want := filepath.Join(out, "m") + ": holds a go.mod of its own: it is another module, where the generator does not write; " +
		"move that module, or give another output directory"; err == nil || err.Error() != want {
		t.Errorf("writing into another module: %v\nwant %s", err, want)
	}
}
