package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
)

// A body over 1 MiB is answered 413 on every route, the sandbox's own included, and nothing of it is acted on: a
// valid send followed by padding and garbage is not a send the API would accept. A body of exactly 1 MiB is read
// whole.
func TestBodiesOver1MiBAreRefused(t *testing.T) {
	sb, srv, _ := start(t, sandbox.Config{})
	send := `{"from":"` + channel("sms").UUID + `","to":"+12025551234","content":{"text":"hi"}}`
	const tooLarge = `{"errorMessage":"the body is larger than 1 MiB"}`
	for _, tc := range []struct {
		name, path, body string
	}{
		{"a send and garbage", "/v1/communication/sms/message", send + strings.Repeat(" ", 1<<20) + "GARBAGE{{{"},
		{"a webhook", "/v1/organization/webhook", `{"label":"` + strings.Repeat("x", 2<<20) + `"}`},
		{"a session", "/sandbox/webchatt/sessions", `{"visitorId":"` + strings.Repeat("v", 2<<20) + `"}`},
		{"an inbound message", "/sandbox/inbound", `{"channelId":"` + channel("sms").UUID + `","from":"+1","text":"` + strings.Repeat("t", 2<<20) + `"}`},
	} {
		if status, body := raw(t, srv, http.MethodPost, tc.path, key, tc.body); status != http.StatusRequestEntityTooLarge || body != tooLarge {
			t.Errorf("%s: %d %.200s, want 413 %s", tc.name, status, body, tooLarge)
		}
	}
	if got := sb.Messages(); len(got) != 0 {
		t.Errorf("messages recorded: %d", len(got))
	}
	exact := send + strings.Repeat(" ", 1<<20-len(send))
	if status, body := raw(t, srv, http.MethodPost, "/v1/communication/sms/message", key, exact); status != http.StatusOK {
		t.Errorf("a send of exactly 1 MiB: %d %s", status, body)
	}
}
