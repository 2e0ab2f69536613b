package fleet

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// The environment of a replica process: the test binary runs itself as one when replicaEnv is set.
const (
	replicaEnv = "WEBHOOK_FLEET_REPLICA"
	redisEnv   = "WEBHOOK_FLEET_REDIS"
	secret     = "whsec_fleet"
	// completedKey is the Redis hash where callbacks record each event they completed (identity → times), so that
	// the test counts across processes, the killed one included.
	completedKey = "fleet:completed"
	// insideKey is the Redis list where the callback that is to be killed says it is inside, with its pid.
	insideKey = "fleet:inside"
	// dieText is the text of the event whose first callback waits inside to be killed.
	dieText  = "die in the callback"
	leaseTTL = 2 * time.Second
)

func TestMain(m *testing.M) {
	if os.Getenv(replicaEnv) != "" {
		if err := runReplica(os.Getenv(redisEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "replica:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// runReplica is one replica of the receiver: its own webhook.Handler, the shared RedisEventStore, and callbacks
// that record each event they complete in Redis. It prints the address it listens on.
func runReplica(addr string) error {
	client := redis.NewClient(&redis.Options{Addr: addr})
	r := &replica{redis: client}
	h := &webhook.Handler{Secret: secret, Events: &RedisEventStore{Client: client, Prefix: "fleet:events:"}, LeaseTTL: leaseTTL,
		OnMessage: r.onMessage, OnStatus: r.onStatus,
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", l.Addr())
	return (&http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}).Serve(l)
}

type replica struct{ redis *redis.Client }

func (r *replica) onMessage(ctx context.Context, m *webhook.Message) error {
	if t, ok := m.Content.(webhook.Text); ok && t.Text == dieText {
		if first, err := r.redis.SetNX(ctx, "fleet:dying", os.Getpid(), 0).Result(); err != nil || first {
			r.redis.RPush(ctx, insideKey, os.Getpid())
			select {} // the test kills this process here
		}
	}
	return r.complete(ctx, "Message "+m.MessageId)
}

func (r *replica) onStatus(ctx context.Context, s *api.MessageStatus) error {
	return r.complete(ctx, "MessageStatus "+s.MessageId+" "+string(s.Status))
}

// complete does the callback's work (a few milliseconds, so that deliveries overlap), then records it.
func (r *replica) complete(ctx context.Context, identity string) error {
	time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
	return r.redis.HIncrBy(ctx, completedKey, identity, 1).Err()
}

// TestFleet runs three replicas as processes, each with its own Handler and the shared Redis store, behind a
// round-robin proxy, and sends 1,000 signed events as Hub would, retrying whatever is not answered 200: 20 % are
// delivered twice (half of them at once, to two replicas), 5 % again with a new signature (as RetryLog does), and
// the first event's callback is killed (SIGKILL) inside, its event then retried. Every event's callback completes
// exactly once.
func TestFleet(t *testing.T) {
	client := startRedis(t)
	var backends []*url.URL
	var procs []*exec.Cmd
	for range 3 {
		cmd, u := startReplica(t, client.Options().Addr)
		procs, backends = append(procs, cmd), append(backends, u)
	}
	proxy := httptest.NewServer(roundRobin(backends))
	defer proxy.Close()
	events := fleetEvents(1000)
	hub := &hub{url: proxy.URL, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	ctx := context.Background()

	// The first event's callback waits inside, on whichever replica got it, until that replica is killed.
	first := make(chan error, 1)
	go func() { first <- hub.deliver(ctx, events[0], events[0].signed(time.Now())) }()
	pid, err := client.BLPop(ctx, 0, insideKey).Result()
	if err != nil {
		t.Fatal(err)
	}
	killed := kill(t, procs, pid[1])
	var wg sync.WaitGroup
	work := make(chan int)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := hub.send(ctx, i, events[i]); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for i := 1; i < len(events); i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := <-first; err != nil {
		t.Errorf("the event whose replica was killed: %v", err)
	}
	report(t, client, events, hub, killed)
}

// report counts what the callbacks completed, per event, and prints the figures.
func report(t *testing.T, client *redis.Client, events []event, hub *hub, killed int) {
	t.Helper()
	completed, err := client.HGetAll(context.Background(), completedKey).Result()
	if err != nil {
		t.Fatal(err)
	}
	var total, lost, twice int
	for _, ev := range events {
		n, _ := strconv.Atoi(completed[ev.identity])
		total += n
		switch {
		case n == 0:
			lost++
		case n > 1:
			twice++
		}
	}
	figures := fmt.Sprintf("events sent %d, duplicates %d (%d delivered twice, %d of them at once; %d again signed anew), "+
		"deliveries %d, answers %s; replica %d killed inside a callback, its event retried; callbacks completed %d, lost %d, twice %d",
		len(events), hub.twice.Load()+hub.resigned.Load(), hub.twice.Load(), hub.atOnce.Load(), hub.resigned.Load(),
		hub.deliveries.Load(), hub.answers(), killed, total, lost, twice)
	t.Log(figures)
	fmt.Println("webhook fleet:", figures)
	if lost != 0 || twice != 0 || total != len(events) || len(completed) != len(events) {
		t.Errorf("%d events lost, %d handled twice, %d callbacks completed for %d events (%d identities recorded)", lost, twice,
			total, len(events), len(completed))
	}
}

// event is a signed event's body and its identity, as the callbacks record it.
type event struct {
	body     []byte
	identity string
}

func (e event) signed(at time.Time) string { return webhook.Sign(secret, at, e.body) }

// fleetEvents are n events: four Message events of every five, the first one the event to be killed, and
// MessageStatus events.
func fleetEvents(n int) []event {
	statuses := []string{"sent", "delivered", "read"}
	out := make([]event, n)
	for i := range out {
		if i%5 == 4 {
			id, status := fmt.Sprintf("sent-%04d", i/15), statuses[i/5%3]
			out[i] = event{body: fmt.Appendf(nil, `{"eventType":"MessageStatus","messageId":%q,"status":%q,"timestamp":1790000000,`+
				`"channel":"whatsapp"}`, id, status), identity: "MessageStatus " + id + " " + status}
			continue
		}
		text := fmt.Sprintf("hello %d", i)
		if i == 0 {
			text = dieText
		}
		id := fmt.Sprintf("wamid.%04d", i)
		out[i] = event{body: fmt.Appendf(nil, `{"eventType":"Message","channelId":"ac30ca70-30fb-51b4-8ecc-532701bb88cd",`+
			`"messageId":%q,"from":"5511993986082","timestamp":1790000000,"channel":"whatsapp","content":{"type":"text","text":%q}}`,
			id, text), identity: "Message " + id}
	}
	return out
}

// hub delivers events as Hub does, retrying each delivery until it is answered 200, and counts what it sent.
type hub struct {
	url                                 string
	client                              *http.Client
	deliveries, twice, atOnce, resigned atomic.Int64
	mu                                  sync.Mutex
	codes                               map[int]int
}

// send delivers event i: 20 % twice (every other one of them at once), 5 % again later with a new signature.
func (h *hub) send(ctx context.Context, i int, ev event) error {
	signature := ev.signed(time.Now())
	switch {
	case i%10 == 0:
		h.twice.Add(1)
		h.atOnce.Add(1)
		errs := make(chan error, 2)
		for range 2 {
			go func() { errs <- h.deliver(ctx, ev, signature) }()
		}
		if err := errors.Join(<-errs, <-errs); err != nil {
			return err
		}
	case i%10 == 5:
		h.twice.Add(1)
		if err := h.deliver(ctx, ev, signature); err != nil {
			return err
		}
		fallthrough
	default:
		if err := h.deliver(ctx, ev, signature); err != nil {
			return err
		}
	}
	if i%20 == 1 {
		h.resigned.Add(1)
		return h.deliver(ctx, ev, ev.signed(time.Now().Add(time.Second)))
	}
	return nil
}

// deliver posts one delivery, again after a failure (an answer but 200, or none), as long as ctx allows.
func (h *hub) deliver(ctx context.Context, ev event, signature string) error {
	h.deliveries.Add(1)
	for {
		code, err := h.post(ctx, ev.body, signature)
		h.mu.Lock()
		if h.codes == nil {
			h.codes = map[int]int{}
		}
		h.codes[code]++
		h.mu.Unlock()
		switch {
		case code == http.StatusOK:
			return nil
		case code == http.StatusUnauthorized || code == http.StatusBadRequest:
			return fmt.Errorf("%s: refused, %d %v", ev.identity, code, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", ev.identity, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (h *hub) post(ctx context.Context, body []byte, signature string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set(webhook.SignatureHeader, signature)
	resp, err := h.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// answers lists the answers received, by status code (0 for none).
func (h *hub) answers() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var parts []string
	for _, code := range []int{200, 409, 502, 503, 500, 0} {
		if n := h.codes[code]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d × %d", n, code))
		}
	}
	return strings.Join(parts, ", ")
}

// roundRobin is a proxy that sends each request to the next backend; a backend that is down is answered 502.
func roundRobin(backends []*url.URL) http.Handler {
	var next atomic.Uint64
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(backends[next.Add(1)%uint64(len(backends))])
		},
		Transport:    &http.Transport{MaxIdleConnsPerHost: 64},
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) },
	}
}

// startReplica starts the test binary as a replica process, stopped when the test ends, and returns its URL.
func startReplica(t *testing.T, redisAddr string) (*exec.Cmd, *url.URL) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), replicaEnv+"=1", redisEnv+"="+redisAddr)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		t.Fatalf("the replica did not start: %q %v", line, err)
	}
	return cmd, &url.URL{Scheme: "http", Host: addr}
}

// kill sends SIGKILL to the replica whose pid is given and waits for it to end; it returns the replica's number.
func kill(t *testing.T, procs []*exec.Cmd, pid string) int {
	t.Helper()
	for i, cmd := range procs {
		if strconv.Itoa(cmd.Process.Pid) == pid {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			return i + 1
		}
	}
	t.Fatalf("no replica has the pid %s", pid)
	return 0
}
