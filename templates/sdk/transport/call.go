package transport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
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

// Call sends req, a request of the API built without a body (the facade builds it with the low-level client's
// New…Request functions), with body as its JSON body when body is not nil, and reads the answer. The request's
// context is replaced by ctx.
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
func (t *Transport) Call(ctx context.Context, req *http.Request, body []byte) (*Response, error) {
	return t.call(ctx, req.Method, req.URL.String(), req.Header, body)
}

// PostJSON sends payload, a JSON document, to path with Call's retries; it never follows a redirect.
func (t *Transport) PostJSON(ctx context.Context, path string, payload []byte) (*Response, error) {
	return t.call(ctx, http.MethodPost, t.baseURL+path, nil, payload)
}

// call makes the attempts of one request to target, with the headers of header besides the SDK's own.
func (t *Transport) call(ctx context.Context, method, target string, header http.Header, body []byte) (*Response, error) {
	ctx, cancel := t.bound(ctx)
	defer cancel()
	retries, repeatable := t.retries(ctx), Idempotent(method)
	for attempt := 0; ; attempt++ {
		resp, written, err := t.attempt(ctx, method, target, header, body)
		var wait time.Duration
		switch {
		case err != nil && written && !repeatable:
			return nil, t.RedactError(&OutcomeUnknownError{Err: err})
		case err != nil && (ctx.Err() != nil || attempt >= retries):
			return nil, t.RedactError(err)
		case err != nil:
			wait = t.backoff(attempt)
		case retryable(resp.StatusCode, repeatable) && attempt < retries:
			var ok bool
			if wait, ok = t.waitBeforeRetry(ctx, resp.Header, attempt); !ok {
				return resp, nil // the wait asked for is too long: give the answer as it is
			}
		default:
			return resp, nil
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("chatt2me: %s %s: waiting to retry: %w", method, t.pathOf(target), err)
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

// attempt makes one attempt. written says whether the request may have reached the API: the transport read some of
// the body, or, for a request without one, wrote its headers; after that a failure leaves the outcome unknown.
func (t *Transport) attempt(ctx context.Context, method, target string, header http.Header, payload []byte) (resp *Response, written bool, err error) {
	var wroteHeaders atomic.Bool
	if payload == nil && !Idempotent(method) {
		// No body tells whether it was sent: watch the headers being written (only here, it costs allocations).
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { wroteHeaders.Store(true) }})
	}
	var body *bytes.Reader
	var r *http.Request
	if payload != nil {
		body = bytes.NewReader(payload)
		r, err = http.NewRequestWithContext(ctx, method, target, body)
	} else {
		r, err = http.NewRequestWithContext(ctx, method, target, nil)
	}
	if err != nil {
		return nil, false, fmt.Errorf("chatt2me: building the request: %w", err)
	}
	for k, vs := range header {
		r.Header[k] = vs
	}
	if payload != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Accept", "application/json")
	if err := t.Authorize(ctx, r); err != nil {
		return nil, false, err
	}
	client := t.send
	if method == http.MethodGet || method == http.MethodHead {
		client = t.http
	}
	got, err := client.Do(r)
	// The transport has finished with the body when Do returns: what it read was (being) written.
	written = wroteHeaders.Load() || body != nil && body.Len() < len(payload)
	if err != nil {
		return nil, written, fmt.Errorf("chatt2me: %s %s: %w", method, r.URL.Path, t.redactURL(err))
	}
	defer got.Body.Close()
	data, err := io.ReadAll(io.LimitReader(got.Body, maxResponseBytes+1))
	if err != nil {
		return nil, true, fmt.Errorf("chatt2me: %s %s: reading the answer (HTTP %d): %w", method, r.URL.Path, got.StatusCode, err)
	}
	truncated := len(data) > maxResponseBytes
	if truncated {
		data = data[:maxResponseBytes]
	}
	return &Response{Method: method, StatusCode: got.StatusCode, Header: got.Header, Body: data, Truncated: truncated}, true, nil
}

// pathOf is the path of a URL of the API, for errors.
func (t *Transport) pathOf(target string) string {
	return strings.TrimPrefix(target, t.baseURL)
}
