package core

import (
	"bytes"
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

// FuzzReencodeMatchesDecodingAndEncoding: Reencode leaves what the appenders write as encoding/json writes it once
// decoded (with UseNumber, as go-jsonmerge decodes) and encoded again.
func FuzzReencodeMatchesDecodingAndEncoding(f *testing.F) {
	for _, s := range []string{"", "hello", `a \ufffd b`, "bad \xff utf8", "\xed\xa0\x80", "<b>&amp;</b>", "\u2028\x00\x1f", `\\ufffd`} {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		b := []byte("prefix")
		b = append(b, `{"a":[`...)
		b = AppendString(b, s)
		b = append(b, ',')
		b = AppendFloat(b, x, 64)
		b = append(b, `],"b":{"c":`...)
		b = AppendString(b, s+s)
		b = append(b, "}}"...)
		d := json.NewDecoder(bytes.NewReader(bytes.Clone(b[len("prefix"):])))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := Reencode(bytes.Clone(b), len("prefix")); string(got) != "prefix"+string(want) {
			t.Fatalf("Reencode(%s) = %s, encoding/json writes %s", b, got, want)
		}
	})
}
