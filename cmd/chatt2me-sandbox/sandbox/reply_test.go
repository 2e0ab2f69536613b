package sandbox_test

// Client.Reply against the sandbox, on every channel of the document: a Message event the sandbox delivers is answered
// from the handler's OnMessage, on its channel, from its channel's UUID, to its sender, as a reply where the channel
// takes one; a content the channel does not take, and a channel the SDK does not know, are refused before any traffic.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/instagram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// documentModel is the model of the document the committed SDK and the sandbox answer by.
func documentModel(t *testing.T) (*spec.Document, *model.Model) {
	t.Helper()
	doc, err := spec.FromMerged(generated.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Build(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, m
}

// recipient is a sender id the channel's send takes as `to`, as its request schema says.
func recipient(t *testing.T, doc *spec.Document, ch model.Channel) string {
	t.Helper()
	to := doc.T.Components.Schemas[ch.InputSchema].Value.Properties["to"].Value
	for _, v := range []string{"5511993986082", "+5511993986082"} {
		if to.VisitJSON(v) == nil {
			return v
		}
	}
	t.Fatalf("%s: no sample recipient fits its to", ch.Package)
	return ""
}

// replyPool is the contents the test answers with: for each channel, the first one whose kind the channel has is
// answered, the first one whose kind it lacks refused. None holds a oneOf, so another channel package's is taken
// wherever the kind is the channel's.
func replyPool() []chatt2me.Content {
	return []chatt2me.Content{whatsapp.Text("Thanks, we got it"), instagram.MarkSeen(), whatsapp.Location(-23.5505, -46.6333)}
}

// schemaOf is the component schema of a content's kind: its api struct's name.
func schemaOf(c chatt2me.Content) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", c.Value()), "*api.")
}

func kindOf(ch model.Channel, schema string) (model.Kind, bool) {
	for _, k := range ch.Kinds {
		if k.Schema == schema {
			return k, true
		}
	}
	return model.Kind{}, false
}

// replyHandler is a Message endpoint whose OnMessage answers each event with answer through client; it records
// what Reply returned.
type replyHandler struct {
	*webhook.Handler
	mu     sync.Mutex
	client *chatt2me.Client
	answer func(*webhook.Message) chatt2me.Content
	events []*webhook.Message
	errs   []error
}

// newReplyHandler starts the endpoint; it answers endpoint checks, and refuses deliveries, until listen registers
// it.
func newReplyHandler(t *testing.T) (*replyHandler, *httptest.Server) {
	t.Helper()
	rh := &replyHandler{}
	rh.Handler = &webhook.Handler{AwaitSecret: true, OnMessage: rh.onMessage}
	receiver := httptest.NewTLSServer(rh)
	t.Cleanup(receiver.Close)
	return rh, receiver
}

func (rh *replyHandler) onMessage(ctx context.Context, m *webhook.Message) error {
	rh.mu.Lock()
	c, answer := rh.client, rh.answer
	rh.mu.Unlock()
	_, err := c.Reply(ctx, m, answer(m))
	rh.mu.Lock()
	defer rh.mu.Unlock()
	rh.events, rh.errs = append(rh.events, m), append(rh.errs, err)
	return nil
}

// listen registers a signed Message webhook for the endpoint, whose handler answers every event with the content
// answer gives.
func (rh *replyHandler) listen(t *testing.T, c *chatt2me.Client, endpoint string, answer func(*webhook.Message) chatt2me.Content) {
	t.Helper()
	rh.mu.Lock()
	rh.client, rh.answer = c, answer
	rh.mu.Unlock()
	signed := true
	created, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "replies", Endpoint: endpoint,
		EventType: api.EventTypeMessage, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: &signed})
	if err != nil || created.SigningSecret == nil {
		t.Fatalf("create: %v %+v", err, created)
	}
	if err := rh.SetSecret(*created.SigningSecret); err != nil {
		t.Fatal(err)
	}
}

// last returns the last event answered and what Reply returned.
func (rh *replyHandler) last(t *testing.T) (*webhook.Message, error) {
	t.Helper()
	rh.mu.Lock()
	defer rh.mu.Unlock()
	if len(rh.events) == 0 {
		t.Fatal("no event reached OnMessage")
	}
	return rh.events[len(rh.events)-1], rh.errs[len(rh.errs)-1]
}

// Every channel of the document: an inbound message is answered on its channel, from the channel's UUID, to the
// sender, as a reply to the message where the channel's send body has replyTo; with a content of the channel's own
// package (WhatsApp) or of another package (every other channel).
func TestReplyAnswersOnEveryChannel(t *testing.T) {
	doc, m := documentModel(t)
	rh, receiver := newReplyHandler(t)
	sb, srv, c := start(t, sandbox.Config{HTTPClient: receiver.Client()})
	pool := replyPool()
	answers := map[string]chatt2me.Content{} // by webhook channel
	for _, ch := range m.Channels {
		for _, x := range pool {
			if _, ok := kindOf(ch, schemaOf(x)); ok {
				answers[ch.WebhookChannel] = x
				break
			}
		}
		if answers[ch.WebhookChannel] == nil {
			t.Fatalf("%s takes none of the pool's kinds: add one it takes to replyPool", ch.Name)
		}
	}
	rh.listen(t, c, receiver.URL, func(m *webhook.Message) chatt2me.Content { return answers[string(m.Channel)] })
	for _, ch := range m.Channels {
		t.Run(ch.Package, func(t *testing.T) {
			uuid := channel(ch.Package).UUID
			to := recipient(t, doc, ch)
			if ch.RequiresSession {
				sb.OpenSession(to)
			}
			before := len(sb.Messages())
			status, answer := raw(t, srv, http.MethodPost, "/sandbox/inbound", "", `{"channelId":"`+uuid+`","from":"`+to+`","text":"Hello"}`)
			if status != http.StatusAccepted {
				t.Fatalf("inbound: %d %s", status, answer)
			}
			var inbound struct{ MessageID string }
			_ = json.Unmarshal([]byte(answer), &inbound)
			event, err := rh.last(t)
			if err != nil || event.MessageId != inbound.MessageID {
				t.Fatalf("Reply to %s: %v", event.MessageId, err)
			}
			sent := sb.Messages()
			if len(sent) != before+1 {
				t.Fatalf("%d messages sent, want 1", len(sent)-before)
			}
			got := sent[before]
			kind, _ := kindOf(ch, schemaOf(answers[ch.WebhookChannel]))
			wantReply := ""
			if ch.ReplySchema != "" {
				wantReply = `{"messageId":"` + inbound.MessageID + `"}`
			}
			if got.Channel != ch.Package || got.ChannelID != uuid || got.From != uuid || got.To != to || got.Kind() != kind.MainField ||
				string(got.ReplyTo) != wantReply {
				t.Errorf("sent %s %s from %s (%s) to %s, kind %s, replyTo %s; want %s %s from %s to %s, kind %s, replyTo %s",
					got.Channel, got.ChannelID, got.From, got.Status, got.To, got.Kind(), got.ReplyTo, ch.Package, uuid, uuid, to,
					kind.MainField, wantReply)
			}
		})
	}
}

// message is a Message event of a channel, as the sandbox would deliver it.
func message(webhookChannel, kind, from, messageID string) *webhook.Message {
	return &webhook.Message{Message: api.Message{Channel: api.WebhookChannel(webhookChannel), ChannelId: channel(kind).UUID,
		From: from, MessageId: messageID, EventType: "Message"}}
}

// invalid checks that err is a *ValidationError of field with exactly the message want.
func invalid(t *testing.T, err error, field, want string) {
	t.Helper()
	var v *chatt2me.ValidationError
	if !errors.As(err, &v) || v.Field != field || err.Error() != want {
		t.Errorf("got %v (%T), want the *ValidationError of %s %q", err, err, field, want)
	}
}

// On every channel of the document, a content whose kind the channel lacks is a *ValidationError naming it; a channel
// the SDK does not know is one quoting it, and so is an event without a channel, a nil event and no content. None of
// them sends anything.
func TestReplyRefusesBeforeAnyTraffic(t *testing.T) {
	_, m := documentModel(t)
	sb, c, rec := facade(t, sandbox.Config{})
	ctx := context.Background()
	var known []string
	for _, ch := range m.Channels {
		known = append(known, ch.WebhookChannel)
		var refused chatt2me.Content
		for _, x := range replyPool() {
			if _, ok := kindOf(ch, schemaOf(x)); !ok {
				refused = x
				break
			}
		}
		if refused == nil {
			t.Errorf("%s takes every kind of the pool: add one it lacks to replyPool", ch.Name)
			continue
		}
		_, err := c.Reply(ctx, message(ch.WebhookChannel, ch.Package, "5511993986082", "m1"), refused)
		invalid(t, err, "content", fmt.Sprintf("chatt2me: invalid content: %s does not take %s (*api.%s): build the content with package %s",
			ch.Name, refused.Kind(), schemaOf(refused), ch.Package))
	}
	slices.Sort(known)
	whatsappMessage := message("whatsapp", "whatsapp", "5511993986082", "m1")
	unknown := absent(known, "rcs")
	for _, tc := range []struct {
		m           *webhook.Message
		contents    []chatt2me.Content
		field, want string
	}{
		{message(unknown, "whatsapp", "5511993986082", "m1"), replyPool(), "channel",
			`chatt2me: invalid channel: "` + unknown + `" is not a channel of the SDK (` + strings.Join(known, ", ") + `)`},
		{message("", "whatsapp", "5511993986082", "m1"), replyPool(), "channel",
			"chatt2me: invalid channel: missing: the message does not name its channel"},
		{nil, replyPool(), "m", "chatt2me: invalid m: missing: Reply needs the Message event it answers"},
		{whatsappMessage, []chatt2me.Content{nil}, "content", "chatt2me: invalid content: missing: Reply needs a content to send"},
		{whatsappMessage, []chatt2me.Content{nil, nil}, "content", "chatt2me: invalid content: missing: Reply needs a content to send"},
	} {
		_, err := c.Reply(ctx, tc.m, tc.contents[0], tc.contents[1:]...)
		invalid(t, err, tc.field, tc.want)
	}
	if requests := rec.reset(); len(requests) != 0 || len(sb.Messages()) != 0 {
		t.Errorf("refused replies sent %q, %d messages", requests, len(sb.Messages()))
	}
}

// The first content the channel takes is sent: a kind holding a oneOf (WhatsApp's buttons) only from its own package,
// the alternatives where the first is refused; when the channel takes none, the error names each. An event without a
// message id is answered with a plain message.
func TestReplyTakesTheFirstContentTheChannelTakes(t *testing.T) {
	sb, c, _ := facade(t, sandbox.Config{})
	ctx := context.Background()
	buttons := whatsapp.Buttons("Pick one", []api.ReplyButton{whatsapp.NewReplyButton("a", "A"), whatsapp.NewReplyButton("b", "B")})
	visitor := message("webchatt", "webchatt", "visitor-1", "m2")
	sb.OpenSession("visitor-1")
	for _, tc := range []struct {
		m        *webhook.Message
		contents []chatt2me.Content
		kind     string
		replyTo  string
	}{
		{message("whatsapp", "whatsapp", "5511993986082", "m1"), []chatt2me.Content{buttons}, "interactive", `{"messageId":"m1"}`},
		{visitor, []chatt2me.Content{buttons, nil, instagram.Text("Pick A or B")}, "text", `{"messageId":"m2"}`},
		{message("whatsapp", "whatsapp", "5511993986082", ""), []chatt2me.Content{instagram.Text("Hi")}, "text", ""},
	} {
		before := len(sb.Messages())
		if _, err := c.Reply(ctx, tc.m, tc.contents[0], tc.contents[1:]...); err != nil {
			t.Fatalf("Reply on %s: %v", tc.m.Channel, err)
		}
		sent := sb.Messages()
		if got := sent[len(sent)-1]; len(sent) != before+1 || got.Kind() != tc.kind || string(got.ReplyTo) != tc.replyTo {
			t.Errorf("Reply on %s sent %+v (kind %s), want kind %s, replyTo %s", tc.m.Channel, got, got.Kind(), tc.kind, tc.replyTo)
		}
	}
	_, err := c.Reply(ctx, visitor, buttons, whatsapp.Template("order_update"))
	invalid(t, err, "content", "chatt2me: invalid content: Web Chatt takes none of Buttons (*api.WhatsAppButtonsContent), "+
		"Template (*api.TemplateContent): build the content with package webchatt")
}
