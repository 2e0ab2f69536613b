package transport

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// redacted replaces a secret in what the SDK prints.
const redacted = "[redacted]"

// redactor replaces secrets, as they are and percent-encoded (as a URL would carry them), by "[redacted]".
type redactor []string

// newRedactor returns a redactor of the non-empty secrets.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if !slices.Contains(r, form) {
				r = append(r, form)
			}
		}
	}
	return r
}

// apply returns s without the secrets.
func (r redactor) apply(s string) string {
	for _, secret := range r {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	return s
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

// inName reports whether the header name k holds a secret, ignoring case (without allocating: every answer's
// header names are checked).
func (r redactor) inName(k string) bool {
	for _, secret := range r {
		for i := 0; i+len(secret) <= len(k); i++ {
			if strings.EqualFold(k[i:i+len(secret)], secret) {
				return true
			}
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

// Redact returns s without the API key (as it is or percent-encoded), for strings the SDK did not write itself,
// such as an answer's errorMessage.
func (t *Transport) Redact(s string) string { return t.apiKey.redactor.apply(s) }

type redactedError struct {
	msg string
	err error
}

// Error is the message without the key.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the original error.
func (e *redactedError) Unwrap() error { return e.err }
