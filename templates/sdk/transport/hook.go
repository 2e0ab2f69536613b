package transport

import (
	"context"
	"errors"
	"net/http"
)

// CallHook wraps each call of the API as a whole: every attempt of it, and every wait (for a rate limiter, before
// a retry). It must call call once, with ctx or a context derived from it, which the attempts' contexts derive from
// in turn: a tracer opens the call's span there, so that the spans of the attempts (of a Middleware, or of an
// instrumented http.RoundTripper) are its children. op is the call's operation (its Attempt is 0); call returns what
// the call came to. A call the SDK refuses before any traffic (a *ValidationError) does not reach the hooks.
//
// A call of the low-level client (Client.API) is one attempt: its hook returns once the answer's headers are in.
type CallHook func(ctx context.Context, op Operation, call func(context.Context) CallResult)

// CallResult is what a call came to, for a CallHook.
type CallResult struct {
	// Attempts is the number of requests made (0 when a rate limiter refused the first, or the hook's context had
	// ended); Attempts-1 of them were retries.
	Attempts int
	// StatusCode is the HTTP status of the last answer, 0 when the last attempt got none. The call may still fail
	// once the answer is read (an *APIError for a status that is not a success, or a body that does not decode).
	StatusCode int
	// Err is the error of the call when no answer ends it (the transport's, a rate limiter's, the context's), with
	// the API key redacted; nil when an answer does.
	Err error
}

// WithCallHook runs every call through the hooks, the first outermost (see CallHook).
func WithCallHook(hooks ...CallHook) Option {
	return optionFunc{"WithCallHook", func(s *settings) { s.hooks = append(s.hooks, hooks...) }}
}

// errNoCall is the error of a call whose hook returned without making it.
var errNoCall = errors.New("chatt2me: a CallHook returned without calling call: nothing was sent")

// hooked is a call made through the hooks: its request (the SDK's, or the low-level client's), and what it came to.
type hooked struct {
	t       *Transport
	req     request
	low     *http.Request                    // the low-level client's request, nil for a call of the SDK's
	next    func(context.Context) CallResult // run, as the hooks' call
	hook    int                              // the hook to run next
	done    bool
	resp    *Response
	lowResp *http.Response
	result  CallResult
}

// callHooked makes the call of req (or, for the low-level client, of low) through the hooks.
func (t *Transport) callHooked(ctx context.Context, req request, low *http.Request) *hooked {
	h := &hooked{t: t, req: req, low: low}
	h.next = h.run
	h.run(ctx)
	return h
}

// run makes the call through the hooks from h.hook on: the next hook, or the attempts once past the last. The
// first run makes the call; any other returns its result.
func (h *hooked) run(ctx context.Context) CallResult {
	switch {
	case h.done:
		return h.result
	case h.hook == len(h.t.hooks) && h.low != nil:
		h.lowResp, h.result = h.t.doLow(ctx, h.low, &h.req)
		h.done = true
		return h.result
	case h.hook == len(h.t.hooks):
		h.resp, h.result = h.t.attempts(ctx, &h.req)
		h.done = true
		return h.result
	}
	hook := h.t.hooks[h.hook]
	h.hook++
	var op Operation
	if h.req.op != nil {
		op = *h.req.op
	}
	hook(ctx, op, h.next)
	if !h.done { // the hook did not call
		h.done, h.result = true, CallResult{Err: errNoCall}
	}
	return h.result
}
