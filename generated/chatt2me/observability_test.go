package chatt2me_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// sendOK is the answer of an accepted send.
const sendOK = `{"messageId":"m-1","status":"enqueued"}`

// opRecorder is a Middleware recording the operation of every attempt, and a CallHook recording that of every call
// and what it came to.
type opRecorder struct {
	mu       sync.Mutex
	attempts []chatt2me.Operation
	calls    []chatt2me.Operation
	results  []chatt2me.CallResult
	// inHook says, for each attempt, whether its context derives from the context the hook passed on.
	inHook []bool
}

type hookKey struct{}

func (o *opRecorder) middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	op, ok := chatt2me.OperationFromContext(req.Context())
	o.mu.Lock()
	if ok {
		o.attempts = append(o.attempts, op)
	}
	o.inHook = append(o.inHook, req.Context().Value(hookKey{}) != nil)
	o.mu.Unlock()
	return next(req)
}

func (o *opRecorder) hook(ctx context.Context, op chatt2me.Operation, call func(context.Context) chatt2me.CallResult) {
	res := call(context.WithValue(ctx, hookKey{}, op.ID))
	o.mu.Lock()
	o.calls = append(o.calls, op)
	o.results = append(o.results, res)
	o.mu.Unlock()
}

func (o *opRecorder) client(t *testing.T, baseURL string, opts ...chatt2me.Option) *chatt2me.Client {
	return quickClient(t, baseURL, append([]chatt2me.Option{chatt2me.WithMiddleware(o.middleware), chatt2me.WithCallHook(o.hook)}, opts...)...)
}

var whatsappSend = chatt2me.Operation{ID: "sendWhatsAppMessage", Method: "POST", Route: "/v1/communication/whatsapp/message", Channel: "whatsapp"}

func attempt(op chatt2me.Operation, n int) chatt2me.Operation {
	op.Attempt = n
	return op
}

func sameOps(got, want []chatt2me.Operation) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// A retried send is one call for the hook, whose context the two attempts' contexts derive from, each attempt
// carrying the operation and its number.
func TestARetriedSendIsOneCallOfTwoAttempts(t *testing.T) {
	srv := httptest.NewServer(&faultServer{t: t, steps: []func(http.ResponseWriter, *http.Request){
		answer(503, `{"errorMessage":"busy"}`), answer(200, sendOK)}})
	defer srv.Close()
	var o opRecorder
	c := o.client(t, srv.URL)
	if _, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if want := []chatt2me.Operation{attempt(whatsappSend, 1), attempt(whatsappSend, 2)}; !sameOps(o.attempts, want) {
		t.Errorf("attempts carried %+v, want %+v", o.attempts, want)
	}
	if !sameOps(o.calls, []chatt2me.Operation{whatsappSend}) || o.results[0] != (chatt2me.CallResult{Attempts: 2, StatusCode: 200}) {
		t.Errorf("the hook saw %+v, %+v; want one call of 2 attempts ending 200", o.calls, o.results)
	}
	if len(o.inHook) != 2 || !o.inHook[0] || !o.inHook[1] {
		t.Errorf("the attempts' contexts derive from the hook's: %v", o.inHook)
	}
}

// The facade's calls and the low-level client's requests carry their operation too; a request of the low-level
// client to a path of no operation carries none. The routes are matched below the base URL's path.
func TestTheLowLevelClientsRequestsCarryTheirOperation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(answer(200, webhookJSON)))
	defer srv.Close()
	var o opRecorder
	c := o.client(t, srv.URL+"/gateway/")
	if _, err := c.Webhooks.Get(context.Background(), webhookID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.API.GetWebhookWithResponse(context.Background(), webhookID); err != nil {
		t.Fatal(err)
	}
	get := chatt2me.Operation{ID: "getWebhook", Method: "GET", Route: "/v1/organization/webhook/{webhookId}"}
	if want := []chatt2me.Operation{attempt(get, 1), attempt(get, 1)}; !sameOps(o.attempts, want) {
		t.Errorf("attempts carried %+v, want %+v", o.attempts, want)
	}
	if !sameOps(o.calls, []chatt2me.Operation{get, get}) || o.results[1] != (chatt2me.CallResult{Attempts: 1, StatusCode: 200}) {
		t.Errorf("the hook saw %+v, %+v", o.calls, o.results)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/gateway/v1/organization/webhook/"+webhookID+"/unknown", nil)
	resp, err := c.API.ClientInterface.(*api.Client).Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if len(o.attempts) != 2 || len(o.inHook) != 3 {
		t.Errorf("a path of no operation carried one: %+v", o.attempts)
	}
	if o.calls[2] != (chatt2me.Operation{}) {
		t.Errorf("the hook saw %+v for a path of no operation, want the zero Operation", o.calls[2])
	}
}

// A hook that does not make the call ends it with an error, and nothing is sent.
func TestAHookThatDoesNotCallSendsNothing(t *testing.T) {
	srv, got := server(t, 200, sendOK)
	defer srv.Close()
	c := newClient(t, srv.URL, chatt2me.WithCallHook(func(context.Context, chatt2me.Operation, func(context.Context) chatt2me.CallResult) {}))
	_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
	if err == nil || err.Error() != "chatt2me: a CallHook returned without calling call: nothing was sent" || len(*got) != 0 {
		t.Errorf("error %v, %d requests", err, len(*got))
	}
}

// gate is a Limiter that holds every Wait until it is opened, and tells when a Wait has started.
type gate struct {
	waiting chan struct{}
	open    chan struct{}
}

func newGate() *gate { return &gate{waiting: make(chan struct{}, 16), open: make(chan struct{})} }

func (g *gate) Wait(ctx context.Context) error {
	g.waiting <- struct{}{}
	select {
	case <-g.open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// counter is a Limiter that lets everything go and counts the waits.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) Wait(context.Context) error {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return nil
}

// A channel's limiter holds its channel's sends and no other request: an SMS send and a webhook call go through
// while a WhatsApp send waits, and the WhatsApp send goes once the limiter lets it. The client's limiter is waited
// for by every request, the low-level client's included.
func TestAChannelLimiterDelaysOnlyItsChannel(t *testing.T) {
	var mu sync.Mutex
	var arrived []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		mu.Lock()
		arrived = append(arrived, r.Method+" "+r.URL.Path)
		mu.Unlock()
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, webhookJSON)
			return
		}
		_, _ = io.WriteString(w, sendOK)
	}))
	defer srv.Close()
	held, all := newGate(), &counter{}
	c := newClient(t, srv.URL, chatt2me.WithChannelLimiter("whatsapp", held), chatt2me.WithLimiter(all))
	done := make(chan error)
	go func() {
		_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
		done <- err
	}()
	<-held.waiting // the WhatsApp send waits for its limiter
	if _, err := c.SMS.Send(context.Background(), sms.FromChannel(channelUUID), "+5511993986082", sms.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Webhooks.Get(context.Background(), webhookID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.API.GetWebhookWithResponse(context.Background(), webhookID); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	before := strings.Join(arrived, ", ")
	mu.Unlock()
	if want := "POST /v1/communication/sms/message, GET /v1/organization/webhook/" + webhookID + ", GET /v1/organization/webhook/" + webhookID; before != want {
		t.Errorf("while WhatsApp waited, the server got %s; want %s", before, want)
	}
	close(held.open)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if last := arrived[len(arrived)-1]; last != "POST /v1/communication/whatsapp/message" || len(arrived) != 4 {
		t.Errorf("after the limiter let it go: %v", arrived)
	}
	if all.n != 4 {
		t.Errorf("the client's limiter was waited for %d times, want 4 (every request)", all.n)
	}
}

// refuse is a Limiter that refuses the waits after the first allowed ones.
type refuse struct {
	allowed int
	err     error
}

func (r *refuse) Wait(context.Context) error {
	if r.allowed > 0 {
		r.allowed--
		return nil
	}
	return r.err
}

// A limiter's refusal is a *LimitError that says the attempt was not sent: never an unknown outcome.
func TestARefusedWaitIsNotAnUnknownOutcome(t *testing.T) {
	srv := httptest.NewServer(&faultServer{t: t, steps: []func(http.ResponseWriter, *http.Request){answer(503, ``)}})
	defer srv.Close()
	send := func(c *chatt2me.Client) error {
		_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
		return err
	}
	err := send(quickClient(t, srv.URL, chatt2me.WithChannelLimiter("whatsapp", &refuse{err: context.DeadlineExceeded})))
	var limit *chatt2me.LimitError
	want := "chatt2me: sendWhatsAppMessage: the whatsapp rate limiter did not let attempt 1 go, so nothing was sent: context deadline exceeded"
	if !errors.As(err, &limit) || errors.Is(err, chatt2me.ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) || err.Error() != want {
		t.Errorf("error %v (%T), want %q", err, err, want)
	}
	// A retry the client's limiter refuses: the first attempt was answered 503 (not processed), the second not sent.
	err = send(quickClient(t, srv.URL, chatt2me.WithLimiter(&refuse{allowed: 1, err: errors.New("over the budget")})))
	want = "chatt2me: sendWhatsAppMessage: the client's rate limiter did not let attempt 2 go, so it was not sent: over the budget"
	if !errors.As(err, &limit) || errors.Is(err, chatt2me.ErrOutcomeUnknown) || err.Error() != want || limit.Attempt != 2 {
		t.Errorf("error %v, want %q", err, want)
	}
}

// deadlineSeen is a Limiter recording the deadline of the context it waits under.
type deadlineSeen struct{ deadline chan any }

func (d deadlineSeen) Wait(ctx context.Context) error {
	deadline, _ := ctx.Deadline()
	d.deadline <- deadline
	return nil
}

// A wait counts against the call's context, not against the attempt's timeout: the limiter waits under the call's
// deadline, and the attempt's timeout starts after it.
func TestALimiterWaitsUnderTheCallsContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(answer(200, sendOK)))
	defer srv.Close()
	seen := deadlineSeen{make(chan any, 1)}
	c := newClient(t, srv.URL, chatt2me.WithTimeout(0), chatt2me.WithLimiter(seen))
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	want, _ := ctx.Deadline()
	ctx = chatt2me.WithAttemptTimeout(ctx, time.Minute)
	if _, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if got := <-seen.deadline; got != want {
		t.Errorf("the limiter waited under the deadline %v, want the call's %v", got, want)
	}
}

// New refuses a limiter of a channel the document does not have, a nil one, and a second one for a channel.
func TestLimiterOptionsAreChecked(t *testing.T) {
	var channels []string // the document's, from its operations
	for _, op := range chatt2me.Operations() {
		if op.Channel != "" && !slices.Contains(channels, op.Channel) {
			channels = append(channels, op.Channel)
		}
	}
	slices.Sort(channels)
	for _, tc := range []struct {
		opts []chatt2me.Option
		want string
	}{
		{[]chatt2me.Option{chatt2me.WithChannelLimiter("whatsap", &counter{})},
			`chatt2me: WithChannelLimiter: no channel "whatsap": the channels are ` + strings.Join(channels, ", ")},
		{[]chatt2me.Option{chatt2me.WithChannelLimiter("sms", nil)}, `chatt2me: WithChannelLimiter: the limiter of "sms" is nil`},
		{[]chatt2me.Option{chatt2me.WithChannelLimiter("sms", &counter{}), chatt2me.WithChannelLimiter("sms", &counter{})},
			`chatt2me: WithChannelLimiter: a second limiter for "sms"`},
		{[]chatt2me.Option{chatt2me.WithLimiter(nil)}, `chatt2me: WithLimiter: the limiter is nil`},
	} {
		_, err := chatt2me.New(append([]chatt2me.Option{chatt2me.WithAPIKey(apiKey)}, tc.opts...)...)
		var cfg *chatt2me.ConfigError
		if !errors.As(err, &cfg) || err.Error() != tc.want {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// Headers added to one call arrive with each of its requests, a name given twice with both values; the context the
// call's was derived from adds nothing.
func TestWithHeaderAddsToOneCall(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, strings.Join(r.Header.Values("X-Correlation-Id"), "+"))
		mu.Unlock()
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, webhookJSON)
			return
		}
		_, _ = io.WriteString(w, sendOK)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	parent := chatt2me.WithHeader(context.Background(), "x-correlation-id", "order-1")
	ctx := chatt2me.WithHeader(parent, "X-Correlation-Id", "order-2")
	if _, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Webhooks.Get(parent, webhookID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.API.GetWebhookWithResponse(ctx, webhookID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Webhooks.Get(context.Background(), webhookID); err != nil {
		t.Fatal(err)
	}
	if want := "order-1+order-2, order-1, order-1+order-2, "; strings.Join(got, ", ") != want {
		t.Errorf("X-Correlation-Id: %q, want %q", strings.Join(got, ", "), want)
	}
}

// A header the SDK owns, in any case, or a name or value HTTP does not allow, is refused with a *ValidationError
// before any traffic, by the facade, the senders and the low-level client alike.
func TestWithHeaderRefusesTheSDKsHeaders(t *testing.T) {
	srv, got := server(t, 200, sendOK)
	defer srv.Close()
	c := newClient(t, srv.URL)
	for _, tc := range []struct{ name, value, want string }{
		{"x-API-key", "k", "chatt2me: invalid header x-API-key: the SDK owns it: the SDK sends the client's API key (WithAPIKey)"},
		{"host", "evil.example", "chatt2me: invalid header host: the SDK owns it: net/http sends the base URL's"},
		{"Content-Length", "1", "chatt2me: invalid header Content-Length: the SDK owns it: net/http sends the body's length"},
		{"content-type", "text/plain", "chatt2me: invalid header content-type: the SDK owns it: the SDK sends application/json with a body"},
		{"USER-AGENT", "x", "chatt2me: invalid header USER-AGENT: the SDK owns it: the SDK sends its own (WithUserAgent adds to it)"},
		{"Accept", "x", "chatt2me: invalid header Accept: the SDK owns it: the SDK asks for application/json"},
		{"Transfer-Encoding", "chunked", "chatt2me: invalid header Transfer-Encoding: the SDK owns it: net/http frames the body"},
		{"Connection", "close", "chatt2me: invalid header Connection: the SDK owns it: net/http manages the connection"},
		{"X Id", "1", "chatt2me: invalid header X Id: not a header name HTTP allows (letters, digits and !#$%&'*+-.^_`|~ only)"},
		{"X-Id", "1\r\nX-Api-Key: k", "chatt2me: invalid header X-Id: its value holds a control character (a line break, say), which HTTP does not allow"},
	} {
		ctx := chatt2me.WithHeader(chatt2me.WithHeader(context.Background(), tc.name, tc.value), "X-Fine", "1")
		_, sendErr := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
		_, facadeErr := c.Webhooks.Get(ctx, webhookID)
		_, lowErr := c.API.GetWebhookWithResponse(ctx, webhookID)
		for _, err := range []error{sendErr, facadeErr, lowErr} {
			var invalid *chatt2me.ValidationError
			if !errors.As(err, &invalid) || err.Error() != tc.want {
				t.Errorf("%s: %v (%T), want %q", tc.name, err, err, tc.want)
			}
		}
	}
	if len(*got) != 0 {
		t.Errorf("%d requests were sent", len(*got))
	}
}

// Each attempt has its own bound beside the call's: a GET whose first attempt runs out of time is retried; a send
// that runs out of time once written is an unknown outcome, not retried.
func TestWithAttemptTimeoutBoundsEachAttempt(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	srv := httptest.NewServer(&faultServer{t: t, steps: []func(http.ResponseWriter, *http.Request){hang, answer(200, webhookJSON), hang}})
	defer srv.Close()
	c := quickClient(t, srv.URL)
	ctx := chatt2me.WithAttemptTimeout(context.Background(), 50*time.Millisecond)
	if _, err := c.Webhooks.Get(ctx, webhookID); err != nil {
		t.Fatalf("a GET whose first attempt ran out of time: %v", err)
	}
	_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
	if !errors.Is(err, chatt2me.ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a send that ran out of time once written: %v", err)
	}
}

// logRecords parses the JSON records of a slog.JSONHandler.
func logRecords(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		out = append(out, r)
	}
	return out
}

// The Logger's levels: DEBUG a success, WARN a 429, a 5xx, a retry and a failure after which nothing was sent,
// ERROR an unknown outcome. Each record names the operation, the channel, the attempt, the status, the duration and
// the request id; no header unless LogHeaders asks; never the key.
func TestLoggerLevels(t *testing.T) {
	closed := httptest.NewServer(http.HandlerFunc(answer(200, sendOK)))
	closed.Close()
	send := func(c *chatt2me.Client) error {
		_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
		return err
	}
	list := func(c *chatt2me.Client) error { _, err := c.Webhooks.List(context.Background(), nil); return err }
	page := `{"data":[],"pagination":{"offset":0,"limit":50,"total":0,"totalPages":0}}`
	for _, tc := range []struct {
		name  string
		steps []func(http.ResponseWriter, *http.Request)
		call  func(*chatt2me.Client) error
		want  string // level, message and status of each record
	}{
		{"success", []func(http.ResponseWriter, *http.Request){answer(200, sendOK, "X-Request-Id", "req-1")}, send,
			"DEBUG chatt2me request 200"},
		{"429, then a retry", []func(http.ResponseWriter, *http.Request){answer(429, ``, "Retry-After", "0"), answer(200, sendOK)}, send,
			"WARN chatt2me request answered 429 429; WARN chatt2me retry 200"},
		{"5xx of a GET", []func(http.ResponseWriter, *http.Request){answer(502, ``), answer(200, page)}, list,
			"WARN chatt2me request answered 502 502; WARN chatt2me retry 200"},
		{"5xx of a send", []func(http.ResponseWriter, *http.Request){answer(500, ``)}, send,
			"ERROR chatt2me request answered, outcome unknown 500"},
		{"a send dropped once written", []func(http.ResponseWriter, *http.Request){reset}, send,
			"ERROR chatt2me request failed, outcome unknown <nil>"},
		{"a refused 404", []func(http.ResponseWriter, *http.Request){answer(404, `{"errorMessage":"no"}`)}, send,
			"WARN chatt2me request answered 404 404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(&faultServer{t: t, steps: tc.steps})
			defer srv.Close()
			var logs strings.Builder
			l := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			_ = tc.call(quickClient(t, srv.URL, chatt2me.WithMiddleware(chatt2me.Logger(l))))
			var got []string
			for _, r := range logRecords(t, logs.String()) {
				got = append(got, fmt.Sprintf("%v %v %v", r["level"], r["msg"], r["status"]))
				if r["operation"] == nil || r["attempt"] == nil || r["duration"] == nil || r["route"] == nil {
					t.Errorf("record without its operation, attempt or duration: %v", r)
				}
				if r["request_headers"] != nil {
					t.Errorf("headers logged unasked: %v", r)
				}
			}
			if strings.Join(got, "; ") != tc.want {
				t.Errorf("records %q, want %q\n%s", strings.Join(got, "; "), tc.want, logs.String())
			}
			if strings.Contains(logs.String(), apiKey) {
				t.Errorf("the key was logged: %s", logs.String())
			}
		})
	}
	t.Run("fields", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(answer(200, sendOK, "X-Request-Id", "req-"+apiKey)))
		defer srv.Close()
		var logs strings.Builder
		l := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		if err := send(quickClient(t, srv.URL, chatt2me.WithMiddleware(chatt2me.Logger(l, chatt2me.LogHeaders())))); err != nil {
			t.Fatal(err)
		}
		r := logRecords(t, logs.String())[0]
		for k, want := range map[string]any{"operation": "sendWhatsAppMessage", "channel": "whatsapp", "method": "POST",
			"route": "/v1/communication/whatsapp/message", "attempt": 1.0, "status": 200.0, "request_id": "req-[redacted]"} {
			if r[k] != want {
				t.Errorf("%s = %v, want %v", k, r[k], want)
			}
		}
		if h, _ := r["request_headers"].(map[string]any); fmt.Sprint(h["X-Api-Key"]) != "[[redacted]]" || r["response_headers"] == nil {
			t.Errorf("LogHeaders: %v", r)
		}
		if strings.Contains(logs.String(), apiKey) {
			t.Errorf("the key was logged: %s", logs.String())
		}
	})
	t.Run("nothing sent", func(t *testing.T) {
		var logs strings.Builder
		l := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		_ = send(newClient(t, closed.URL, chatt2me.WithMaxRetries(0), chatt2me.WithMiddleware(chatt2me.Logger(l))))
		if r := logRecords(t, logs.String()); len(r) != 1 || r[0]["level"] != "WARN" || r[0]["msg"] != "chatt2me request failed" {
			t.Errorf("a refused connection: %s", logs.String())
		}
	})
}
