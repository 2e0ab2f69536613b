package transport

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// onlyParts ends the message of a base URL with more than it may hold.
const onlyParts = ": a base URL is a scheme, a host, a port and a path only"

// checkBaseURL returns what is wrong with raw as the API's base URL, or "" when New accepts it: an absolute http or
// https URL without userinfo, query or fragment, of plain http only to a loopback address unless insecureHTTP. The
// problem quotes raw without its userinfo, query and fragment (they may hold credentials).
func checkBaseURL(raw string, insecureHTTP bool) string {
	shown := strconv.Quote(withoutCredentials(raw))
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return shown + " is not an absolute http(s) URL"
	case u.User != nil:
		return shown + " holds a user name or password: remove it (the API key is the only credential the API takes)"
	case u.RawQuery != "" || u.ForceQuery:
		return shown + ` has a query ("?…")` + onlyParts
	case strings.Contains(raw, "#"):
		return shown + ` has a fragment ("#…")` + onlyParts
	case u.Scheme == "http" && !insecureHTTP && !isLoopback(u.Hostname()):
		return shown + " would send the API key in clear text: use https, or WithInsecureHTTP() for a server on a network you " +
			"trust (plain http to a loopback address needs no option)"
	}
	return ""
}

// withoutCredentials returns raw up to its query or fragment, without the userinfo of its authority.
func withoutCredentials(raw string) string {
	if end := strings.IndexAny(raw, "?#"); end >= 0 {
		raw = raw[:end]
	}
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + len("://")
	}
	end := len(raw)
	if i := strings.IndexByte(raw[start:], '/'); i >= 0 {
		end = start + i
	}
	if at := strings.LastIndexByte(raw[start:end], '@'); at >= 0 {
		return raw[:start] + raw[start+at+1:]
	}
	return raw
}

// isLoopback reports whether host is localhost or a loopback IP address (127.0.0.0/8, ::1).
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
