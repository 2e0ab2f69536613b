package format

import (
	"regexp"
	"strings"
	"testing"
)

// The expressions of ajv-formats 2.1.1 ("full" mode), as its dist/formats.js has them (they take the i flag): the
// oracles of IsURI and IsEmail.
const (
	ajvURI = `^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]` +
		`|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}` +
		`|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}` +
		`|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}` +
		`|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:` +
		`|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d` +
		`|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}` +
		`|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]` +
		`|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]` +
		`|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*` +
		`|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?` +
		`|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]` +
		`|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]` +
		`|%[0-9a-f]{2})*)?$`
	ajvEmail = `^[a-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`
)

// ajv compiles an ajv-formats expression with its i flag, which makes ASCII letters match either case (and,
// without the u flag, nothing else: Go's (?i) would also fold the Kelvin sign into k and the long s into s).
func ajv(expr string) *regexp.Regexp {
	return regexp.MustCompile(strings.NewReplacer("0-9a-f", "0-9a-fA-F", "a-z", "a-zA-Z").Replace(expr))
}

// FuzzFormatsMatchAjv: IsURI and IsEmail accept exactly what ajv-formats' expressions match.
func FuzzFormatsMatchAjv(f *testing.F) {
	uri, email := ajv(ajvURI), ajv(ajvEmail)
	for _, s := range []string{"https://example.com/a.png", "::nope", "mailto:a@b.c", "http://[::1]:8080/", "http://[v1.fe]/x?y#z",
		"x:/host", "a:b", "https://u:p@h:80/p%41?q=%2F#f", "https://[::ffff:192.0.2.1]/", "http://01.02.03.004/", "a://",
		"ana@example.com", "a.b@c-d.e", ".a@b.co", "a@b", "!#$%&'*+/=?^_`{|}~-@x.co", "a@-b.co", "https://\u212a.example", "a@\u017f.co"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsURI(s), uri.MatchString(s); got != want {
			t.Fatalf("IsURI(%q) = %v, ajv-formats says %v", s, got, want)
		}
		if got, want := IsEmail(s), email.MatchString(s); got != want {
			t.Fatalf("IsEmail(%q) = %v, ajv-formats says %v", s, got, want)
		}
	})
}

// FuzzIsUUIDMatchesItsExpression: IsUUID accepts exactly the canonical 8-4-4-4-12 form of hexadecimal digits.
func FuzzIsUUIDMatchesItsExpression(f *testing.F) {
	uuid := regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	for _, s := range []string{"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "EBA8D8EF-EC4D-41AD-825F-9A60CCDA49BF", "eba8d8ef-ec4d-41ad-825f-9a60ccda49b",
		"eba8d8efxec4d-41ad-825f-9a60ccda49bf", "eba8d8ef-ec4d-41ad-825f-9a60ccda49bg", "-ba8d8ef-ec4d-41ad-825f-9a60ccda49bf", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsUUID(s), uuid.MatchString(s); got != want {
			t.Fatalf("IsUUID(%q) = %v, the expression says %v", s, got, want)
		}
	})
}
