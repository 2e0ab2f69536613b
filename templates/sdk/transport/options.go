package transport

import (
	"fmt"
	"net/http"
	"time"
)

// DefaultTimeout bounds each call, retries included, when the caller's context has no earlier deadline.
const DefaultTimeout = 30 * time.Second

// Option configures a Transport (and the chatt2me.Client built on it). Printing an option never shows its value.
type Option interface {
	apply(*settings)
}

type settings struct {
	baseURL         string
	apiKey          string
	userAgent       string
	timeout         time.Duration
	httpClient      *http.Client
	maxRetries      int
	retryWait       time.Duration
	maxRetryWait    time.Duration
	maxRetryAfter   time.Duration
	middleware      []Middleware
	hooks           []CallHook
	limiter         Limiter
	channelLimiters map[string]Limiter
	maxPages        int
	insecureHTTP    bool
	err             error
}

type optionFunc struct {
	name string
	fn   func(*settings)
}

func (o optionFunc) apply(s *settings) { o.fn(s) }

// String names the option without its value.
func (o optionFunc) String() string { return "chatt2me." + o.name + "(…)" }

// GoString is String.
func (o optionFunc) GoString() string { return o.String() }

// Format prints the option's name only, whatever the verb.
func (o optionFunc) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(o.String())) }

// ConfigError is a bad option of New (or chatt2me.New): Option names it, Problem says what to fix.
type ConfigError struct {
	Option  string
	Problem string
}

// Error names the option and the problem.
func (e *ConfigError) Error() string { return "chatt2me: " + e.Option + ": " + e.Problem }

// WithAPIKey sets the Application's API key, sent as the x-api-key header. It is required, at least 16 characters
// long (New refuses a shorter one), and never printed.
func WithAPIKey(key string) Option {
	return optionFunc{"WithAPIKey", func(s *settings) { s.apiKey = key }}
}

// WithBaseURL replaces the API's default address, for example with a sandbox or a gateway: an absolute https URL,
// whose path, if any, prefixes every request's. New refuses userinfo, a query or a fragment, and plain http to
// another host than a loopback address unless WithInsecureHTTP allows it.
func WithBaseURL(baseURL string) Option {
	return optionFunc{"WithBaseURL", func(s *settings) { s.baseURL = baseURL }}
}

// WithInsecureHTTP lets WithBaseURL name a plain http URL of any host: the API key then crosses the network in
// clear text, readable by anyone on the way. Without it, plain http is accepted to a loopback address only.
func WithInsecureHTTP() Option {
	return optionFunc{"WithInsecureHTTP", func(s *settings) { s.insecureHTTP = true }}
}

// WithHTTPClient sends requests through c instead of http.DefaultClient. c itself is not changed: the SDK uses
// copies of it whose transport never sends the API key to another origin than the base URL's, and whose redirect
// policy is the SDK's (a send is never redirected; see Transport.HTTPClient for the low-level client).
func WithHTTPClient(c *http.Client) Option {
	return optionFunc{"WithHTTPClient", func(s *settings) {
		if c == nil {
			s.err = &ConfigError{Option: "WithHTTPClient", Problem: "the client is nil"}
			return
		}
		s.httpClient = c
	}}
}

// WithUserAgent puts product in front of the SDK's own user agent.
func WithUserAgent(product string) Option {
	return optionFunc{"WithUserAgent", func(s *settings) {
		if product != "" {
			s.userAgent = product + " " + s.userAgent
		}
	}}
}

// WithTimeout bounds each call, retries included, when its context has no earlier deadline; zero means no bound.
// A walk over a list makes a call per page: the timeout bounds each page, the walk's context the whole walk. The
// default is DefaultTimeout. Calls whose context cannot be cancelled (context.Background) share their deadline
// with the calls started within a hundredth of d (at most 100 ms), so it may come that much later.
func WithTimeout(d time.Duration) Option {
	return optionFunc{"WithTimeout", func(s *settings) {
		if d < 0 {
			s.err = &ConfigError{Option: "WithTimeout", Problem: fmt.Sprintf("negative timeout %s", d)}
			return
		}
		s.timeout = d
	}}
}

// WithMaxRetries sets how many times a call is retried when it cannot have been delivered (a failed connection,
// 429, 503); 0 disables retries. The default is DefaultMaxRetries; WithRetries overrides it for one call.
func WithMaxRetries(n int) Option {
	return optionFunc{"WithMaxRetries", func(s *settings) {
		if n < 0 {
			s.err = &ConfigError{Option: "WithMaxRetries", Problem: fmt.Sprintf("negative count %d", n)}
			return
		}
		s.maxRetries = n
	}}
}

// WithRetryBackoff sets the first wait before a retry and the longest; waits double, with jitter, up to max.
func WithRetryBackoff(first, max time.Duration) Option {
	return optionFunc{"WithRetryBackoff", func(s *settings) {
		if first <= 0 || max < first {
			s.err = &ConfigError{Option: "WithRetryBackoff", Problem: fmt.Sprintf("want 0 < first <= max, got %s and %s", first, max)}
			return
		}
		s.retryWait, s.maxRetryWait = first, max
	}}
}

// WithMaxRetryAfter caps the wait a 429 or 503 answer may ask for with Retry-After: an answer asking for longer
// (or for longer than the context has left) is returned at once, as an *APIError, without waiting or retrying.
// Zero means never wait for Retry-After. The default is DefaultMaxRetryAfter.
func WithMaxRetryAfter(d time.Duration) Option {
	return optionFunc{"WithMaxRetryAfter", func(s *settings) {
		if d < 0 {
			s.err = &ConfigError{Option: "WithMaxRetryAfter", Problem: fmt.Sprintf("negative wait %s", d)}
			return
		}
		s.maxRetryAfter = d
	}}
}

// WithMaxPages sets the most pages a walk over a list (Webhooks.All, …) fetches before it ends with a
// *PagingError; 0 means no limit, the walk's context then being the only bound. The default is DefaultMaxPages.
func WithMaxPages(n int) Option {
	return optionFunc{"WithMaxPages", func(s *settings) {
		if n < 0 {
			s.err = &ConfigError{Option: "WithMaxPages", Problem: fmt.Sprintf("negative count %d", n)}
			return
		}
		s.maxPages = n
	}}
}

// WithMiddleware runs every HTTP attempt (retries included, and the low-level client's requests) through mw, in
// order, for logging or metrics; OperationFromContext(req.Context()) tells each the operation and the attempt.
func WithMiddleware(mw ...Middleware) Option {
	return optionFunc{"WithMiddleware", func(s *settings) { s.middleware = append(s.middleware, mw...) }}
}
