package sandbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// POST /sandbox/inbound delivers a signed Message event, with a text or any content object, to a webhook.Handler,
// whose OnMessage receives it typed; content the document's Message schema refuses is answered 400.
func TestInboundDeliversTypedMessages(t *testing.T) {
	var mu sync.Mutex
	var got []string
	onMessage := func(_ context.Context, m *webhook.Message) error {
		mu.Lock()
		defer mu.Unlock()
		switch c := m.Content.(type) {
		case webhook.Text:
			got = append(got, "text "+c.Text)
		case webhook.Interactive:
			got = append(got, "interactive "+c.Interactive.Kind())
		case webhook.UnknownContent:
			got = append(got, "unknown "+c.Type+" "+string(c.Raw))
		default:
			got = append(got, "other "+c.Kind())
		}
		return nil
	}
	// The Handler answers the endpoint check made at registration, before the secret is known.
	handler := &webhook.Handler{AwaitSecret: true, OnMessage: onMessage}
	receiver := httptest.NewTLSServer(handler)
	defer receiver.Close()
	_, srv, c := start(t, sandbox.Config{HTTPClient: receiver.Client()})
	signed := true
	created, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "inbound", Endpoint: receiver.URL,
		EventType: api.EventTypeMessage, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: &signed})
	if err != nil || created.SigningSecret == nil {
		t.Fatalf("create: %v %+v", err, created)
	}
	if err := handler.SetSecret(*created.SigningSecret); err != nil {
		t.Fatal(err)
	}

	from := channel("whatsapp").UUID
	for _, body := range []string{
		`{"channelId":"` + from + `","from":"5511993986082","text":"Hello"}`,
		`{"channelId":"` + from + `","from":"5511993986082","content":{"type":"interactive","interactive":{"type":"button_reply",` +
			`"button_reply":{"id":"SUPPORT","title":"Support"}}}}`,
		`{"channelId":"` + from + `","from":"5511993986082","content":{"type":"sticker","stickerUrl":"https://cdn.example/s.webp"}}`,
	} {
		if status, answer := raw(t, srv, http.MethodPost, "/sandbox/inbound", "", body); status != http.StatusAccepted {
			t.Fatalf("%s: %d %s", body, status, answer)
		}
	}
	mu.Lock()
	want := `text Hello|interactive button_reply|unknown sticker {"type":"sticker","stickerUrl":"https://cdn.example/s.webp"}`
	if strings.Join(got, "|") != want {
		t.Errorf("OnMessage received %q, want %q", strings.Join(got, "|"), want)
	}
	mu.Unlock()

	for _, tc := range []struct{ body, want string }{
		{`{"channelId":"` + from + `","from":"u","content":{"text":"no type"}}`,
			`the Message event would not match the document: invalid content.type: property \"type\" is missing`},
		{`{"channelId":"` + from + `","from":"u","text":"a","content":{"type":"text","text":"b"}}`, `expected {\"channelId\"`},
		{`{"channelId":"` + from + `","from":"u","content":"text"}`, `the Message event would not match the document`},
	} {
		if status, answer := raw(t, srv, http.MethodPost, "/sandbox/inbound", "", tc.body); status != http.StatusBadRequest ||
			!strings.Contains(answer, tc.want) {
			t.Errorf("%s: %d %s, want 400 with %q", tc.body, status, answer, tc.want)
		}
	}
}
