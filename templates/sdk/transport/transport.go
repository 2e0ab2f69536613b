// Package transport is the HTTP layer of the Hub Chatt2.me SDK, shared by every channel package: the Transport that
// posts requests with the API key, user agent, timeout and retries; the options that configure it; the errors it
// returns (APIError, ValidationError, ConfigError, ErrOutcomeUnknown); the Result of a send; and the Middleware hook.
//
// Most programs never import it: package chatt2me re-exports everything here (chatt2me.New, chatt2me.WithAPIKey,
// chatt2me.APIError, …). Import it to build a channel's Sender on a Transport of your own (whatsapp.NewSender).
package transport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 1 << 20

// Transport sends JSON requests to the API with the client's key, user agent and timeout.
type Transport struct {
	baseURL      string
	apiKey       *secret // a pointer, so that printing a Transport never shows the key
	userAgent    string
	timeout      time.Duration
	http         *http.Client
	maxRetries   int
	retryWait    time.Duration
	maxRetryWait time.Duration
}

// secret holds the API key.
type secret struct{ value string }

// New returns a Transport for the API at defaultBaseURL (WithBaseURL replaces it), sending userAgent (WithUserAgent
// prefixes it). It applies the options to the defaults and checks the result: WithAPIKey is required.
func New(defaultBaseURL, userAgent string, opts ...Option) (*Transport, error) {
	s := settings{baseURL: defaultBaseURL, userAgent: userAgent, timeout: DefaultTimeout, httpClient: http.DefaultClient,
		maxRetries: DefaultMaxRetries, retryWait: DefaultRetryWait, maxRetryWait: DefaultMaxRetryWait}
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&s)
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	if s.apiKey == "" {
		return nil, &ConfigError{Option: "WithAPIKey", Problem: "the API key is missing; pass WithAPIKey(os.Getenv(\"CHATT2ME_API_KEY\"))"}
	}
	client := s.httpClient
	if len(s.middleware) > 0 {
		c := *client
		base := c.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		c.Transport = &chain{base: base, middleware: s.middleware}
		client = &c
	}
	return &Transport{
		baseURL:      strings.TrimRight(s.baseURL, "/"),
		apiKey:       &secret{s.apiKey},
		userAgent:    s.userAgent,
		timeout:      s.timeout,
		http:         client,
		maxRetries:   s.maxRetries,
		retryWait:    s.retryWait,
		maxRetryWait: s.maxRetryWait,
	}, nil
}

// String describes the transport without its key.
func (t *Transport) String() string {
	return fmt.Sprintf("transport.Transport{baseURL: %q, apiKey: [redacted], userAgent: %q, timeout: %s}", t.baseURL, t.userAgent, t.timeout)
}

// GoString is String, so that %#v does not show the key either.
func (t *Transport) GoString() string { return t.String() }

// BaseURL returns the API's base URL.
func (t *Transport) BaseURL() string { return t.baseURL }

// HTTPClient returns the HTTP client requests go through.
func (t *Transport) HTTPClient() *http.Client { return t.http }

// Authorize sets the API key and user agent on a request; the low-level client uses it as a request editor.
func (t *Transport) Authorize(_ context.Context, req *http.Request) error {
	req.Header.Set("x-api-key", t.apiKey.value)
	req.Header.Set("User-Agent", t.userAgent)
	return nil
}

// Response is an HTTP answer: status, headers and body (at most 1 MiB of it).
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// PostJSON sends payload, a JSON document, to path and reads the answer. The default timeout bounds the whole
// call, retries included, when ctx has no earlier deadline. It retries, with backoff, what cannot have been
// delivered: a connection that failed before the request was written, and the answers 429 (after Retry-After) and
// 503. After the request may have reached the API, an error is an *OutcomeUnknownError. Errors never contain the
// API key.
func (t *Transport) PostJSON(ctx context.Context, path string, payload []byte) (*Response, error) {
	if t.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t.timeout)
		defer cancel()
	}
	retries := t.retries(ctx)
	for attempt := 0; ; attempt++ {
		resp, written, err := t.post(ctx, path, payload)
		var wait time.Duration
		switch {
		case err != nil && written:
			return nil, t.redact(&OutcomeUnknownError{Err: err})
		case err != nil && (ctx.Err() != nil || attempt >= retries):
			return nil, t.redact(err)
		case err != nil:
			wait = t.backoff(attempt)
		case (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) && attempt < retries:
			var ok bool
			if wait, ok = retryAfter(resp.Header, time.Now()); !ok {
				wait = t.backoff(attempt)
			}
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
				return resp, nil // no time left to wait: give the answer as it is
			}
		default:
			return resp, nil
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("chatt2me: POST %s: waiting to retry: %w", path, err)
		}
	}
}

// post makes one attempt. written says whether the transport read any of the request body (so the request may
// have reached the API), after which a failure leaves the outcome unknown.
func (t *Transport) post(ctx context.Context, path string, payload []byte) (resp *Response, written bool, err error) {
	body := bytes.NewReader(payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.baseURL+path, body)
	if err != nil {
		return nil, false, fmt.Errorf("chatt2me: building the request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	_ = t.Authorize(ctx, req)
	r, err := t.http.Do(req)
	if err != nil {
		// The transport has finished with the body when Do returns: what it read was (being) written.
		return nil, body.Len() < len(payload), fmt.Errorf("chatt2me: POST %s: %w", path, err)
	}
	defer r.Body.Close()
	data, err := io.ReadAll(io.LimitReader(r.Body, maxResponseBytes))
	if err != nil {
		return nil, true, fmt.Errorf("chatt2me: POST %s: reading the answer (HTTP %d): %w", path, r.StatusCode, err)
	}
	return &Response{StatusCode: r.StatusCode, Header: r.Header, Body: data}, true, nil
}

// redact removes the API key from an error's text, should anything have echoed it.
func (t *Transport) redact(err error) error {
	if err == nil {
		return nil
	}
	if msg := t.Redact(err.Error()); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

// Redact is redact for errors built outside the transport, such as an APIError from a response body.
func (t *Transport) Redact(s string) string {
	if t.apiKey.value == "" {
		return s
	}
	return strings.ReplaceAll(s, t.apiKey.value, "[redacted]")
}

type redactedError struct {
	msg string
	err error
}

// Error is the message without the key.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *redactedError) Unwrap() error { return e.err }
