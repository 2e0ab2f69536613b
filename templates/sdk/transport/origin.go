package transport

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// The API key goes to the base URL's origin only. Three mechanisms keep it there, whatever client WithHTTPClient
// passes: Authorize refuses a request for another origin; the transport of the SDK's client copies removes the key
// from any request for another origin (a redirect, a middleware that changed the URL); and the SDK's redirect
// policies never follow a redirect out of the origin.

// apiKeyHeader carries the API key.
const apiKeyHeader = "X-Api-Key"

// maxRedirects is how many redirects the low-level client follows, as net/http does by default.
const maxRedirects = 10

// origin is the scheme, host and port of a URL: lower-case scheme and host, the port explicit.
type origin struct {
	scheme, host, port string
}

// originOf returns the origin of u.
func originOf(u *url.URL) origin {
	scheme := strings.ToLower(u.Scheme)
	return origin{scheme: scheme, host: strings.ToLower(u.Hostname()), port: portOf(scheme, u.Port())}
}

// portOf is port, or the default port of scheme when port is empty.
func portOf(scheme, port string) string {
	if port != "" {
		return port
	}
	switch scheme {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// contains reports whether u is on the origin o.
func (o origin) contains(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, o.scheme) && strings.EqualFold(u.Hostname(), o.host) && portOf(o.scheme, u.Port()) == o.port
}

// String is the origin as a URL prefix, such as https://api.chatt2.me:443.
func (o origin) String() string { return o.scheme + "://" + net.JoinHostPort(o.host, o.port) }

// keyGuard is the innermost http.RoundTripper of the SDK's clients: a request for another origin than the API's
// leaves without the API key, and no answer's header carries the key back (so that neither the middleware nor the
// low-level client's errors, which quote header values, can show it).
type keyGuard struct {
	origin   origin
	redactor redactor
	base     http.RoundTripper
}

// RoundTrip sends req through base, without the key when req is not for the API's origin, and removes the key from
// the answer's header.
func (g *keyGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if !g.origin.contains(req.URL) && req.Header.Get(apiKeyHeader) != "" {
		req = req.Clone(req.Context()) // a RoundTripper must not change the caller's request
		req.Header.Del(apiKeyHeader)
	}
	resp, err := g.base.RoundTrip(req)
	if resp != nil {
		g.redactor.scrub(resp.Header)
	}
	return resp, err
}

// neverFollow is the redirect policy of sends: the 3xx answer is the answer.
func neverFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// followWithin is the redirect policy of the low-level client: a GET or HEAD is redirected within the API's origin,
// up to maxRedirects times, and then by the caller's own policy, if any; any other redirect is not followed, and its
// 3xx answer is the answer.
func (o origin) followWithin(caller func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		method := via[0].Method
		if (method != http.MethodGet && method != http.MethodHead) || !o.contains(req.URL) {
			return http.ErrUseLastResponse
		}
		if caller != nil {
			return caller(req, via)
		}
		if len(via) >= maxRedirects {
			return http.ErrUseLastResponse // net/http's error would quote the Location, which the server chose
		}
		return nil
	}
}
