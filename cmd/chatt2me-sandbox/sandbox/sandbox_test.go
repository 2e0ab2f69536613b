package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/instagram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/messenger"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

const key = "test-api-key-0001"

func start(t *testing.T, cfg sandbox.Config) (*sandbox.Server, *httptest.Server, *chatt2me.Client) {
	t.Helper()
	cfg.APIKey = key
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return sb, srv, c
}

func channel(kind string) sandbox.Channel {
	for _, c := range sandbox.DefaultChannels() {
		if c.Kind == kind {
			return c
		}
	}
	panic("no default channel " + kind)
}

func raw(t *testing.T, srv *httptest.Server, method, path, apiKey, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if apiKey != "" {
		req.Header.Set("x-api-key", apiKey)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// Each channel answers as the channel rules of the document say; aliases work with and without their prefix.
func TestSendsAnswerLikeTheAPI(t *testing.T) {
	sb, _, c := start(t, sandbox.Config{})
	ctx := context.Background()
	check := func(name string, res chatt2me.Result, err error, want chatt2me.Status) {
		t.Helper()
		if err != nil || res.Status != want || len(res.MessageID) != 36 {
			t.Errorf("%s: %+v %v, want status %s", name, res, err, want)
		}
	}
	res, err := c.WhatsApp.Send(ctx, whatsapp.FromPhone("+"+channel("whatsapp").Alias), "5511987654321", whatsapp.Text("hi"))
	check("whatsapp", res, err, chatt2me.StatusEnqueued)
	res, err = c.Messenger.Send(ctx, messenger.FromPage(channel("messenger").Alias), "1", messenger.Text("hi"))
	check("messenger", res, err, chatt2me.StatusEnqueued)
	res, err = c.Telegram.Send(ctx, telegram.FromBot("@"+channel("telegram").Alias), "1", telegram.Text("hi"))
	check("telegram", res, err, chatt2me.StatusSent)
	res, err = c.Instagram.Send(ctx, instagram.FromChannel(channel("instagram").UUID), "1", instagram.MarkSeen())
	check("instagram", res, err, chatt2me.StatusSent)
	res, err = c.SMS.Send(ctx, sms.FromPhone(channel("sms").Alias), "+12025551234", sms.Text("hi"))
	check("sms", res, err, chatt2me.StatusSent)

	wc := webchatt.FromChannel(channel("webchatt").UUID)
	_, err = c.WebChatt.Send(ctx, wc, "visitor-1", webchatt.Text("hi"))
	var apiErr *chatt2me.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "session_not_found" || apiErr.HTTPStatus != 200 {
		t.Errorf("web chatt without a session: %v", err)
	}
	sb.OpenSession("visitor-1")
	res, err = c.WebChatt.Send(ctx, wc, "visitor-1", webchatt.Text("hi"))
	check("webchatt with a session", res, err, chatt2me.StatusSent)

	if got := len(sb.Messages()); got != 6 {
		t.Errorf("%d messages recorded, want 6", got)
	}
	if m := sb.Messages()[0]; m.Channel != "whatsapp" || string(m.Content) != `{"text":"hi"}` || m.From != channel("whatsapp").Alias {
		t.Errorf("first message %+v", m)
	}
}

// absentRoute is a channel send route the contract does not have: /v1/communication/<name>/message with a name no
// path of the document uses.
func absentRoute(t *testing.T) string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(generated.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	for name := "unknown"; ; name += "x" {
		route := "/v1/communication/" + name + "/message"
		switch {
		case doc.Paths.Find(route) == nil:
			return route
		case doc.Paths.Value(route) == nil:
			t.Fatalf("a templated path of the contract matches %s: no channel route is absent", route)
		}
	}
}

func TestRefusals(t *testing.T) {
	_, srv, _ := start(t, sandbox.Config{})
	wa := channel("whatsapp").UUID
	absent := absentRoute(t)
	cases := []struct {
		name, key, path, body string
		status                int
		want                  string
	}{
		{"no key", "", "/v1/communication/whatsapp/message", `{}`, 401, `{"errorMessage":"the x-api-key header is missing"}`},
		{"wrong key", "nope", "/v1/communication/whatsapp/message", `{}`, 401, `{"errorMessage":"the API key is not valid for this Application"}`},
		{"missing to", key, "/v1/communication/whatsapp/message", `{"from":"` + wa + `","content":{"text":"hi"}}`, 400, `property \"to\" is missing`},
		{"bad to", key, "/v1/communication/whatsapp/message", `{"from":"` + wa + `","to":"+5511","content":{"text":"hi"}}`, 400, `invalid to: string doesn't match the regular expression`},
		{"kind the channel lacks", key, "/v1/communication/telegram/message", `{"from":"` + wa + `","to":"1","content":{"template":{"id":"` + wa + `"}}}`, 400, `invalid content: value doesn't match any schema from \"oneOf\"`},
		{"unknown channel", key, "/v1/communication/whatsapp/message", `{"from":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","to":"5511987654321","content":{"text":"hi"}}`, 404, `is not a connected WhatsApp channel`},
		{"unknown route", key, absent, `{}`, 404, `no operation at POST ` + absent},
		{"bad webhook limit", key, "/v1/organization/webhook?limit=51", ``, 400, `invalid parameter limit`},
	}
	for _, tc := range cases {
		method := http.MethodPost
		if strings.Contains(tc.path, "?") {
			method = http.MethodGet
		}
		status, body := raw(t, srv, method, tc.path, tc.key, tc.body)
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want %d with %s", tc.name, status, body, tc.status, tc.want)
		}
	}
}

func TestSandboxRoutes(t *testing.T) {
	_, srv, c := start(t, sandbox.Config{})
	if status, body := raw(t, srv, http.MethodPost, "/sandbox/webchatt/sessions", "", `{"visitorId":"v-9"}`); status != 201 {
		t.Fatalf("open session: %d %s", status, body)
	}
	if _, err := c.WebChatt.Send(context.Background(), webchatt.FromChannel(channel("webchatt").UUID), "v-9", webchatt.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if status, body := raw(t, srv, http.MethodGet, "/sandbox/messages", "", ""); status != 200 || !strings.Contains(body, `"to":"v-9"`) {
		t.Errorf("messages: %d %s", status, body)
	}
	if status, body := raw(t, srv, http.MethodGet, "/openapi.yaml", "", ""); status != 200 || !strings.Contains(body, "Hub Chatt2.me API") {
		t.Errorf("spec: %d", status)
	}
}

// TestConcurrentSends: 2,000 sends at once through one client (run it with -race): no error, every message
// recorded once, and no goroutine left behind.
func TestConcurrentSends(t *testing.T) {
	sb, srv, _ := start(t, sandbox.Config{})
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	// No client timeout: the test is about concurrency, and go test's own -timeout ends a hang.
	c, err := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL), chatt2me.WithHTTPClient(&http.Client{Transport: transport}), chatt2me.WithTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	from := whatsapp.FromChannel(channel("whatsapp").UUID)
	const n = 2000
	var wg sync.WaitGroup
	errs := make(chan error, n)
	ids := make(chan string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.WhatsApp.Send(context.Background(), from, "5511987654321", whatsapp.Text(fmt.Sprint("message ", i)))
			if err != nil {
				errs <- err
				return
			}
			ids <- res.MessageID
		}()
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Fatalf("send failed: %v", err)
	}
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("message id %s twice", id)
		}
		seen[id] = true
	}
	if len(seen) != n || len(sb.Messages()) != n {
		t.Fatalf("%d ids, %d messages recorded, want %d", len(seen), len(sb.Messages()), n)
	}
	transport.CloseIdleConnections()
	srv.CloseClientConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

// The README's table of the default channels says what the sandbox connects: every row is a default channel,
// as it is (a channel added to the documents may be missing from the table; the sandbox prints them all at start).
func TestREADMEListsTheDefaultChannels(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, c := range sandbox.DefaultChannels() {
		alias := "`" + c.Alias + "`"
		if c.Alias == "" {
			alias = "(UUID only)"
		}
		want[c.Kind] = fmt.Sprintf("| %s | `%s` | %s |", c.Kind, c.UUID, alias)
	}
	rows := 0
	for _, line := range strings.Split(string(readme), "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) != 3 || !strings.HasPrefix(cells[1], "`") || len(cells[1]) != 38 {
			continue // not a row of the channel table
		}
		rows++
		kind := strings.TrimPrefix(cells[0], "| ")
		if line != want[kind] {
			t.Errorf("README.md has the row\n  %s\nthe sandbox connects\n  %s", line, want[kind])
		}
	}
	if rows == 0 {
		t.Error("README.md has no table of the default channels")
	}
}
