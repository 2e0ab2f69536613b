// Command webhook-receiver receives signed webhook events: it serves an HTTPS endpoint with two webhook.Handlers,
// registers two webhooks that require signatures (MessageStatus events at <endpoint>/status, Message events at
// <endpoint>/messages), sends a WhatsApp message and prints the sent, delivered and read events the sandbox
// delivers. It then shows that tampered, stale and unsigned deliveries are refused, and that an event delivered again
// (signed anew, or replayed) does not reach the callback twice. Last, a customer writes in: the Message events' content arrives typed (a text, then the
// button the customer pressed on the answer, a location, an image, and a kind the SDK does not know, kept raw), and
// the receiver switches on it.
//
// Against the real API (CHATT2ME_BASE_URL and CHATT2ME_API_KEY set), set CHATT2ME_WEBHOOK_URL to a public HTTPS
// address that reaches CHATT2ME_WEBHOOK_LISTEN (such as :8080 behind your TLS proxy); it then runs until
// interrupted, printing what it receives. Without CHATT2ME_WEBHOOK_LISTEN it registers the webhooks and stops.
package main

import (
	"bytes"
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

// receiver is one endpoint: a webhook.Handler that answers the endpoint check made at registration, before the
// webhook's signing secret is known (AwaitSecret), and verifies deliveries once it is set. It records what its
// callbacks receive, and prints Message events to live when set.
type receiver struct {
	*webhook.Handler
	mu       sync.Mutex
	events   []string
	messages []*webhook.Message
	live     io.Writer
}

func newReceiver() *receiver {
	r := &receiver{}
	r.Handler = &webhook.Handler{AwaitSecret: true, OnStatus: r.onStatus, OnMessage: r.onMessage}
	return r
}

func (r *receiver) record(event string, m *webhook.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event)
	if m != nil {
		r.messages = append(r.messages, m)
	}
}

func (r *receiver) onStatus(_ context.Context, s *api.MessageStatus) error {
	r.record(string(s.Status), nil)
	return nil
}

// onMessage switches on the typed content of a Message event. A callback should answer quickly: it only records
// what arrived, and the program answers afterwards.
func (r *receiver) onMessage(_ context.Context, m *webhook.Message) error {
	if r.live != nil {
		fmt.Fprintf(r.live, "%s %s\n", m.From, describe(m.Content))
		return nil
	}
	r.record(m.From+" "+describe(m.Content), m)
	return nil
}

// describe says what a customer sent.
func describe(content webhook.Content) string {
	switch c := content.(type) {
	case webhook.Text:
		return fmt.Sprintf("text %q", c.Text)
	case webhook.Interactive:
		switch r := c.Interactive.(type) {
		case webhook.ButtonReply:
			return fmt.Sprintf("pressed the button %s (%s)", r.ButtonReply.Id, deref(r.ButtonReply.Title))
		case webhook.ListReply:
			return fmt.Sprintf("picked the option %s (%s)", r.ListReply.Id, deref(r.ListReply.Title))
		default:
			return fmt.Sprintf("answered with a %s, kept as it came", r.Kind())
		}
	case webhook.Location:
		return fmt.Sprintf("shared the location %.4f, %.4f", c.Location.Latitude, c.Location.Longitude)
	case webhook.Image:
		return fmt.Sprintf("sent the image %s, captioned %q", c.ImageUrl, c.Text)
	case webhook.UnknownContent:
		return fmt.Sprintf("sent a %s, a kind this SDK does not know, kept as it came: %s", c.Type, c.Raw)
	default:
		return "sent a " + c.Kind()
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func run(w io.Writer) error {
	status, messages := newReceiver(), newReceiver()
	mux := http.NewServeMux()
	mux.Handle("/hooks/chatt2me/status", status)
	mux.Handle("/hooks/chatt2me/messages", messages)
	var endpoint string
	var srv *httptest.Server
	if os.Getenv("CHATT2ME_BASE_URL") == "" {
		srv = httptest.NewTLSServer(mux)
		defer srv.Close()
		endpoint = srv.URL + "/hooks/chatt2me"
	} else if endpoint = strings.TrimSuffix(os.Getenv("CHATT2ME_WEBHOOK_URL"), "/"); endpoint == "" {
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

	statusHook, err := register(ctx, w, e, "status-events", endpoint+"/status", api.EventTypeMessageStatus)
	if err != nil {
		return err
	}
	// From now on the Handler verifies deliveries. Keep the secret in your service's secret store: a replica that
	// starts later reads it there (Handler.Secret), since the API returns it only when signing is enabled.
	if err := status.SetSecret(*statusHook.SigningSecret); err != nil {
		return err
	}
	messageHook, err := register(ctx, w, e, "received-messages", endpoint+"/messages", api.EventTypeMessage)
	if err != nil {
		return err
	}
	if err := messages.SetSecret(*messageHook.SigningSecret); err != nil {
		return err
	}

	if srv == nil {
		listen := os.Getenv("CHATT2ME_WEBHOOK_LISTEN")
		if listen == "" {
			return nil // registered only: nothing to listen with
		}
		messages.live = w
		fmt.Fprintf(w, "listening on %s; interrupt to stop\n", listen)
		return (&http.Server{Addr: listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe()
	}
	if err := statuses(ctx, w, e, srv, endpoint+"/status", status, statusHook); err != nil {
		return err
	}
	return conversation(ctx, w, e, messages)
}

// register creates a webhook that requires signatures and returns it, with its signing secret.
func register(ctx context.Context, w io.Writer, e *env.Env, label, endpoint string, events api.EventType) (*api.Webhook, error) {
	signed := true
	created, err := e.Client.Webhooks.Create(ctx, &api.CreateWebhookInput{
		Label: label, Endpoint: endpoint, EventType: events,
		AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: &signed,
	})
	if err != nil {
		return nil, fmt.Errorf("creating the webhook: %w", err)
	}
	if created.SigningSecret == nil {
		return nil, fmt.Errorf("the webhook %s was created without its signing secret", created.Id)
	}
	verified := created.IsVerified != nil && *created.IsVerified
	fmt.Fprintf(w, "webhook %s registered for %s events at %s (verified: %v)\n", created.Id, events, endpoint, verified)
	return created, nil
}

// statuses sends a message and receives its status events, then shows the deliveries the handler refuses.
func statuses(ctx context.Context, w io.Writer, e *env.Env, srv *httptest.Server, endpoint string, rcv *receiver, hook *api.Webhook) error {
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
	secret := *hook.SigningSecret
	for _, bad := range []struct{ label, signature, body string }{
		{"tampered", webhook.Sign(secret, time.Now(), body), strings.Replace(string(body), "read", "failed", 1)},
		{"stale", webhook.Sign(secret, time.Now().Add(-10*time.Minute), body), string(body)},
		{"unsigned", "", string(body)},
	} {
		code, reason, err := post(srv.Client(), endpoint, bad.signature, bad.body)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s delivery: HTTP %d %s", bad.label, code, reason)
		if code != http.StatusUnauthorized {
			return fmt.Errorf("the %s delivery was accepted", bad.label)
		}
	}
	// The read event again, signed anew (as RetryLog sends it): an event already handled is answered 200, and does
	// not reach the callback again. So does the exact replay of a delivery accepted.
	other := []byte(strings.Replace(string(body), res.MessageID, res.MessageID+"-2", 1))
	signature := webhook.Sign(secret, time.Now(), other)
	for _, d := range []struct {
		label, signature string
		body             []byte
	}{
		{"redelivered, signed anew", webhook.Sign(secret, time.Now(), body), body},
		{"another message's event", signature, other},
		{"its replay", signature, other},
	} {
		code, reason, err := post(srv.Client(), endpoint, d.signature, string(d.body))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: HTTP %d %s\n", d.label, code, reason)
	}
	rcv.mu.Lock()
	received := len(rcv.events)
	rcv.mu.Unlock()
	if received != 4 {
		return fmt.Errorf("the callback received %d events, want the 3 sandbox events and the other message's", received)
	}
	// Every delivery of the webhook, page after page (one page here).
	var outcomes []string
	for entry, err := range e.Client.Webhooks.AllLogs(ctx, hook.Id, nil) {
		if err != nil {
			return fmt.Errorf("listing the delivery logs: %w", err)
		}
		outcomes = append(outcomes, string(entry.Status))
	}
	if len(outcomes) == 0 {
		return errors.New("the delivery log is empty")
	}
	fmt.Fprintf(w, "delivery log: %d entries, the newest %s\n", len(outcomes), outcomes[0])
	return nil
}

// post delivers a body to the endpoint with a signature header (none when empty) and returns the answer.
func post(client *http.Client, endpoint, signature, body string) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	if signature != "" {
		req.Header.Set(webhook.SignatureHeader, signature)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	reason, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(reason), err
}

// The content a customer sends in the conversation, after the text, as the sandbox delivers it: the button they
// press on the answer, a location, an image and a sticker (a kind the SDK does not type).
var customerSends = []string{
	`{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Talk to support"}}}`,
	`{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}`,
	`{"type":"image","imageUrl":"https://cdn.example.com/parcel.jpg","text":"The parcel arrived like this"}`,
	`{"type":"sticker","stickerUrl":"https://cdn.example.com/thanks.webp"}`,
}

// conversation has a customer write to the WhatsApp channel (the sandbox delivers their Message events), answers
// their text with buttons, and prints what each event carried, typed.
func conversation(ctx context.Context, w io.Writer, e *env.Env, rcv *receiver) error {
	uuid, _ := e.Channel("whatsapp")
	const customer = "5511987654321"
	if err := inbound(e, uuid, customer, `"text":"Hi! Where is my order?"`); err != nil {
		return err
	}
	rcv.mu.Lock()
	if len(rcv.messages) != 1 {
		rcv.mu.Unlock()
		return fmt.Errorf("%d Message events, want the customer's text", len(rcv.messages))
	}
	first := rcv.messages[0]
	fmt.Fprintln(w, rcv.events[0])
	rcv.mu.Unlock()
	answer := whatsapp.Buttons("Sorry for the wait! What would you like to do?", []api.ReplyButton{
		whatsapp.NewReplyButton("TRACK", "Track my order"), whatsapp.NewReplyButton("SUPPORT", "Talk to support"),
	})
	// Answer on the channel that received the message, from it, to its sender, as a reply to it.
	res, err := e.Client.Reply(ctx, first, answer)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "answered %s with two buttons: message %s, a reply to %s\n", first.From, res.MessageID, first.MessageId)
	for _, content := range customerSends {
		if err := inbound(e, uuid, customer, `"content":`+content); err != nil {
			return err
		}
	}
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	for _, event := range rcv.events[1:] {
		fmt.Fprintln(w, event)
	}
	if len(rcv.events) != 1+len(customerSends) {
		return fmt.Errorf("%d Message events, want %d", len(rcv.events), 1+len(customerSends))
	}
	return nil
}

// inbound has the sandbox deliver a Message event from the customer to the channel; fields is the "text" or the
// "content" of POST /sandbox/inbound.
func inbound(e *env.Env, channel, from, fields string) error {
	body := `{"channelId":"` + channel + `","from":"` + from + `",` + fields + `}`
	resp, err := http.Post(e.BaseURL+"/sandbox/inbound", "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("the sandbox refused %s: HTTP %d %s", body, resp.StatusCode, answer)
	}
	return nil
}
