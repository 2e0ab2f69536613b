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

// RedactHeaders returns a copy of h with the API key (and any credential header) replaced by "[redacted]", for
// logging.
func RedactHeaders(h http.Header) http.Header {
	out := h.Clone()
	for _, k := range []string{"X-Api-Key", "Authorization", "Cookie", "X-Hub-Signature"} {
		if out.Get(k) != "" {
			out.Set(k, "[redacted]")
		}
	}
	return out
}

// Logger is a Middleware that logs each attempt to l: method, path, status, duration, and the request headers
// without the key.
func Logger(l *slog.Logger) Middleware {
	return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		start := time.Now()
		resp, err := next(req)
		attrs := []any{"method", req.Method, "path", req.URL.Path, "duration", time.Since(start), "headers", RedactHeaders(req.Header)}
		if err != nil {
			l.LogAttrs(req.Context(), slog.LevelWarn, "chatt2me request failed", slog.Group("", append(attrs, "error", err.Error())...))
			return nil, err
		}
		l.LogAttrs(req.Context(), slog.LevelInfo, "chatt2me request", slog.Group("", append(attrs, "status", resp.StatusCode)...))
		return resp, nil
	}
}
