package chatt2me_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// faultServer answers each attempt with the next step of a script, and counts the messages it accepted (a step
// that answers 2xx with a message id accepts one).
type faultServer struct {
	t        *testing.T
	mu       sync.Mutex
	steps    []func(w http.ResponseWriter, r *http.Request)
	attempts int
	accepted int
}

func (f *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.ReadAll(r.Body)
	f.mu.Lock()
	i := f.attempts
	f.attempts++
	t, steps := f.t, f.steps
	f.mu.Unlock()
	if i >= len(steps) {
		t.Errorf("attempt %d beyond the script", i+1)
		w.WriteHeader(500)
		return
	}
	steps[i](w, r)
}

func answer(status int, body string, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func (f *faultServer) accept(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	f.accepted++
	f.mu.Unlock()
	_, _ = io.WriteString(w, `{"messageId":"m-1","status":"enqueued"}`)
}

// reset drops the connection after reading the request: the API may have processed it.
func reset(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
		conn.Close()
	}
}

func truncated(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Length", "200")
	_, _ = io.WriteString(w, `{"messageId":"m-1","sta`)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func send(t *testing.T, baseURL string, ctx context.Context) (chatt2me.Result, error) {
	t.Helper()
	c, err := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(baseURL), chatt2me.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
}

func TestFaults(t *testing.T) {
	f := &faultServer{}
	soon := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
	cases := []struct {
		name      string
		steps     []func(http.ResponseWriter, *http.Request)
		timeout   time.Duration
		attempts  int
		accepted  int
		check     func(error) bool
		wantError string
	}{
		{"429 with Retry-After seconds, then accepted", []func(http.ResponseWriter, *http.Request){answer(429, `{"errorMessage":"slow down"}`, "Retry-After", "0"), f.accept}, 0, 2, 1,
			func(err error) bool { return err == nil }, ""},
		{"429 with Retry-After date, then accepted", []func(http.ResponseWriter, *http.Request){answer(429, ``, "Retry-After", soon), f.accept}, 0, 2, 1,
			func(err error) bool { return err == nil }, ""},
		{"503 twice, then accepted", []func(http.ResponseWriter, *http.Request){answer(503, ``), answer(503, ``), f.accept}, 0, 3, 1,
			func(err error) bool { return err == nil }, ""},
		{"503 three times: retries exhausted, not sent", []func(http.ResponseWriter, *http.Request){answer(503, `{"errorMessage":"maintenance"}`), answer(503, ``), answer(503, `{"errorMessage":"maintenance"}`)}, 0, 3, 0,
			func(err error) bool {
				var a *chatt2me.APIError
				return errors.As(err, &a) && a.HTTPStatus == 503 && !errors.Is(err, chatt2me.ErrOutcomeUnknown)
			}, "chatt2me: HTTP 503: maintenance"},
		{"429 longer than the deadline: answered at once", []func(http.ResponseWriter, *http.Request){answer(429, `{"errorMessage":"later"}`, "Retry-After", "60")}, time.Second, 1, 0,
			func(err error) bool { var a *chatt2me.APIError; return errors.As(err, &a) && a.HTTPStatus == 429 }, "chatt2me: HTTP 429: later"},
		{"500: not retried, outcome unknown", []func(http.ResponseWriter, *http.Request){answer(500, `{"errorMessage":"boom"}`)}, 0, 1, 0,
			func(err error) bool {
				var a *chatt2me.APIError
				return errors.As(err, &a) && errors.Is(err, chatt2me.ErrOutcomeUnknown)
			}, "chatt2me: HTTP 500, outcome unknown (the request may have taken effect): boom"},
		{"connection reset after the body was sent: not retried, outcome unknown", []func(http.ResponseWriter, *http.Request){reset}, 0, 1, 0,
			func(err error) bool {
				var o *chatt2me.OutcomeUnknownError
				return errors.As(err, &o) && errors.Is(err, chatt2me.ErrOutcomeUnknown)
			}, "chatt2me: outcome unknown"},
		{"slow answer past the deadline: outcome unknown", []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}}, 100 * time.Millisecond, 1, 0,
			func(err error) bool {
				return errors.Is(err, chatt2me.ErrOutcomeUnknown) && errors.Is(err, context.DeadlineExceeded)
			}, "chatt2me: outcome unknown"},
		{"truncated body: outcome unknown", []func(http.ResponseWriter, *http.Request){truncated}, 0, 1, 0,
			func(err error) bool { return errors.Is(err, chatt2me.ErrOutcomeUnknown) }, "chatt2me: outcome unknown"},
		{"2xx that is not JSON: outcome unknown", []func(http.ResponseWriter, *http.Request){answer(200, `<html>ok</html>`)}, 0, 1, 0,
			func(err error) bool {
				var a *chatt2me.APIError
				return errors.As(err, &a) && errors.Is(err, chatt2me.ErrOutcomeUnknown)
			}, "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not a send result"},
		{"200 with an unknown status: accepted, status kept", []func(http.ResponseWriter, *http.Request){answer(200, `{"messageId":"m-2","status":"queued"}`)}, 0, 1, 0,
			func(err error) bool { return err == nil }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.mu.Lock()
			f.t, f.steps, f.attempts, f.accepted = t, tc.steps, 0, 0
			f.mu.Unlock()
			srv := httptest.NewServer(f)
			defer srv.Close()
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			res, err := send(t, srv.URL, ctx)
			if !tc.check(err) {
				t.Errorf("error %v (%T)", err, err)
			}
			if tc.wantError != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.wantError)) {
				t.Errorf("message %v, want prefix %q", err, tc.wantError)
			}
			if err == nil && res.MessageID == "" {
				t.Errorf("no message id in %+v", res)
			}
			if strings.Contains(tc.name, "unknown status") && res.Status != "queued" {
				t.Errorf("status %q, want queued", res.Status)
			}
			srv.Close() // waits for the handlers
			f.mu.Lock()
			attempts, accepted := f.attempts, f.accepted
			f.mu.Unlock()
			if attempts != tc.attempts || accepted != tc.accepted {
				t.Errorf("%d attempts, %d accepted; want %d and %d", attempts, accepted, tc.attempts, tc.accepted)
			}
		})
	}
}

// A refused connection never reached the API: it is retried, and the error is not an unknown outcome.
func TestRefusedConnectionIsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	var attempts int
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts++
		return next(req)
	}
	c, _ := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL("http://"+addr), chatt2me.WithMaxRetries(3),
		chatt2me.WithRetryBackoff(time.Millisecond, 2*time.Millisecond), chatt2me.WithMiddleware(count))
	_, err = c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
	if err == nil || errors.Is(err, chatt2me.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("error %v", err)
	}
	if attempts != 4 {
		t.Errorf("%d attempts, want 1 + 3 retries", attempts)
	}
	// A per-call override.
	attempts = 0
	_, _ = c.WhatsApp.Send(chatt2me.WithRetries(context.Background(), 0), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
	if attempts != 1 {
		t.Errorf("%d attempts with WithRetries(ctx, 0), want 1", attempts)
	}
}

// A backoff wait ends with the context.
func TestBackoffRespectsTheContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(answer(503, ``)))
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(srv.URL), chatt2me.WithRetryBackoff(time.Hour, time.Hour), chatt2me.WithTimeout(0))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Errorf("error %v after %s", err, time.Since(start))
	}
}

// The logging middleware shows every attempt and never the key.
func TestLoggerRedactsTheKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(answer(200, `{"messageId":"m","status":"enqueued"}`)))
	defer srv.Close()
	var logs strings.Builder
	c, _ := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(srv.URL),
		chatt2me.WithMiddleware(chatt2me.Logger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), chatt2me.LogHeaders())))
	if _, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "status=200") || !strings.Contains(logs.String(), "X-Api-Key:[[redacted]]") || strings.Contains(logs.String(), apiKey) {
		t.Errorf("log: %s", logs.String())
	}
}

// Logger(nil) logs to slog.Default(), the one set when the request is made, instead of panicking on the first
// request.
func TestLoggerOfNilLogsToTheDefault(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(answer(200, `{"messageId":"m","status":"enqueued"}`)))
	defer srv.Close()
	var logs strings.Builder
	defer slog.SetDefault(slog.Default())
	c := newClient(t, srv.URL, chatt2me.WithMiddleware(chatt2me.Logger(nil)))
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if _, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "msg=\"chatt2me request\"") || !strings.Contains(logs.String(), "status=200") || strings.Contains(logs.String(), apiKey) {
		t.Errorf("log: %s", logs.String())
	}
}
