package main

import (
	"bytes"
	"strings"
	"testing"
)

// The example runs end to end against the in-process sandbox (or the API CHATT2ME_BASE_URL names): its Handlers
// answer the endpoint checks before the secrets are set, pass an event delivered again on once, and switch on the
// typed content of every Message event.
func TestExample(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{`(verified: true)`, `sent → delivered → read`,
		"redelivered, signed anew: HTTP 200 webhook: duplicate event, already handled\n", "another message's event: HTTP 200 \n", `5511987654321 text "Hi! Where is my order?"`,
		`5511987654321 pressed the button SUPPORT (Talk to support)`, `5511987654321 shared the location -23.5505, -46.6333`,
		`5511987654321 sent the image https://cdn.example.com/parcel.jpg, captioned "The parcel arrived like this"`,
		`5511987654321 sent a sticker, a kind this SDK does not know, kept as it came: {"type":"sticker","stickerUrl":"https://cdn.example.com/thanks.webp"}`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
