package transport

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// Middleware wraps one HTTP attempt: it may look at or change the request, call next, and look at the answer.
type Middleware func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error)

// chain is an http.RoundTripper running the middleware around base.
type chain struct {
	base       http.RoundTripper
	middleware []Middleware
}

// RoundTrip runs the request through the middleware, then base.
func (c *chain) RoundTrip(req *http.Request) (*http.Response, error) {
	next := c.base.RoundTrip
	for i := len(c.middleware) - 1; i >= 0; i-- {
		mw, inner := c.middleware[i], next
		next = func(r *http.Request) (*http.Response, error) { return mw(r, inner) }
	}
	return next(req)
}

// Logger is a Middleware that logs each attempt to l (slog.Default() when l is nil), at a level that says what
// to look at: DEBUG a success; WARN a retry (an attempt after the first), a 429, a 5xx, any other answer that is not
// a success and a failure after which nothing can have taken effect; ERROR an unknown outcome (a request that is not
// idempotent, after which it may have taken effect: a 5xx other than 503, a 303, a failure once it may have been
// written). Each record has the operation (its operationId, method, route and channel), the attempt, the status,
// the duration, the answer's request id and the error, and no header unless LogHeaders says so. Everything it writes
// is redacted: credential headers (RedactHeaders), and the request's API key wherever else it appears.
func Logger(l *slog.Logger, opts ...LoggerOption) Middleware {
	var s loggerSettings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		l := l // nil: the default at the time of the request, so that a later slog.SetDefault counts
		if l == nil {
			l = slog.Default()
		}
		start := time.Now()
		resp, err := next(req)
		level, msg, attrs := logRecord(req, resp, err, time.Since(start))
		if l.Enabled(req.Context(), level) {
			r := newRedactor(req.Header.Get(apiKeyHeader), req.Header.Get("Authorization"))
			for i := range attrs {
				if attrs[i].Value.Kind() == slog.KindString {
					attrs[i].Value = slog.StringValue(r.apply(attrs[i].Value.String()))
				}
			}
			if s.headers {
				attrs = append(attrs, slog.Any("request_headers", r.headers(req.Header)))
				if resp != nil {
					attrs = append(attrs, slog.Any("response_headers", r.headers(resp.Header)))
				}
			}
			l.LogAttrs(req.Context(), level, msg, attrs...)
		}
		return resp, err
	}
}

// LoggerOption changes what Logger writes.
type LoggerOption func(*loggerSettings)

type loggerSettings struct {
	headers bool
}

// LogHeaders makes Logger write the headers of each request and answer, redacted (the API key, Authorization and
// cookies as [redacted]).
func LogHeaders() LoggerOption { return func(s *loggerSettings) { s.headers = true } }

// logRecord is the level, message and attributes (not yet redacted) of the record of one attempt.
func logRecord(req *http.Request, resp *http.Response, err error, d time.Duration) (slog.Level, string, []slog.Attr) {
	attrs := make([]slog.Attr, 0, 12)
	a := attemptOf(req.Context())
	if a != nil && a.op != nil {
		attrs = append(attrs, slog.String("operation", a.op.ID), slog.String("method", a.op.Method), slog.String("route", a.op.Route))
		if a.op.Channel != "" {
			attrs = append(attrs, slog.String("channel", a.op.Channel))
		}
	} else {
		attrs = append(attrs, slog.String("method", req.Method), slog.String("path", req.URL.Path))
	}
	if a != nil {
		attrs = append(attrs, slog.Int("attempt", a.number))
	}
	attrs = append(attrs, slog.Duration("duration", d))
	level, msg := slog.LevelDebug, "chatt2me request"
	if a != nil && a.number > 1 {
		level, msg = slog.LevelWarn, "chatt2me retry"
	}
	repeatable := Idempotent(req.Method)
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
		if !repeatable && (a == nil || a.written()) {
			return slog.LevelError, "chatt2me request failed, outcome unknown", attrs
		}
		return slog.LevelWarn, "chatt2me request failed", attrs
	}
	attrs = append(attrs, slog.Int("status", resp.StatusCode))
	if id := resp.Header.Get("X-Request-Id"); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	switch status := resp.StatusCode; {
	case !repeatable && outcomeUnknown(status):
		return slog.LevelError, "chatt2me request answered, outcome unknown", attrs
	case status < 200 || status > 299:
		return slog.LevelWarn, "chatt2me request answered " + strconv.Itoa(status), attrs
	}
	return level, msg, attrs
}

// outcomeUnknown reports whether an answer of this status leaves the outcome of a request that is not idempotent
// unknown: a 5xx other than 503 (which says the request was not processed), and a 303 See Other (which follows a
// processed request).
func outcomeUnknown(status int) bool {
	return status >= 500 && status != http.StatusServiceUnavailable || status == http.StatusSeeOther
}
