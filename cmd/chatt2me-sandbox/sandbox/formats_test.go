package sandbox_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// The inputs of issue 11 that the sandbox used to accept: each is refused with a 400 naming the field, and, where
// the SDK checks the field, by the SDK's own validation before any traffic, naming the same field.
func TestFormatsAndPatternsAreChecked(t *testing.T) {
	_, srv, _ := start(t, sandbox.Config{})
	wa := channel("whatsapp").UUID
	contact := func(opt whatsapp.ContactOption) whatsapp.Content { return whatsapp.Contact("Ana", opt) }
	cases := []struct {
		name, method, path, body string
		want                     string // the sandbox's errorMessage
		sdk                      whatsapp.Content
		field, problem           string // the SDK's ValidationError
	}{
		{"template id", http.MethodPost, "/v1/communication/whatsapp/message", `{"template":{"id":"not-a-uuid"}}`,
			`invalid content.template.id: string doesn't match the format "uuid" (not a UUID)`,
			whatsapp.Template("not-a-uuid"), "content.template.id", `must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "not-a-uuid")`},
		{"contact email", http.MethodPost, "/v1/communication/whatsapp/message",
			`{"contact":{"name":{"formattedName":"Ana"},"emails":[{"email":"not an email"}]}}`,
			`invalid content.contact.emails[0].email: string doesn't match the format "email" (not an email address)`,
			contact(whatsapp.Emails(whatsapp.NewContactEmail("not an email"))),
			"content.contact.emails[0].email", `must be an email address (got "not an email")`},
		{"contact URL", http.MethodPost, "/v1/communication/whatsapp/message",
			`{"contact":{"name":{"formattedName":"Ana"},"urls":[{"url":"::nope"}]}}`,
			`invalid content.contact.urls[0].url: string doesn't match the format "uri" (not an absolute URI)`,
			contact(whatsapp.URLs(whatsapp.NewContactURL("::nope"))),
			"content.contact.urls[0].url", `must be an absolute URI (got "::nope")`},
		{"image URL with a no-break space", http.MethodPost, "/v1/communication/whatsapp/message",
			`{"imageUrl":"https://example.com/a\u00a0b.png"}`,
			`invalid content.imageUrl: string doesn't match the regular expression "^https://[^\s]+$"`,
			whatsapp.Image("https://example.com/a\u00a0b.png"), "content.imageUrl",
			`must match ^https://[^\s]+$ (got "https://example.com/a\u00a0b.png")`},
		{"webhook id in the path", http.MethodGet, "/v1/organization/webhook/not-a-uuid", ``,
			`invalid parameter webhookId: string doesn't match the format "uuid" (not a UUID)`, whatsapp.Content{}, "", ""},
	}
	for _, tc := range cases {
		body := tc.body
		if tc.method == http.MethodPost {
			body = `{"from":"` + wa + `","to":"5511987654321","content":` + body + `}`
		}
		status, got := raw(t, srv, tc.method, tc.path, key, body)
		var answer struct{ ErrorMessage string }
		if err := json.Unmarshal([]byte(got), &answer); err != nil || status != http.StatusBadRequest || answer.ErrorMessage != tc.want {
			t.Errorf("%s: the sandbox answered %d %s, want 400 with the errorMessage %s", tc.name, status, got, tc.want)
		}
		if tc.field == "" {
			continue // the SDK leaves path parameters of the low-level client to the server
		}
		_, err := whatsapp.MarshalRequest(whatsapp.FromChannel(wa), "5511987654321", tc.sdk)
		var ve *chatt2me.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || ve.Problem != tc.problem {
			t.Errorf("%s: the SDK returned %v, want a ValidationError for %s: %s", tc.name, err, tc.field, tc.problem)
		}
	}
}

// The sandbox's checks are its own: its patterns keep their ECMA-262 meaning although kin-openapi's process-wide
// cache of compiled patterns holds the Go meaning of the same text, and the rest of the process keeps kin-openapi's
// meaning of patterns and formats (nothing is registered process-wide).
func TestChecksStayInTheSandbox(t *testing.T) {
	elsewhere := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Pattern: `^https://[^\s]+$`}
	uuid := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: "uuid"}
	nbsp := "https://example.com/a\u00a0b.png"
	if err := elsewhere.VisitJSON(nbsp); err != nil { // compiles the pattern with Go's meaning, into kin-openapi's cache
		t.Fatalf("kin-openapi itself: %v", err)
	}
	_, srv, _ := start(t, sandbox.Config{})
	body := `{"from":"` + channel("whatsapp").UUID + `","to":"5511987654321","content":{"imageUrl":"https://example.com/a\u00a0b.png"}}`
	want := `{"errorMessage":"invalid content.imageUrl: string doesn't match the regular expression \"^https://[^\\s]+$\""}`
	if status, got := raw(t, srv, http.MethodPost, "/v1/communication/whatsapp/message", key, body); status != http.StatusBadRequest || got != want {
		t.Errorf("the sandbox answered %d %s, want 400 %s", status, got, want)
	}
	if err := elsewhere.VisitJSON(nbsp); err != nil {
		t.Errorf("after the sandbox, kin-openapi elsewhere in the process: %v", err)
	}
	if err := uuid.VisitJSON("not-a-uuid"); err != nil {
		t.Errorf("after the sandbox, kin-openapi checks format uuid elsewhere in the process: %v", err)
	}
}
