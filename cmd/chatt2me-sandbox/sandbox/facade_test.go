package sandbox_test

// The facade of the webhook-management operations (Client.Webhooks) against the sandbox: every method's typed
// success, its 404 and 400 as *APIError, and the paging methods across many pages.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

const unknownID = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"

func ptr[T any](v T) *T { return &v }

// receiverServer answers the sandbox's endpoint checks, so that the webhooks it creates are verified.
func receiverServer(t *testing.T) *httptest.Server {
	t.Helper()
	r := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Header.Get("X-Validation-Token"))
	}))
	t.Cleanup(r.Close)
	return r
}

// recorder is a middleware that records every request the client sends, and may change it first.
type recorder struct {
	mu       sync.Mutex
	requests []string
	change   func(*http.Request)
}

func (rec *recorder) middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	rec.mu.Lock()
	rec.requests = append(rec.requests, req.Method+" "+req.URL.RequestURI())
	change := rec.change
	rec.mu.Unlock()
	if change != nil {
		change(req)
	}
	return next(req)
}

func (rec *recorder) reset() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.requests
	rec.requests, rec.change = nil, nil
	return out
}

// facade starts a sandbox and a client whose requests rec records (and may change).
func facade(t *testing.T, cfg sandbox.Config) (*sandbox.Server, *chatt2me.Client, *recorder) {
	t.Helper()
	cfg.APIKey = key
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	rec := &recorder{}
	c, err := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL), chatt2me.WithMiddleware(rec.middleware),
		chatt2me.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return sb, c, rec
}

func newWebhook(label, endpoint string, event api.EventType) *api.CreateWebhookInput {
	return &api.CreateWebhookInput{Label: label, Endpoint: endpoint, EventType: event,
		AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication}
}

func TestWebhookManagement(t *testing.T) {
	receiver := receiverServer(t)
	_, c, _ := facade(t, sandbox.Config{HTTPClient: receiver.Client()})
	ctx := context.Background()
	var ids []string
	for i := 0; i < 3; i++ {
		w, err := c.Webhooks.Create(ctx, newWebhook(fmt.Sprint("hook ", i), receiver.URL, api.EventTypeMessageStatus))
		if err != nil {
			t.Fatal(err)
		}
		if w.IsVerified == nil || !*w.IsVerified || w.SigningSecret != nil {
			t.Errorf("created webhook %+v: want verified, without a secret", w)
		}
		ids = append(ids, w.Id)
	}
	page, err := c.Webhooks.List(ctx, &api.ListWebhooksParams{Offset: ptr(1), Limit: ptr(1)})
	if err != nil || len(page.Data) != 1 || page.Data[0].Id != ids[1] || page.Pagination.Total != 3 || page.Pagination.TotalPages != 3 {
		t.Fatalf("page: %+v, %v", page, err)
	}
	upd, err := c.Webhooks.Update(ctx, ids[0], &api.UpdateWebhookInput{RequiresSignature: ptr(true)})
	if err != nil || upd.SigningSecret == nil || !strings.HasPrefix(*upd.SigningSecret, "whsec_") {
		t.Fatalf("enabling signatures: %+v, %v", upd, err)
	}
	if err := c.Webhooks.Delete(ctx, ids[2]); err != nil {
		t.Fatalf("delete: %v", err)
	}
	var apiErr *chatt2me.APIError
	if _, err := c.Webhooks.Get(ctx, ids[2]); !errors.As(err, &apiErr) || apiErr.HTTPStatus != 404 {
		t.Errorf("get after delete: %v", err)
	}
	retry, err := c.Webhooks.RetryLogs(ctx, ids[0], &api.RetryWebhookLogsInput{WebhookLogIds: []string{unknownID}})
	if err != nil || retry.Results[0].Success || retry.Results[0].NewLogId != nil {
		t.Errorf("retrying an unknown log: %+v, %v", retry, err)
	}
}

// Every method: a typed success, an *APIError of 404 for an unknown webhook, and of 400 for a request the sandbox
// refuses (changed on its way by a middleware, past the SDK's own validation).
func TestEveryMethodAgainstTheSandbox(t *testing.T) {
	receiver := receiverServer(t)
	_, c, rec := facade(t, sandbox.Config{HTTPClient: receiver.Client()})
	ctx := context.Background()
	hook, err := c.Webhooks.Create(ctx, newWebhook("all", receiver.URL, api.EventTypeMessage))
	if err != nil {
		t.Fatal(err)
	}
	spare, err := c.Webhooks.Create(ctx, newWebhook("spare", receiver.URL, api.EventTypeMessage))
	if err != nil {
		t.Fatal(err)
	}
	badID := func(r *http.Request) {
		r.URL.Path = strings.NewReplacer(hook.Id, "not-a-uuid", spare.Id, "not-a-uuid").Replace(r.URL.Path)
	}
	badQuery := func(r *http.Request) { r.URL.RawQuery = "limit=0" }
	badBody := func(r *http.Request) {
		r.Body, r.ContentLength = io.NopCloser(strings.NewReader(`{"label":""}`)), 12
		r.GetBody = nil
	}
	cases := []struct {
		name  string
		call  func(id string) (any, error)
		check func(any) bool
		bad   func(*http.Request)
	}{
		{"Create", func(string) (any, error) {
			return c.Webhooks.Create(ctx, newWebhook("new", receiver.URL, api.EventTypeMessageStatus))
		}, func(v any) bool { return v.(*api.Webhook).Label != nil && *v.(*api.Webhook).Label == "new" }, badBody},
		{"List", func(string) (any, error) { return c.Webhooks.List(ctx, nil) },
			func(v any) bool { return v.(*api.ListWebhooksOutput).Pagination.Total >= 2 }, badQuery},
		{"Get", func(id string) (any, error) { return c.Webhooks.Get(ctx, id) },
			func(v any) bool { return v.(*api.Webhook).Id == hook.Id }, badID},
		{"Update", func(id string) (any, error) {
			return c.Webhooks.Update(ctx, id, &api.UpdateWebhookInput{Label: "renamed"})
		},
			func(v any) bool { return *v.(*api.Webhook).Label == "renamed" }, badBody},
		{"ListLogs", func(id string) (any, error) { return c.Webhooks.ListLogs(ctx, id, nil) },
			func(v any) bool { return v.(*api.ListWebhookLogsOutput).Data != nil }, badQuery},
		{"RetryLog", func(id string) (any, error) { return c.Webhooks.RetryLog(ctx, id, unknownID) },
			func(v any) bool { return !v.(*api.RetryWebhookLogOutput).Success }, badID},
		{"RetryLogs", func(id string) (any, error) {
			return c.Webhooks.RetryLogs(ctx, id, &api.RetryWebhookLogsInput{WebhookLogIds: []string{unknownID}})
		}, func(v any) bool { return len(v.(*api.RetryWebhookLogsOutput).Results) == 1 }, badBody},
		{"Delete", func(id string) (any, error) {
			if id == hook.Id {
				id = spare.Id // keep hook for the refused calls
			}
			return nil, c.Webhooks.Delete(ctx, id)
		}, func(any) bool { return true }, badID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if v, err := tc.call(hook.Id); err != nil || !tc.check(v) {
				t.Errorf("success: %+v, %v", v, err)
			}
			var e *chatt2me.APIError
			if tc.name != "Create" && tc.name != "List" {
				if _, err := tc.call(unknownID); !errors.As(err, &e) || e.HTTPStatus != 404 || !strings.Contains(e.Message, "not found") {
					t.Errorf("unknown webhook: %v", err)
				}
			}
			rec.reset()
			rec.change = tc.bad
			if _, err := tc.call(hook.Id); !errors.As(err, &e) || e.HTTPStatus != 400 || e.Message == "" {
				t.Errorf("refused request: %v", err)
			}
			rec.reset()
		})
	}
}

// All walks 120 webhooks in pages of 50: every one, in order, once, in three requests; a loop that breaks makes
// no further request; a failing page yields its error once and ends the walk.
func TestPagingWebhooks(t *testing.T) {
	receiver := receiverServer(t)
	sb, c, rec := facade(t, sandbox.Config{HTTPClient: receiver.Client()})
	ctx := context.Background()
	var ids []string
	for i := 0; i < 120; i++ {
		w, err := c.Webhooks.Create(ctx, newWebhook(fmt.Sprint("hook ", i), receiver.URL, api.EventTypeMessage))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w.Id)
	}
	rec.reset()
	var got []string
	for w, err := range c.Webhooks.All(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, w.Id)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Errorf("walked %d webhooks, want the %d created, in order", len(got), len(ids))
	}
	wantRequests := "GET /v1/organization/webhook?offset=0&limit=50,GET /v1/organization/webhook?offset=50&limit=50," +
		"GET /v1/organization/webhook?offset=100&limit=50"
	if r := rec.reset(); strings.Join(r, ",") != wantRequests {
		t.Errorf("requests %v", r)
	}

	// A smaller page, from an offset.
	got = nil
	for w, err := range c.Webhooks.All(ctx, &api.ListWebhooksParams{Offset: ptr(3), Limit: ptr(7)}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, w.Id)
	}
	if strings.Join(got, ",") != strings.Join(ids[3:], ",") || len(rec.reset()) != 17 {
		t.Errorf("from offset 3 in pages of 7: %d webhooks", len(got))
	}

	// Breaking after 60: the second page was the last request.
	n := 0
	for _, err := range c.Webhooks.All(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 60 {
			break
		}
	}
	if r := rec.reset(); len(r) != 2 {
		t.Errorf("breaking after 60 items made the requests %v", r)
	}

	// A failing second page: 50 items, then its error, once.
	n = 0
	var errs []error
	for _, err := range c.Webhooks.All(ctx, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 1 { // the first page is in: the next request is refused
			script(t, sb, sandbox.Rule{Operation: "listWebhooks", Times: 1, Status: http.StatusForbidden, ErrorMessage: "no more pages for you"})
		}
	}
	var e *chatt2me.APIError
	if n != 50 || len(errs) != 1 || !errors.As(errs[0], &e) || e.HTTPStatus != 403 || e.Message != "no more pages for you" {
		t.Errorf("%d items, errors %v", n, errs)
	}
	if r := rec.reset(); len(r) != 2 {
		t.Errorf("requests after a failing page: %v", r)
	}

	// A context cancelled during the walk: no further page is asked for.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n, errs = 0, nil
	for _, err := range c.Webhooks.All(cctx, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 1 {
			cancel()
		}
	}
	if n != 50 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || len(rec.reset()) != 1 {
		t.Errorf("cancelled walk: %d items, errors %v", n, errs)
	}
}

// AllLogs walks the delivery logs of a webhook across several pages, as ListLogs shows them.
func TestPagingLogs(t *testing.T) {
	receiver := receiverServer(t)
	sb, c, rec := facade(t, sandbox.Config{HTTPClient: receiver.Client(), DeliverStatuses: true})
	ctx := context.Background()
	hook, err := c.Webhooks.Create(ctx, newWebhook("statuses", receiver.URL, api.EventTypeMessageStatus))
	if err != nil {
		t.Fatal(err)
	}
	wa := channel("whatsapp")
	for i := 0; i < 12; i++ {
		if _, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(wa.UUID), "5511993986082", whatsapp.Text(fmt.Sprint("hi ", i))); err != nil {
			t.Fatal(err)
		}
	}
	sb.Wait()
	one, err := c.Webhooks.ListLogs(ctx, hook.Id, &api.ListWebhookLogsParams{Limit: ptr(50)})
	if err != nil || one.Pagination.Total != 36 {
		t.Fatalf("logs: %+v, %v", one, err)
	}
	rec.reset()
	var got []api.WebhookLog
	for l, err := range c.Webhooks.AllLogs(ctx, hook.Id, &api.ListWebhookLogsParams{Limit: ptr(5)}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	if len(got) != 36 || len(rec.reset()) != 8 {
		t.Fatalf("walked %d logs", len(got))
	}
	for i := range got {
		if got[i].Id != one.Data[i].Id {
			t.Fatalf("log %d is %s, want %s", i, got[i].Id, one.Data[i].Id)
		}
	}
}
