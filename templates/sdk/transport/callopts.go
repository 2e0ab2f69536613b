package transport

import (
	"context"
	"net/http"
	"net/textproto"
	"strings"
	"time"
)

// The options of one call travel in its context, all under one key, so that a call looks them up once.

// callOptionsKey is the context key of a call's options.
type callOptionsKey struct{}

// callOptions are the options of one call: WithRetries, WithHeader and WithAttemptTimeout.
type callOptions struct {
	retries        int
	hasRetries     bool
	header         http.Header // the headers to add, never changed once in a context
	attemptTimeout time.Duration
	err            error // a header WithHeader refused: the call returns it before any traffic
}

// callOptionsOf returns the options of ctx, nil when it has none.
func callOptionsOf(ctx context.Context) *callOptions {
	o, _ := ctx.Value(callOptionsKey{}).(*callOptions)
	return o
}

// withCallOptions returns ctx with a copy of its options changed by change.
func withCallOptions(ctx context.Context, change func(*callOptions)) context.Context {
	var o callOptions
	if old := callOptionsOf(ctx); old != nil {
		o = *old
	}
	change(&o)
	return context.WithValue(ctx, callOptionsKey{}, &o)
}

// WithRetries returns a context under which calls make at most n retries, overriding the client's WithMaxRetries.
func WithRetries(ctx context.Context, n int) context.Context {
	return withCallOptions(ctx, func(o *callOptions) { o.retries, o.hasRetries = max(n, 0), true })
}

// WithAttemptTimeout returns a context under which each attempt of a call (each request, a retry being another) is
// bounded by d, beside the whole call's bound (WithTimeout, or the context's deadline); zero or less means no bound
// of its own. The waits of the call (for a rate limiter, before a retry) do not count against it. An attempt that
// runs out of time is retried as a timeout is: a send only if it cannot have been delivered.
func WithAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return withCallOptions(ctx, func(o *callOptions) { o.attemptTimeout = max(d, 0) })
}

// WithHeader returns a context under which every request of a call carries the header name: value, besides the
// SDK's own (a correlation id, say); a name given again adds a value. A header the SDK owns (x-api-key, Host,
// Content-Length, Content-Type, User-Agent, Accept and the others net/http or the SDK sets), or a name or value
// HTTP does not allow, is refused: the call returns a *ValidationError and sends nothing.
func WithHeader(ctx context.Context, name, value string) context.Context {
	return withCallOptions(ctx, func(o *callOptions) {
		if o.err != nil {
			return
		}
		if problem := headerProblem(name, value); problem != "" {
			o.err = &ValidationError{Field: "header " + name, Problem: problem}
			return
		}
		h := make(http.Header, len(o.header)+1)
		for k, vs := range o.header {
			h[k] = vs[:len(vs):len(vs)] // appending below copies, never writes into the parent context's slice
		}
		key := textproto.CanonicalMIMEHeaderKey(name)
		h[key] = append(h[key], value)
		o.header = h
	})
}

// ownedHeaders are the headers a call cannot set: the SDK's own (the key, the user agent, the body's type and
// encoding, what it accepts) and those net/http writes itself (the host, the length and framing of the body, the
// connection's).
var ownedHeaders = map[string]string{
	apiKeyHeader:        "the SDK sends the client's API key (WithAPIKey)",
	"User-Agent":        "the SDK sends its own (WithUserAgent adds to it)",
	"Content-Type":      "the SDK sends application/json with a body",
	"Content-Encoding":  "the SDK sends the body as it is",
	"Accept":            "the SDK asks for application/json",
	"Accept-Encoding":   "net/http asks for gzip and decodes it",
	"Host":              "net/http sends the base URL's",
	"Content-Length":    "net/http sends the body's length",
	"Transfer-Encoding": "net/http frames the body",
	"Trailer":           "net/http frames the body",
	"Te":                "net/http frames the answer",
	"Connection":        "net/http manages the connection",
	"Keep-Alive":        "net/http manages the connection",
	"Proxy-Connection":  "net/http manages the connection",
	"Upgrade":           "net/http manages the connection",
	"Expect":            "net/http manages the connection",
}

// headerProblem says why a call may not add the header name: value, or "".
func headerProblem(name, value string) string {
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return !isTokenChar(r) }) >= 0 {
		return "not a header name HTTP allows (letters, digits and !#$%&'*+-.^_`|~ only)"
	}
	if why, owned := ownedHeaders[textproto.CanonicalMIMEHeaderKey(name)]; owned {
		return "the SDK owns it: " + why
	}
	if strings.IndexFunc(value, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) >= 0 {
		return "its value holds a control character (a line break, say), which HTTP does not allow"
	}
	return ""
}

// isTokenChar reports whether r may be part of a header name (RFC 9110, section 5.6.2).
func isTokenChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}
