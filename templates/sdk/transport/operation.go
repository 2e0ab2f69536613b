package transport

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"sync/atomic"
)

// Operation is an operation of the OpenAPI document, as every request the SDK makes carries it in its context
// (OperationFromContext): for any Middleware, and any http.RoundTripper of the client given to WithHTTPClient.
type Operation struct {
	// ID is the operationId, as the document writes it, such as "sendWhatsAppMessage" or "listWebhooks".
	ID string
	// Method is the HTTP method, such as "POST".
	Method string
	// Route is the path template of the document, such as "/v1/organization/webhook/{webhookId}": the same for
	// every request of the operation, whatever its arguments (a span name or a metric label of low cardinality).
	Route string
	// Channel is the channel whose sends the operation makes, as its package is named ("whatsapp", "sms", …); empty
	// for the other operations.
	Channel string
	// Attempt is the number of the attempt, 1 for the first and 2 for the first retry; 0 where the operation stands
	// for the whole call (a CallHook's).
	Attempt int
}

// OperationFromContext returns the operation of the request whose context is ctx (http.Request.Context), with its
// attempt number; false when ctx is not that of a request of an operation of the document: a request of the
// low-level client (Client.API) to a path of no operation, or a context of your own.
func OperationFromContext(ctx context.Context) (Operation, bool) {
	a, ok := ctx.Value(attemptKey{}).(*attemptContext)
	if !ok || a.state.op == nil {
		return Operation{}, false
	}
	op := *a.state.op
	op.Attempt = a.state.number
	return op, true
}

// Operations returns the operations of the OpenAPI document the SDK was generated from, in the order a request's
// path is matched against their routes (see Transport.Doer).
func Operations() []Operation { return append([]Operation(nil), operations...) }

// channels returns the channels of the operations, each once.
func channels() []string {
	var out []string
	for _, op := range operations {
		if op.Channel != "" && !contains(out, op.Channel) {
			out = append(out, op.Channel)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// attemptKey is the context key of an attempt's state.
type attemptKey struct{}

// attemptContext is the context of one attempt: the call's context, and the attempt's state under attemptKey.
type attemptContext struct {
	context.Context
	state *attempt
}

// Value answers attemptKey with the context itself, and asks the call's context for anything else.
func (c *attemptContext) Value(key any) any {
	if key == (attemptKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// attempt is what one attempt of a call allocates, in one piece: its context, the reader of its body, whether its
// headers were written (watched only for a request without a body that is not idempotent), and its answer. The
// operation in the context costs no allocation of its own this way.
type attempt struct {
	ctx     attemptContext
	op      *Operation
	number  int
	payload []byte
	body    bytes.Reader
	// opaque marks an attempt of the low-level client, whose body the SDK does not read: whether it was written
	// is not known.
	opaque       bool
	wroteHeaders atomic.Bool
	resp         Response
}

// newAttempt returns attempt number n of op under ctx, with payload as its body (nil for none).
func newAttempt(ctx context.Context, op *Operation, n int, payload []byte) *attempt {
	a := &attempt{op: op, number: n, payload: payload}
	a.ctx = attemptContext{Context: ctx, state: a}
	if payload != nil {
		a.body.Reset(payload)
	}
	return a
}

// written reports whether the request may have reached the API: the transport read some of its body, or, for a
// request without one, wrote its headers (or, for the low-level client's, it cannot be known). After that, a
// failure leaves the outcome of a request that is not idempotent unknown.
func (a *attempt) written() bool {
	return a.opaque || a.wroteHeaders.Load() || a.payload != nil && a.body.Len() < len(a.payload)
}

// attemptOf returns the state of the attempt whose context is ctx, or nil.
func attemptOf(ctx context.Context) *attempt {
	if a, ok := ctx.Value(attemptKey{}).(*attemptContext); ok {
		return a.state
	}
	return nil
}

// match returns the operation whose method is method and whose route matches the path of u below the base URL's
// path, or nil: the first of the operations, in their order, so that a route of fewer parameters wins where two
// match (/webhook/logs before /webhook/{id}), as OpenAPI matches them.
func (t *Transport) match(method string, u *url.URL) *Operation {
	path, ok := strings.CutPrefix(u.EscapedPath(), t.basePath)
	if !ok {
		return nil
	}
	for i := range operations {
		if op := &operations[i]; op.Method == method && routeMatches(op.Route, path) {
			return op
		}
	}
	return nil
}

// routeMatches reports whether path (escaped) fits route, segment by segment: a literal segment equal to the
// path's, once unescaped; a parameter ({name}) any non-empty text within a segment.
func routeMatches(route, path string) bool {
	for {
		r, restRoute, moreRoute := strings.Cut(route, "/")
		p, restPath, morePath := strings.Cut(path, "/")
		if moreRoute != morePath || !segmentMatches(r, unescape(p)) {
			return false
		}
		if !moreRoute {
			return true
		}
		route, path = restRoute, restPath
	}
}

// segmentMatches reports whether s fits the route segment pattern, whose parameters ({name}) each stand for one
// character or more.
func segmentMatches(pattern, s string) bool {
	open := strings.IndexByte(pattern, '{')
	if open < 0 {
		return pattern == s
	}
	end := strings.IndexByte(pattern[open:], '}')
	if end < 0 {
		return pattern == s
	}
	rest := pattern[open+end+1:]
	if !strings.HasPrefix(s, pattern[:open]) {
		return false
	}
	s = s[open:]
	for n := 1; n <= len(s); n++ {
		if segmentMatches(rest, s[n:]) {
			return true
		}
	}
	return false
}

// unescape is a path segment unescaped (itself when it holds no escape, or a bad one).
func unescape(segment string) string {
	if strings.IndexByte(segment, '%') < 0 {
		return segment
	}
	if s, err := url.PathUnescape(segment); err == nil {
		return s
	}
	return segment
}
