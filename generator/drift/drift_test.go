package drift_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/drift"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const moduleRoot = "../.."

func source(t *testing.T, name string) spec.Source {
	t.Helper()
	if !filepath.IsAbs(name) {
		name = moduleRoot + "/" + name
	}
	src, err := spec.ReadSource(name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// current is the documents under test: openapi/'s, or those of $CHATT2ME_SPEC_DIR.
func current(t *testing.T) drift.Revision {
	bundle, fragment := testspec.Paths()
	return drift.Revision{Name: "current", Bundle: source(t, bundle), Fragment: source(t, fragment), Overlays: testspec.OverlaySources(t)}
}

// edited returns the current revision with one replacement in the bundled document.
func edited(t *testing.T, old, new string) drift.Revision {
	t.Helper()
	r := current(t)
	if !strings.Contains(string(r.Bundle.Data), old) {
		t.Fatalf("%q is not in the bundled document", old)
	}
	r.Name = "edited"
	r.Bundle.Data = []byte(strings.Replace(string(r.Bundle.Data), old, new, 1))
	return r
}

func findSpec(r *drift.Report, id, operation string) *drift.SpecChange {
	for i, c := range r.SpecChanges {
		if c.ID == id && (operation == "" || c.Operation == operation) {
			return &r.SpecChanges[i]
		}
	}
	return nil
}

func findGo(r *drift.Report, pkg, message string) *drift.GoChange {
	for i, c := range r.GoChanges {
		if c.Package == pkg && c.Message == message {
			return &r.GoChanges[i]
		}
	}
	return nil
}

// compare generates and type-checks the SDK of both revisions (the current one once per test process); -short
// skips it.
func compare(t *testing.T, base, head drift.Revision) *drift.Report {
	t.Helper()
	if testing.Short() {
		t.Skip("generates and type-checks two SDKs")
	}
	r, err := drift.Compare(base, head, moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r.Markdown())
	checkShape(t, r)
	return r
}

// checkShape asserts what every report must hold: no internal package, package paths relative to the module, and
// each Go change once.
func checkShape(t *testing.T, r *drift.Report) {
	t.Helper()
	seen := map[[2]string]bool{}
	for _, c := range r.GoChanges {
		if slices.Contains(strings.Split(c.Package, "/"), "internal") {
			t.Errorf("internal package in the report: %+v", c)
		}
		if !strings.HasPrefix(c.Package, "chatt2me") {
			t.Errorf("package %q is not relative to the module's generated/", c.Package)
		}
		if item := [2]string{c.Package, c.Message}; seen[item] {
			t.Errorf("reported twice: %s %s", c.Package, c.Message)
		} else {
			seen[item] = true
		}
	}
}

func TestNoChanges(t *testing.T) {
	t.Parallel()
	r := compare(t, current(t), current(t))
	if len(r.SpecChanges) != 0 || len(r.GoChanges) != 0 || r.Breaking() {
		t.Fatalf("changes between identical revisions: %+v", r)
	}
	if !strings.Contains(r.Markdown(), "**Not breaking**: 0 spec change(s), 0 Go API change(s), all compatible.") {
		t.Errorf("verdict: %s", r.Verdict())
	}
}

func TestEnumValueRemoved(t *testing.T) {
	t.Parallel()
	// Success, since the retry-failed rule of the fragment names Failed, the value a removal would break.
	head := edited(t, "      enum:\n        - Success\n        - Failed\n", "      enum:\n        - Failed\n")
	r := compare(t, current(t), head)
	var found *drift.SpecChange
	for i, c := range r.SpecChanges {
		if strings.Contains(c.ID, "enum-value-removed") && c.Breaking {
			found = &r.SpecChanges[i]
		}
	}
	if found == nil {
		t.Fatalf("a removed enum value is not reported as breaking: %+v", r.SpecChanges)
	}
	if g := findGo(r, "chatt2me/api", "WebhookLogStatusSuccess: removed"); g == nil || g.Compatible {
		t.Errorf("the removed enum constant is not an incompatible Go change: %+v", r.GoChanges)
	}
}

// TestRemovedContentKindIsBreaking removes a content kind from a channel, both taken from the model of the documents
// under test: the spec change and the Go changes (the union's methods, the channel's builder) are breaking.
func TestRemovedContentKindIsBreaking(t *testing.T) {
	t.Parallel()
	head := current(t)
	ch, kind := removableKind(t, testspec.Model(t), head.Bundle)
	head.Name = "edited"
	head.Bundle.Data = []byte(testspec.Edit(t, string(head.Bundle.Data), func(root *yaml.Node) {
		oneOf := testspec.Get(root, "components", "schemas", ch.ContentSchema, "oneOf")
		oneOf.Content = slices.DeleteFunc(oneOf.Content, func(n *yaml.Node) bool { return isRef(n, kind.Schema) })
	}))
	r := compare(t, current(t), head)
	c := findSpec(r, "request-property-one-of-removed", ch.Method+" "+ch.Path)
	if c == nil || !c.Breaking {
		t.Fatalf("removing %s from %s is not breaking: %+v", kind.Name, ch.Package, r.SpecChanges)
	}
	union := ch.ContentSchema
	for _, m := range []string{union + ".As" + kind.Schema + ": removed", "(*" + union + ").From" + kind.Schema + ": removed"} {
		if g := findGo(r, "chatt2me/api", m); g == nil || g.Compatible {
			t.Errorf("%q is not an incompatible Go change: %+v", m, r.GoChanges)
		}
	}
	// The builder disappears from the channel's package.
	if g := findGo(r, "chatt2me/"+ch.Package, kind.Name+": removed"); g == nil || g.Compatible {
		t.Errorf("%s.%s is not reported as removed: %+v", ch.Package, kind.Name, r.GoChanges)
	}
}

// removableKind picks a channel with more than one content kind whose content oneOf the bundle defines, and one of
// its kinds that the oneOf lists itself (not one the overlay put there).
func removableKind(t *testing.T, m *model.Model, bundle spec.Source) (model.Channel, model.Kind) {
	t.Helper()
	var found []model.Kind
	for _, ch := range m.Channels {
		testspec.Edit(t, string(bundle.Data), func(root *yaml.Node) {
			oneOf := testspec.Get(root, "components", "schemas", ch.ContentSchema, "oneOf")
			for _, k := range ch.Kinds {
				if oneOf != nil && slices.ContainsFunc(oneOf.Content, func(n *yaml.Node) bool { return isRef(n, k.Schema) }) {
					found = append(found, k)
				}
			}
		})
		if len(ch.Kinds) > 1 && len(found) > 0 {
			return ch, found[0]
		}
		found = nil
	}
	t.Fatal("no channel of the documents under test has more than one content kind listed in the bundle's oneOf")
	return model.Channel{}, model.Kind{}
}

// isRef reports whether n is a $ref to the component schema name.
func isRef(n *yaml.Node, name string) bool {
	ref := testspec.Get(n, "$ref")
	return ref != nil && ref.Value == "#/components/schemas/"+name
}

// TestOlderVendorRevision replays the drift from the committed older revision (webhooks under
// /v1/organization/application/{applicationId}, Messenger and Instagram only) to the current documents.
func TestOlderVendorRevision(t *testing.T) {
	t.Parallel()
	base := drift.Revision{Name: "2025-12-18", Bundle: source(t, "openapi/testdata/chatt2me-2025-12-18.yaml"),
		Fragment: source(t, "openapi/testdata/webchatt-2025-12-18.yaml")}
	r := compare(t, base, current(t))
	old := "/v1/organization/application/{applicationId}/webhook"
	for _, op := range []string{
		"POST " + old, "GET " + old, "GET " + old + "/{webhookId}", "PATCH " + old + "/{webhookId}",
		"DELETE " + old + "/{webhookId}", "GET " + old + "/{webhookId}/webhook-log",
		"POST " + old + "/{webhookId}/webhook-log/{webhookLogId}/retry", "POST " + old + "/{webhookId}/webhook-log/retry",
	} {
		if c := findSpec(r, "api-path-removed-without-deprecation", op); c == nil || !c.Breaking {
			t.Errorf("missing breaking removal of %s", op)
		}
	}
	for _, op := range []string{"POST /v1/communication/instagram/message", "POST /v1/communication/messenger/message"} {
		if c := findSpec(r, "api-security-removed", op); c == nil || !c.Breaking {
			t.Errorf("missing breaking removal of bearerAuth on %s", op)
		}
	}
	if c := findSpec(r, "endpoint-added", "POST /v1/communication/whatsapp/message"); c == nil || c.Breaking {
		t.Errorf("the WhatsApp send should be a non-breaking addition: %+v", c)
	}
	if g := findGo(r, "chatt2me/api", "WebhookLogStatusError: removed"); g == nil || g.Compatible {
		t.Errorf("the removed WebhookLogStatusError constant is not an incompatible Go change")
	}
	// apidiff reports an interface's new method both as compatible and incompatible; the report keeps it once.
	if g := findGo(r, "chatt2me/api", "ClientInterface.SendSMSMessage: added"); g == nil || g.Compatible {
		t.Errorf("the method added to ClientInterface is not one incompatible change: %+v", g)
	}
	// Packages added are named like the others, relative to generated/.
	if g := findGo(r, "chatt2me/sms", "package added"); g == nil || !g.Compatible {
		t.Errorf("the sms package is not reported as added under chatt2me/sms: %+v", r.GoChanges)
	}
	if md := r.Markdown(); strings.Contains(md, "#### `github.com/") || strings.Contains(md, "internal/") {
		t.Errorf("full import paths or internal packages in the report:\n%s", md)
	}
	if !r.Breaking() {
		t.Error("the older revision's drift is not breaking")
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	t.Parallel()
	r := &drift.Report{Base: "a", Head: "b", SpecChanges: []drift.SpecChange{{ID: "x", Level: "error", Breaking: true, Text: "a | b\nc"}}}
	md := r.Markdown()
	if !strings.Contains(md, "| **breaking** | error | `x` | — | a \\| b c |") {
		t.Errorf("table row not escaped:\n%s", md)
	}
	if _, err := os.Stat(moduleRoot + "/go.mod"); err != nil {
		t.Fatal(err)
	}
}
