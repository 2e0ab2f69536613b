package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpdateSpec runs update-spec in a scratch copy of the repository: a broken spec changes nothing (exit 2); a
// good one replaces the bundled document, regenerates and prints the drift against HEAD, here breaking (exit 1).
func TestUpdateSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs git")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("../..", f))
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, filepath.Join(repo, f), data)
	}
	copyDir(t, "../../openapi", filepath.Join(repo, "openapi"))
	copyDir(t, repoGenerated, filepath.Join(repo, "generated"))
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q")
	gitRun("add", ".")
	gitRun("commit", "-qm", "base")
	updateSpec := func(newSpec string) (int, string) {
		cmd := exec.Command(self, "update-spec", newSpec)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1")
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}

	before := snapshot(t, repo)
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	mustWrite(t, broken, []byte("openapi: 3.0.3\ninfo: [\n"))
	if code, out := updateSpec(broken); code != exitBadInput || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("broken spec: exit %d\n%s", code, out)
	}
	after := snapshot(t, repo)
	for p := range after {
		if strings.Contains(p, string(filepath.Separator)+".git"+string(filepath.Separator)) {
			delete(after, p)
			delete(before, p)
		}
	}
	sameSnapshot(t, before, after)

	data, err := os.ReadFile(filepath.Join(repo, "openapi", "chatt2me.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	newSpec := filepath.Join(t.TempDir(), "new.yaml")
	mustWrite(t, newSpec, bytes.Replace(data, []byte("        - Success\n        - Failed\n"), []byte("        - Success\n"), 1))
	killedUpdateSpecIsRolledBackByDrift(t, repo, newSpec)
	code, out := updateSpec(newSpec)
	if code != exitStale || !strings.Contains(out, "## API drift: `HEAD` → working copy") || !strings.Contains(out, "WebhookLogStatusFailed: removed") {
		t.Fatalf("good spec: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(filepath.Join(repo, "openapi", "chatt2me.yaml")); !bytes.Equal(got, mustRead(t, newSpec)) {
		t.Error("openapi/chatt2me.yaml was not replaced")
	}
	if api, _ := os.ReadFile(filepath.Join(repo, "generated", "chatt2me", "api", "api.gen.go")); bytes.Contains(api, []byte("WebhookLogStatusFailed")) {
		t.Error("generated/ was not regenerated")
	}
}
