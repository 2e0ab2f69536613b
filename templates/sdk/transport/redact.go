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
