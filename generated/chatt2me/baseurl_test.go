package chatt2me_test

// Tests of the base URL: a path prefix is kept by every kind of call, and New accepts only what is safe to send the
// API key to.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
)

// A base URL with a path (a gateway that routes by prefix) is kept by the sends, the facade and the low-level client
// alike, with or without a trailing slash.
func TestABasePathIsKeptByEveryCall(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			_, _ = w.Write([]byte(`{"messageId":"m1","status":"sent"}`))
		case r.URL.Path == "/chatt2me/v1/organization/webhook":
			_, _ = w.Write([]byte(`{"data":[` + webhookJSON + `],"pagination":{"offset":0,"limit":50,"total":1,"totalPages":1}}`))
		default:
			_, _ = w.Write([]byte(webhookJSON))
		}
	}))
	defer srv.Close()
	want := []string{
		"POST /chatt2me/v1/communication/sms/message",
		"GET /chatt2me/v1/organization/webhook/" + webhookID,
		"GET /chatt2me/v1/organization/webhook",
		"GET /chatt2me/v1/organization/webhook",
		"GET /chatt2me/v1/organization/webhook/" + webhookID,
	}
	for _, base := range []string{srv.URL + "/chatt2me", srv.URL + "/chatt2me/"} {
		paths = nil
		c := newClient(t, base)
		ctx := context.Background()
		if _, err := c.SMS.Send(ctx, sms.FromChannel(channelUUID), "+12025551234", sms.Text("hi")); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Webhooks.Get(ctx, webhookID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Webhooks.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
		for _, err := range c.Webhooks.All(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.API.GetWebhookWithResponse(ctx, api.WebhookId(webhookID)); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(paths, want) {
			t.Errorf("base URL %s: requests\n  %q\nwant\n  %q", base, paths, want)
		}
	}
}
