// Package makefile_test tests the Makefile's targets a pipeline relies on: the exit status of `make check`, `make
// drift` and `make update-spec`.
package makefile_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// makeIn runs make in dir and returns its exit status and output.
func makeIn(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("make", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
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
	list, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		data, err := os.ReadFile(name)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working copy
		}
		if err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(name)
		target := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-qm", "scratch"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
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
	fewerStatuses := edit(t, spec, logStatus, "        - Success\n")
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
