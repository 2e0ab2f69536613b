package transport

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// redacted replaces a secret in what the SDK prints.
const redacted = "[redacted]"

// redactor replaces secrets by "[redacted]" in every spelling the SDK may print them in: as they are, with any of
// their bytes percent-encoded (%XX, in upper- or lower-case hex; a space also as "+"), as a URL carries them, and
// quoted as %q quotes them (ValidationError quotes the values it refuses).
type redactor []string

// newRedactor returns a redactor of the non-empty secrets.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s == "" {
			continue
		}
		quoted := strconv.Quote(s)
		for _, form := range []string{s, quoted[1 : len(quoted)-1]} {
			if !slices.Contains(r, form) {
				r = append(r, form)
			}
		}
	}
	return r
}

// apply returns s without the secrets: s itself, without allocating, when it holds none.
func (r redactor) apply(s string) string {
	for _, secret := range r {
		if strings.Contains(s, secret) || mayBeEncoded(strings.IndexByte(s, '%') >= 0, strings.IndexByte(s, '+') >= 0, secret) &&
			firstSpelling(s, secret, 0, false) >= 0 {
			s = replaceSpellings(s, secret)
		}
	}
	return s
}

// in reports whether b holds a secret in any spelling, without allocating.
func (r redactor) in(b []byte) bool {
	for _, secret := range r {
		if bytes.Contains(b, []byte(secret)) || mayBeEncoded(bytes.IndexByte(b, '%') >= 0, bytes.IndexByte(b, '+') >= 0, secret) &&
			firstSpelling(b, secret, 0, false) >= 0 {
			return true
		}
	}
	return false
}

// mayBeEncoded reports whether a text may hold a spelling of secret other than secret itself: it has a percent
// sign, or a "+" where secret has a space.
func mayBeEncoded(percent, plus bool, secret string) bool {
	return percent || plus && strings.IndexByte(secret, ' ') >= 0
}

// replaceSpellings returns s with every spelling of secret replaced by "[redacted]", from left to right.
func replaceSpellings(s, secret string) string {
	var b strings.Builder
	for from := 0; ; {
		start := firstSpelling(s, secret, from, false)
		if start < 0 {
			b.WriteString(s[from:])
			return b.String()
		}
		b.WriteString(s[from:start])
		b.WriteString(redacted)
		from = spellingEnd(s, start, secret, false)
	}
}

// firstSpelling returns the index of the first spelling of secret in s at or after from, or -1; fold ignores the
// case of ASCII letters. A spelling is at least as long as secret.
func firstSpelling[S ~string | ~[]byte](s S, secret string, from int, fold bool) int {
	first := secret[0]
	for i := from; i+len(secret) <= len(s); i++ {
		if (s[i] == '%' || sameByte(s[i], first, fold) || s[i] == '+' && first == ' ') && spellingEnd(s, i, secret, fold) >= 0 {
			return i
		}
	}
	return -1
}

// spellingEnd returns the end of the longest spelling of secret that starts at s[i], or -1 when none does. Each byte
// of secret is spelled as it is (or "+" for a space) or as %XX: for a byte other than "%" the text shows which, so
// a secret without "%" is read in one pass (onlySpelling); a "%" of secret may be spelled either way at the same
// place, so the ends reachable after each byte are then a set, kept on the stack (it grows only with the "%" of
// secret).
func spellingEnd[S ~string | ~[]byte](s S, i int, secret string, fold bool) int {
	if strings.IndexByte(secret, '%') < 0 {
		return onlySpelling(s, i, secret, fold)
	}
	var first, second [4]int
	ends, next := append(first[:0], i), second[:0]
	for k := 0; k < len(secret) && len(ends) > 0; k++ {
		next = next[:0]
		for _, j := range ends {
			if end := literalAt(s, j, secret[k], fold); end >= 0 {
				next = addEnd(next, end)
			}
			if end := escapedAt(s, j, secret[k], fold); end >= 0 {
				next = addEnd(next, end)
			}
		}
		ends, next = next, ends
	}
	if len(ends) == 0 {
		return -1
	}
	return slices.Max(ends)
}

// onlySpelling is spellingEnd for a secret without "%", which has one spelling at most at any place.
func onlySpelling[S ~string | ~[]byte](s S, j int, secret string, fold bool) int {
	for k := 0; k < len(secret) && j >= 0; k++ {
		if end := literalAt(s, j, secret[k], fold); end >= 0 {
			j = end
		} else {
			j = escapedAt(s, j, secret[k], fold)
		}
	}
	return j
}

// literalAt returns the end of c written as it is (a space also as "+") at s[j], or -1.
func literalAt[S ~string | ~[]byte](s S, j int, c byte, fold bool) int {
	if j < len(s) && (sameByte(s[j], c, fold) || c == ' ' && s[j] == '+') {
		return j + 1
	}
	return -1
}

// escapedAt returns the end of c written as %XX at s[j], or -1.
func escapedAt[S ~string | ~[]byte](s S, j int, c byte, fold bool) int {
	if j+2 < len(s) && s[j] == '%' {
		if b, ok := unhex(s[j+1], s[j+2]); ok && sameByte(b, c, fold) {
			return j + 3
		}
	}
	return -1
}

// addEnd adds end to the set ends.
func addEnd(ends []int, end int) []int {
	if slices.Contains(ends, end) {
		return ends
	}
	return append(ends, end)
}

// sameByte reports whether a and b are equal, or, with fold, equal but for the case of an ASCII letter.
func sameByte(a, b byte, fold bool) bool {
	return a == b || fold && 'a' <= a|0x20 && a|0x20 <= 'z' && a|0x20 == b|0x20
}

// unhex returns the byte that the hexadecimal digits hi and lo (either case) write.
func unhex(hi, lo byte) (byte, bool) {
	h, okH := hexDigit(hi)
	l, okL := hexDigit(lo)
	return h<<4 | l, okH && okL
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// headers returns a copy of h without credential headers (RedactHeaders) and without the secrets in any name or
// value.
func (r redactor) headers(h http.Header) http.Header {
	out := RedactHeaders(h)
	r.scrub(out)
	return out
}

// scrub removes the secrets from the values of h, in place; a name that holds one (in any case: net/http
// canonicalises names) becomes "[redacted]".
func (r redactor) scrub(h http.Header) {
	var renamed []string
	for k, vs := range h {
		for i, v := range vs {
			vs[i] = r.apply(v)
		}
		if r.inName(k) {
			renamed = append(renamed, k)
		}
	}
	for _, k := range renamed {
		h[redacted] = append(h[redacted], h[k]...)
		delete(h, k)
	}
}

// inName reports whether the header name k holds a secret in any spelling, ignoring case (without allocating:
// every answer's header names are checked).
func (r redactor) inName(k string) bool {
	for _, secret := range r {
		if firstSpelling(k, secret, 0, true) >= 0 {
			return true
		}
	}
	return false
}

// RedactHeaders returns a copy of h with the API key (and any credential header) replaced by "[redacted]", for
// logging.
func RedactHeaders(h http.Header) http.Header {
	out := h.Clone()
	for _, k := range []string{apiKeyHeader, "Authorization", "Cookie", "Set-Cookie", "X-Hub-Signature"} {
		if out.Get(k) != "" {
			out.Set(k, redacted)
		}
	}
	return out
}

// RedactError returns err without the API key in its text: a *ValidationError as a copy whose Field and Problem
// are redacted (so that errors.As finds no key either: a refused argument may be the key itself), any other error
// wrapped with its redacted text (Unwrap returns err); err itself when its text holds no key. Every error a call of
// the client returns has been through it: the Senders', the facade's and the walks'.
func (t *Transport) RedactError(err error) error {
	if err == nil {
		return nil
	}
	if v, ok := err.(*ValidationError); ok {
		field, problem := t.Redact(v.Field), t.Redact(v.Problem)
		if field == v.Field && problem == v.Problem {
			return err
		}
		return &ValidationError{Field: field, Problem: problem}
	}
	if msg := t.Redact(err.Error()); msg != err.Error() {
		return &redactedError{msg: msg, err: err}
	}
	return err
}

// redactURL returns err, an error of http.Client.Do, with the API key removed from its URL (which holds the
// request's path and query): a *url.Error whose URL holds the key becomes a copy without it.
func (t *Transport) redactURL(err error) error {
	if u, ok := err.(*url.Error); ok {
		if redacted := t.Redact(u.URL); redacted != u.URL {
			return &url.Error{Op: u.Op, URL: redacted, Err: u.Err}
		}
	}
	return err
}

// Redact returns s without the API key (as it is, in any percent-encoded spelling, or quoted as %q quotes it), for
// strings the SDK did not write itself, such as an answer's errorMessage.
func (t *Transport) Redact(s string) string { return t.apiKey.redactor.apply(s) }

type redactedError struct {
	msg string
	err error
}

// Error is the message without the key.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *redactedError) Unwrap() error { return e.err }
