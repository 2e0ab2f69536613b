package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// clock is a time that the test moves: the Handlers' and the store's Now.
type clock struct{ at atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.at.Store(now.UnixNano())
	return c
}

func (c *clock) Now() time.Time          { return time.Unix(0, c.at.Load()) }
func (c *clock) Advance(d time.Duration) { c.at.Add(int64(d)) }
func (c *clock) sign(body string) string { return webhook.Sign(secret, c.Now(), []byte(body)) }
func (c *clock) signLater(body string) string {
	return webhook.Sign(secret, c.Now().Add(time.Second), []byte(body))
}

// An event delivered again, signed anew (a retry after a timeout, RetryLog), reaches the callback once, and is
// answered 200; another event, or another status of the same message, is an event of its own.
func TestDuplicateEventsAreHandledOnce(t *testing.T) {
	var calls []string
	h := &webhook.Handler{
		Secret: secret,
		Now:    func() time.Time { return now },
		OnStatus: func(_ context.Context, s *api.MessageStatus) error {
			calls = append(calls, s.MessageId+" "+string(s.Status))
			return nil
		},
		OnMessage: func(_ context.Context, m *webhook.Message) error {
			calls = append(calls, m.MessageId+" "+m.Content.Kind())
			return nil
		},
	}
	read := strings.Replace(statusEvent, "delivered", "read", 1)
	message := messageEvent(`{"type":"text","text":"hi"}`)
	for i, d := range []struct{ body, want string }{
		{statusEvent, "handled"},
		{statusEvent, "already handled"},
		{read, "handled"},
		{read, "already handled"},
		{message, "handled"},
		{message, "already handled"},
	} {
		// Each delivery signed anew, a second later: never a replay of the signature.
		at := now.Add(time.Duration(i) * time.Second)
		rec := deliver(h, d.body, webhook.Sign(secret, at, []byte(d.body)))
		if got := rec.Body.String(); rec.Code != http.StatusOK || (d.want == "already handled") != strings.Contains(got, "already handled") {
			t.Errorf("delivery %d: %d %q, want 200 and %s", i, rec.Code, got, d.want)
		}
	}
	if want := "m1 delivered|m1 read|wamid.HBgL text"; strings.Join(calls, "|") != want {
		t.Errorf("callbacks %q, want %q", strings.Join(calls, "|"), want)
	}
	// AllowDuplicates turns it off.
	h2 := &webhook.Handler{Secret: secret, Now: h.Now, OnStatus: h.OnStatus, AllowDuplicates: true}
	calls = nil
	deliver(h2, statusEvent, webhook.Sign(secret, now, []byte(statusEvent)))
	deliver(h2, statusEvent, webhook.Sign(secret, now.Add(time.Second), []byte(statusEvent)))
	if len(calls) != 2 {
		t.Errorf("AllowDuplicates: %d calls, want 2", len(calls))
	}
}

// Two replicas share a store. While one runs the callback of an event, the other answers its duplicates 409 with
// Retry-After and does not call back; once the lease expires (the first replica died in its callback), the next
// attempt takes it over and runs the callback; the first replica's late failure does not undo that.
func TestLeaseHeldThenTakenOverAfterExpiry(t *testing.T) {
	c := newClock()
	store := webhook.NewMemoryEventStore(0)
	store.Now = c.Now
	started, finish := make(chan struct{}), make(chan error)
	var completed atomic.Int32
	replica := func(callback func() error) *webhook.Handler {
		return &webhook.Handler{Secret: secret, Now: c.Now, Events: store, LeaseTTL: 30 * time.Second,
			OnStatus: func(context.Context, *api.MessageStatus) error { return callback() }}
	}
	stuck := replica(func() error { close(started); return <-finish })
	other := replica(func() error { completed.Add(1); return nil })

	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- deliver(stuck, statusEvent, c.sign(statusEvent)) }()
	<-started
	for _, signature := range []string{c.sign(statusEvent), c.signLater(statusEvent)} {
		rec := deliver(other, statusEvent, signature)
		if rec.Code != http.StatusConflict || rec.Header().Get("Retry-After") != "30" || completed.Load() != 0 {
			t.Errorf("while the lease is held: %d %q, Retry-After %q, %d callbacks; want 409, 30 and none", rec.Code, rec.Body,
				rec.Header().Get("Retry-After"), completed.Load())
		}
	}
	c.Advance(29 * time.Second)
	if rec := deliver(other, statusEvent, c.sign(statusEvent)); rec.Code != http.StatusConflict {
		t.Errorf("1 s before the lease expires: %d %q, want 409", rec.Code, rec.Body)
	}
	c.Advance(time.Second)
	if rec := deliver(other, statusEvent, c.sign(statusEvent)); rec.Code != http.StatusOK || completed.Load() != 1 {
		t.Errorf("after the lease expired: %d %q, %d callbacks; want 200 and the callback", rec.Code, rec.Body, completed.Load())
	}
	finish <- errors.New("the stuck callback fails at last")
	if rec := <-first; rec.Code != http.StatusInternalServerError {
		t.Errorf("the stuck delivery: %d %q, want 500", rec.Code, rec.Body)
	}
	for _, h := range []*webhook.Handler{other, replica(func() error { completed.Add(1); return nil })} {
		if rec := deliver(h, statusEvent, c.signLater(statusEvent)); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(),
			"already handled") || completed.Load() != 1 {
			t.Errorf("after the stuck callback's failure: %d %q, %d callbacks; want 200, already handled, 1", rec.Code, rec.Body,
				completed.Load())
		}
	}
}

// A callback that fails or panics releases its event's lease at once: the next attempt, signed anew and sent to the
// other replica, runs the callback without waiting for the lease to expire.
func TestFailedCallbackReleasesTheLease(t *testing.T) {
	c := newClock()
	store := webhook.NewMemoryEventStore(0)
	store.Now = c.Now
	var calls atomic.Int32
	h := &webhook.Handler{Secret: secret, Now: c.Now, Events: store, Log: slog.New(slog.DiscardHandler),
		OnStatus: func(context.Context, *api.MessageStatus) error {
			switch calls.Add(1) {
			case 1:
				return errors.New("database down")
			case 2:
				panic("nil map")
			}
			return nil
		}}
	other := &webhook.Handler{Secret: secret, Now: c.Now, Events: store, OnStatus: h.OnStatus}
	if rec := deliver(h, statusEvent, c.sign(statusEvent)); rec.Code != http.StatusInternalServerError {
		t.Fatalf("a failing callback: %d", rec.Code)
	}
	func() {
		defer func() { _ = recover() }()
		deliver(other, statusEvent, c.signLater(statusEvent))
	}()
	c.Advance(2 * time.Second)
	if rec := deliver(h, statusEvent, c.sign(statusEvent)); rec.Code != http.StatusOK || calls.Load() != 3 {
		t.Errorf("after a failure and a panic: %d %q, %d calls; want 200 and a third call", rec.Code, rec.Body, calls.Load())
	}
}

// An event without the properties that identify it (the documentation's location example has no messageId) is
// handled, deduplicated by its signature instead, and the Handler logs that it was.
func TestEventWithoutIdentityFallsBackToTheSignature(t *testing.T) {
	var logs strings.Builder
	calls := 0
	h := &webhook.Handler{Secret: secret, Now: func() time.Time { return now }, AllowReplays: true, // the store alone
		Log:       slog.New(slog.NewTextHandler(&logs, nil)),
		OnMessage: func(context.Context, *webhook.Message) error { calls++; return nil }}
	body := `{"eventType":"Message","channelId":"c","from":"5511","content":{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}}`
	signature := webhook.Sign(secret, now, []byte(body))
	for i, want := range []string{"", "already handled"} {
		if rec := deliver(h, body, signature); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) || calls != 1 {
			t.Errorf("delivery %d: %d %q, %d calls; want 200 %q and one call", i, rec.Code, rec.Body, calls, want)
		}
	}
	if !strings.Contains(logs.String(), "level=INFO msg=\"webhook: the event lacks the properties that identify it "+
		"(x-chatt2me-event-identity): deduplicated by its signature instead\" eventType=Message signature=") {
		t.Errorf("the log does not say so:\n%s", logs.String())
	}
	// Signed anew, it cannot be told from another event: it is handled again.
	if rec := deliver(h, body, webhook.Sign(secret, now.Add(time.Second), []byte(body))); rec.Code != http.StatusOK || calls != 2 {
		t.Errorf("signed anew: %d %q, %d calls", rec.Code, rec.Body, calls)
	}
	// Unsigned, it has no key at all: handled each time, and logged.
	logs.Reset()
	unsigned := &webhook.Handler{AllowUnsigned: true, Log: h.Log, OnMessage: h.OnMessage}
	for range 2 {
		deliver(unsigned, body, "")
	}
	if calls != 4 || !strings.Contains(logs.String(), "an unsigned event lacks the properties that identify it") {
		t.Errorf("unsigned: %d calls, log:\n%s", calls, logs.String())
	}
}

// A store that fails answers 503, so that Hub counts the delivery failed and it can be retried; nothing is called.
func TestEventStoreFailure(t *testing.T) {
	calls := 0
	h := &webhook.Handler{Secret: secret, Now: func() time.Time { return now }, Events: failingStore{},
		Log: slog.New(slog.DiscardHandler), OnStatus: func(context.Context, *api.MessageStatus) error { calls++; return nil }}
	if rec := deliver(h, statusEvent, webhook.Sign(secret, now, []byte(statusEvent))); rec.Code != http.StatusServiceUnavailable || calls != 0 {
		t.Errorf("%d %q, %d calls; want 503 and none", rec.Code, rec.Body, calls)
	}
}

type failingStore struct{}

func (failingStore) Lease(context.Context, string, uint64, time.Duration) (webhook.LeaseResult, error) {
	return 0, errors.New("store unreachable")
}
func (failingStore) Done(context.Context, string, time.Duration) error { return nil }
func (failingStore) Release(context.Context, string, uint64) error     { return nil }

// A Handler made before its webhook (AwaitSecret) answers the endpoint check of the create call, refuses deliveries
// with 503 until SetSecret, and verifies them after; SetSecret also rotates the secret.
func TestAwaitSecretThenSetSecret(t *testing.T) {
	var calls []string
	h := &webhook.Handler{AwaitSecret: true, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler),
		OnStatus: func(_ context.Context, s *api.MessageStatus) error {
			calls = append(calls, string(s.Status))
			return nil
		}}
	check := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/hook", nil)
		req.Header.Set(webhook.ValidationTokenHeader, "tok-123")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := check(); rec.Code != http.StatusOK || rec.Body.String() != "tok-123" {
		t.Errorf("endpoint check before the secret: %d %q", rec.Code, rec.Body)
	}
	rec := deliver(h, statusEvent, webhook.Sign(secret, now, []byte(statusEvent)))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "not set yet") {
		t.Errorf("a delivery before the secret: %d %q %v, want 503 with Retry-After", rec.Code, rec.Body, rec.Header())
	}
	if err := h.SetSecret(""); !errors.Is(err, webhook.ErrEmptySecret) {
		t.Errorf("SetSecret(\"\"): %v", err)
	}
	if err := h.SetSecret(secret); err != nil {
		t.Fatal(err)
	}
	if rec := deliver(h, statusEvent, webhook.Sign(secret, now, []byte(statusEvent))); rec.Code != http.StatusOK {
		t.Errorf("a delivery after SetSecret: %d %q", rec.Code, rec.Body)
	}
	if rec := deliver(h, statusEvent, ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("an unsigned delivery after SetSecret: %d %q", rec.Code, rec.Body)
	}
	if rec := check(); rec.Code != http.StatusOK || rec.Body.String() != "tok-123" {
		t.Errorf("endpoint check after SetSecret: %d %q", rec.Code, rec.Body)
	}
	read := strings.Replace(statusEvent, "delivered", "read", 1)
	_ = h.SetSecret("whsec_rotated")
	if rec := deliver(h, read, webhook.Sign(secret, now, []byte(read))); rec.Code != http.StatusUnauthorized {
		t.Errorf("the old secret after a rotation: %d %q", rec.Code, rec.Body)
	}
	if rec := deliver(h, read, webhook.Sign("whsec_rotated", now, []byte(read))); rec.Code != http.StatusOK {
		t.Errorf("the new secret: %d %q", rec.Code, rec.Body)
	}
	if strings.Join(calls, ",") != "delivered,read" {
		t.Errorf("callbacks %v", calls)
	}
}

// SetSecret may be called while the Handler serves.
func TestSetSecretWhileServing(t *testing.T) {
	h := &webhook.Handler{AwaitSecret: true, Log: slog.New(slog.DiscardHandler)}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := strings.Replace(statusEvent, "m1", fmt.Sprint("m", i), 1)
			for range 50 {
				if rec := deliver(h, body, webhook.Sign(secret, time.Now(), []byte(body))); rec.Code != http.StatusOK &&
					rec.Code != http.StatusServiceUnavailable {
					t.Errorf("%d %q", rec.Code, rec.Body)
					return
				}
			}
		}()
	}
	_ = h.SetSecret(secret)
	wg.Wait()
}

// The deduplication with the in-memory store costs at most 2 allocations per delivery.
func TestDeduplicationAllocations(t *testing.T) {
	if testing.CoverMode() != "" || raceDetector() {
		t.Skip("allocation counts differ under coverage and the race detector")
	}
	const runs = 500
	serve := func(dedup bool) float64 {
		h := &webhook.Handler{Secret: secret, Now: func() time.Time { return now }, AllowDuplicates: !dedup,
			OnStatus: func(context.Context, *api.MessageStatus) error { return nil }}
		var reqs []*http.Request
		for i := range runs + 1 {
			body := strings.Replace(statusEvent, `"m1"`, fmt.Sprintf(`"m%05d"`, i), 1)
			req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
			req.Header.Set(webhook.SignatureHeader, webhook.Sign(secret, now, []byte(body)))
			reqs = append(reqs, req)
		}
		w := httptest.NewRecorder()
		i := 0
		return testing.AllocsPerRun(runs, func() {
			h.ServeHTTP(w, reqs[i])
			i++
		})
	}
	with, without := serve(true), serve(false)
	t.Logf("a delivery: %v allocations with the deduplication, %v without", with, without)
	if with > without+2 {
		t.Errorf("the deduplication adds %v allocations, more than 2", with-without)
	}
}
