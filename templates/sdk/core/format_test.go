package core

import (
	"regexp"
	"strings"
	"testing"
)

// Format refuses what Prism refuses (the cross-check against Prism's answers is the sandbox's
// TestFormatsAgreeWithPrism), with a message naming the field and the value.
func TestFormat(t *testing.T) {
	p := Root("url")
	cases := []struct{ value, format, want string }{
		{"https://example.com/a.png", "uri", ""},
		{"mailto:ana@example.com", "uri", ""}, // absolute, without a host
		{"::nope", "uri", `chatt2me: invalid url: must be an absolute URI (got "::nope")`},
		{"https://x/a b", "uri", `chatt2me: invalid url: must be an absolute URI (got "https://x/a b")`},
		{"https://exemplo.com/ação", "uri", `chatt2me: invalid url: must be an absolute URI (got "https://exemplo.com/ação")`},
		{"https://\u212aelvin.example", "uri", "chatt2me: invalid url: must be an absolute URI (got \"https://\u212aelvin.example\")"},
		{"ana@example.com", "email", ""},
		{"not an email", "email", `chatt2me: invalid url: must be an email address (got "not an email")`},
		{"ana@localhost", "email", `chatt2me: invalid url: must be an email address (got "ana@localhost")`},
		{"josé@exemplo.com", "email", `chatt2me: invalid url: must be an email address (got "josé@exemplo.com")`},
		{"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "uuid", ""},
		{"urn:uuid:eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "uuid",
			`chatt2me: invalid url: must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "urn:uuid:eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")`},
		{"anything", "date-time", ""}, // not checked: the SDK sends time.Time as RFC 3339
	}
	for _, tc := range cases {
		err := Format(&p, tc.value, tc.format)
		if got := errString(err); got != tc.want {
			t.Errorf("Format(%q, %s) = %s, want %s", tc.value, tc.format, got, tc.want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

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

// The checks run on every send: they must not allocate.
func TestFormatChecksDoNotAllocate(t *testing.T) {
	p := Root("url")
	if n := testing.AllocsPerRun(100, func() {
		_ = Format(&p, "https://cdn.example.com/media/a.png?size=large#top", "uri")
		_ = Format(&p, "ana.maria@exemplo.com.br", "email")
		_ = Format(&p, "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "uuid")
	}); n != 0 {
		t.Errorf("%v allocations per check", n)
	}
}
