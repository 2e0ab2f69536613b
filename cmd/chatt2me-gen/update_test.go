package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// scratchRepository copies what update-spec needs of the repository (go.mod, go.sum, openapi/, generated/) into a
// temporary git repository with one commit, and returns it with a function that runs update-spec there.
func scratchRepository(t *testing.T) (repo string, updateSpec func(newSpec string) (int, string)) {
	t.Helper()
	self := testBinary(t)
	repo = t.TempDir()
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
	return repo, func(newSpec string) (int, string) {
		cmd := exec.Command(self, "update-spec", newSpec)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1")
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
}

// TestUpdateSpec runs update-spec in a scratch copy of the repository: a broken spec changes nothing (exit 2); a
// good one replaces the bundled document, regenerates and prints the drift against HEAD, here breaking (exit 1).
func TestUpdateSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs git")
	}
	repo, updateSpec := scratchRepository(t)
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

// TestUpdateSpecReappliesTheOverlay: update-spec keeps openapi/chatt2me.overlay.yaml and reapplies it to the new
// document. An action the new document took in (here the vendor lists webchatt among the webhook channels) is left
// out and listed, located in the overlay; generated/ is then what the overlay without it gives (here unchanged), and
// a plain run refuses the action until it is deleted (with it, the last one, the overlay file).
func TestUpdateSpecReappliesTheOverlay(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs git")
	}
	repo, updateSpec := scratchRepository(t)
	overlayPath := filepath.Join(repo, "openapi", "chatt2me.overlay.yaml")
	overlay := string(mustRead(t, overlayPath))
	const target = "  - target: $.components.schemas.WebhookChannel.enum\n"
	if strings.Count(overlay, target) != 1 {
		t.Fatalf("the overlay has no action adding to WebhookChannel's enum:\n%s", overlay)
	}
	targetLine := strings.Count(overlay[:strings.Index(overlay, target)], "\n") + 1
	data := mustRead(t, filepath.Join(repo, "openapi", "chatt2me.yaml"))
	const sms = "        - sms\n    Message:\n"
	if bytes.Count(data, []byte(sms)) != 1 {
		t.Fatal("WebhookChannel's enum does not end with sms")
	}
	newSpec := filepath.Join(t.TempDir(), "new.yaml")
	mustWrite(t, newSpec, bytes.Replace(data, []byte(sms), []byte("        - sms\n        - webchatt\n    Message:\n"), 1))
	before := snapshot(t, filepath.Join(repo, "generated"))

	code, out := updateSpec(newSpec)
	stale := fmt.Sprintf("openapi/chatt2me.overlay.yaml:%d: /actions/0/target: %s holds this action's update already, at each of the 1 "+
		"places the target $.components.schemas.WebhookChannel.enum matches (the vendor took the change in?); delete the action", targetLine, newSpec)
	if code != exitOK || !strings.Contains(out, "1 action(s) of the overlay change nothing in the new document and were left out; "+
		"delete them from the overlay (generating refuses them until then):\n  "+stale+"\n") ||
		!strings.Contains(out, "**Not breaking**: 0 spec change(s), 0 Go API change(s)") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	sameSnapshot(t, before, snapshot(t, filepath.Join(repo, "generated")))
	if got := mustRead(t, overlayPath); string(got) != overlay {
		t.Error("update-spec changed the overlay")
	}

	generate := func() (int, string) {
		cmd := exec.Command(testBinary(t), "-check")
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1")
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	inRepo := strings.Replace(stale, newSpec, "openapi/chatt2me.yaml", 1)
	if code, out := generate(); code != exitBadInput || out != "chatt2me-gen: "+inRepo+"\n" {
		t.Errorf("a plain run with the action left: exit %d\n%s\nwant the stale action:\n%s", code, out, inRepo)
	}
	if err := os.Remove(overlayPath); err != nil {
		t.Fatal(err)
	}
	if code, out := generate(); code != exitOK {
		t.Errorf("a plain run without the overlay: exit %d\n%s", code, out)
	}
}
