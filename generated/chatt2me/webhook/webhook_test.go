package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	if ev.Message == nil || ev.Message.Message.Content.Interactive.ButtonReply.Id != "SUPPORT" {
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
				return m != nil && m.Timestamp == nil && m.Channel == "" && m.Message.Content.Interactive.ButtonReply.Id == "SUPPORT"
			}},
		{"a timestamp", `{"eventType":"Message","channelId":"c","messageId":"m","from":"5511","timestamp":1790000000,"channel":"sms","content":{"type":"text","text":"hi"}}`,
			func(ev *webhook.Event) bool {
				m := ev.Message
				return m != nil && m.Timestamp != nil && *m.Timestamp == 1790000000 && m.Channel == api.WebhookChannelSms && *m.Message.Content.Text == "hi"
			}},
		{"an unknown content type", `{"eventType":"Message","channelId":"c","messageId":"m","from":"u","channel":"instagram","content":{"type":"story_mention","storyUrl":"https://x"}}`,
			func(ev *webhook.Event) bool {
				return ev.Message != nil && ev.Message.Message.Content.Type == "story_mention" && strings.Contains(string(ev.Raw), `"storyUrl":"https://x"`)
			}},
		{"an unknown interactive type", `{"eventType":"Message","channelId":"c","messageId":"m","from":"u","content":{"type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"body":"x"}}}}`,
			func(ev *webhook.Event) bool {
				return ev.Message != nil && ev.Message.Message.Content.Interactive.Type == "nfm_reply" && ev.Message.Message.Content.Interactive.ButtonReply == nil
			}},
		{"a location without name or address", `{"eventType":"Message","channelId":"c","messageId":"m","from":"u","content":{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}}`,
			func(ev *webhook.Event) bool {
				l := ev.Message.Message.Content.Location
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

// deliver posts body to h with the signature header (none when empty) and returns the answer.
func deliver(h http.Handler, body, signature string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	if signature != "" {
		req.Header.Set(webhook.SignatureHeader, signature)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const statusEvent = `{"eventType":"MessageStatus","messageId":"m1","status":"delivered","timestamp":1790000000,"channel":"whatsapp"}`

// An empty Secret refuses every delivery, signed or not, and logs why; AllowUnsigned is the explicit opt-in.
func TestEmptySecretRefusesDeliveries(t *testing.T) {
	var calls int
	var logs strings.Builder
	h := &webhook.Handler{
		Now:      func() time.Time { return now },
		OnStatus: func(context.Context, *api.MessageStatus) error { calls++; return nil },
		Log:      slog.New(slog.NewTextHandler(&logs, nil)),
	}
	for _, signature := range []string{"", webhook.Sign("", now, []byte(statusEvent)), webhook.Sign(secret, now, []byte(statusEvent))} {
		rec := deliver(h, statusEvent, signature)
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "no signing secret") {
			t.Errorf("signature %q: %d %s, want 500", signature, rec.Code, rec.Body)
		}
	}
	if calls != 0 {
		t.Errorf("%d deliveries reached the callback", calls)
	}
	if n := strings.Count(logs.String(), "Secret is empty"); n != 3 {
		t.Errorf("%d log lines say why, want 3:\n%s", n, logs.String())
	}
	if rec := deliver(&webhook.Handler{}, "", ""); rec.Code != http.StatusInternalServerError {
		t.Errorf("no logger: %d", rec.Code)
	}

	h.AllowUnsigned = true
	if rec := deliver(h, statusEvent, ""); rec.Code != http.StatusOK || calls != 1 {
		t.Errorf("AllowUnsigned: %d %s, %d calls", rec.Code, rec.Body, calls)
	}
	// A Secret always wins: with one set, deliveries must be signed even with AllowUnsigned.
	h.Secret = secret
	if rec := deliver(h, statusEvent, ""); rec.Code != http.StatusUnauthorized || calls != 1 {
		t.Errorf("Secret and AllowUnsigned, unsigned delivery: %d %s, %d calls", rec.Code, rec.Body, calls)
	}
}

// The endpoint check answers the token as text/plain, not sniffable, and refuses what is not a plausible token.
func TestEndpointCheck(t *testing.T) {
	h := &webhook.Handler{Secret: secret}
	check := func(method, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/hook", nil)
		req.Header.Set(webhook.ValidationTokenHeader, token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, token := range []string{"whsec_0123abcd", "tok-123", "a", strings.Repeat("x", 512), `~!@#$%^&*()_+{}|:"<>?[]\;',./`} {
		rec := check(http.MethodPost, token)
		if rec.Code != 200 || rec.Body.String() != token || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" ||
			rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("token %q: %d %q %v", token, rec.Code, rec.Body, rec.Header())
		}
	}
	for _, token := range []string{strings.Repeat("x", 513), "tok\x00en", "tök", "tok\ten", "<\x7f>"} {
		rec := check(http.MethodPost, token)
		if rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), token) || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("token %q: %d %q, want 400 without the token", token, rec.Code, rec.Body)
		}
	}
	if rec := check(http.MethodGet, "tok-123"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("a GET endpoint check: %d %q", rec.Code, rec.Body)
	}
}

// An exact replay of an accepted delivery does not reach the callback twice; a delivery whose callback failed can
// be delivered again; the guard can be replaced or disabled.
func TestReplaysAreRefused(t *testing.T) {
	var calls []string
	fail := false
	h := &webhook.Handler{
		Secret:          secret,
		AllowDuplicates: true, // what is checked here is the signature, not the event's identity
		Now:             func() time.Time { return now },
		OnStatus: func(_ context.Context, s *api.MessageStatus) error {
			calls = append(calls, s.MessageId)
			if fail {
				return errors.New("database down")
			}
			return nil
		},
	}
	signature := webhook.Sign(secret, now, []byte(statusEvent))
	if rec := deliver(h, statusEvent, signature); rec.Code != 200 {
		t.Fatalf("first delivery: %d %s", rec.Code, rec.Body)
	}
	// The same delivery, its header written differently: still a replay.
	for _, sig := range []string{signature, " " + strings.ReplaceAll(signature, ",", " , "), signature + ",v1=00"} {
		if rec := deliver(h, statusEvent, sig); rec.Code != 200 || !strings.Contains(rec.Body.String(), "already accepted") {
			t.Errorf("replay %q: %d %s", sig, rec.Code, rec.Body)
		}
	}
	if len(calls) != 1 {
		t.Errorf("the callback ran %d times, want once", len(calls))
	}
	// Signed one second later, the same body is a new delivery.
	h.Now = func() time.Time { return now.Add(time.Second) }
	if rec := deliver(h, statusEvent, webhook.Sign(secret, now.Add(time.Second), []byte(statusEvent))); rec.Code != 200 || len(calls) != 2 {
		t.Errorf("a new signature: %d %s, %d calls", rec.Code, rec.Body, len(calls))
	}
	// A failed callback releases the delivery, so that Hub's retry is accepted.
	fail = true
	other := strings.Replace(statusEvent, "m1", "m2", 1)
	sig2 := webhook.Sign(secret, now, []byte(other))
	if rec := deliver(h, other, sig2); rec.Code != 500 {
		t.Errorf("failing callback: %d", rec.Code)
	}
	fail = false
	if rec := deliver(h, other, sig2); rec.Code != 200 || len(calls) != 4 {
		t.Errorf("retry after a failure: %d %s, %d calls", rec.Code, rec.Body, len(calls))
	}
	// A guard of one's own, and none.
	g := &recordingGuard{first: true}
	h2 := &webhook.Handler{Secret: secret, Now: func() time.Time { return now.Add(10 * time.Second) }, Replays: g, AllowDuplicates: true}
	if rec := deliver(h2, statusEvent, signature); rec.Code != 200 || len(g.claims) != 1 || g.ttls[0] != 290*time.Second {
		t.Errorf("custom guard: %d, claims %v, TTLs %v", rec.Code, g.claims, g.ttls)
	}
	g.err = errors.New("store unreachable")
	if rec := deliver(h2, statusEvent, signature); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("guard error: %d %s, want 503", rec.Code, rec.Body)
	}
	h3 := &webhook.Handler{Secret: secret, Now: func() time.Time { return now }, AllowReplays: true, AllowDuplicates: true, OnStatus: h.OnStatus}
	calls = nil
	for range 2 {
		deliver(h3, statusEvent, signature)
	}
	if len(calls) != 2 {
		t.Errorf("AllowReplays: %d calls, want 2", len(calls))
	}
}

type recordingGuard struct {
	first  bool
	err    error
	claims []string
	ttls   []time.Duration
}

func (g *recordingGuard) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	g.claims, g.ttls = append(g.claims, key), append(g.ttls, ttl)
	return g.first, g.err
}

func (g *recordingGuard) Release(context.Context, string) error { return nil }

// The in-memory guard is bounded: beyond its capacity the oldest claims go first, and claims expire with their TTL.
func TestMemoryReplayGuard(t *testing.T) {
	ctx := context.Background()
	g := webhook.NewMemoryReplayGuard(2)
	claim := func(key string, ttl time.Duration) bool {
		first, err := g.Claim(ctx, key, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return first
	}
	if !claim("a", time.Hour) || claim("a", time.Hour) || !claim("b", time.Hour) || claim("b", time.Hour) {
		t.Fatal("first claims")
	}
	if !claim("c", time.Hour) || g.Len() != 2 {
		t.Fatalf("third key: %d entries, want 2", g.Len())
	}
	if !claim("a", time.Hour) {
		t.Error("the oldest key was not evicted")
	}
	if claim("c", time.Hour) {
		t.Error("a recent key was evicted")
	}
	if err := g.Release(ctx, "c"); err != nil || !claim("c", time.Hour) {
		t.Errorf("a released key cannot be claimed again: %v", err)
	}
	if !claim("d", time.Millisecond) {
		t.Fatal("d")
	}
	time.Sleep(5 * time.Millisecond)
	if !claim("d", time.Hour) {
		t.Error("an expired key is still a replay")
	}
	g = webhook.NewMemoryReplayGuard(0)
	for i := range webhook.DefaultReplayCapacity + 1 {
		if !claim(fmt.Sprint(i), time.Hour) {
			t.Fatalf("claim %d", i)
		}
	}
	if g.Len() != webhook.DefaultReplayCapacity {
		t.Errorf("%d entries, want the default capacity %d", g.Len(), webhook.DefaultReplayCapacity)
	}
}

// A callback that panics releases its delivery, as a failing one does, and the panic goes on to net/http (or the
// caller's recovery middleware) unchanged: Hub's retry of that delivery reaches the callback.
func TestPanickingCallbackReleasesTheDelivery(t *testing.T) {
	calls := 0
	h := &webhook.Handler{
		Secret: secret,
		Now:    func() time.Time { return now },
		Log:    slog.New(slog.DiscardHandler),
		OnStatus: func(context.Context, *api.MessageStatus) error {
			calls++
			if calls == 1 {
				panic("nil map in the callback")
			}
			return nil
		},
	}
	signature := webhook.Sign(secret, now, []byte(statusEvent))
	func() {
		defer func() {
			if r := recover(); r != "nil map in the callback" {
				t.Errorf("the panic that reached net/http is %v", r)
			}
		}()
		deliver(h, statusEvent, signature)
		t.Error("ServeHTTP returned after the callback panicked")
	}()
	if rec := deliver(h, statusEvent, signature); rec.Code != http.StatusOK || calls != 2 || strings.Contains(rec.Body.String(), "already") {
		t.Errorf("the retry after a panic: %d %q, %d calls, want 200 and a second call", rec.Code, rec.Body, calls)
	}
	if rec := deliver(h, statusEvent, signature); !strings.Contains(rec.Body.String(), "already") || calls != 2 {
		t.Errorf("a replay after the accepted retry: %d %q, %d calls", rec.Code, rec.Body, calls)
	}
}

// With an empty Secret, the endpoint check is refused too (500, logged, the token not echoed), so that Hub does not
// mark a misconfigured endpoint as verified; AllowUnsigned answers it.
func TestEmptySecretRefusesEndpointChecks(t *testing.T) {
	var logs strings.Builder
	h := &webhook.Handler{Log: slog.New(slog.NewTextHandler(&logs, nil))}
	check := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/hook", nil)
		req.Header.Set(webhook.ValidationTokenHeader, "tok-123")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := check(); rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "tok-123") ||
		!strings.Contains(rec.Body.String(), "no signing secret") {
		t.Errorf("empty Secret: %d %q, want 500 without the token", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "refusing an endpoint check: Handler.Secret is empty") || strings.Contains(logs.String(), "tok-123") {
		t.Errorf("the log does not say why, or shows the token:\n%s", logs.String())
	}
	h.AllowUnsigned = true
	if rec := check(); rec.Code != http.StatusOK || rec.Body.String() != "tok-123" {
		t.Errorf("AllowUnsigned: %d %q", rec.Code, rec.Body)
	}
}
