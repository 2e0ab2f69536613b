// Package format checks the string formats of the Hub Chatt2.me OpenAPI document (uuid, uri and email) as the SDK
// validates them before sending: uri and email exactly as the API's reference validators do (ajv-formats, as Prism
// uses it), uuid in its canonical 8-4-4-4-12 form.
package format

import (
	"regexp"
	"strings"
	"sync"
)

// The uri and email formats are checked as Prism (5.16.0, the reference mock of the document) checks them: with the
// expressions of ajv-formats 2.1.1 in its default ("full") mode. The functions below accept exactly the strings
// those expressions match (format_test.go compares them), without allocating, in about 0.5 µs for a typical URL
// where package regexp takes 8 µs; the expressions' i flag makes ASCII letters match either case, and nothing else.

// IsURI reports whether s is an absolute URI of RFC 3986, as ajv-formats' uri format says: a scheme and a colon,
// then an authority ("//", or "/" as ajv has it, then [userinfo@]host[:port]) and a path, an absolute path or a
// rootless one, then a query and a fragment. ASCII only (an IRI's other characters must be percent-encoded).
func IsURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !isAlpha(s[0]) || !allOf(s[1:colon], &schemeChars) {
		return false
	}
	rest := s[colon+1:]
	hier, after := rest, ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		hier, after = rest[:i], rest[i:]
	}
	if i := strings.IndexByte(hier, '#'); i >= 0 { // a fragment before any "?"
		hier, after = rest[:i], rest[i:]
	}
	query, fragment, hasFragment := strings.Cut(after, "#")
	if hasFragment && !allEncoded(fragment, &queryChars) || strings.HasPrefix(query, "?") && !allEncoded(query[1:], &queryChars) {
		return false
	}
	switch {
	case strings.HasPrefix(hier, "//") && isAuthorityAndPath(hier[2:]), strings.HasPrefix(hier, "/") && isAuthorityAndPath(hier[1:]):
		return true
	case strings.HasPrefix(hier, "/"): // an absolute path: "/", or "/" and a first segment that is not empty
		return hier == "/" || hier[1] != '/' && allEncoded(hier, &pathChars)
	}
	return hier != "" && allEncoded(hier, &pathChars) // a rootless path (it cannot start with "/")
}

// isAuthorityAndPath reports whether s is [userinfo@]host[:port] followed by a path of "/"-led segments.
func isAuthorityAndPath(s string) bool {
	authority, path := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		authority, path = s[:i], s[i:]
	}
	if !allEncoded(path, &pathChars) {
		return false
	}
	if at := strings.IndexByte(authority, '@'); at >= 0 {
		if !allEncoded(authority[:at], &userinfoChars) {
			return false
		}
		authority = authority[at+1:]
	}
	host, port := authority, ""
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 || !ipLiteral().MatchString(authority[1:end]) {
			return false
		}
		host, port = "", authority[end+1:]
	} else if i := strings.IndexByte(authority, ':'); i >= 0 {
		host, port = authority[:i], authority[i:]
	}
	return allEncoded(host, &regNameChars) && (port == "" || port[0] == ':' && allOf(port[1:], &digits))
}

// ipLiteral is what ajv-formats' expression allows between [ and ]: an IPv6 address or an IPvFuture.
var ipLiteral = sync.OnceValue(func() *regexp.Regexp {
	const h16, ls32 = `[0-9a-fA-F]{1,4}`, `(?:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|` + ipv4 + `)`
	return regexp.MustCompile(`^(?:(?:(?:(?:` + h16 + `:){6}|::(?:` + h16 + `:){5}|(?:` + h16 + `)?::(?:` + h16 + `:){4}|` +
		`(?:(?:` + h16 + `:){0,1}` + h16 + `)?::(?:` + h16 + `:){3}|(?:(?:` + h16 + `:){0,2}` + h16 + `)?::(?:` + h16 + `:){2}|` +
		`(?:(?:` + h16 + `:){0,3}` + h16 + `)?::` + h16 + `:|(?:(?:` + h16 + `:){0,4}` + h16 + `)?::)` + ls32 + `|` +
		`(?:(?:` + h16 + `:){0,5}` + h16 + `)?::` + h16 + `|(?:(?:` + h16 + `:){0,6}` + h16 + `)?::)|` +
		`[Vv][0-9a-fA-F]+\.[a-zA-Z0-9\-._~!$&'()*+,;=:]+)$`)
})

// ipv4 is ajv-formats' dotted-quad (it allows leading zeros, as in 01.02.03.004).
const ipv4 = `(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)`

// IsEmail reports whether s is an email address as ajv-formats' email format says: dot-separated atoms of ASCII
// letters, digits and !#$%&'*+/=?^_`{|}~-, @, and at least two dot-separated labels of letters, digits and inner
// hyphens. Quoted local parts, address literals and one-label domains, which RFC 5321 also allows, are refused, as
// Prism refuses them.
func IsEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && strings.Contains(domain, ".") && dotted(local, func(atom string) bool { return allOf(atom, &atomChars) }) &&
		dotted(domain, func(label string) bool {
			return isAlnum(label[0]) && isAlnum(label[len(label)-1]) && allOf(label, &labelChars)
		})
}

// dotted reports whether s is one or more non-empty parts separated by dots, each accepted by ok.
func dotted(s string, ok func(string) bool) bool {
	for {
		part, rest, more := strings.Cut(s, ".")
		if part == "" || !ok(part) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// allOf reports whether every byte of s is in the class.
func allOf(s string, class *byteClass) bool {
	for i := 0; i < len(s); i++ {
		if !class[s[i]] {
			return false
		}
	}
	return true
}

// allEncoded reports whether every byte of s is in the class or part of a percent-encoded byte (%HH).
func allEncoded(s string, class *byteClass) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		case s[i] == '%' || !class[s[i]]:
			return false
		}
	}
	return true
}

// byteClass is a set of bytes: a lookup per byte, where calling a predicate per byte would cost several times more.
type byteClass [256]bool

func classOf(in func(byte) bool) (class byteClass) {
	for c := range class {
		class[c] = in(byte(c))
	}
	return class
}

// The classes the checks look bytes up in, made from the predicates below.
var (
	schemeChars, regNameChars, userinfoChars = classOf(isSchemeChar), classOf(isRegNameChar), classOf(isUserinfoChar)
	pathChars, queryChars, atomChars         = classOf(isPathChar), classOf(isQueryChar), classOf(isAtomChar)
	labelChars, digits                       = classOf(isLabelChar), classOf(isDigit)
)

// The character classes of RFC 3986 and of ajv-formats' email expression.
func isAlpha(c byte) bool        { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isDigit(c byte) bool        { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool        { return isAlpha(c) || isDigit(c) }
func isHex(c byte) bool          { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }
func isSchemeChar(c byte) bool   { return isAlnum(c) || c == '+' || c == '-' || c == '.' }
func isRegNameChar(c byte) bool  { return isAlnum(c) || strings.IndexByte("-._~!$&'()*+,;=", c) >= 0 }
func isUserinfoChar(c byte) bool { return isRegNameChar(c) || c == ':' }
func isPathChar(c byte) bool     { return isUserinfoChar(c) || c == '@' || c == '/' }
func isQueryChar(c byte) bool    { return isPathChar(c) || c == '?' }
func isAtomChar(c byte) bool     { return isAlnum(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0 }
func isLabelChar(c byte) bool    { return isAlnum(c) || c == '-' }

// IsUUID reports whether s is a UUID in its canonical 8-4-4-4-12 form of hexadecimal digits.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) && i != 8 && i != 13 && i != 18 && i != 23 {
			return false
		}
	}
	return true
}
