package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

const secret = "whsec_test"

var now = time.Unix(1_790_000_000, 0)

func TestVerify(t *testing.T) {
	body := []byte(`{"eventType":"MessageStatus","messageId":"m","status":"read","timestamp":1790000000,"channel":"whatsapp"}`)
	good := webhook.Sign(secret, now, body)
	cases := []struct {
		name   string
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"valid", good, body, now, nil},
		{"valid, 299 s later", good, body, now.Add(299 * time.Second), nil},
		{"missing", "", body, now, webhook.ErrNoSignature},
		{"malformed", "v1=abc", body, now, webhook.ErrMalformedSignature},
		{"not hex", "t=1790000000,v1=zz", body, now, webhook.ErrMalformedSignature},
		{"stale", good, body, now.Add(301 * time.Second), webhook.ErrStaleSignature},
		{"from the future", good, body, now.Add(-301 * time.Second), webhook.ErrStaleSignature},
		{"tampered body", good, []byte(strings.Replace(string(body), "read", "sent", 1)), now, webhook.ErrWrongSignature},
		{"other secret", webhook.Sign("other", now, body), body, now, webhook.ErrWrongSignature},
	}
	for _, tc := range cases {
		err := webhook.Verify(secret, tc.header, tc.body, tc.at, 0)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
		var se *webhook.SignatureError
		if tc.want != nil && !errors.As(err, &se) {
			t.Errorf("%s: %T is not a *SignatureError", tc.name, err)
		}
	}
}

func TestDecodeKeepsUnknownValues(t *testing.T) {
	ev, err := webhook.Decode([]byte(`{"eventType":"MessageStatus","messageId":"m","status":"played","timestamp":1,"channel":"rcs","extra":{"a":1}}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status == nil || ev.Status.Status != "played" || ev.Status.Channel != "rcs" || !strings.Contains(string(ev.Raw), `"extra":{"a":1}`) {
		t.Errorf("event %+v", ev)
	}
	ev, err = webhook.Decode([]byte(`{"eventType":"Message","channelId":"c","messageId":"m","from":"5511","timestamp":1,"channel":"whatsapp","content":{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Message == nil || ev.Message.Content.Interactive.ButtonReply.Id != "SUPPORT" {
		t.Errorf("event %+v", ev)
	}
	if ev, err := webhook.Decode([]byte(`{"eventType":"MessageReaction","x":1}`)); err != nil || ev.Message != nil || ev.Status != nil || ev.Type != "MessageReaction" {
		t.Errorf("unknown event type: %+v, %v", ev, err)
	}
	if _, err := webhook.Decode([]byte(`not json`)); err == nil {
		t.Error("a body that is not JSON was accepted")
	}
}

// Events are decoded tolerantly: optional fields may be missing, and content types, interactive types and fields the
// SDK does not know are kept (in the typed event where they fit, in Raw always).
func TestDecodeTolerance(t *testing.T) {
	cases := []struct {
		name, body string
		check      func(*webhook.Event) bool
	}{
		{"a button reply without timestamp or channel",
			`{"eventType":"Message","channelId":"c","messageId":"m","from":"5511","content":{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}}`,
			func(ev *webhook.Event) bool {
				m := ev.Message
				return m != nil && m.Timestamp == nil && m.Channel == "" && m.Content.Interactive.ButtonReply.Id == "SUPPORT"
			}},
		{"a timestamp", `{"eventType":"Message","channelId":"c","messageId":"m","from":"5511","timestamp":1790000000,"channel":"sms","content":{"type":"text","text":"hi"}}`,
			func(ev *webhook.Event) bool {
				m := ev.Message
				return m != nil && m.Timestamp != nil && *m.Timestamp == 1790000000 && m.Channel == api.WebhookChannelSms && *m.Content.Text == "hi"
			}},
		{"an unknown content type", `{"eventType":"Message","channelId":"c","messageId":"m","from":"u","channel":"instagram","content":{"type":"story_mention","storyUrl":"https://x"}}`,
			func(ev *webhook.Event) bool {
				return ev.Message != nil && ev.Message.Content.Type == "story_mention" && strings.Contains(string(ev.Raw), `"storyUrl":"https://x"`)
			}},
		{"an unknown interactive type", `{"eventType":"Message","channelId":"c","messageId":"m","from":"u","content":{"type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"body":"x"}}}}`,
			func(ev *webhook.Event) bool {
				return ev.Message != nil && ev.Message.Content.Interactive.Type == "nfm_reply" && ev.Message.Content.Interactive.ButtonReply == nil
			}},
		{"a location without name or address", `{"eventType":"Message","channelId":"c","messageId":"m","from":"u","content":{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}}`,
			func(ev *webhook.Event) bool {
				l := ev.Message.Content.Location
				return l != nil && l.Latitude == -23.5505 && l.Longitude == -46.6333 && l.Name == nil && l.Address == nil
			}},
		{"a status without timestamp or channel", `{"eventType":"MessageStatus","messageId":"m","status":"delivered"}`,
			func(ev *webhook.Event) bool {
				return ev.Status != nil && ev.Status.Status == api.MessageStatusValueDelivered && ev.Status.Timestamp == nil && ev.Status.Channel == ""
			}},
		{"a status with unknown fields", `{"eventType":"MessageStatus","messageId":"m","status":"failed","timestamp":1,"channel":"whatsapp","errors":[{"code":131047}]}`,
			func(ev *webhook.Event) bool {
				return ev.Status != nil && ev.Status.Status == api.MessageStatusValueFailed && strings.Contains(string(ev.Raw), `"errors":[{"code":131047}]`)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := webhook.Decode([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(ev) {
				t.Errorf("event %+v, message %+v, status %+v", ev, ev.Message, ev.Status)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"eventType":"Message","content":{"type":"text","text":"hi"}}`))
	f.Add([]byte(`{"eventType":"MessageStatus","status":5}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = webhook.Decode(body) // must not panic
	})
}

func TestHandler(t *testing.T) {
	var got []string
	h := &webhook.Handler{
		Secret: secret,
		Now:    func() time.Time { return now },
		OnStatus: func(_ context.Context, s *api.MessageStatus) error {
			got = append(got, s.MessageId+":"+string(s.Status))
			return nil
		},
	}
	post := func(body, signature string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		if signature != "" {
			req.Header.Set(webhook.SignatureHeader, signature)
		}
		if len(header) == 2 {
			req.Header.Set(header[0], header[1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	body := `{"eventType":"MessageStatus","messageId":"m1","status":"delivered","timestamp":1790000000,"channel":"whatsapp"}`
	if rec := post(body, webhook.Sign(secret, now, []byte(body))); rec.Code != 200 {
		t.Errorf("signed event: %d %s", rec.Code, rec.Body)
	}
	if rec := post(body, ""); rec.Code != 401 || !strings.Contains(rec.Body.String(), "no X-hub-Signature") {
		t.Errorf("unsigned event: %d %s", rec.Code, rec.Body)
	}
	if rec := post(strings.Replace(body, "m1", "m2", 1), webhook.Sign(secret, now, []byte(body))); rec.Code != 401 {
		t.Errorf("tampered event: %d", rec.Code)
	}
	if rec := post(body, webhook.Sign(secret, now.Add(-time.Hour), []byte(body))); rec.Code != 401 || !strings.Contains(rec.Body.String(), "outside the tolerance") {
		t.Errorf("stale event: %d %s", rec.Code, rec.Body)
	}
	if rec := post("", "", webhook.ValidationTokenHeader, "tok-123"); rec.Code != 200 || rec.Body.String() != "tok-123" {
		t.Errorf("endpoint check: %d %q", rec.Code, rec.Body)
	}
	if strings.Join(got, ",") != "m1:delivered" {
		t.Errorf("callbacks got %v", got)
	}
}
