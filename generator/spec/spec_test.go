package spec_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

func TestRepositorySpecMergesAndValidates(t *testing.T) {
	doc := loadRepoSpec(t)
	var ops []string
	for path, item := range doc.T.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, method+" "+path+" "+op.OperationID)
		}
	}
	sort.Strings(ops)
	want := []string{
		"DELETE /v1/organization/webhook/{webhookId} deleteWebhook",
		"GET /v1/organization/webhook listWebhooks",
		"GET /v1/organization/webhook/{webhookId} getWebhook",
		"GET /v1/organization/webhook/{webhookId}/webhook-log listWebhookLogs",
		"PATCH /v1/organization/webhook/{webhookId} updateWebhook",
		"POST /v1/communication/instagram/message sendInstagramMessage",
		"POST /v1/communication/messenger/message sendMessengerMessage",
		"POST /v1/communication/sms/message sendSMSMessage",
		"POST /v1/communication/telegram/message sendTelegramMessage",
		"POST /v1/communication/web-chatt2me/message sendWebChattMessage",
		"POST /v1/communication/whatsapp/message sendWhatsAppMessage",
		"POST /v1/organization/webhook createWebhook",
		"POST /v1/organization/webhook/{webhookId}/webhook-log/retry retryWebhookLogs",
		"POST /v1/organization/webhook/{webhookId}/webhook-log/{webhookLogId}/retry retryWebhookLog",
	}
	if strings.Join(ops, "\n") != strings.Join(want, "\n") {
		t.Fatalf("operations:\n%s\nwant:\n%s", strings.Join(ops, "\n"), strings.Join(want, "\n"))
	}
	if doc.T.Extensions["x-chatt2me-channels"] == nil {
		t.Fatal("the fragment's x-chatt2me-channels extension is missing from the merged document")
	}
	for _, name := range []string{"Message", "MessageStatus", "ErrorResponse", "SendMessageOutput", "Webhook", "WebhookLog"} {
		if doc.T.Components.Schemas[name] == nil {
			t.Errorf("component schema %s is missing", name)
		}
	}
	if file, _, _ := doc.Where("/components/schemas/SendWebChattMessageInput"); file != fragmentPath {
		t.Errorf("SendWebChattMessageInput comes from %q, want %q", file, fragmentPath)
	}
	if file, line, _ := doc.Where("/paths/~1v1~1communication~1whatsapp~1message/post"); file != bundlePath || line == 0 {
		t.Errorf("the WhatsApp path comes from %q:%d, want %q", file, line, bundlePath)
	}
}

func TestVendorFileHasNoExtensions(t *testing.T) {
	src, err := spec.ReadSource(bundlePath)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src.Data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "x-") {
			t.Errorf("%s:%d: x- extensions belong in the hand-written fragment: %s", bundlePath, i+1, line)
		}
	}
}

func TestMergeIsDeterministic(t *testing.T) {
	a, b := loadRepoSpec(t), loadRepoSpec(t)
	if string(a.YAML) != string(b.YAML) {
		t.Fatal("two merges of the same input differ")
	}
}

const miniBundle = `openapi: 3.0.3
info:
  title: mini
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A'
components:
  schemas:
    A:
      type: object
      properties:
        name:
          type: string
`

func TestMergeErrors(t *testing.T) {
	fragmentHeader := "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\n"
	cases := []struct {
		name, bundle, fragment string
		want                   string
	}{
		{"path collides", miniBundle, fragmentHeader + "paths:\n  /a:\n    post:\n      responses:\n        '204':\n          description: no\n",
			"fragment.yaml:6: /paths/~1a: also defined, differently, in bundle.yaml:6"},
		{"component redefined differently", miniBundle, fragmentHeader + "components:\n  schemas:\n    A:\n      type: string\n",
			"fragment.yaml:7: /components/schemas/A: also defined, differently, in bundle.yaml:18"},
		{"unresolved reference", miniBundle, fragmentHeader + "paths:\n  /b:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n",
			`fragment.yaml:14: /paths/~1b/get/responses/200/content/application~1json/schema: unresolved reference "#/components/schemas/Missing": nothing at /components/schemas/Missing in the merged document`},
		{"reference to another file", miniBundle, fragmentHeader + "components:\n  schemas:\n    B:\n      $ref: 'other.yaml#/B'\n",
			`fragment.yaml:8: /components/schemas/B: reference "other.yaml#/B" points outside the merged document`},
		{"YAML syntax error", miniBundle, fragmentHeader + "paths:\n  /b: [\n", "fragment.yaml:6: YAML syntax error: did not find expected node content"},
		{"unsupported version", strings.Replace(miniBundle, "3.0.3", "3.1.0", 1), fragmentHeader,
			`bundle.yaml:1: /openapi: OpenAPI version "3.1.0" is not supported; use 3.0.x`},
		{"empty paths", strings.Replace(miniBundle, "paths:\n  /a:", "paths: {}\nx-old:\n  /a:", 1), fragmentHeader,
			"bundle.yaml:5: /paths: the document has no paths"},
		{"fragment changes servers", miniBundle, fragmentHeader + "servers:\n  - url: https://example.com\n",
			"fragment.yaml:5: /servers: a fragment may only add paths, components, tags and x- extensions"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(tc.bundle)}, spec.Source{Name: "fragment.yaml", Data: []byte(tc.fragment)})
			var specErr *spec.Error
			if !errors.As(err, &specErr) {
				t.Fatalf("error %v (%T), want *spec.Error", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error\n  %v\nwant prefix\n  %s", err, tc.want)
			}
		})
	}
}

func TestIdenticalComponentOnBothSidesIsAccepted(t *testing.T) {
	fragment := "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        name: {type: string}\n"
	doc, err := spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle)}, spec.Source{Name: "fragment.yaml", Data: []byte(fragment)})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(doc.YAML), "\n    A:\n"); n != 1 {
		t.Fatalf("schema A appears %d times in the merged document, want 1", n)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := spec.Load(bundlePath, "testdata/does-not-exist.yaml")
	want := "testdata/does-not-exist.yaml: cannot read the document: no such file or directory"
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
}

func TestInvalidSchemaIsLocated(t *testing.T) {
	fragment := "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\ncomponents:\n  schemas:\n    Bad:\n      type: object\n      properties:\n        n:\n          type: wrong\n"
	_, err := spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle)}, spec.Source{Name: "fragment.yaml", Data: []byte(fragment)})
	if err == nil || !strings.HasPrefix(err.Error(), "fragment.yaml:7: /components/schemas/Bad: ") {
		t.Fatalf("error %v, want it placed at fragment.yaml:7 /components/schemas/Bad", err)
	}
}
