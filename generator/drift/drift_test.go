package drift_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/drift"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const moduleRoot = "../.."

func source(t *testing.T, name string) spec.Source {
	t.Helper()
	src, err := spec.ReadSource(moduleRoot + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func current(t *testing.T) drift.Revision {
	return drift.Revision{Name: "current", Bundle: source(t, "openapi/chatt2me.yaml"), Fragment: source(t, "openapi/webchatt.yaml")}
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
	head := edited(t, "      enum:\n        - Success\n        - Failed\n", "      enum:\n        - Success\n")
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
	if g := findGo(r, "chatt2me/api", "WebhookLogStatusFailed: removed"); g == nil || g.Compatible {
		t.Errorf("the removed enum constant is not an incompatible Go change: %+v", r.GoChanges)
	}
}

func TestRemovedContentKindIsBreaking(t *testing.T) {
	t.Parallel()
	// Telegram's kinds are the only ones where DocumentContent comes right before StickerContent and, later, ListContent.
	rest := "        - $ref: '#/components/schemas/StickerContent'\n        - $ref: '#/components/schemas/LocationContent'\n" +
		"        - $ref: '#/components/schemas/ContactContent'\n        - $ref: '#/components/schemas/ContactsContent'\n" +
		"        - $ref: '#/components/schemas/ListContent'"
	head := edited(t, "        - $ref: '#/components/schemas/DocumentContent'\n"+rest, rest)
	r := compare(t, current(t), head)
	c := findSpec(r, "request-property-one-of-removed", "POST /v1/communication/telegram/message")
	if c == nil || !c.Breaking {
		t.Fatalf("removing Document from Telegram is not breaking: %+v", r.SpecChanges)
	}
	for _, m := range []string{"SendTelegramMessageContent.AsDocumentContent: removed",
		"(*SendTelegramMessageContent).FromDocumentContent: removed"} {
		if g := findGo(r, "chatt2me/api", m); g == nil || g.Compatible {
			t.Errorf("%q is not an incompatible Go change: %+v", m, r.GoChanges)
		}
	}
	// The builder disappears from the Telegram package.
	if g := findGo(r, "chatt2me/telegram", "Document: removed"); g == nil || g.Compatible {
		t.Errorf("telegram.Document is not reported as removed: %+v", r.GoChanges)
	}
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
