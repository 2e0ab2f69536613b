// Package sdkreadme_test compiles the Go of generated/README.md, the SDK module's README, against the SDK: what a
// newcomer copies from it builds.
package sdkreadme_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBlock is a fenced Go block of a Markdown file.
var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// snippet wraps a block that is not a whole file: it runs where c, a client, is in scope.
const snippet = `package main

import (
	"context"
	"net/http"
	"os"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

var (
	_ = context.Background
	_ = http.Handle
	_ = os.Getenv
	_ = webhook.Decode
	_ = whatsapp.Text
)

func main() {
	var c *chatt2me.Client
%s
}
`

// TestTheSDKReadmeBuilds builds each Go block of generated/README.md as a program of this module (through go build's
// -overlay, so that nothing is written into the repository): a block that is a whole file as it is, any other as
// the body of a main function that has a client.
func TestTheSDKReadmeBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "generated", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlock.FindAllSubmatch(readme, -1)
	if len(blocks) < 2 {
		t.Fatalf("generated/README.md has %d Go blocks, want the first send and the webhook", len(blocks))
	}
	dir, err := filepath.Abs("readme")
	if err != nil {
		t.Fatal(err)
	}
	for i, block := range blocks {
		src := string(block[1])
		if !strings.HasPrefix(src, "package ") {
			src = strings.Replace(snippet, "%s", src, 1)
		}
		file := filepath.Join(t.TempDir(), "main.go")
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		overlay, err := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(dir, "main.go"): file}})
		if err != nil {
			t.Fatal(err)
		}
		overlayFile := filepath.Join(t.TempDir(), "overlay.json")
		if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "build", "-o", os.DevNull, "-overlay", overlayFile, "./readme")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("Go block %d of generated/README.md does not build: %v\n%s\n%s", i+1, err, out, src)
		}
	}
}
