package sandbox_test

// Webhooks.RetryFailed against the sandbox: after an outage, the failed deliveries of a window are asked again, in
// batches, and the new attempts' ids returned; what a second run does.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
)

// retryBatches records the ids of every retryWebhookLogs request, and may strip the status filter from the list
// requests, as a server ignoring it would answer.
type retryBatches struct {
	mu          sync.Mutex
	batches     [][]string
	stripFilter bool
	// rewrite, when set, may change the answer to a list request.
	rewrite func(req *http.Request, resp *http.Response)
}

func (rb *retryBatches) middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	rb.mu.Lock()
	defer rb.mu.Unlock()
	switch {
	case req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/webhook-log/retry"):
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		var in api.RetryWebhookLogsInput
		_ = json.Unmarshal(body, &in)
		rb.batches = append(rb.batches, in.WebhookLogIds)
	case req.Method == http.MethodGet && strings.HasSuffix(req.URL.Path, "/webhook-log"):
		if rb.stripFilter {
			q := req.URL.Query()
			q.Del("status")
			req.URL.RawQuery = q.Encode()
		}
		if rb.rewrite != nil {
			resp, err := next(req)
			if err == nil {
				rb.rewrite(req, resp)
			}
			return resp, err
		}
	}
	return next(req)
}

func (rb *retryBatches) take() [][]string {
	rb.mu.Lock()
	defer rb.mu.Unlock()
	batches := rb.batches
	rb.batches = nil
	return batches
}

// catchUp starts a sandbox delivering to rc, a client whose requests rb sees, and a Message webhook for rc.
func catchUp(t *testing.T, rc *receiver, now func() time.Time) (*httptest.Server, *chatt2me.Client, *retryBatches, *api.Webhook) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Config{APIKey: key, HTTPClient: rc.Client(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	rb := &retryBatches{}
	c, err := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL), chatt2me.WithMiddleware(rb.middleware))
	if err != nil {
		t.Fatal(err)
	}
	hook, err := c.Webhooks.Create(context.Background(), newWebhook("inbound", rc.URL, api.EventTypeMessage))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, rb, hook
}

// inbound has the sandbox deliver n Message events, their texts starting with what.
func inbound(t *testing.T, srv *httptest.Server, n int, what string) {
	t.Helper()
	for i := 0; i < n; i++ {
		body := fmt.Sprintf(`{"channelId":%q,"from":"5511993986082","text":"%s %d"}`, channel("whatsapp").UUID, what, i)
		if status, answer := raw(t, srv, http.MethodPost, "/sandbox/inbound", "", body); status != http.StatusAccepted {
			t.Fatalf("inbound: %d %s", status, answer)
		}
	}
}

// After an outage, the failed deliveries of the window (not those before it, not the successful ones) are retried,
// oldest first, in batches of 50 (the document gives the ids no maxItems: a page of ListLogs), and the new attempts'
// ids returned; the endpoint receives the events again. A second run retries them again; so does a run whose list
// the server did not filter, and it retries nothing else.
func TestRetryFailedCatchesUp(t *testing.T) {
	rc := newReceiver(t)
	var now atomic.Int64
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	at := func(d time.Duration) { now.Store(t0.Add(d).Unix()) }
	at(0)
	srv, c, rb, hook := catchUp(t, rc, func() time.Time { return time.Unix(now.Load(), 0) })
	ctx := context.Background()
	down := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	rc.answerWith(down) // an outage before the window: not retried
	inbound(t, srv, 3, "before")
	at(time.Hour) // delivered: not retried
	rc.answerWith(nil)
	inbound(t, srv, 2, "delivered")
	since := t0.Add(2 * time.Hour)
	at(3 * time.Hour) // the outage the run catches up with
	rc.answerWith(down)
	inbound(t, srv, 120, "outage")
	rc.answerWith(nil)
	at(4 * time.Hour)

	failed := api.WebhookLogStatusFailed
	var want []string // the failed logs of the window, oldest first
	for l, err := range c.Webhooks.AllLogs(ctx, hook.Id, &api.ListWebhookLogsParams{Status: &failed}) {
		if err != nil {
			t.Fatal(err)
		}
		if !l.CreatedDate.Before(since) {
			want = append(want, l.Id)
		}
	}
	slices.Reverse(want) // the list is newest first
	bodies, _ := rc.received()
	outage := bodies[5:]
	if len(want) != 120 || len(outage) != 120 {
		t.Fatalf("%d failed logs in the window, %d deliveries of the outage; want 120", len(want), len(outage))
	}
	rb.take()

	run := func(name string) []string {
		t.Helper()
		results, err := c.Webhooks.RetryFailed(ctx, hook.Id, since)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var retried, fresh []string
		for _, r := range results {
			if !r.Success || r.NewLogId == nil {
				t.Fatalf("%s: result %+v", name, r)
			}
			retried, fresh = append(retried, r.WebhookLogId), append(fresh, *r.NewLogId)
		}
		if !slices.Equal(retried, want) {
			t.Errorf("%s retried %d logs %v, want the %d failed logs of the window, oldest first", name, len(retried), retried, len(want))
		}
		batches := rb.take()
		var sizes []int
		for _, b := range batches {
			sizes = append(sizes, len(b))
		}
		if !slices.Equal(sizes, []int{50, 50, 20}) || !slices.Equal(slices.Concat(batches...), want) {
			t.Errorf("%s: batches of %v ids, want 50, 50, 20 of the failed logs", name, sizes)
		}
		for _, id := range fresh {
			if slices.Contains(want, id) {
				t.Errorf("%s: new log id %s is an old one", name, id)
			}
		}
		got, _ := rc.received()
		if again := got[len(got)-120:]; !slices.Equal(again, outage) {
			t.Errorf("%s: the endpoint received %d deliveries, not the events of the outage again", name, len(again))
		}
		return fresh
	}
	first := run("the first run")
	// The API marks nothing on a log it retried: a second run asks for the same events again (which a receiver
	// deduplicating by event answers without handling them twice), and not for the first run's new attempts, which
	// succeeded.
	second := run("a second run")
	for _, id := range second {
		if slices.Contains(first, id) {
			t.Errorf("the second run's new log %s is one of the first run's", id)
		}
	}
	// A server that ignores the status filter lists the successful deliveries too: they are not retried.
	rb.stripFilter = true
	run("a run whose list is not filtered")
	if bodies, _ := rc.received(); len(bodies) != 5+4*120 {
		t.Errorf("the endpoint received %d deliveries, want %d", len(bodies), 5+4*120)
	}
}

// Nothing failed in the window: no retry is asked for, and the result is empty.
func TestRetryFailedWithNothingToRetry(t *testing.T) {
	rc := newReceiver(t)
	_, c, rec := facade(t, sandbox.Config{HTTPClient: rc.Client()})
	ctx := context.Background()
	hook, err := c.Webhooks.Create(ctx, newWebhook("inbound", rc.URL, api.EventTypeMessage))
	if err != nil {
		t.Fatal(err)
	}
	rec.reset()
	results, err := c.Webhooks.RetryFailed(ctx, hook.Id, time.Time{})
	if requests := rec.reset(); err != nil || len(results) != 0 || len(requests) != 1 ||
		!strings.HasPrefix(requests[0], "GET /v1/organization/webhook/"+hook.Id+"/webhook-log?") {
		t.Errorf("RetryFailed: %v, %v after %q", results, err, requests)
	}
	if _, err := c.Webhooks.RetryFailed(ctx, "not-a-uuid", time.Time{}); err == nil || len(rec.reset()) != 0 {
		t.Errorf("a malformed webhook id: %v", err)
	}
}

// A log a server lists twice (here page 2 repeats the first log of page 1 in place of one of its own) is retried once.
func TestRetryFailedRetriesALogListedTwiceOnce(t *testing.T) {
	rc := newReceiver(t)
	srv, c, rb, hook := catchUp(t, rc, nil)
	rc.answerWith(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	inbound(t, srv, 60, "outage")
	rc.answerWith(nil)
	var first json.RawMessage
	rb.rewrite = func(req *http.Request, resp *http.Response) {
		var page map[string]json.RawMessage
		body, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(body, &page)
		var items []json.RawMessage
		_ = json.Unmarshal(page["data"], &items)
		if req.URL.Query().Get("offset") == "0" {
			first = items[0]
		} else {
			items[0] = first
		}
		page["data"], _ = json.Marshal(items)
		body, _ = json.Marshal(page)
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		resp.Header.Del("Content-Length")
	}
	results, err := c.Webhooks.RetryFailed(context.Background(), hook.Id, time.Time{})
	seen := map[string]bool{}
	for _, r := range results {
		if seen[r.WebhookLogId] {
			t.Errorf("log %s retried twice", r.WebhookLogId)
		}
		seen[r.WebhookLogId] = true
	}
	if err != nil || len(results) != 59 {
		t.Errorf("RetryFailed: %d results, %v; want the 59 logs listed", len(results), err)
	}
}
