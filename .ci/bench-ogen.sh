#!/usr/bin/env bash
# Benchmarks the SDK beside an ogen-generated client of the same merged document, as a second peer, in a scratch
# module (ogen's runtime and its dependencies stay out of this module). ogen generates only the SMS and Telegram
# sends of this document (see README, Benchmarks), so the comparison is a Telegram text over loopback.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'generator:\n  ignore_not_implemented: ["all"]\n' > "$tmp/ogen.yml"
go run github.com/ogen-go/ogen/cmd/ogen@v1.24.0 --config "$tmp/ogen.yml" --target "$tmp/ogenclient" \
  --package ogenclient --clean "$repo/generated/openapi.yaml" > "$tmp/ogen.log" 2>&1 || { cat "$tmp/ogen.log"; exit 1; }
echo "ogen skipped these operations:"
grep "Skipping operation" "$tmp/ogen.log" | sed 's/^/  /'
cat > "$tmp/go.mod" <<MOD
module benchogen

go 1.26

require github.com/chatt2me/chatt2me-go/generated v0.0.0

replace github.com/chatt2me/chatt2me-go/generated => $repo/generated
MOD
cat > "$tmp/bench_test.go" <<'GO'
package benchogen

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"benchogen/ogenclient"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
)

type key struct{}

func (key) ApiKeyAuth(context.Context, ogenclient.OperationName) (ogenclient.ApiKeyAuth, error) {
	return ogenclient.ApiKeyAuth{APIKey: "key"}, nil
}

// clients starts a stand-in of the API and both clients on it, with the same keep-alive configuration.
func clients(b *testing.B) (*chatt2me.Client, *ogenclient.Client) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"sent"}`)
	}))
	b.Cleanup(srv.Close)
	client := func() *http.Client { return &http.Client{Transport: &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}} }
	sdk, _ := chatt2me.New(chatt2me.WithAPIKey("key"), chatt2me.WithBaseURL(srv.URL), chatt2me.WithHTTPClient(client()))
	og, err := ogenclient.NewClient(srv.URL, key{}, ogenclient.WithClient(client()))
	if err != nil {
		b.Fatal(err)
	}
	return sdk, og
}

func sdkSend(ctx context.Context, sdk *chatt2me.Client) error {
	_, err := sdk.Telegram.Send(ctx, telegram.FromBot("@acme_bot"), "123456789", telegram.Text("Your order has shipped."))
	return err
}

func ogenSend(ctx context.Context, og *ogenclient.Client) error {
	in := &ogenclient.SendTelegramMessageInput{From: "acme_bot", To: "123456789",
		Content: ogenclient.NewTextContentSendTelegramMessageContent(ogenclient.TextContent{Text: "Your order has shipped."})}
	_, err := og.SendTelegramMessage(ctx, in)
	return err
}

func BenchmarkTelegramTextLoopback(b *testing.B) {
	sdk, og := clients(b)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := sdkSend(ctx, sdk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ogen", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := ogenSend(ctx, og); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTelegramParallel64Interleaved: 64 concurrent senders alternating between the two clients, so that both
// meet the same load; sdk/ogen-time is the ratio of their mean latencies (the inverse of their throughput ratio).
func BenchmarkTelegramParallel64Interleaved(b *testing.B) {
	sdk, og := clients(b)
	ctx := context.Background()
	var sdkNanos, ogenNanos, sdkCalls, ogenCalls atomic.Int64
	b.ReportAllocs()
	b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		useSDK := false
		for pb.Next() {
			useSDK = !useSDK
			start := time.Now()
			if useSDK {
				if err := sdkSend(ctx, sdk); err != nil {
					b.Error(err)
					return
				}
				sdkNanos.Add(int64(time.Since(start)))
				sdkCalls.Add(1)
			} else {
				if err := ogenSend(ctx, og); err != nil {
					b.Error(err)
					return
				}
				ogenNanos.Add(int64(time.Since(start)))
				ogenCalls.Add(1)
			}
		}
	})
	if sdkCalls.Load() > 0 && ogenCalls.Load() > 0 {
		b.ReportMetric(float64(sdkNanos.Load())/float64(sdkCalls.Load())/(float64(ogenNanos.Load())/float64(ogenCalls.Load())), "sdk/ogen-time")
	}
}
GO
cd "$tmp"
GOFLAGS=-mod=mod go mod tidy > /dev/null 2>&1
GOFLAGS=-mod=mod go test -run '^$' -bench . -benchmem -count "${COUNT:-3}" .
