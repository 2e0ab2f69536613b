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
// order, for logging or metrics; OperationFromContext(req.Context()) tells each the operation and the attempt.
func WithMiddleware(mw ...Middleware) Option { return transport.WithMiddleware(mw...) }

// WithCallHook runs every call through the hooks, the first outermost (see CallHook).
func WithCallHook(hooks ...CallHook) Option { return transport.WithCallHook(hooks...) }

// WithLimiter makes every request of the client (each attempt of a call, the low-level client's included) wait
// for l first; the wait counts against the call's context, not against an attempt's timeout (WithAttemptTimeout).
// A refused wait ends the call with a *LimitError: the request was not sent.
func WithLimiter(l Limiter) Option { return transport.WithLimiter(l) }

// WithChannelLimiter makes every request of the sends of channel (its package's name, such as "whatsapp") wait for
// l, before the limiter of WithLimiter if there is one; the requests of other channels and operations do not wait
// for it. New refuses a channel the document does not have, and a second limiter for one channel.
func WithChannelLimiter(channel string, l Limiter) Option {
	return transport.WithChannelLimiter(channel, l)
}

// WithRetries returns a context under which calls make at most n retries, overriding the client's WithMaxRetries.
func WithRetries(ctx context.Context, n int) context.Context { return transport.WithRetries(ctx, n) }

// WithHeader returns a context under which every request of a call carries the header name: value, besides the
// SDK's own (a correlation id, say); a name given again adds a value. A header the SDK owns (x-api-key, Host,
// Content-Length, Content-Type, User-Agent, Accept and the others net/http or the SDK sets), or a name or value
// HTTP does not allow, is refused: the call returns a *ValidationError and sends nothing.
func WithHeader(ctx context.Context, name, value string) context.Context {
	return transport.WithHeader(ctx, name, value)
}

// WithAttemptTimeout returns a context under which each attempt of a call (each request, a retry being another) is
// bounded by d, beside the whole call's bound (WithTimeout, or the context's deadline); zero or less means no bound
// of its own. The waits of the call (for a rate limiter, before a retry) do not count against it. An attempt that
// runs out of time is retried as a timeout is: a send only if it cannot have been delivered.
func WithAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return transport.WithAttemptTimeout(ctx, d)
}

// OperationFromContext returns the operation of the request whose context is ctx (http.Request.Context), with its
// attempt number; false when ctx is not that of a request of an operation of the document: a request of the
// low-level client (Client.API) to a path of no operation, or a context of your own.
func OperationFromContext(ctx context.Context) (Operation, bool) {
	return transport.OperationFromContext(ctx)
}

// Operations returns the operations of the OpenAPI document the SDK was generated from, in the order a request's
// path is matched against their routes (see Transport.Doer).
func Operations() []Operation { return transport.Operations() }

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

// Logger is a Middleware that logs each attempt to l (slog.Default() when l is nil), at a level that says what
// to look at: DEBUG a success; WARN a retry (an attempt after the first), a 429, a 5xx, any other answer that is not
// a success and a failure after which nothing can have taken effect; ERROR an unknown outcome (a request that is not
// idempotent, after which it may have taken effect: a 5xx other than 503, a 303, a failure once it may have been
// written). Each record has the operation (its operationId, method, route and channel), the attempt, the status,
// the duration, the answer's request id and the error, and no header unless LogHeaders says so. Everything it writes
// is redacted: credential headers (RedactHeaders), and the request's API key wherever else it appears.
func Logger(l *slog.Logger, opts ...LoggerOption) Middleware { return transport.Logger(l, opts...) }

// LogHeaders makes Logger write the headers of each request and answer, redacted (the API key, Authorization and
// cookies as [redacted]).
func LogHeaders() LoggerOption { return transport.LogHeaders() }

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
	// Operation is an operation of the OpenAPI document (ID, Method, Route, Channel) and the number of an attempt
	// of it, as OperationFromContext finds it in a request's context.
	Operation = transport.Operation
	// CallHook wraps each call as a whole (every attempt and wait): a tracer opens the call's span there.
	CallHook = transport.CallHook
	// CallResult is what a call came to, for a CallHook: Attempts, StatusCode, Err.
	CallResult = transport.CallResult
	// Limiter is a rate limiter, Wait(ctx) error: *rate.Limiter of golang.org/x/time/rate is one.
	Limiter = transport.Limiter
	// LimitError is a rate limiter's refusal to let an attempt go: that attempt was not sent (Operation, Channel,
	// Attempt, Err).
	LimitError = transport.LimitError
	// LoggerOption changes what Logger writes (LogHeaders).
	LoggerOption = transport.LoggerOption
)
