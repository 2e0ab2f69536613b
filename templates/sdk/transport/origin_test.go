package transport

import (
	"net/url"
	"testing"
)

func TestOriginContains(t *testing.T) {
	base, _ := url.Parse("https://API.chatt2.me/v1")
	o := originOf(base)
	if o.String() != "https://api.chatt2.me:443" {
		t.Errorf("origin %s", o)
	}
	for raw, want := range map[string]bool{
		"https://api.chatt2.me/x":               true,
		"HTTPS://api.CHATT2.me:443/x":           true,
		"https://api.chatt2.me:8443/x":          false,
		"http://api.chatt2.me/x":                false,
		"https://api.chatt2.me.evil/x":          false,
		"https://evil.example/?h=api.chatt2.me": false,
		"https://api.chatt2.me@evil.example/x":  false,
		"//api.chatt2.me/x":                     false,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.contains(u); got != want {
			t.Errorf("%s: contains %v, want %v", raw, got, want)
		}
	}
}

// The key is redacted as it is and percent-encoded, in header names and values alike.
func TestRedactor(t *testing.T) {
	r := newRedactor("k+y/1", "")
	if got := r.apply("a k+y/1 b k%2By%2F1 c k+y%2F1"); got != "a [redacted] b [redacted] c [redacted]" {
		t.Errorf("apply: %q", got)
	}
	h := map[string][]string{"X-Echo": {"k+y/1"}, "K+y/1": {"v"}, "X-Api-Key": {"k+y/1"}}
	out := r.headers(h)
	if len(out) != 3 || out["X-Echo"][0] != redacted || out[redacted][0] != "v" || out["X-Api-Key"][0] != redacted || h["X-Echo"][0] != "k+y/1" {
		t.Errorf("headers: %v (from %v)", out, h)
	}
}
