package chatt2me

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/chatt2me/chatt2me-go/templates/sdk/transport"
)

// This file re-exports package transport, so that a program needs only package chatt2me and the channel packages.
// Each function's documentation is that of its twin in package transport (a test keeps them equal).

// Option configures a Client: pass them to New. Printing an option never shows its value. It is transport.Option.
type Option = transport.Option

// WithAPIKey sets the Application's API key, sent as the x-api-key header. It is required, at least 16 characters
// long (New refuses a shorter one), and never printed.
func WithAPIKey(key string) Option { return transport.WithAPIKey(key) }

// WithBaseURL replaces the API's default address, for example with a sandbox or a gateway: an absolute https URL,
// whose path, if any, prefixes every request's. New refuses userinfo, a query or a fragment, and plain http to
// another host than a loopback address unless WithInsecureHTTP allows it.
func WithBaseURL(baseURL string) Option { return transport.WithBaseURL(baseURL) }

// WithInsecureHTTP lets WithBaseURL name a plain http URL of any host: the API key then crosses the network in
// clear text, readable by anyone on the way. Without it, plain http is accepted to a loopback address only.
func WithInsecureHTTP() Option { return transport.WithInsecureHTTP() }

// WithHTTPClient sends requests through c instead of http.DefaultClient. c itself is not changed: the SDK uses
// copies of it whose transport never sends the API key to another origin than the base URL's, and whose redirect
// policy is the SDK's (a send is never redirected; see Transport.HTTPClient for the low-level client).
func WithHTTPClient(c *http.Client) Option { return transport.WithHTTPClient(c) }

// WithUserAgent puts product in front of the SDK's own user agent.
func WithUserAgent(product string) Option { return transport.WithUserAgent(product) }

// WithTimeout bounds each call, retries included, when its context has no earlier deadline; zero means no bound.
// A walk over a list makes a call per page: the timeout bounds each page, the walk's context the whole walk. The
// default is DefaultTimeout. Calls whose context cannot be cancelled (context.Background) share their deadline
// with the calls started within a hundredth of d (at most 100 ms), so it may come that much later.
func WithTimeout(d time.Duration) Option { return transport.WithTimeout(d) }

// WithMaxRetries sets how many times a call is retried when it cannot have been delivered (a failed connection,
// 429, 503); 0 disables retries. The default is DefaultMaxRetries; WithRetries overrides it for one call.
func WithMaxRetries(n int) Option { return transport.WithMaxRetries(n) }

// WithRetryBackoff sets the first wait before a retry and the longest; waits double, with jitter, up to max.
func WithRetryBackoff(first, max time.Duration) Option { return transport.WithRetryBackoff(first, max) }

// WithMaxRetryAfter caps the wait a 429 or 503 answer may ask for with Retry-After: an answer asking for longer
// (or for longer than the context has left) is returned at once, as an *APIError, without waiting or retrying.
// Zero means never wait for Retry-After. The default is DefaultMaxRetryAfter.
func WithMaxRetryAfter(d time.Duration) Option { return transport.WithMaxRetryAfter(d) }

// WithMaxPages sets the most pages a walk over a list (Webhooks.All, …) fetches before it ends with a
// *PagingError; 0 means no limit, the walk's context then being the only bound. The default is DefaultMaxPages.
func WithMaxPages(n int) Option { return transport.WithMaxPages(n) }

// WithMiddleware runs every HTTP attempt (retries included, and the low-level client's requests) through mw, in
// order, for logging or metrics.
func WithMiddleware(mw ...Middleware) Option { return transport.WithMiddleware(mw...) }

// WithRetries returns a context under which calls make at most n retries, overriding the client's WithMaxRetries.
func WithRetries(ctx context.Context, n int) context.Context { return transport.WithRetries(ctx, n) }

// The defaults of the options.
const (
	// DefaultTimeout is transport.DefaultTimeout, the bound WithTimeout replaces.
	DefaultTimeout = transport.DefaultTimeout
	// DefaultMaxRetries is transport.DefaultMaxRetries, the count WithMaxRetries replaces.
	DefaultMaxRetries = transport.DefaultMaxRetries
	// DefaultMaxRetryAfter is transport.DefaultMaxRetryAfter, the cap WithMaxRetryAfter replaces.
	DefaultMaxRetryAfter = transport.DefaultMaxRetryAfter
	// DefaultMaxPages is transport.DefaultMaxPages, the most pages of a walk, which WithMaxPages replaces.
	DefaultMaxPages = transport.DefaultMaxPages
)

// Middleware wraps one HTTP attempt: it may look at or change the request, call next, and look at the answer. It
// is transport.Middleware.
type Middleware = transport.Middleware

// Logger is a Middleware that logs each attempt to l (slog.Default() when l is nil): method, path, status, the
// answer's request id, duration, and the request headers. Everything it writes is redacted: credential headers
// (RedactHeaders), and the request's API key wherever else it appears (path, header values, error, request id).
func Logger(l *slog.Logger) Middleware { return transport.Logger(l) }

// RedactHeaders returns a copy of h with the API key (and any credential header) replaced by "[redacted]", for
// logging.
func RedactHeaders(h http.Header) http.Header { return transport.RedactHeaders(h) }

// ErrOutcomeUnknown marks an error after which a request that is not idempotent (a send, a POST or a PATCH) may or
// may not have taken effect: it may have reached the API (a timeout or a dropped connection after the request was
// written, a 5xx other than 503, an unreadable success). The SDK never retries it then; check (list the
// webhooks, wait for the message's status) before sending it again.
var ErrOutcomeUnknown = transport.ErrOutcomeUnknown

// The types a program handles, defined in package transport (go doc transport.APIError shows their fields).
type (
	// APIError is an answer of the API that is not a success: HTTPStatus, Code (errorCode), Message
	// (errorMessage), MessageID, RequestID, Location (of a redirect) and OutcomeUnknown. Use errors.As to get it.
	APIError = transport.APIError
	// ValidationError is an argument the SDK refused before sending anything: Field is the path of the offending
	// value, in the request body (such as "content.text") or a parameter (such as "webhookId"), Problem says what to
	// fix.
	ValidationError = transport.ValidationError
	// ConfigError is a bad option of New: Option names it, Problem says what to fix.
	ConfigError = transport.ConfigError
	// OutcomeUnknownError is a transport failure after a request that is not idempotent was written: Err is the
	// cause, and it matches ErrOutcomeUnknown.
	OutcomeUnknownError = transport.OutcomeUnknownError
	// PagingError ends a walk over a list whose answers do not add up (a page larger than the limit, a total that
	// changed, an empty page before the total, items past it), or that reached WithMaxPages: Offset and Problem.
	PagingError = transport.PagingError
	// Result is the outcome of an accepted send: MessageID and Status.
	Result = transport.Result
	// Status is the status of a send as the API answers it; the Status… constants name the documented values.
	Status = transport.Status
)
