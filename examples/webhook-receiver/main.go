// Command webhook-receiver receives signed MessageStatus events: it serves an HTTPS endpoint with webhook.Handler,
// registers it as a webhook that requires signatures, sends a WhatsApp message and prints the sent, delivered and
// read events the sandbox delivers. It then shows that tampered, stale and unsigned deliveries are refused, and that
// a replayed one does not reach the callback twice.
//
// Against the real API (CHATT2ME_BASE_URL and CHATT2ME_API_KEY set), set CHATT2ME_WEBHOOK_URL to a public HTTPS
// address that reaches CHATT2ME_WEBHOOK_LISTEN (such as :8080 behind your TLS proxy); it then runs until
// interrupted. Without CHATT2ME_WEBHOOK_LISTEN it registers the webhook and stops.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// receiver is the endpoint: webhook.Handler once the signing secret is known, before that endpoint checks only.
type receiver struct {
	handler atomic.Pointer[webhook.Handler]
	mu      sync.Mutex
	events  []string
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	h := r.handler.Load()
	if h == nil {
		h = &webhook.Handler{} // answers the endpoint check (X-Validation-Token) made at registration
	}
	h.ServeHTTP(w, req)
}

func (r *receiver) onStatus(_ context.Context, s *api.MessageStatus) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, string(s.Status))
	return nil
}

func run(w io.Writer) error {
	rcv := &receiver{}
	var endpoint string
	var srv *httptest.Server
	if os.Getenv("CHATT2ME_BASE_URL") == "" {
		srv = httptest.NewTLSServer(rcv)
		defer srv.Close()
		endpoint = srv.URL + "/hooks/chatt2me"
	} else if endpoint = os.Getenv("CHATT2ME_WEBHOOK_URL"); endpoint == "" {
		return errors.New("against the real API, set CHATT2ME_WEBHOOK_URL (and CHATT2ME_WEBHOOK_LISTEN to receive)")
	}
	var client *http.Client
	if srv != nil {
		client = srv.Client()
	}
	e, err := env.NewWithWebhookClient(client)
	if err != nil {
		return err
	}
	defer e.Close()
	ctx := context.Background()

	signed := true
	created, err := e.Client.API.CreateWebhookWithResponse(ctx, api.CreateWebhookInput{
		Label: "status-events", Endpoint: endpoint, EventType: api.EventTypeMessageStatus,
		AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: &signed,
	})
	if err != nil {
		return err
	}
	if created.JSON201 == nil || created.JSON201.SigningSecret == nil {
		return fmt.Errorf("creating the webhook: HTTP %d %s", created.StatusCode(), created.Body)
	}
	verified := created.JSON201.IsVerified != nil && *created.JSON201.IsVerified
	fmt.Fprintf(w, "webhook %s registered for %s (verified: %v)\n", created.JSON201.Id, endpoint, verified)
	rcv.handler.Store(&webhook.Handler{Secret: *created.JSON201.SigningSecret, OnStatus: rcv.onStatus})

	if srv == nil {
		listen := os.Getenv("CHATT2ME_WEBHOOK_LISTEN")
		if listen == "" {
			return nil // registered only: nothing to listen with
		}
		fmt.Fprintf(w, "listening on %s; interrupt to stop\n", listen)
		return (&http.Server{Addr: listen, Handler: rcv, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe()
	}

	uuid, _ := e.Channel("whatsapp")
	res, err := e.Client.WhatsApp.Send(ctx, whatsapp.FromChannel(uuid), "5511987654321", whatsapp.Text("Track me"))
	if err != nil {
		return err
	}
	e.Sandbox.Wait() // the sandbox delivers sent, delivered and read
	rcv.mu.Lock()
	got := strings.Join(rcv.events, " → ")
	rcv.mu.Unlock()
	fmt.Fprintf(w, "message %s: %s\n", res.MessageID, got)
	if got != "sent → delivered → read" {
		return fmt.Errorf("received %q, want sent → delivered → read", got)
	}

	// Deliveries the handler must refuse.
	body := []byte(`{"eventType":"MessageStatus","messageId":"` + res.MessageID + `","status":"read","timestamp":0,"channel":"whatsapp"}`)
	secret := *created.JSON201.SigningSecret
	for _, bad := range []struct{ label, signature, body string }{
		{"tampered", webhook.Sign(secret, time.Now(), body), strings.Replace(string(body), "read", "failed", 1)},
		{"stale", webhook.Sign(secret, time.Now().Add(-10*time.Minute), body), string(body)},
		{"unsigned", "", string(body)},
	} {
		req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(bad.body))
		if bad.signature != "" {
			req.Header.Set(webhook.SignatureHeader, bad.signature)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			return err
		}
		reason, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Fprintf(w, "%s delivery: HTTP %d %s", bad.label, resp.StatusCode, reason)
		if resp.StatusCode != http.StatusUnauthorized {
			return fmt.Errorf("the %s delivery was accepted", bad.label)
		}
	}
	// A replay of a delivery already accepted is answered 200 but does not reach the callback again.
	signature := webhook.Sign(secret, time.Now(), body)
	for _, label := range []string{"fresh", "replayed"} {
		req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(string(body)))
		req.Header.Set(webhook.SignatureHeader, signature)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return err
		}
		reason, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Fprintf(w, "%s delivery: HTTP %d %s\n", label, resp.StatusCode, reason)
	}
	rcv.mu.Lock()
	received := len(rcv.events)
	rcv.mu.Unlock()
	if received != 4 {
		return fmt.Errorf("the callback received %d events, want the 3 sandbox events and the fresh one", received)
	}
	logs, err := e.Client.API.ListWebhookLogsWithResponse(ctx, created.JSON201.Id, &api.ListWebhookLogsParams{})
	if err != nil || logs.JSON200 == nil {
		return fmt.Errorf("listing the delivery logs: %v", err)
	}
	fmt.Fprintf(w, "delivery log: %d entries, the newest %s\n", logs.JSON200.Pagination.Total, logs.JSON200.Data[0].Status)
	return nil
}
