package core

import (
	"regexp"
	"testing"
)

// The patterns of the OpenAPI documents (in Go's syntax, as the generator translates them), and others: simple ones
// use the small matcher, the rest package regexp.
var (
	simplePatterns = []string{
		`^https://[^\x{9}-\x{d}\x{20}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+$`,
		`^[1-9][0-9]{7,14}$`, `^\+[1-9][0-9]{7,14}$`, `^https://[^\s]+$`, `^[A-Z]{3}$`, `^[0-9]$`,
		`^[A-Za-z0-9._]{1,30}$`, `^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$`, `^[0-9]{1,32}$`,
		`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`, `(?i)^abc$`, `^a?b{2}c+$`,
	}
	regexpPatterns = []string{`^a?b*c+$`, `^(ab)+$`, `abc`, `^a|b$`, `^\w+\s?\d{2,}$`, `^a*b*$`}
	patterns       = append(append([]string{}, simplePatterns...), regexpPatterns...)
)

func TestSimplePatternsAreRecognised(t *testing.T) {
	for _, p := range simplePatterns {
		if MustCompile(p, p).steps == nil {
			t.Errorf("%s: not matched by the simple matcher", p)
		}
	}
	for _, p := range regexpPatterns {
		if MustCompile(p, p).steps != nil {
			t.Errorf("%s: the simple matcher must leave it to package regexp", p)
		}
	}
}

// FuzzPatternsMatchLikeRegexp: the simple matcher and package regexp agree on every pattern and input.
func FuzzPatternsMatchLikeRegexp(f *testing.F) {
	for _, s := range []string{"", "5511993986082", "+5511993986082", "https://example.com/a.png", "BRL", "7", "acme.store",
		"acme_bot", "acmebot", "a_bot", "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "abbbc", "ABC", "ababab", "https://a b", "KSA", "abc", "ab_1 23", "ǅx",
		"https://a\u00a0b", "https://a\u2028b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range patterns {
			if got, want := MustCompile(p, p).MatchString(s), regexp.MustCompile(p).MatchString(s); got != want {
				t.Fatalf("%s on %q: %v, package regexp says %v", p, s, got, want)
			}
		}
	})
}
