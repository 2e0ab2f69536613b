package drift_test

import (
	"os"
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

func compare(t *testing.T, base, head drift.Revision) *drift.Report {
	t.Helper()
	r, err := drift.Compare(base, head, moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r.Markdown())
	return r
}

func TestNoChanges(t *testing.T) {
	t.Parallel()
	r := compare(t, current(t), current(t))
	if len(r.SpecChanges) != 0 || len(r.GoChanges) != 0 || r.Breaking() {
		t.Fatalf("changes between identical revisions: %+v", r)
	}
	if !strings.Contains(r.Markdown(), "**Not breaking**: 0 spec change(s), 0 Go API change(s)") {
		t.Errorf("verdict: %s", r.Verdict())
	}
}

func TestRemovedOperation(t *testing.T) {
	t.Parallel()
	head := edited(t, `    get:
      tags:
        - Webhooks
      operationId: listWebhookLogs`, `    x-removed:
      tags:
        - Webhooks
      operationId: listWebhookLogs`)
	r := compare(t, current(t), head)
	c := findSpec(r, "api-removed-without-deprecation", "GET /v1/organization/webhook/{webhookId}/webhook-log")
	if c == nil || !c.Breaking || c.Level != "error" {
		t.Fatalf("removed operation not reported as a breaking error: %+v", c)
	}
	if g := findGo(r, "chatt2me/api", "(*Client).ListWebhookLogs: removed"); g == nil || g.Compatible {
		t.Errorf("the removed client method is not an incompatible Go change: %+v", r.GoChanges)
	}
	if !r.Breaking() || !strings.HasPrefix(r.Verdict(), "**Breaking**") {
		t.Errorf("verdict: %s", r.Verdict())
	}
}

func TestPropertyMadeRequired(t *testing.T) {
	t.Parallel()
	head := edited(t, `      description: Fields to change on a webhook; absent fields stay as they are.
      additionalProperties: false
      properties:`, `      description: Fields to change on a webhook; absent fields stay as they are.
      additionalProperties: false
      required:
        - requiresSignature
      properties:`)
	r := compare(t, current(t), head)
	c := findSpec(r, "request-property-became-required", "PATCH /v1/organization/webhook/{webhookId}")
	if c == nil || !c.Breaking {
		t.Fatalf("a property made required is not breaking: %+v", r.SpecChanges)
	}
	if g := findGo(r, "chatt2me/api", "UpdateWebhookInput.RequiresSignature: changed from *bool to bool"); g == nil || g.Compatible {
		t.Errorf("the field type change is not an incompatible Go change: %+v", r.GoChanges)
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

func TestNewContentKindIsNotBreaking(t *testing.T) {
	t.Parallel()
	head := edited(t, "        - $ref: '#/components/schemas/MarkSeenContent'\n    SendMessengerMessageContent:",
		"        - $ref: '#/components/schemas/MarkSeenContent'\n        - $ref: '#/components/schemas/DocumentContent'\n    SendMessengerMessageContent:")
	r := compare(t, current(t), head)
	if r.Breaking() {
		t.Fatalf("a new content kind on Instagram is reported as breaking:\n%s", r.Markdown())
	}
	if len(r.SpecChanges) == 0 {
		t.Error("the new content kind is not in the changelog")
	}
	if g := findGo(r, "chatt2me/api", "SendInstagramMessageContent.AsDocumentContent: added"); g == nil || !g.Compatible {
		t.Errorf("the new union accessor is not a compatible Go change: %+v", r.GoChanges)
	}
	if g := findGo(r, "chatt2me/instagram", "Document: added"); g == nil || !g.Compatible {
		t.Errorf("instagram.Document is not reported as a compatible addition: %+v", r.GoChanges)
	}
}

func TestRemovedContentKindIsBreaking(t *testing.T) {
	t.Parallel()
	head := edited(t, "        - $ref: '#/components/schemas/DocumentContent'\n        - $ref: '#/components/schemas/StickerContent'\n        - $ref: '#/components/schemas/LocationContent'\n        - $ref: '#/components/schemas/ContactContent'\n        - $ref: '#/components/schemas/ContactsContent'\n        - $ref: '#/components/schemas/ListContent'",
		"        - $ref: '#/components/schemas/StickerContent'\n        - $ref: '#/components/schemas/LocationContent'\n        - $ref: '#/components/schemas/ContactContent'\n        - $ref: '#/components/schemas/ContactsContent'\n        - $ref: '#/components/schemas/ListContent'")
	r := compare(t, current(t), head)
	c := findSpec(r, "request-property-one-of-removed", "POST /v1/communication/telegram/message")
	if c == nil || !c.Breaking {
		t.Fatalf("removing Document from Telegram is not breaking: %+v", r.SpecChanges)
	}
	for _, m := range []string{"SendTelegramMessageContent.AsDocumentContent: removed", "(*SendTelegramMessageContent).FromDocumentContent: removed"} {
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
