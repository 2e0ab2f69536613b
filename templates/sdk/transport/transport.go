// Package transport is the HTTP layer of the Hub Chatt2.me SDK, shared by every channel package and the facade of the
// other operations: the Transport that sends requests with the API key, user agent, timeout and retries by
// idempotency (Call, Send); the decoding of answers (Decode, Answer) and the paging of lists (Paginate); the options
// that configure it; the errors it returns (APIError, ValidationError, ConfigError, ErrOutcomeUnknown); the Result of
// a send; and the Middleware hook.
//
// Most programs never import it: package chatt2me re-exports everything here (chatt2me.New, chatt2me.WithAPIKey,
// chatt2me.APIError, …). Import it to build a channel's Sender on a Transport of your own (whatsapp.NewSender).
package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 1 << 20

// minAPIKeyLength is the fewest characters of a key New accepts. The documentation gives no format for the keys;
// anything shorter is a placeholder or a mistake, and redacting it would mangle every message the SDK prints.
const minAPIKeyLength = 16

// plural is "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Transport sends JSON requests to the API with the client's key, user agent and timeout.
type Transport struct {
	baseURL         string  // without a trailing slash: a path is appended to it
	basePath        string  // the base URL's path, escaped, without a trailing slash: the prefix of the routes
	root            string  // baseURL and a slash, the base the low-level client's paths are resolved against
	origin          origin  // the base URL's: the only one the key is sent to
	apiKey          *secret // a pointer, so that printing a Transport never shows the key
	userAgent       string
	timeout         time.Duration
	deadlines       *sharedDeadlines // the timeout of the calls whose context cannot be cancelled
	http            *http.Client     // the low-level client's: redirects followed within the origin, for GET and HEAD
	send            *http.Client     // the sends': redirects never followed
	maxRetries      int
	retryWait       time.Duration
	maxRetryWait    time.Duration
	maxRetryAfter   time.Duration
	maxPages        int
	hooks           []CallHook
	limiter         Limiter
	channelLimiters map[string]Limiter
}

// secret holds the API key, and what redacts it.
type secret struct {
	value    string
	redactor redactor
}

// New returns a Transport for the API at defaultBaseURL (WithBaseURL replaces it), sending userAgent (WithUserAgent
// prefixes it). It applies the options to the defaults and checks the result: WithAPIKey is required, a key of at
// least 16 characters; the base URL is an absolute http or https URL without userinfo, query or fragment, and of
// plain http only to a loopback address (localhost, 127.0.0.0/8, ::1) unless WithInsecureHTTP allows any host.
func New(defaultBaseURL, userAgent string, opts ...Option) (*Transport, error) {
	s := settings{baseURL: defaultBaseURL, userAgent: userAgent, timeout: DefaultTimeout, httpClient: http.DefaultClient,
		maxRetries: DefaultMaxRetries, retryWait: DefaultRetryWait, maxRetryWait: DefaultMaxRetryWait, maxRetryAfter: DefaultMaxRetryAfter,
		maxPages: DefaultMaxPages}
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
	if n := utf8.RuneCountInString(s.apiKey); n < minAPIKeyLength {
		return nil, &ConfigError{Option: "WithAPIKey", Problem: fmt.Sprintf("the API key is %d character%s long, too short to be an Application's "+
			"key (at least %d): pass the key the dashboard showed when it was generated (Application, Settings, API Key)",
			n, plural(n), minAPIKeyLength)}
	}
	key := &secret{s.apiKey, newRedactor(s.apiKey)}
	if problem := checkBaseURL(s.baseURL, s.insecureHTTP); problem != "" {
		return nil, &ConfigError{Option: "WithBaseURL", Problem: key.redactor.apply(problem)}
	}
	base, _ := url.Parse(s.baseURL) // checkBaseURL parsed it
	o := originOf(base)
	low, send := clients(s.httpClient, o, key.redactor, s.middleware)
	baseURL := strings.TrimRight(s.baseURL, "/")
	return &Transport{
		baseURL:         baseURL,
		basePath:        strings.TrimRight(base.EscapedPath(), "/"),
		root:            baseURL + "/",
		origin:          o,
		apiKey:          key,
		userAgent:       s.userAgent,
		timeout:         s.timeout,
		deadlines:       newSharedDeadlines(s.timeout),
		http:            low,
		send:            send,
		maxRetries:      s.maxRetries,
		retryWait:       s.retryWait,
		maxRetryWait:    s.maxRetryWait,
		maxRetryAfter:   s.maxRetryAfter,
		maxPages:        s.maxPages,
		hooks:           s.hooks,
		limiter:         s.limiter,
		channelLimiters: s.channelLimiters,
	}, nil
}

// clients returns the low-level client's and the sends' copies of c (c itself is not changed): their transport runs
// the middleware, then a keyGuard of o and r, then c's transport; the low-level client follows redirects within o
// for GET and HEAD only (then by c's own policy), the sends never.
func clients(c *http.Client, o origin, r redactor, middleware []Middleware) (low, send *http.Client) {
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	var rt http.RoundTripper = &keyGuard{origin: o, redactor: r, base: base}
	if len(middleware) > 0 {
		rt = &chain{base: rt, middleware: middleware}
	}
	l, s := *c, *c
	l.Transport, s.Transport = rt, rt
	l.CheckRedirect = o.followWithin(c.CheckRedirect)
	s.CheckRedirect = neverFollow
	return &l, &s
}

// String describes the transport without its key.
func (t *Transport) String() string {
	return fmt.Sprintf("transport.Transport{baseURL: %q, apiKey: [redacted], userAgent: %q, timeout: %s}", t.baseURL, t.userAgent, t.timeout)
}

// GoString is String, so that %#v does not show the key either.
func (t *Transport) GoString() string { return t.String() }

// BaseURL returns the API's base URL, ending in a slash: the form the low-level client's New…Request functions
// take, which resolve their paths (./v1/…) against it, so that a path of the base URL is kept.
func (t *Transport) BaseURL() string { return t.root }

// HTTPClient returns the HTTP client under the low-level client (see Doer): a copy of the one WithHTTPClient gave
// (or of http.DefaultClient) whose transport runs the middleware and never sends the API key to another origin than
// the base URL's, and which follows redirects for GET and HEAD within that origin only. Any other redirect is not
// followed: its 3xx answer is the answer.
func (t *Transport) HTTPClient() *http.Client { return t.http }

// Doer sends a request and returns its answer, as *http.Client does; the low-level client takes one.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Doer returns what the low-level client sends its requests with: HTTPClient, under the client's timeout
// (WithTimeout) as every call of the facade is, from Do until the answer's body is closed, unless the request's
// context has an earlier deadline. A request carries its operation (OperationFromContext: the first whose method
// is the request's and whose route its path fits, a route with fewer parameters first), the call's options
// (WithHeader, WithAttemptTimeout) and goes through the hooks and rate limiters, as a call of the facade does; it is
// one attempt, never retried. Its errors have the API key redacted, their URL included.
func (t *Transport) Doer() Doer { return boundDoer{t} }

// boundDoer sends requests through the transport's HTTPClient, each under the transport's timeout.
type boundDoer struct{ t *Transport }

// Do sends req as a call of its operation; the answer's body, when there is one, ends the call's contexts when
// closed.
func (d boundDoer) Do(req *http.Request) (*http.Response, error) {
	t := d.t
	r := request{op: t.match(req.Method, req.URL), method: req.Method, opts: callOptionsOf(req.Context())}
	if r.opts != nil && r.opts.err != nil {
		return nil, t.RedactError(r.opts.err)
	}
	if r.opts != nil {
		addHeaders(req.Header, r.opts.header)
	}
	if len(t.hooks) == 0 {
		resp, result := t.doLow(req.Context(), req, &r)
		return resp, result.Err
	}
	h := t.callHooked(req.Context(), r, req)
	return h.lowResp, h.result.Err
}

// doLow makes the one attempt of a request of the low-level client, after the rate limiters' waits.
func (t *Transport) doLow(ctx context.Context, req *http.Request, r *request) (*http.Response, CallResult) {
	ctx, cancel := t.bound(ctx)
	if err := t.wait(ctx, r.op, 1); err != nil {
		cancel()
		return nil, CallResult{Err: t.RedactError(err)}
	}
	a := newAttempt(ctx, r.op, 1, nil)
	a.opaque = true
	cancelAttempt := noCancel
	if r.opts != nil && r.opts.attemptTimeout > 0 {
		a.ctx.Context, cancelAttempt = context.WithTimeout(ctx, r.opts.attemptTimeout)
	}
	resp, err := t.http.Do(req.WithContext(&a.ctx))
	if err != nil {
		cancelAttempt()
		cancel()
		return nil, CallResult{Attempts: 1, Err: t.RedactError(t.redactURL(err))}
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel, cancelAttempt: cancelAttempt}
	return resp, CallResult{Attempts: 1, StatusCode: resp.StatusCode}
}

// cancelOnClose is an answer's body that cancels the contexts of its request once closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel, cancelAttempt context.CancelFunc
}

// Close closes the body, then cancels the contexts.
func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancelAttempt()
	b.cancel()
	return err
}

// Authorize sets the API key and user agent on a request for the base URL's origin (scheme, host and port); the
// low-level client uses it as a request editor. A request for another origin gets an error, and no key.
func (t *Transport) Authorize(_ context.Context, req *http.Request) error {
	if !t.origin.contains(req.URL) {
		return fmt.Errorf("chatt2me: the API key is sent to %s only, not to %s", t.origin, t.Redact(originOf(req.URL).String()))
	}
	req.Header.Set(apiKeyHeader, t.apiKey.value)
	req.Header.Set("User-Agent", t.userAgent)
	return nil
}

// Response is an HTTP answer: status, headers and body (at most 1 MiB of it).
type Response struct {
	// Method is the request's method, which decides what an error answer means (see APIError.OutcomeUnknown).
	Method     string
	StatusCode int
	Header     http.Header
	Body       []byte
	// Truncated is set when the body was longer than 1 MiB: Body holds its first 1 MiB.
	Truncated bool
}
