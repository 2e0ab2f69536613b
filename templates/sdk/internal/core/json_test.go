package core

import (
	"encoding/json"
	"math"
	"testing"
)

// The appenders must write what encoding/json writes, byte for byte.

func FuzzAppendStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "hello", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnew\nline\r", "\x00\x1f\x7f",
		"ünïcödé 👍", "\u2028\u2029", "bad \xff utf8", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	})
}

func FuzzAppendFloatMatchesEncodingJSON(f *testing.F) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -23.5505, 1e-7, 1e21, 123456789.125, 1e-300, math.MaxFloat64, 0.000001} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendFloat(nil, v, 64); string(got) != string(want) {
			t.Fatalf("AppendFloat(%v, 64) = %s, encoding/json writes %s", v, got, want)
		}
		want32, _ := json.Marshal(float32(v))
		if got := AppendFloat(nil, float64(float32(v)), 32); !math.IsInf(float64(float32(v)), 0) && string(got) != string(want32) {
			t.Fatalf("AppendFloat(%v, 32) = %s, encoding/json writes %s", float32(v), got, want32)
		}
	})
}

// marshaler makes encoding/json write raw as a json.Marshaler's output, the way it writes a union.
type marshaler []byte

func (m marshaler) MarshalJSON() ([]byte, error) { return m, nil }

func FuzzAppendCompactMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `{"type":"text","text":"a <b> & c"}`, " { \"a\" : [ 1 , 2 ,\n\t\"x y\" ] } ",
		`{"s":"quote \" in \\ string"}`, "{\"u\":\"\u2028\u2029 é\"}", `"\u003c"`, `[true, false, null, -1.5e3]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		want, err := json.Marshal(marshaler(s))
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendCompact([]byte("prefix"), []byte(s)); string(got) != "prefix"+string(want) {
			t.Fatalf("AppendCompact(%q) = %s, encoding/json writes %s", s, got[len("prefix"):], want)
		}
	})
}
