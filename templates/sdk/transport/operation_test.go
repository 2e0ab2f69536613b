package transport

import (
	"net/url"
	"testing"
)

// A request's path is matched against the routes below the base URL's path, a parameter standing for one segment
// (or part of one) of any text but "/", escaped or not; the first route of the table that fits wins, so that a
// literal segment is preferred to a parameter.
func TestMatchFindsTheOperationOfAPath(t *testing.T) {
	tr, err := New("https://api.chatt2.me/gateway/", "test", WithAPIKey("test-api-key-0001"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ method, url, want string }{
		{"POST", "https://api.chatt2.me/gateway/v1/communication/whatsapp/message", "sendWhatsAppMessage"},
		{"GET", "https://api.chatt2.me/gateway/v1/organization/webhook/0b7e5c2a", "getWebhook"},
		{"GET", "https://api.chatt2.me/gateway/v1/organization/webhook/a%2Fb", "getWebhook"},
		{"GET", "https://api.chatt2.me/gateway/v1/organization/webhook/logs", "listAllWebhookLogs"},
		{"GET", "https://api.chatt2.me/gateway/v1/organization/webhook/l%6Fgs", "listAllWebhookLogs"},
		{"POST", "https://api.chatt2.me/gateway/v1/organization/webhook/w1/webhook-log/retry", "retryWebhookLogs"},
		{"POST", "https://api.chatt2.me/gateway/v1/organization/webhook/w1/webhook-log/l1/retry", "retryWebhookLog"},
		{"GET", "https://api.chatt2.me/gateway/v1/media/m1.json", "getMedia"},
		{"GET", "https://api.chatt2.me/gateway/v1/media/.json", ""},
		{"GET", "https://api.chatt2.me/gateway/v1/media/m1.xml", ""},
		{"GET", "https://api.chatt2.me/gateway/v1/organization/webhook/", ""},
		{"DELETE", "https://api.chatt2.me/gateway/v1/organization/webhook/0b7e5c2a", ""},
		{"GET", "https://api.chatt2.me/v1/organization/webhook/0b7e5c2a", ""},
		{"GET", "https://api.chatt2.me/gateway/v1/organization/webhook/0b7e5c2a/more", ""},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if op := tr.match(tc.method, u); op != nil {
			got = op.ID
		}
		if got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.method, tc.url, got, tc.want)
		}
	}
}
