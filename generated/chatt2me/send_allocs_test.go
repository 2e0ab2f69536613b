package chatt2me_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// TestSendAllocations: one send over loopback allocates at most 5 % more than the hand-written client of
// bench_test.go posting the same bytes under the same context (allocation counts are stable, unlike times; BenchmarkSendLoopback has the
// times). The default 30-second timeout costs no allocation for a context that cannot be cancelled, nor for one
// whose deadline comes first.
func TestSendAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocations over loopback")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"enqueued"}`)
	}))
	defer srv.Close()
	keepAlive := func() *http.Client {
		return &http.Client{Transport: &http.Transport{MaxIdleConns: 8, MaxIdleConnsPerHost: 8}}
	}
	c, err := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL), chatt2me.WithHTTPClient(keepAlive()))
	if err != nil {
		t.Fatal(err)
	}
	h := &handWritten{client: keepAlive(), baseURL: srv.URL}
	from := whatsapp.FromChannel(benchFrom)
	withDeadline, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for name, ctx := range map[string]context.Context{"background": context.Background(), "a deadline of its own": withDeadline} {
		hand := testing.AllocsPerRun(200, func() {
			if _, _, err := h.send(ctx, benchFrom, "5511993986082", "Your order has shipped."); err != nil {
				t.Fatal(err)
			}
		})
		sdk := testing.AllocsPerRun(200, func() {
			if _, err := c.WhatsApp.Send(ctx, from, "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: the SDK %.0f allocations per send, the hand-written client %.0f", name, sdk, hand)
		if sdk > hand*1.05 {
			t.Errorf("%s: %.0f allocations per send, the hand-written client %.0f: more than 1.05×", name, sdk, hand)
		}
	}
}

// TestCallHookAllocations: a CallHook that only makes the call costs a send at most 2 allocations (the call's state
// and the function the hook calls); the operation in each attempt's context costs none (see TestSendAllocations).
func TestCallHookAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocations over loopback")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"enqueued"}`)
	}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 8, MaxIdleConnsPerHost: 8}}
	nothing := func(ctx context.Context, _ chatt2me.Operation, call func(context.Context) chatt2me.CallResult) {
		call(ctx)
	}
	var sends [2]float64
	for i, opts := range [][]chatt2me.Option{nil, {chatt2me.WithCallHook(nothing)}} {
		c, err := chatt2me.New(append([]chatt2me.Option{chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL),
			chatt2me.WithHTTPClient(client)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		from := whatsapp.FromChannel(benchFrom)
		sends[i] = testing.AllocsPerRun(200, func() {
			if _, err := c.WhatsApp.Send(context.Background(), from, "5511993986082", whatsapp.Text("Your order has shipped.")); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Logf("%.0f allocations per send without a hook, %.0f with one", sends[0], sends[1])
	if sends[1] > sends[0]+2 {
		t.Errorf("a hook doing nothing costs %.0f allocations per send, more than 2", sends[1]-sends[0])
	}
}
