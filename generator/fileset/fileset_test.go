package fileset

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
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
	return b.String()
}

func setup(t *testing.T) (string, Files) {
	out := filepath.Join(t.TempDir(), "generated")
	write(t, filepath.Join(out, "openapi.yaml"), "old spec")
	write(t, filepath.Join(out, "a", "a.gen.go"), "old a")
	write(t, filepath.Join(out, "a", "hand.go"), "hand-written")
	write(t, filepath.Join(out, "stale", "s.gen.go"), "stale")
	files := Files{"openapi.yaml": []byte("new spec"), "a/a.gen.go": []byte("new a"), "b/new/b.gen.go": []byte("new b")}
	return out, files
}

func TestWriteReplacesOwnedFilesOnly(t *testing.T) {
	out, files := setup(t)
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	want := "./\n" + // the root itself
		"a/\na/a.gen.go: new a\na/hand.go: hand-written\nb/\nb/new/\nb/new/b.gen.go: new b\nopenapi.yaml: new spec\n"
	if got := tree(t, out); got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("the staging directory was left behind: %v", entries)
	}
}

// Every point of the commit can fail: each time, the directory must be exactly as before.
func TestWriteRollsBackAFailedCommit(t *testing.T) {
	for failAt := 1; ; failAt++ {
		out, files := setup(t)
		before := tree(t, out)
		calls := 0
		rename = func(from, to string) error {
			calls++
			if calls == failAt {
				return errors.New("injected failure")
			}
			return os.Rename(from, to)
		}
		err := Write(out, files)
		rename = os.Rename
		if err == nil {
			if failAt < 3 {
				t.Fatalf("only %d renames; the test injects no failure", failAt-1)
			}
			return
		}
		if err.Error() != "injected failure" {
			t.Fatalf("failing rename %d: %v", failAt, err)
		}
		if got := tree(t, out); got != before {
			t.Fatalf("failing rename %d changed the directory:\n%s\nwas:\n%s", failAt, got, before)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Fatalf("failing rename %d left %v", failAt, entries)
		}
	}
}

func TestUnchangedFilesAreNotRewritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "generated")
	files := Files{"x.gen.go": []byte("same")}
	if err := Write(out, files); err != nil {
		t.Fatal(err)
	}
	rename = func(string, string) error { return errors.New("no rename expected") }
	defer func() { rename = os.Rename }()
	if err := Write(out, files); err != nil {
		t.Fatalf("second write of identical files: %v", err)
	}
	if diff, err := Diff(out, files); err != nil || diff != "" {
		t.Fatalf("diff %q, %v", diff, err)
	}
}

func TestOwnedPathThatIsADirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "generated")
	write(t, filepath.Join(out, "x.gen.go", "inner.txt"), "mine")
	err := Write(out, Files{"x.gen.go": []byte("code")})
	var outErr *OutputError
	if !errors.As(err, &outErr) || !strings.HasSuffix(err.Error(), "x.gen.go: expected a regular file") {
		t.Fatalf("error %v", err)
	}
}
