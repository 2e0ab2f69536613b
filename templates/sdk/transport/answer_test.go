package transport

import (
	"encoding/json"
	"testing"
)

// jsonStrings returns every string of a decoded JSON value, object keys included.
func jsonStrings(v any, out []string) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range v {
			out = jsonStrings(e, append(out, k))
		}
	}
	return out
}

// FuzzRedactBody: whatever its escapes, a valid JSON body stays valid once redacted, and none of its decoded strings
// holds the key in any spelling (spellingPattern).
func FuzzRedactBody(f *testing.F) {
	const key = "ck_live_5f2d9a7e/secret"
	for _, seed := range []string{
		`{"label":"` + key + `"}`, `{"label":"\u0063k_live_5f2d9a7e\/secret"}`, `["ck_live_5f2d9a7e\u002Fsecret", "\"` + key + `\\"]`,
		`{"\u0063\u006b_live_5f2d9a7e/secret":1}`, `{"a":"ck_live_5f2d9a7e%2Fsecret\n"}`, `"\"`, `{"a":"\q"}`, `{"a":"\ud800` + key + `"}`,
		`{"a":"ck_live_5f2d9a7e%2fsecret"}`, `{"a":"%63k_live_5f2d9a7e/secret"}`, `["\u00253\u0036k_live_5f2d9a7e/secret"]`,
	} {
		f.Add([]byte(seed))
	}
	tr, err := New("https://api.chatt2.me", "test", WithAPIKey(key))
	if err != nil {
		f.Fatal(err)
	}
	oracle := spellingPattern(key)
	f.Fuzz(func(t *testing.T, body []byte) {
		valid := json.Valid(body)
		out := tr.redactBody(append([]byte(nil), body...))
		if !valid {
			return
		}
		var v any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%s redacted is %s: %v", body, out, err)
		}
		for _, s := range jsonStrings(v, nil) {
			if oracle.MatchString(s) {
				t.Fatalf("%s redacted is %s: the string %q holds the key", body, out, s)
			}
		}
	})
}

// A body without a backslash is redacted as before the escaped forms were handled: without allocating when it
// holds no key.
func TestRedactBodyWithoutEscapesDoesNotAllocate(t *testing.T) {
	tr, err := New("https://api.chatt2.me", "test", WithAPIKey("ck_live_5f2d9a7e/secret"))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"id":"a1","label":"Orders","endpoint":"https://example.com/hooks","headers":[{"key":"X-Env","value":"prod"}]}`)
	if n := testing.AllocsPerRun(100, func() { tr.redactBody(body) }); n != 0 {
		t.Errorf("%.0f allocations", n)
	}
}
