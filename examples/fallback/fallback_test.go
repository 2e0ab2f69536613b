package fallback_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/examples/fallback"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

const (
	apiKey   = "fallback-api-key-0001"
	template = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"
	phone    = "+55 11 98765-4321"
)

// notifier is the service under test, sending to a sandbox that the test scripts with rules.
func notifier(t *testing.T) (*fallback.Notifier, *sandbox.Server) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Config{APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	n := &fallback.Notifier{Client: c, Template: template}
	for _, ch := range sb.Channels() {
		switch ch.Kind {
		case "whatsapp":
			n.WhatsApp = whatsapp.FromChannel(ch.UUID)
		case "sms":
			n.SMS = sms.FromChannel(ch.UUID)
		}
	}
	return n, sb
}

// sent lists what the sandbox accepted, as "channel kind to".
func sent(sb *sandbox.Server) []string {
	var out []string
	for _, m := range sb.Messages() {
		out = append(out, m.Channel+" "+m.Kind()+" "+m.To)
	}
	return out
}

func TestTheTemplateIsSentByWhatsApp(t *testing.T) {
	n, sb := notifier(t)
	got, err := n.Notify(context.Background(), phone, "Your order has shipped.")
	if err != nil || got.Channel != "whatsapp" {
		t.Fatalf("%+v, %v", got, err)
	}
	if s := sent(sb); len(s) != 1 || s[0] != "whatsapp template 5511987654321" {
		t.Errorf("sent %q", s)
	}
}

// WhatsApp refuses the template, with its error code, as a send refused in a 200 or as an HTTP error: the SMS goes
// instead.
func TestARefusedTemplateFallsBackToSMS(t *testing.T) {
	for _, refusal := range []sandbox.Rule{
		{Channel: "whatsapp", Kind: "template", Status: 200, ErrorCode: "131026", ErrorMessage: "Message undeliverable"},
		{Channel: "whatsapp", Kind: "template", Status: 400, ErrorCode: "132001", ErrorMessage: "Template name does not exist"},
	} {
		n, sb := notifier(t)
		if err := sb.Script(refusal); err != nil {
			t.Fatal(err)
		}
		got, err := n.Notify(context.Background(), phone, "Your order has shipped.")
		if err != nil || got.Channel != "sms" {
			t.Fatalf("after errorCode %s: %+v, %v", refusal.ErrorCode, got, err)
		}
		if s := sent(sb); len(s) != 1 || s[0] != "sms text +5511987654321" {
			t.Errorf("after errorCode %s, sent %q", refusal.ErrorCode, s)
		}
	}
}

// The SMS is rate-limited once (429, Retry-After: 1): the SDK waits it out, and the SMS goes once.
func TestARateLimitIsWaitedOut(t *testing.T) {
	n, sb := notifier(t)
	err := sb.Script(
		sandbox.Rule{Channel: "whatsapp", Kind: "template", Status: 200, ErrorCode: "131026"},
		sandbox.Rule{Channel: "sms", Times: 1, Status: 429, RetryAfter: "1", ErrorMessage: "Too many requests"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := n.Notify(context.Background(), phone, "Your order has shipped.")
	if err != nil || got.Channel != "sms" {
		t.Fatalf("%+v, %v", got, err)
	}
	if s := sent(sb); len(s) != 1 || s[0] != "sms text +5511987654321" {
		t.Errorf("sent %q", s)
	}
	if rules := sb.Rules(); len(rules) != 1 { // the 429 was used up; the refusal stays
		t.Errorf("rules left: %+v", rules)
	}
}

// The connection is lost after the template was sent, or the API fails with a 500 after it may have sent it: the
// service reports an unknown outcome, and neither sends it again nor falls back to SMS (the customer would be
// notified twice).
func TestAnUnknownOutcomeIsNotRetried(t *testing.T) {
	for _, fault := range []sandbox.Rule{
		{Channel: "whatsapp", Times: 1, Drop: sandbox.DropAfter},
		{Channel: "whatsapp", Times: 1, Status: 500, ErrorMessage: "Internal error"},
	} {
		n, sb := notifier(t)
		if err := sb.Script(fault); err != nil {
			t.Fatal(err)
		}
		_, err := n.Notify(context.Background(), phone, "Your order has shipped.")
		if !errors.Is(err, chatt2me.ErrOutcomeUnknown) {
			t.Fatalf("after %+v: error %v, want an unknown outcome", fault, err)
		}
		want := "whatsapp template 5511987654321" // the lost connection came after the template was sent
		if fault.Status != 0 {
			want = "" // the 500 came before (the sandbox sent nothing), which the service cannot know
		}
		if s := sent(sb); len(s) > 1 || strings.Join(s, "") != want {
			t.Errorf("after %+v, sent %q", fault, s)
		}
	}
}
