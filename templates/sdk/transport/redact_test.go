package transport

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Every percent-encoded spelling of the key is redacted: any subset of its bytes as %XX in either case (one byte,
// every byte, mixed case), a space also as "+", a "%" of the key as it is or as %25; and the key as %q quotes it.
// What only looks like it (a truncated or invalid escape, another byte) is left as it is.
func TestRedactorFindsEverySpelling(t *testing.T) {
	for _, tc := range []struct {
		key, text, want string
	}{
		{"ck_live_5f2d9a7e-secret", "a ck_live_5f2d9a7e%2dsecret b", "a [redacted] b"},
		{"ck_live_5f2d9a7e-secret", "a %63k_live_5f2d9a7e-secret b", "a [redacted] b"},
		{"ck_live_5f2d9a7e-secret", "%63%6B%5F%6C%69%76%65%5F%35%66%32%64%39%61%37%65%2D%73%65%63%72%65%74", "[redacted]"},
		{"ck_live_5f2d9a7e-secret", "%63%6b%5f%6c%69%76%65%5f%35%66%32%64%39%61%37%65%2d%73%65%63%72%65%74", "[redacted]"},
		{"ck_live_5f2d9a7e-secret", "x=%63%6B_live_5f2d9a7e%2dsecret&y=ck%5Flive%5f5f2d9a7e-secret", "x=[redacted]&y=[redacted]"},
		{"k+y /1-abcdefghij", "k%2by+%2F1-abcdefghij k%2By%20/1-abcdefghij k+y /1-abcdefghij", "[redacted] [redacted] [redacted]"},
		{"50%off-0123456789", "50%25off-0123456789 50%off-0123456789 %350%25%6Fff-0123456789", "[redacted] [redacted] [redacted]"},
		{"50%25off-0123456789", "50%25off-0123456789 50%2525off-0123456789", "[redacted] [redacted]"},
		{"chave-é-0123456789", "chave-%C3%A9-0123456789 chave-%c3%a9-0123456789 chave-\xc3%A9-0123456789", "[redacted] [redacted] [redacted]"},
		{`ck"live\5f2d9a7e-secret`, `got "ck\"live\\5f2d9a7e-secret"`, `got "[redacted]"`},
		{"ck_live_5f2d9a7e-secret", "ck_live_5f2d9a7e%2 ck_live_5f2d9a7e%2gsecret ck_live_5f2d9a7e%2esecret ck_live_5f2d9a7e%",
			"ck_live_5f2d9a7e%2 ck_live_5f2d9a7e%2gsecret ck_live_5f2d9a7e%2esecret ck_live_5f2d9a7e%"},
	} {
		if got := newRedactor(tc.key).apply(tc.text); got != tc.want {
			t.Errorf("key %q in %q: %q, want %q", tc.key, tc.text, got, tc.want)
		}
	}
	h := map[string][]string{"X-%63k_Live_5f2d9a7e%2Dsecret": {"v"}, "X-Echo": {"ck%5flive_5f2d9a7e-secret"}}
	out := newRedactor("ck_live_5f2d9a7e-secret").headers(h)
	if len(out) != 2 || len(out[redacted]) != 1 || out[redacted][0] != "v" || out["X-Echo"][0] != redacted {
		t.Errorf("headers: %v (from %v)", out, h)
	}
	at := newRedactor("key@0123456789abcdef")
	if !at.inName("X-KEY@0123456789ABCDEF") || !at.inName("X-Key%400123456789abcDEF") || at.inName("X-Key`0123456789abcdef") {
		t.Error("header names: case is ignored for letters only")
	}
}

// Text that holds no spelling of the key is returned as it is, without allocating, with or without percent escapes.
func TestRedactorDoesNotAllocateWithoutTheKey(t *testing.T) {
	r := newRedactor("ck_live_5f2d9a7e-secret")
	for _, text := range []string{"application/json; charset=utf-8", "https://example.com/a%20b?c=%63k_live", "ck_live_5f2d9a7e%2"} {
		var got string
		if n := testing.AllocsPerRun(100, func() { got = r.apply(text) }); n != 0 || got != text {
			t.Errorf("%q: %q, %.0f allocations", text, got, n)
		}
	}
}

// spellingPattern matches every spelling of an ASCII key: each byte as it is or as %XX in either case, a space also
// as "+"; an oracle for the redactor, independent of it.
func spellingPattern(key string) *regexp.Regexp {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		fmt.Fprintf(&b, "(?:%s|%%(?i:%02x)", regexp.QuoteMeta(key[i:i+1]), c)
		if c == ' ' {
			b.WriteString(`|\+`)
		}
		b.WriteString(")")
	}
	return regexp.MustCompile(b.String())
}

// spell writes key with the bytes whose bit is set in encode as %XX, in upper-case hex where upper's bit is set (a
// space not encoded is "+" where upper's bit is set).
func spell(key string, encode, upper uint64) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		bit := uint64(1) << (i % 64)
		switch {
		case encode&bit != 0 && upper&bit != 0:
			fmt.Fprintf(&b, "%%%02X", key[i])
		case encode&bit != 0:
			fmt.Fprintf(&b, "%%%02x", key[i])
		case key[i] == ' ' && upper&bit != 0:
			b.WriteByte('+')
		default:
			b.WriteByte(key[i])
		}
	}
	return b.String()
}

// FuzzRedactorFindsEverySpelling: a spelling of the key between any two strings is redacted, and no spelling is
// left after redaction, by an oracle that does not share the redactor's code; a text without a spelling is returned
// as it is.
func FuzzRedactorFindsEverySpelling(f *testing.F) {
	keys := []string{"ck_live_5f2d9a7e/secret", "k+y /1-abcdefghij", "50%off%25-0123456789"}
	f.Add(uint8(0), "a ", " b", uint64(0), uint64(0))
	f.Add(uint8(0), "", "", ^uint64(0), uint64(0))
	f.Add(uint8(0), "%", "%2", uint64(1), uint64(1))
	f.Add(uint8(1), "x=", "&", uint64(0b1010), uint64(0b1100))
	f.Add(uint8(2), "%25", "%", uint64(0b100), uint64(0))
	f.Add(uint8(2), "50", "off", uint64(1<<19), uint64(0))
	f.Fuzz(func(t *testing.T, which uint8, prefix, suffix string, encode, upper uint64) {
		key := keys[int(which)%len(keys)]
		oracle, r := spellingPattern(key), newRedactor(key)
		if !oracle.MatchString(prefix + suffix) {
			if got := r.apply(prefix + suffix); got != prefix+suffix {
				t.Fatalf("%q without the key became %q", prefix+suffix, got)
			}
		}
		text := prefix + spell(key, encode, upper) + suffix
		got := r.apply(text)
		if oracle.MatchString(got) || !strings.Contains(got, redacted) {
			t.Fatalf("%q redacted is %q: a spelling of %q is left", text, got, key)
		}
	})
}
