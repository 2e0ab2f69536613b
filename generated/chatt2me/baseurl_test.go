package chatt2me_test

// Tests of the base URL: a path prefix is kept by every kind of call, and New accepts only what is safe to send the
// API key to.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"

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

// New refuses a base URL with a query, a fragment or userinfo, and one of plain http to a host other than a loopback
// address unless WithInsecureHTTP allows it; its message shows neither the userinfo, nor the query, nor the key.
func TestBaseURLsAreChecked(t *testing.T) {
	const only = `: a base URL is a scheme, a host, a port and a path only`
	const clear = ` would send the API key in clear text: use https, or WithInsecureHTTP() for a server on a network you trust ` +
		`(plain http to a loopback address needs no option)`
	const userinfo = ` holds a user name or password: remove it (the API key is the only credential the API takes)`
	for raw, want := range map[string]string{
		"https://gw.example/x?t=1":           `"https://gw.example/x" has a query ("?…")` + only,
		"https://gw.example/x?":              `"https://gw.example/x" has a query ("?…")` + only,
		"https://gw.example/?key=" + apiKey:  `"https://gw.example/" has a query ("?…")` + only,
		"https://gw.example/x#frag":          `"https://gw.example/x" has a fragment ("#…")` + only,
		"https://gw.example/x#":              `"https://gw.example/x" has a fragment ("#…")` + only,
		"https://ana:p4ss@gw.example/x":      `"https://gw.example/x"` + userinfo,
		"https://ana@gw.example":             `"https://gw.example"` + userinfo,
		"https://ana:p4ss@gw.example:port/x": `"https://gw.example:port/x" is not an absolute http(s) URL`,
		"ana:p4ss@gw.example":                `"gw.example" is not an absolute http(s) URL`,
		"http://gw.example":                  `"http://gw.example"` + clear,
		"HTTP://gw.example:8080/chatt2me":    `"HTTP://gw.example:8080/chatt2me"` + clear,
		"http://localhost.gw.example":        `"http://localhost.gw.example"` + clear,
		"http://127.0.0.1.gw.example":        `"http://127.0.0.1.gw.example"` + clear,
		"http://10.0.0.7:8080":               `"http://10.0.0.7:8080"` + clear,
		"http://gw.example/" + apiKey:        `"http://gw.example/[redacted]"` + clear,
		"":                                   `"" is not an absolute http(s) URL`,
		"ftp://gw.example":                   `"ftp://gw.example" is not an absolute http(s) URL`,
	} {
		_, err := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(raw))
		var ce *chatt2me.ConfigError
		if !errors.As(err, &ce) || ce.Option != "WithBaseURL" || err.Error() != "chatt2me: WithBaseURL: "+want {
			t.Errorf("%s: error %v\nwant a ConfigError chatt2me: WithBaseURL: %s", raw, err, want)
		}
		if err != nil && (strings.Contains(err.Error(), "p4ss") || strings.Contains(err.Error(), "ana") || strings.Contains(err.Error(), apiKey)) {
			t.Errorf("%s: the error shows a credential: %v", raw, err)
		}
	}
	for _, raw := range []string{"http://127.0.0.1:8080", "http://127.3.2.1", "http://localhost:8080/x/", "http://LocalHost", "http://[::1]:8080",
		"https://gw.example", "https://gw.example:8443/chatt2me/"} {
		if _, err := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(raw)); err != nil {
			t.Errorf("%s: %v", raw, err)
		}
	}
	for _, raw := range []string{"http://gw.example", "http://10.0.0.7:8080/chatt2me"} {
		if _, err := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(raw), chatt2me.WithInsecureHTTP()); err != nil {
			t.Errorf("%s with WithInsecureHTTP: %v", raw, err)
		}
	}
}
