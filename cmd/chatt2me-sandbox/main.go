// Command chatt2me-sandbox serves an in-memory stand-in for the Hub Chatt2.me API on a local address, checking
// every request against the merged OpenAPI document (see package sandbox).
//
// Usage:
//
//	chatt2me-sandbox [-addr 127.0.0.1:8080] [-api-key KEY] [-channel NAME=UUID[,ALIAS]]... [-deliver-statuses]
//	                 [-insecure-webhooks] [-webhook-timeout 5s]
//
// With no -channel, one channel per kind is connected, with the UUIDs and aliases printed at start. Rules posted to
// /sandbox/rules make it fail on cue (see sandbox.Rule):
//
//	curl -X POST localhost:8080/sandbox/rules -d '{"channel": "sms", "times": 1, "status": 429, "retryAfter": "2"}'
package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
)

// channelFlags collects repeated -channel values.
type channelFlags []sandbox.Channel

func (c *channelFlags) String() string { return fmt.Sprint(*c) }

func (c *channelFlags) Set(v string) error {
	kind, rest, ok := strings.Cut(v, "=")
	if !ok || kind == "" || rest == "" {
		return errors.New("want NAME=UUID[,ALIAS], such as whatsapp=eba8d8ef-ec4d-41ad-825f-9a60ccda49bf,5511993986082")
	}
	uuid, alias, _ := strings.Cut(rest, ",")
	*c = append(*c, sandbox.Channel{Kind: kind, UUID: uuid, Alias: alias})
	return nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("chatt2me-sandbox", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	apiKey := flags.String("api-key", "sandbox-api-key-0001", "the API key requests must carry in x-api-key")
	deliver := flags.Bool("deliver-statuses", false, "send MessageStatus events (sent, delivered, read) to MessageStatus webhooks after each send")
	insecure := flags.Bool("insecure-webhooks", false, "do not verify the TLS certificates of webhook endpoints (local development)")
	timeout := flags.Duration("webhook-timeout", 5*time.Second,
		"how long a webhook endpoint has to answer; a delivery that takes longer is logged Failed, with statusCode 0")
	var channels channelFlags
	flags.Var(&channels, "channel", "a connected channel, NAME=UUID[,ALIAS] (repeatable); default: one per kind")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "chatt2me-sandbox: -webhook-timeout must be positive, not %s\n", *timeout)
		return 2
	}
	client := &http.Client{Timeout: *timeout}
	if *insecure {
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // asked for by the flag
	}
	cfg := sandbox.Config{APIKey: *apiKey, DeliverStatuses: *deliver, HTTPClient: client}
	if len(channels) > 0 {
		cfg.Channels = channels
	}
	sb, err := sandbox.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-sandbox: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-sandbox: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "chatt2me-sandbox: listening on http://%s (x-api-key: the -api-key value)\n", ln.Addr())
	for _, c := range sb.Channels() {
		fmt.Fprintf(stdout, "  %-10s %s %s\n", c.Kind, c.UUID, c.Alias)
	}
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("chatt2me-sandbox: %v", err)
		return 1
	}
	return 0
}
