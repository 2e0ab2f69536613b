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
	if !strings.Contains(out.String(), `MMS with an image`) {
		t.Errorf("output lacks %q:\n%s", `MMS with an image`, out.String())
	}
}
