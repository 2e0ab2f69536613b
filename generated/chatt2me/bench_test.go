package chatt2me_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// The baseline: what a team would write by hand with net/http and encoding/json, producing the same JSON.

type baseText struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Content struct {
		Text string `json:"text"`
	} `json:"content"`
}

type baseRow struct {
	Description string `json:"description,omitempty"`
	ID          string `json:"id"`
	Title       string `json:"title"`
}

type baseSection struct {
	Rows  []baseRow `json:"rows"`
	Title string    `json:"title,omitempty"`
}

type baseList struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Content struct {
		Interactive struct {
			Action struct {
				Button   string        `json:"button"`
				Sections []baseSection `json:"sections"`
			} `json:"action"`
			Body struct {
				Text string `json:"text"`
			} `json:"body"`
			Type string `json:"type"`
		} `json:"interactive"`
	} `json:"content"`
}

// baseTemplate is a template send with text parameters: a oneOf, of which a team writes the variant it uses.
type baseTemplate struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Content struct {
		Template struct {
			Components []baseComponent `json:"components,omitempty"`
			ID         string          `json:"id"`
		} `json:"template"`
	} `json:"content"`
}

type baseComponent struct {
	Parameters []baseTextParameter `json:"parameters"`
	Type       string              `json:"type"`
}

type baseTextParameter struct {
	Text string `json:"text"`
	Type string `json:"type"`
}

const benchFrom = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"

// Option values come from variables, as they would from a database, so that neither side gains from constants.
var (
	benchDescription = "With salad"
	benchTitle       = "Main courses"
)

func sdkText() ([]byte, error) {
	return whatsapp.MarshalRequest(whatsapp.FromChannel(benchFrom), "5511993986082", whatsapp.Text("Your order has shipped."))
}

func baselineText() ([]byte, error) {
	var b baseText
	b.From, b.To, b.Content.Text = benchFrom, "5511993986082", "Your order has shipped."
	return json.Marshal(&b)
}

func sdkList() ([]byte, error) {
	return whatsapp.MarshalRequest(whatsapp.FromChannel(benchFrom), "5511993986082",
		whatsapp.List("What would you like?", "View options", []api.ListSection{
			whatsapp.NewListSection([]api.ListRow{
				whatsapp.NewListRow("lasagna", "Lasagna", whatsapp.Description(benchDescription)),
				whatsapp.NewListRow("risotto", "Risotto"),
			}, whatsapp.Title(benchTitle)),
		}))
}

func baselineList() ([]byte, error) {
	var b baseList
	b.From, b.To = benchFrom, "5511993986082"
	b.Content.Interactive.Type = "list"
	b.Content.Interactive.Body.Text = "What would you like?"
	b.Content.Interactive.Action.Button = "View options"
	b.Content.Interactive.Action.Sections = []baseSection{{
		Title: benchTitle,
		Rows:  []baseRow{{ID: "lasagna", Title: "Lasagna", Description: benchDescription}, {ID: "risotto", Title: "Risotto"}},
	}}
	return json.Marshal(&b)
}

// The template of issue 13: three text parameters, each a oneOf value.
func sdkTemplate() ([]byte, error) {
	return whatsapp.MarshalRequest(whatsapp.FromChannel(benchFrom), "5511993986082", whatsapp.Template("2bb28b3a-80c6-4a63-a6f3-48701044e514",
		whatsapp.Components(whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody, []whatsapp.TemplateParameter{
			whatsapp.NewTemplateTextParameter("Maria"), whatsapp.NewTemplateTextParameter("Order #12345"), whatsapp.NewTemplateTextParameter("today"),
		}))))
}

func baselineTemplate() ([]byte, error) {
	var b baseTemplate
	b.From, b.To = benchFrom, "5511993986082"
	b.Content.Template.ID = "2bb28b3a-80c6-4a63-a6f3-48701044e514"
	b.Content.Template.Components = []baseComponent{{Type: "body", Parameters: []baseTextParameter{
		{Text: "Maria", Type: "text"}, {Text: "Order #12345", Type: "text"}, {Text: "today", Type: "text"},
	}}}
	return json.Marshal(&b)
}

// TestBenchmarkPairsProduceTheSameJSON keeps the comparison fair: the SDK and the baseline encode the same bytes.
func TestBenchmarkPairsProduceTheSameJSON(t *testing.T) {
	for _, pair := range [][2]func() ([]byte, error){{sdkText, baselineText}, {sdkList, baselineList}, {sdkTemplate, baselineTemplate}} {
		a, err := pair[0]()
		if err != nil {
			t.Fatal(err)
		}
		b, err := pair[1]()
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("SDK:      %s\nbaseline: %s", a, b)
		}
	}
}

func bench(b *testing.B, f func() ([]byte, error)) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildAndEncode builds, validates and encodes a WhatsApp send (the SDK) beside a hand-written struct
// encoded with encoding/json (the baseline), for a text, an interactive list and a template with three parameters.
func BenchmarkBuildAndEncode(b *testing.B) {
	b.Run("text/sdk", func(b *testing.B) { bench(b, sdkText) })
	b.Run("text/baseline", func(b *testing.B) { bench(b, baselineText) })
	b.Run("list/sdk", func(b *testing.B) { bench(b, sdkList) })
	b.Run("list/baseline", func(b *testing.B) { bench(b, baselineList) })
	b.Run("template/sdk", func(b *testing.B) { bench(b, sdkTemplate) })
	b.Run("template/baseline", func(b *testing.B) { bench(b, baselineTemplate) })
}

// handWritten is the baseline client: net/http and encoding/json, the same request and the same decoding.
type handWritten struct {
	client  *http.Client
	baseURL string
}

func (h *handWritten) send(ctx context.Context, from, to, text string) (string, string, error) {
	var body baseText
	body.From, body.To, body.Content.Text = from, to, text
	payload, err := json.Marshal(&body)
	if err != nil {
		return "", "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.baseURL+"/v1/communication/whatsapp/message", bytes.NewReader(payload))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("x-api-key", "test-api-key-0001")
	req.Header.Set("User-Agent", "hand-written/1.0")
	resp, err := h.client.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", "", err
	}
	var out struct {
		MessageID *string `json:"messageId"`
		Status    string  `json:"status"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return "", "", err
	}
	if resp.StatusCode != 200 || out.MessageID == nil {
		return "", "", fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return *out.MessageID, out.Status, nil
}

// loopback is an API stand-in answering every send at once, and the clients of both sides, sharing one keep-alive
// transport configuration; opts are the SDK client's own.
func loopback(b *testing.B, opts ...chatt2me.Option) (*chatt2me.Client, *handWritten) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"enqueued"}`)
	}))
	b.Cleanup(srv.Close)
	transport := func() *http.Client {
		return &http.Client{Transport: &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}}
	}
	c, err := chatt2me.New(append([]chatt2me.Option{chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL),
		chatt2me.WithHTTPClient(transport())}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	h := &handWritten{client: transport(), baseURL: srv.URL}
	// Warm both up with 64 concurrent sends each, so that neither side pays for opening connections in the
	// measurement, whichever runs first.
	var wg sync.WaitGroup
	from := whatsapp.FromChannel(benchFrom)
	for i := 0; i < 64; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _ = c.WhatsApp.Send(context.Background(), from, "5511993986082", whatsapp.Text("warm-up"))
		}()
		go func() {
			defer wg.Done()
			_, _, _ = h.send(context.Background(), benchFrom, "5511993986082", "warm-up")
		}()
	}
	wg.Wait()
	return c, h
}

// BenchmarkSendLoopback: one send end to end over loopback with keep-alive, the SDK (validation, encoding, the
// request, decoding) beside the hand-written client, then the SDK with a CallHook that only makes the call. Target: at
// most 1.1× its ns/op and allocs/op; the hook at most 2 allocations more.
func BenchmarkSendLoopback(b *testing.B) {
	c, h := loopback(b)
	ctx := context.Background()
	from := whatsapp.FromChannel(benchFrom)
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := c.WhatsApp.Send(ctx, from, "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, _, err := h.send(ctx, benchFrom, "5511993986082", "Your order has shipped."); err != nil {
				b.Fatal(err)
			}
		}
	})
	nothing := func(ctx context.Context, _ chatt2me.Operation, call func(context.Context) chatt2me.CallResult) {
		call(ctx)
	}
	hooked, _ := loopback(b, chatt2me.WithCallHook(nothing))
	b.Run("sdk, a hook doing nothing", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := hooked.WhatsApp.Send(ctx, from, "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSendParallel64: throughput with 64 concurrent senders (ns/op is the time per send across all of
// them). Target: the SDK at least 0.9× the hand-written client's throughput.
func BenchmarkSendParallel64(b *testing.B) {
	c, h := loopback(b)
	ctx := context.Background()
	from := whatsapp.FromChannel(benchFrom)
	parallelism := (64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, _, err := h.send(ctx, benchFrom, "5511993986082", "Your order has shipped."); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.WhatsApp.Send(ctx, from, "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkSendParallel64Interleaved runs 64 concurrent senders that alternate between the SDK and the hand-written
// client, timing each call, so that both meet the same load, scheduling and garbage collection. sdk/hand-time is
// the ratio of their mean latencies under that load (the inverse of their throughput ratio; target: at most 1/0.9).
func BenchmarkSendParallel64Interleaved(b *testing.B) {
	c, h := loopback(b)
	ctx := context.Background()
	from := whatsapp.FromChannel(benchFrom)
	var sdkNanos, handNanos, sdkCalls, handCalls atomic.Int64
	b.ReportAllocs()
	b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		useSDK := false
		for pb.Next() {
			useSDK = !useSDK
			start := time.Now()
			if useSDK {
				if _, err := c.WhatsApp.Send(ctx, from, "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
					b.Error(err)
					return
				}
				sdkNanos.Add(int64(time.Since(start)))
				sdkCalls.Add(1)
			} else {
				if _, _, err := h.send(ctx, benchFrom, "5511993986082", "Your order has shipped."); err != nil {
					b.Error(err)
					return
				}
				handNanos.Add(int64(time.Since(start)))
				handCalls.Add(1)
			}
		}
	})
	if sdkCalls.Load() > 0 && handCalls.Load() > 0 {
		sdk := float64(sdkNanos.Load()) / float64(sdkCalls.Load())
		hand := float64(handNanos.Load()) / float64(handCalls.Load())
		b.ReportMetric(sdk/hand, "sdk/hand-time")
		b.ReportMetric(hand/sdk, "sdk/hand-throughput")
	}
}
