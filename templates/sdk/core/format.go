package core

import (
	"regexp"
	"strings"
	"sync"
)

// The uri and email formats are checked as Prism (5.16.0, the reference mock of the document) checks them, with the
// expressions of ajv-formats 2.1.1 in its default ("full") mode. Their i flag is spelled out ([a-z] as [a-zA-Z]):
// Go's (?i) would also let the Kelvin sign match k and the long s match s, which JavaScript's i flag does not.

// IsURI reports whether s is an absolute URI of RFC 3986 (a scheme and a colon first), as ajv-formats' uri format
// says: ASCII only (an IRI's other characters must be percent-encoded), no spaces.
func IsURI(s string) bool {
	return strings.ContainsAny(s, "/:") && uriExpr().MatchString(s)
}

// uriExpr is ajv-formats' uri expression (after jmrware's RFC 3986 one), compiled on first use.
var uriExpr = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(strings.Join([]string{
		`^(?:[a-zA-Z][a-zA-Z0-9+\-.]*:)`,                                  // scheme
		`(?:\/?\/(?:(?:[a-zA-Z0-9\-._~!$&'()*+,;=:]|%[0-9a-fA-F]{2})*@)?`, // authority: // (or /, as ajv has it), userinfo
		`(?:\[(?:(?:(?:(?:[0-9a-fA-F]{1,4}:){6}|::(?:[0-9a-fA-F]{1,4}:){5}|(?:[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){4}|(?:(?:[0-9a-fA-F]{1,4}:){0,1}[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){3}|(?:(?:[0-9a-fA-F]{1,4}:){0,2}[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){2}|`, // IP literal: IPv6
		`(?:(?:[0-9a-fA-F]{1,4}:){0,3}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}:|(?:(?:[0-9a-fA-F]{1,4}:){0,4}[0-9a-fA-F]{1,4})?::)`,
		`(?:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-fA-F]{1,4}:){0,5}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}|(?:(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})?::)`,
		`|[Vv][0-9a-fA-F]+\.[a-zA-Z0-9\-._~!$&'()*+,;=:]+)\]`,                                                                 // or IPvFuture
		`|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)`,                                            // IPv4 address
		`|(?:[a-zA-Z0-9\-._~!$&'()*+,;=]|%[0-9a-fA-F]{2})*)`,                                                                  // registered name
		`(?::\d*)?(?:\/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*`,                                                  // port, path
		`|\/(?:(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+(?:\/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*)?`, // or an absolute path
		`|(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+(?:\/(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*)*)`,       // or a rootless path
		`(?:\?(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-fA-F]{2})*)?`,                                                         // query
		`(?:#(?:[a-zA-Z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-fA-F]{2})*)?$`,                                                         // fragment
	}, ""))
})

// IsEmail reports whether s is an email address as ajv-formats' email format says: a dot-atom local part (ASCII
// letters, digits and !#$%&'*+/=?^_`{|}~-), @, and a domain of at least two labels of letters, digits and inner
// hyphens. Quoted local parts and address literals, which RFC 5321 also allows, are refused, as Prism refuses them.
func IsEmail(s string) bool { return emailExpr().MatchString(s) }

// emailExpr is ajv-formats' email expression, compiled on first use: dot-separated atoms, @, dot-separated labels.
var emailExpr = sync.OnceValue(func() *regexp.Regexp {
	const atom, label = "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+", `[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?`
	return regexp.MustCompile("^" + atom + `(?:\.` + atom + ")*@(?:" + label + `\.)+` + label + "$")
})
