package chatt2me_test

// Tests of the facade of the operations that are not sends (Client.Webhooks): the requests it writes, its errors,
// and its retries by idempotency, counted by the server.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
)

const (
	webhookID   = "0b7e5c2a-4f1d-4c3e-9a8b-2d6f1e0c9b7a"
	logID       = "9f1c2b3a-5d4e-4f6a-8b7c-1a2b3c4d5e6f"
	webhookJSON = `{"id":"` + webhookID + `","applicationId":"` + channelUUID + `","active":true,"eventType":"Message"}`
)

func quickClient(t *testing.T, baseURL string, opts ...chatt2me.Option) *chatt2me.Client {
	return newClient(t, baseURL, append([]chatt2me.Option{chatt2me.WithRetryBackoff(time.Millisecond, 2*time.Millisecond)}, opts...)...)
}

func ptr[T any](v T) *T { return &v }

// Each method sends the operation's method, path, query and body, the body byte for byte what encoding/json writes
// for the api struct, and returns the typed answer.
func TestFacadeRequests(t *testing.T) {
	create := &api.CreateWebhookInput{Label: "orders", Endpoint: "https://example.com/hooks", EventType: api.EventTypeMessage,
		AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: ptr(true),
		Headers: &[]api.WebhookHeader{{Key: "X-Env", Value: "prod"}}}
	update := &api.UpdateWebhookInput{RequiresSignature: ptr(false), Scope: ptr("read")}
	retry := &api.RetryWebhookLogsInput{WebhookLogIds: []string{logID}}
	marshal := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	page := `{"data":[` + webhookJSON + `],"pagination":{"offset":0,"limit":50,"total":1,"totalPages":1}}`
	cases := []struct {
		name, status, answer      string
		method, path, query, body string
		call                      func(c *chatt2me.Client) (any, error)
	}{
		{"Create", "201", webhookJSON, "POST", "/v1/organization/webhook", "", marshal(create),
			func(c *chatt2me.Client) (any, error) { return c.Webhooks.Create(context.Background(), create) }},
		{"List", "200", page, "GET", "/v1/organization/webhook", "offset=20&limit=10", "",
			func(c *chatt2me.Client) (any, error) {
				return c.Webhooks.List(context.Background(), &api.ListWebhooksParams{Offset: ptr(20), Limit: ptr(10)})
			}},
		{"Get", "200", webhookJSON, "GET", "/v1/organization/webhook/" + webhookID, "", "",
			func(c *chatt2me.Client) (any, error) { return c.Webhooks.Get(context.Background(), webhookID) }},
		{"Update", "200", webhookJSON, "PATCH", "/v1/organization/webhook/" + webhookID, "", marshal(update),
			func(c *chatt2me.Client) (any, error) {
				return c.Webhooks.Update(context.Background(), webhookID, update)
			}},
		{"Delete", "204", "", "DELETE", "/v1/organization/webhook/" + webhookID, "", "",
			func(c *chatt2me.Client) (any, error) { return nil, c.Webhooks.Delete(context.Background(), webhookID) }},
		{"ListLogs", "200", `{"data":[],"pagination":{"offset":0,"limit":20,"total":0,"totalPages":0}}`, "GET",
			"/v1/organization/webhook/" + webhookID + "/webhook-log", "status=Failed", "",
			func(c *chatt2me.Client) (any, error) {
				return c.Webhooks.ListLogs(context.Background(), webhookID, &api.ListWebhookLogsParams{Status: ptr(api.WebhookLogStatusFailed)})
			}},
		{"RetryLog", "200", `{"success":true,"newLogId":"` + logID + `"}`, "POST",
			"/v1/organization/webhook/" + webhookID + "/webhook-log/" + logID + "/retry", "", "",
			func(c *chatt2me.Client) (any, error) {
				return c.Webhooks.RetryLog(context.Background(), webhookID, logID)
			}},
		{"RetryLogs", "200", `{"results":[{"webhookLogId":"` + logID + `","success":false,"newLogId":null}]}`, "POST",
			"/v1/organization/webhook/" + webhookID + "/webhook-log/retry", "", marshal(retry),
			func(c *chatt2me.Client) (any, error) {
				return c.Webhooks.RetryLogs(context.Background(), webhookID, retry)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got *http.Request
			var body string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r
				b, _ := io.ReadAll(r.Body)
				body = string(b)
				status, _ := strconv.Atoi(tc.status)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(tc.answer))
			}))
			defer srv.Close()
			res, err := tc.call(quickClient(t, srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			if got.Method != tc.method || got.URL.Path != tc.path || got.URL.RawQuery != tc.query || body != tc.body {
				t.Errorf("sent %s %s?%s %s\nwant %s %s?%s %s", got.Method, got.URL.Path, got.URL.RawQuery, body, tc.method, tc.path, tc.query, tc.body)
			}
			if got.Header.Get("x-api-key") != apiKey || got.Header.Get("Accept") != "application/json" {
				t.Errorf("headers %v", got.Header)
			}
			if tc.answer != "" {
				if want, _ := json.Marshal(decodeAs(t, tc.answer, res)); marshal(res) != string(want) {
					t.Errorf("answer %s, want %s", marshal(res), want)
				}
			}
		})
	}
}

// decodeAs decodes answer into a new value of res's type, as encoding/json would.
func decodeAs(t *testing.T, answer string, res any) any {
	t.Helper()
	v := reflect.New(reflect.TypeOf(res).Elem()).Interface()
	if err := json.Unmarshal([]byte(answer), v); err != nil {
		t.Fatal(err)
	}
	return v
}

// A bad argument is a *ValidationError naming it, and nothing is sent.
func TestFacadeValidatesBeforeSending(t *testing.T) {
	srv, got := server(t, 200, `{}`)
	c := quickClient(t, srv.URL)
	ctx := context.Background()
	good := api.CreateWebhookInput{Label: "l", Endpoint: "https://example.com/h", EventType: api.EventTypeMessage, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication}
	httpEndpoint, emptyLabel, badHeader := good, good, good
	httpEndpoint.Endpoint = "http://example.com/h"
	emptyLabel.Label = ""
	badHeader.Headers = &[]api.WebhookHeader{{Key: "", Value: "v"}}
	cases := []struct {
		name, field, problem string
		call                 func() error
	}{
		{"create without a body", "body", "missing: createWebhook needs a body", func() error { _, err := c.Webhooks.Create(ctx, nil); return err }},
		{"create with an http endpoint", "endpoint", "must match ^https://[^\\s]+$ (got \"http://example.com/h\")",
			func() error { _, err := c.Webhooks.Create(ctx, &httpEndpoint); return err }},
		{"create with an empty label", "label", "must not be empty", func() error { _, err := c.Webhooks.Create(ctx, &emptyLabel); return err }},
		{"create with an empty header name", "headers[0].key", "must not be empty",
			func() error { _, err := c.Webhooks.Create(ctx, &badHeader); return err }},
		{"list with limit 0", "limit", "must be at least 1 (got 0)",
			func() error { _, err := c.Webhooks.List(ctx, &api.ListWebhooksParams{Limit: ptr(0)}); return err }},
		{"list with limit 51", "limit", "must be at most 50 (got 51)",
			func() error { _, err := c.Webhooks.List(ctx, &api.ListWebhooksParams{Limit: ptr(51)}); return err }},
		{"get with an empty id", "webhookId", "must not be empty", func() error { _, err := c.Webhooks.Get(ctx, ""); return err }},
		{"get with a path in the id", "webhookId", "must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got \"../../x\")",
			func() error { _, err := c.Webhooks.Get(ctx, "../../x"); return err }},
		{"delete with a bad id", "webhookId", "must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got \"42\")",
			func() error { return c.Webhooks.Delete(ctx, "42") }},
		{"update with an ftp endpoint", "endpoint", "must match ^https://[^\\s]+$ (got \"ftp://example.com\")",
			func() error {
				_, err := c.Webhooks.Update(ctx, webhookID, &api.UpdateWebhookInput{Endpoint: "ftp://example.com"})
				return err
			}},
		{"logs with an unknown status", "status", "must be one of Success, Failed (got \"Lost\")",
			func() error {
				_, err := c.Webhooks.ListLogs(ctx, webhookID, &api.ListWebhookLogsParams{Status: ptr(api.WebhookLogStatus("Lost"))})
				return err
			}},
		{"retry a log of a bad id", "webhookLogId", "must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got \"x\")",
			func() error { _, err := c.Webhooks.RetryLog(ctx, webhookID, "x"); return err }},
		{"retry no logs", "webhookLogIds", "must have at least 1 item(s) (has none)",
			func() error { _, err := c.Webhooks.RetryLogs(ctx, webhookID, &api.RetryWebhookLogsInput{}); return err }},
		{"walk the logs of a bad id", "webhookId", "must not be empty",
			func() error {
				for _, err := range c.Webhooks.AllLogs(ctx, "", nil) {
					return err
				}
				return nil
			}},
	}
	for _, tc := range cases {
		err := tc.call()
		var ve *chatt2me.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || ve.Problem != tc.problem {
			t.Errorf("%s: error %v, want a ValidationError of %s: %s", tc.name, err, tc.field, tc.problem)
		}
	}
	if len(*got) != 0 {
		t.Errorf("%d requests sent", len(*got))
	}
}

// Retries by idempotency, counted by the server: GET, PUT and DELETE after any 5xx but 501 and after a dropped
// connection; POST and PATCH only after what cannot have been delivered (429, 503, a refused connection).
func TestFacadeRetriesByIdempotency(t *testing.T) {
	type step = func(http.ResponseWriter, *http.Request)
	get := func(c *chatt2me.Client) error { _, err := c.Webhooks.Get(context.Background(), webhookID); return err }
	del := func(c *chatt2me.Client) error { return c.Webhooks.Delete(context.Background(), webhookID) }
	create := func(c *chatt2me.Client) error {
		_, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "l", Endpoint: "https://example.com/h",
			EventType: api.EventTypeMessage, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication})
		return err
	}
	update := func(c *chatt2me.Client) error {
		_, err := c.Webhooks.Update(context.Background(), webhookID, &api.UpdateWebhookInput{Label: "new"})
		return err
	}
	retryLog := func(c *chatt2me.Client) error {
		_, err := c.Webhooks.RetryLog(context.Background(), webhookID, logID)
		return err
	}
	ok, created, none := answer(200, webhookJSON), answer(201, webhookJSON), answer(204, "")
	retried := answer(200, `{"success":true,"newLogId":null}`)
	cases := []struct {
		name     string
		call     func(*chatt2me.Client) error
		steps    []step
		attempts int
		check    func(error) bool
	}{
		{"GET after 500", get, []step{answer(500, ""), ok}, 2, isNil},
		{"GET after 502 and 504", get, []step{answer(502, ""), answer(504, ""), ok}, 3, isNil},
		{"GET after a dropped connection", get, []step{reset, ok}, 2, isNil},
		{"GET after 501 Not Implemented", get, []step{answer(501, "")}, 1, status(501, false)},
		{"GET, 500 three times", get, []step{answer(500, ""), answer(500, ""), answer(500, "")}, 3, status(500, false)},
		{"GET after 404", get, []step{answer(404, `{"errorMessage":"webhook not found"}`)}, 1, status(404, false)},
		{"DELETE after 500", del, []step{answer(500, ""), none}, 2, isNil},
		{"DELETE after a dropped connection", del, []step{reset, none}, 2, isNil},
		{"POST after 500", create, []step{answer(500, "")}, 1, status(500, true)},
		{"POST after a dropped connection", create, []step{reset}, 1, unknown},
		{"POST after 503", create, []step{answer(503, ""), created}, 2, isNil},
		{"POST after 429", create, []step{answer(429, "", "Retry-After", "0"), created}, 2, isNil},
		{"PATCH after 502", update, []step{answer(502, "")}, 1, status(502, true)},
		{"PATCH after a dropped connection", update, []step{reset}, 1, unknown},
		{"PATCH after 503", update, []step{answer(503, ""), ok}, 2, isNil},
		{"bodyless POST after a dropped connection", retryLog, []step{reset}, 1, unknown},
		{"bodyless POST after 503", retryLog, []step{answer(503, ""), retried}, 2, isNil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { countAttempts(t, tc.steps, tc.call, tc.attempts, tc.check) })
	}
}

// countAttempts makes call against a server answering by steps, and checks its error and the attempts it made.
func countAttempts(t *testing.T, steps []func(http.ResponseWriter, *http.Request), call func(*chatt2me.Client) error, attempts int,
	check func(error) bool, opts ...chatt2me.Option) {
	t.Helper()
	f := &faultServer{t: t, steps: steps}
	srv := httptest.NewServer(f)
	defer srv.Close()
	if err := call(quickClient(t, srv.URL, opts...)); !check(err) {
		t.Errorf("error %v (%T)", err, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.attempts != attempts {
		t.Errorf("%d attempts, want %d", f.attempts, attempts)
	}
}

// A request that times out (the caller's http.Client.Timeout) may have reached the API: a GET is retried, a POST is
// not, and its error matches ErrOutcomeUnknown.
func TestFacadeRetriesAfterATimeoutByIdempotency(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	for _, tc := range []struct {
		name     string
		call     func(*chatt2me.Client) error
		steps    []func(http.ResponseWriter, *http.Request)
		attempts int
		check    func(error) bool
	}{
		{"GET", func(c *chatt2me.Client) error { _, err := c.Webhooks.Get(context.Background(), webhookID); return err },
			[]func(http.ResponseWriter, *http.Request){hang, answer(200, webhookJSON)}, 2, isNil},
		{"POST", func(c *chatt2me.Client) error {
			_, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "l", Endpoint: "https://example.com/h",
				EventType: api.EventTypeMessage, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication})
			return err
		}, []func(http.ResponseWriter, *http.Request){hang, answer(201, webhookJSON)}, 1, unknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			countAttempts(t, tc.steps, tc.call, tc.attempts, tc.check, chatt2me.WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}))
		})
	}
}

func isNil(err error) bool { return err == nil }

func unknown(err error) bool {
	var u *chatt2me.OutcomeUnknownError
	return errors.As(err, &u) && errors.Is(err, chatt2me.ErrOutcomeUnknown)
}

// status checks an *APIError of that status, whose outcome is unknown or not.
func status(code int, outcomeUnknown bool) func(error) bool {
	return func(err error) bool {
		var e *chatt2me.APIError
		return errors.As(err, &e) && e.HTTPStatus == code && e.OutcomeUnknown == outcomeUnknown &&
			errors.Is(err, chatt2me.ErrOutcomeUnknown) == outcomeUnknown
	}
}

// A refused connection cannot have delivered anything: a bodyless POST is retried then too.
func TestFacadeRetriesARefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	attempts := 0
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts++
		return next(req)
	}
	c := quickClient(t, "http://"+addr, chatt2me.WithMaxRetries(3), chatt2me.WithMiddleware(count))
	_, err = c.Webhooks.RetryLog(context.Background(), webhookID, logID)
	if err == nil || errors.Is(err, chatt2me.ErrOutcomeUnknown) || attempts != 4 {
		t.Errorf("error %v after %d attempts, want a connection error after 4", err, attempts)
	}
}

// An answer that is not a success, or not what the document describes, is an *APIError with the answer's words;
// for a POST, a success that cannot be read leaves the outcome unknown.
func TestFacadeAnswers(t *testing.T) {
	cases := []struct {
		name, answer string
		status       int
		call         func(*chatt2me.Client) error
		want         string
		unknown      bool
	}{
		{"404", `{"errorMessage":"webhook not found","errorCode":"not_found"}`, 404,
			func(c *chatt2me.Client) error { _, err := c.Webhooks.Get(context.Background(), webhookID); return err },
			"chatt2me: HTTP 404: webhook not found (errorCode not_found)", false},
		{"400 without a body", ``, 400,
			func(c *chatt2me.Client) error { return c.Webhooks.Delete(context.Background(), webhookID) },
			"chatt2me: HTTP 400: Bad Request", false},
		{"GET answered with an array", `[]`, 200,
			func(c *chatt2me.Client) error { _, err := c.Webhooks.Get(context.Background(), webhookID); return err },
			"chatt2me: HTTP 200: the answer is not what the OpenAPI document describes: it is a JSON array, not an object", false},
		{"POST answered with a wrong type", `{"success":"yes"}`, 200,
			func(c *chatt2me.Client) error {
				_, err := c.Webhooks.RetryLog(context.Background(), webhookID, logID)
				return err
			},
			"chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not what the OpenAPI " +
				"document describes: its success is a JSON string", true},
		{"the key echoed", `{"errorMessage":"bad key ` + apiKey + `"}`, 401,
			func(c *chatt2me.Client) error { _, err := c.Webhooks.List(context.Background(), nil); return err },
			"chatt2me: HTTP 401: bad key [redacted]", false},
	}
	for _, tc := range cases {
		srv, _ := server(t, tc.status, tc.answer)
		err := tc.call(quickClient(t, srv.URL, chatt2me.WithMaxRetries(0)))
		var e *chatt2me.APIError
		if !errors.As(err, &e) || err.Error() != tc.want || e.OutcomeUnknown != tc.unknown {
			t.Errorf("%s: error %v, want %s", tc.name, err, tc.want)
		}
	}
}

// The key in a typed answer is redacted too.
func TestFacadeRedactsTheKeyInAnswers(t *testing.T) {
	srv, _ := server(t, 200, `{"id":"`+webhookID+`","applicationId":"a","active":true,"eventType":"Message","label":"`+apiKey+`"}`)
	w, err := quickClient(t, srv.URL).Webhooks.Get(context.Background(), webhookID)
	if err != nil || w.Label == nil || *w.Label != "[redacted]" {
		t.Errorf("%+v, %v", w, err)
	}
}

// A GET follows a redirect within the API's origin; a DELETE follows none.
func TestFacadeRedirects(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.Method+" "+r.URL.Path)
		if r.URL.Path == "/moved" {
			_, _ = w.Write([]byte(webhookJSON))
			return
		}
		http.Redirect(w, r, "/moved", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c := quickClient(t, srv.URL)
	if w, err := c.Webhooks.Get(context.Background(), webhookID); err != nil || w.Id != webhookID {
		t.Errorf("GET: %+v, %v", w, err)
	}
	err := c.Webhooks.Delete(context.Background(), webhookID)
	var e *chatt2me.APIError
	if !errors.As(err, &e) || e.HTTPStatus != 307 || e.Location != "/moved" {
		t.Errorf("DELETE: %v", err)
	}
	if want := "GET /v1/organization/webhook/" + webhookID + ",GET /moved,DELETE /v1/organization/webhook/" + webhookID; strings.Join(paths, ",") != want {
		t.Errorf("requests %v", paths)
	}
}
