package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// scratchGitRepository copies what update-spec needs of the repository (go.mod, go.sum, openapi/, generated/) into a
// temporary git repository with one commit, and returns it with a function that runs update-spec there.
func scratchGitRepository(t *testing.T) (repo string, updateSpec func(newSpec string) (int, string)) {
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
	repo, updateSpec := scratchGitRepository(t)
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
	mustWrite(t, newSpec, bytes.Replace(data, []byte("        - Success\n        - Failed\n"), []byte("        - Failed\n"), 1))
	killedUpdateSpecIsRolledBackByDrift(t, repo, newSpec)
	code, out := updateSpec(newSpec)
	if code != exitStale || !strings.Contains(out, "## API drift: `HEAD` → working copy") || !strings.Contains(out, "WebhookLogStatusSuccess: removed") {
		t.Fatalf("good spec: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(filepath.Join(repo, "openapi", "chatt2me.yaml")); !bytes.Equal(got, mustRead(t, newSpec)) {
		t.Error("openapi/chatt2me.yaml was not replaced")
	}
	if api, _ := os.ReadFile(filepath.Join(repo, "generated", "chatt2me", "api", "api.gen.go")); bytes.Contains(api, []byte("WebhookLogStatusSuccess")) {
		t.Error("generated/ was not regenerated")
	}
}

// TestUpdateSpecReappliesTheOverlay: update-spec keeps openapi/chatt2me.overlay.yaml and reapplies it to the new
// document. An action the new document took in (here the vendor lists webchatt among the webhook channels) is left
// out and listed, located in the overlay; generated/ is then what the overlay without it gives (here unchanged), and
// a plain run refuses the action until it is deleted from the overlay (the file, with the last action).
func TestUpdateSpecReappliesTheOverlay(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs git")
	}
	repo, updateSpec := scratchGitRepository(t)
	overlayPath := filepath.Join(repo, "openapi", "chatt2me.overlay.yaml")
	overlay := mustRead(t, overlayPath)
	index, target := webchattAction(t, overlay)
	data := mustRead(t, filepath.Join(repo, "openapi", "chatt2me.yaml"))
	newSpec := filepath.Join(t.TempDir(), "new.yaml")
	mustWrite(t, newSpec, withEnumValue(t, data, "WebhookChannel", "webchatt"))
	before := snapshot(t, filepath.Join(repo, "generated"))

	code, out := updateSpec(newSpec)
	stale := fmt.Sprintf("openapi/chatt2me.overlay.yaml:%d: /actions/%d/target: %s holds this action's update already, at each of the 1 "+
		"places the target %s matches (the vendor took the change in?); delete the action", target.Line, index, newSpec, target.Value)
	if code != exitOK || !strings.Contains(out, "1 action(s) of the overlay change nothing in the new document and were left out; "+
		"delete them from the overlay (generating refuses them until then):\n  "+stale+"\n") ||
		!strings.Contains(out, "**Not breaking**: 0 spec change(s), 0 Go API change(s)") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	sameSnapshot(t, before, snapshot(t, filepath.Join(repo, "generated")))
	if got := mustRead(t, overlayPath); !bytes.Equal(got, overlay) {
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
	deleteAction(t, overlayPath, index)
	if code, out := generate(); code != exitOK {
		t.Errorf("a plain run without the action: exit %d\n%s", code, out)
	}
}

// webchattAction finds the action of an overlay that adds webchatt to WebhookChannel's enum: its index and target.
func webchattAction(t *testing.T, overlay []byte) (int, *yaml.Node) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(overlay, &doc); err != nil {
		t.Fatal(err)
	}
	for i, a := range mappingValue(doc.Content[0], "actions").Content {
		if target, update := mappingValue(a, "target"), mappingValue(a, "update"); target != nil && update != nil &&
			target.Value == "$.components.schemas.WebhookChannel.enum" && update.Value == "webchatt" {
			return i, target
		}
	}
	t.Fatalf("the overlay has no action adding webchatt to WebhookChannel's enum:\n%s", overlay)
	return 0, nil
}

// withEnumValue returns a bundle whose component schema has value as the last value of its enum, written on a line
// of its own after the enum's last one, so that the rest of the text stays as it was.
func withEnumValue(t *testing.T, bundle []byte, schema, value string) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(bundle, &doc); err != nil {
		t.Fatal(err)
	}
	enum := mappingValue(mappingValue(mappingValue(mappingValue(doc.Content[0], "components"), "schemas"), schema), "enum")
	if enum == nil || len(enum.Content) == 0 || enum.Style&yaml.FlowStyle != 0 {
		t.Fatalf("the bundle has no block enum in %s", schema)
	}
	last := enum.Content[len(enum.Content)-1]
	lines := strings.SplitAfter(string(bundle), "\n")
	item := strings.Repeat(" ", last.Column-3) + "- " + value + "\n"
	return []byte(strings.Join(slices.Insert(lines, last.Line, item), ""))
}

// deleteAction removes action i from the overlay at path, and the overlay when it was the last.
func deleteAction(t *testing.T, path string, i int) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(mustRead(t, path), &doc); err != nil {
		t.Fatal(err)
	}
	actions := mappingValue(doc.Content[0], "actions")
	if actions.Content = slices.Delete(actions.Content, i, i+1); len(actions.Content) == 0 {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, path, data)
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// TestDriftReadsTheOverlayOfARevision: a git revision's documents include its overlay, read at that revision, and a
// revision without one (the layout before the overlay) has none. The base here has the overlay and the working copy
// has webchatt written into the bundle instead: the merged documents are the same, so nothing is breaking.
func TestDriftReadsTheOverlayOfARevision(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository and runs git")
	}
	repo, _ := scratchGitRepository(t)
	bundle := filepath.Join(repo, "openapi", "chatt2me.yaml")
	overlayPath := filepath.Join(repo, "openapi", "chatt2me.overlay.yaml")
	index, _ := webchattAction(t, mustRead(t, overlayPath))
	mustWrite(t, bundle, withEnumValue(t, mustRead(t, bundle), "WebhookChannel", "webchatt"))
	deleteAction(t, overlayPath, index)
	cmd := exec.Command(testBinary(t), "drift", "-base", "HEAD")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1")
	out, _ := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != exitOK || !strings.Contains(string(out), "### Verdict\n\n**Not breaking**") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
