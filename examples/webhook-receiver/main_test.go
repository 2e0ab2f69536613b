package main

import (
	"bytes"
	"strings"
	"testing"
)

// The example runs end to end against the in-process sandbox (or the API CHATT2ME_BASE_URL names).
func TestExample(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{`(verified: true)`, `sent → delivered → read`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
