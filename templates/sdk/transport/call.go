package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"time"
)

// Idempotent reports whether a request of this method may be repeated without changing its outcome (RFC 9110,
// section 9.2.2): GET, HEAD, PUT, DELETE, OPTIONS and TRACE. Such a request is retried after any failure that may
// pass (see Call); a POST or a PATCH only when it cannot have been delivered.
func Idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// Call sends req, a request of the operation op built without a body (the facade builds it with the low-level
// client's New…Request functions), with body as its JSON body when body is not nil, and reads the answer. The
// request's context is replaced by ctx, and every attempt's carries op (OperationFromContext).
//
// GET and HEAD follow redirects within the base URL's origin; any other method never follows one (its 3xx is the
// answer). The default timeout bounds the whole call, retries included, when ctx has no earlier deadline.
//
// It retries, with backoff and up to WithMaxRetries times, what may pass:
//   - any request after a connection that failed before the request was written, and after the answers 429 and
//     503, following their Retry-After (an answer asking to wait longer than WithMaxRetryAfter, or than ctx has
//     left, is returned at once);
//   - an idempotent request (see Idempotent) also after any other failure of the connection (a timeout, a reset
//     after the request was written) and after any 5xx but 501 Not Implemented.
//
// A POST or PATCH that failed after it may have reached the API is an *OutcomeUnknownError; it is never retried.
// Errors never contain the API key.
func (t *Transport) Call(ctx context.Context, op *Operation, req *http.Request, body []byte) (*Response, error) {
	return t.call(ctx, &request{op: op, method: req.Method, target: req.URL.String(), header: req.Header, body: body})
}

// request is one call: its operation, method and URL, the headers of the request the facade built, and the body.
type request struct {
	op     *Operation
	method string
	target string
	header http.Header
	body   []byte
	opts   *callOptions // the call's options (WithHeader, …), nil when it has none
}

// call makes the call of r, through the hooks if there are any. r must not escape: the hooks copy it.
func (t *Transport) call(ctx context.Context, r *request) (*Response, error) {
	r.opts = callOptionsOf(ctx)
	if r.opts != nil && r.opts.err != nil {
		return nil, t.RedactError(r.opts.err)
	}
	if len(t.hooks) == 0 {
		resp, result := t.attempts(ctx, r)
		return resp, result.Err
	}
	h := t.callHooked(ctx, *r, nil)
	return h.resp, h.result.Err
}

// attempts makes the attempts of a call, each after the rate limiters' waits, and says what it came to.
func (t *Transport) attempts(ctx context.Context, r *request) (*Response, CallResult) {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	retries, repeatable := t.maxRetries, Idempotent(r.method)
	if r.opts != nil && r.opts.hasRetries {
		retries = r.opts.retries
	}
	for n := 1; ; n++ {
		if err := t.wait(ctx, r.op, n); err != nil {
			return nil, CallResult{Attempts: n - 1, Err: t.RedactError(err)}
		}
		resp, written, err := t.attempt(ctx, r, n)
		var wait time.Duration
		switch {
		case err != nil && written && !repeatable:
			return nil, CallResult{Attempts: n, Err: t.RedactError(&OutcomeUnknownError{Err: err})}
		case err != nil && (ctx.Err() != nil || n > retries):
			return nil, CallResult{Attempts: n, Err: t.RedactError(err)}
		case err != nil:
			wait = t.backoff(n - 1)
		case retryable(resp.StatusCode, repeatable) && n <= retries:
			var ok bool
			if wait, ok = t.waitBeforeRetry(ctx, resp.Header, n-1); !ok {
				return resp, CallResult{Attempts: n, StatusCode: resp.StatusCode} // the wait asked for is too long: the answer as it is
			}
		default:
			return resp, CallResult{Attempts: n, StatusCode: resp.StatusCode}
		}
		if err := sleep(ctx, wait); err != nil {
			err = fmt.Errorf("chatt2me: %s %s: waiting to retry: %w", r.method, t.Redact(t.pathOf(r.target)), err)
			return nil, CallResult{Attempts: n, Err: err}
		}
	}
}

// retryable reports whether an answer may be retried: 429 and 503 always, other 5xx (but 501) when repeatable.
func retryable(status int, repeatable bool) bool {
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		return true
	case repeatable && status >= 500 && status <= 599:
		return status != http.StatusNotImplemented
	}
	return false
}

// attempt makes attempt number n of r. written says whether the request may have reached the API (see
// attempt.written); after that a failure leaves the outcome unknown.
func (t *Transport) attempt(ctx context.Context, r *request, n int) (resp *Response, written bool, err error) {
	a := newAttempt(ctx, r.op, n, r.body)
	if r.opts != nil && r.opts.attemptTimeout > 0 {
		var cancel context.CancelFunc
		a.ctx.Context, cancel = context.WithTimeout(ctx, r.opts.attemptTimeout)
		defer cancel()
	}
	var reqCtx context.Context = &a.ctx
	if r.body == nil && !Idempotent(r.method) {
		// No body tells whether it was sent: watch the headers being written (only here, it costs allocations).
		reqCtx = httptrace.WithClientTrace(reqCtx, &httptrace.ClientTrace{WroteHeaders: func() { a.wroteHeaders.Store(true) }})
	}
	var req *http.Request
	if r.body != nil {
		req, err = http.NewRequestWithContext(reqCtx, r.method, r.target, &a.body)
	} else {
		req, err = http.NewRequestWithContext(reqCtx, r.method, r.target, nil)
	}
	if err != nil {
		return nil, false, fmt.Errorf("chatt2me: building the request: %w", err)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	if r.opts != nil {
		addHeaders(req.Header, r.opts.header)
	}
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if err := t.Authorize(ctx, req); err != nil {
		return nil, false, err
	}
	client := t.send
	if r.method == http.MethodGet || r.method == http.MethodHead {
		client = t.http
	}
	got, err := client.Do(req)
	// The transport has finished with the body when Do returns: what it read was (being) written.
	written = a.written()
	if err != nil {
		return nil, written, fmt.Errorf("chatt2me: %s %s: %w", r.method, req.URL.Path, t.redactURL(err))
	}
	defer got.Body.Close()
	data, err := io.ReadAll(io.LimitReader(got.Body, maxResponseBytes+1))
	if err != nil {
		return nil, true, fmt.Errorf("chatt2me: %s %s: reading the answer (HTTP %d): %w", r.method, req.URL.Path, got.StatusCode, err)
	}
	truncated := len(data) > maxResponseBytes
	if truncated {
		data = data[:maxResponseBytes]
	}
	a.resp = Response{Method: r.method, StatusCode: got.StatusCode, Header: got.Header, Body: data, Truncated: truncated}
	return &a.resp, true, nil
}

// addHeaders adds the headers of a call (WithHeader) to h, never writing into the slices of either.
func addHeaders(h, add http.Header) {
	for k, vs := range add {
		h[k] = append(h[k][:len(h[k]):len(h[k])], vs...)
	}
}

// pathOf is the path of a URL of the API, for errors.
func (t *Transport) pathOf(target string) string {
	return strings.TrimPrefix(target, t.baseURL)
}
