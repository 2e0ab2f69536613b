package transport

import (
	"log/slog"
	"net/http"
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

// Logger is a Middleware that logs each attempt to l (slog.Default() when l is nil): method, path, status, the
// answer's request id, duration, and the request headers. Everything it writes is redacted: credential headers
// (RedactHeaders), and the request's API key wherever else it appears (path, header values, error, request id).
func Logger(l *slog.Logger) Middleware {
	return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		l := l // nil: the default at the time of the request, so that a later slog.SetDefault counts
		if l == nil {
			l = slog.Default()
		}
		start := time.Now()
		resp, err := next(req)
		r := newRedactor(req.Header.Get(apiKeyHeader), req.Header.Get("Authorization"))
		attrs := []any{"method", r.apply(req.Method), "path", r.apply(req.URL.Path), "duration", time.Since(start), "headers", r.headers(req.Header)}
		if err != nil {
			l.LogAttrs(req.Context(), slog.LevelWarn, "chatt2me request failed", slog.Group("", append(attrs, "error", r.apply(err.Error()))...))
			return nil, err
		}
		attrs = append(attrs, "status", resp.StatusCode)
		if id := resp.Header.Get("X-Request-Id"); id != "" {
			attrs = append(attrs, "request_id", r.apply(id))
		}
		l.LogAttrs(req.Context(), slog.LevelInfo, "chatt2me request", slog.Group("", attrs...))
		return resp, nil
	}
}
