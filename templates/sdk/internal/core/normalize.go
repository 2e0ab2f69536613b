package core

import (
	"strings"

	"github.com/chatt2me/chatt2me-go/templates/sdk/format"
)

// The normalisers below implement the shapes of the alias rules (x-chatt2me-channels in the Web Chatt fragment).
// Each returns the value to send or a *ValidationError for field; none guesses: input that does not fit the shape
// is refused, never mangled.

// NormalizeUUID accepts an application channel UUID, trimming surrounding spaces.
func NormalizeUUID(field, s string) (string, error) {
	v := strings.TrimSpace(s)
	if !format.IsUUID(v) {
		p := Root(field)
		return "", Invalid(&p, "must be the channel's UUID, such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got %q)", s)
	}
	return v, nil
}

// NormalizePhone accepts a phone number with an optional prefix (such as "+"), and spaces, dashes, dots and
// parentheses between the digits. The result is the digits, with the prefix in front when keepPrefix is set, and
// must match pattern.
func NormalizePhone(field, s, prefix string, keepPrefix bool, pattern *Regexp) (string, error) {
	p := Root(field)
	v := strings.TrimSpace(s)
	if prefix != "" {
		v = strings.TrimPrefix(v, prefix)
	}
	digits := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return "", Invalid(&p, "must be a phone number: digits, with an optional leading %q and spaces, dashes, dots or parentheses between them (got %q)", prefix, s)
		}
	}
	out := string(digits)
	if keepPrefix {
		out = prefix + out
	}
	if !pattern.MatchString(out) {
		return "", Invalid(&p, "%q is not a valid phone number here: %s must match %s", s, out, pattern.String())
	}
	return out, nil
}

// NormalizeHandle accepts a name with an optional prefix (such as "@"). The rest must match pattern.
func NormalizeHandle(field, s, prefix string, pattern *Regexp) (string, error) {
	v := strings.TrimSpace(s)
	if prefix != "" {
		v = strings.TrimPrefix(v, prefix)
	}
	if !pattern.MatchString(v) {
		p := Root(field)
		return "", Invalid(&p, "%q does not fit: the name after an optional %q must match %s", s, prefix, pattern.String())
	}
	return v, nil
}

// NormalizeNumeric accepts digits only (surrounding spaces are trimmed), matching pattern.
func NormalizeNumeric(field, s string, pattern *Regexp) (string, error) {
	v := strings.TrimSpace(s)
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			p := Root(field)
			return "", Invalid(&p, "must contain digits only (got %q)", s)
		}
	}
	if !pattern.MatchString(v) {
		p := Root(field)
		return "", Invalid(&p, "%q must match %s", s, pattern.String())
	}
	return v, nil
}
