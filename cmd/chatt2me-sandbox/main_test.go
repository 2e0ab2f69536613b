package main

// The command, run as a process of its own, scripted over HTTP as from a shell: every action of the rules, statuses
// on cue, redeliveries, and failed deliveries retried.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

const key = "command-api-key-0001"

// TestMain lets tests run the command as a separate process without building it: the test binary runs main when
// CHATT2ME_SANDBOX_MAIN is set.
func TestMain(m *testing.M) {
	if os.Getenv("CHATT2ME_SANDBOX_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// command starts the command with args on a free port of 127.0.0.1 and returns its base URL; the process is ended
// when the test is.
func command(t *testing.T, args ...string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, append([]string{"-addr", "127.0.0.1:0", "-api-key", key}, args...)...)
	cmd.Env = append(os.Environ(), "CHATT2ME_SANDBOX_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
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
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	_, rest, ok := strings.Cut(line, "listening on ")
	if err != nil || !ok {
		t.Fatalf("the command printed %q (%v); stderr: %s", line, err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return strings.Fields(rest)[0]
}

// do sends a request to the command and returns the answer's status and body.
func do(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// rules posts rules, as a shell would with curl -d, and fails the test if they are refused.
func rules(t *testing.T, base, body string) {
	t.Helper()
	if status, answer := do(t, http.MethodPost, base+"/sandbox/rules", body); status != http.StatusCreated {
		t.Fatalf("POST /sandbox/rules %s: %d %s", body, status, answer)
	}
}

func messages(t *testing.T, base string) []sandbox.Message {
	t.Helper()
	_, body := do(t, http.MethodGet, base+"/sandbox/messages", "")
	var list struct{ Data []sandbox.Message }
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	return list.Data
}

func client(t *testing.T, base string, opts ...chatt2me.Option) *chatt2me.Client {
	t.Helper()
	opts = append([]chatt2me.Option{chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(base),
		chatt2me.WithRetryBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := chatt2me.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func channelOf(kind string) sandbox.Channel {
	for _, c := range sandbox.DefaultChannels() {
		if c.Kind == kind {
			return c
		}
	}
	panic("no default channel " + kind)
}

func sendSMS(c *chatt2me.Client) (chatt2me.Result, error) {
	return c.SMS.Send(context.Background(), sms.FromPhone(channelOf("sms").Alias), "+12025551234", sms.Text("Your code is 482913."))
}

func sendTemplate(c *chatt2me.Client) (chatt2me.Result, error) {
	return c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelOf("whatsapp").UUID), "5511987654321",
		whatsapp.Template("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"))
}

// Each answer of a rule, posted as JSON: an HTTP error, a refused send, 429 and 503 with Retry-After, a delay, both
// drops and a cut answer, as the SDK sees them and as the messages the command lists show them.
func TestRulesOverHTTP(t *testing.T) {
	base := command(t)
	c := client(t, base)
	apiStatus := func(err error) (int, string) {
		var apiErr *chatt2me.APIError
		if errors.As(err, &apiErr) {
			return apiErr.HTTPStatus, apiErr.Code
		}
		return 0, ""
	}
	cases := []struct {
		name, rules string
		send        func(*chatt2me.Client) (chatt2me.Result, error)
		check       func(error) bool
		sent        int // messages the command lists afterwards, in all
	}{
		{"an HTTP error for the template kind",
			`{"channel": "whatsapp", "kind": "template", "times": 1, "status": 400, "errorCode": "132001", "errorMessage": "no such template"}`,
			sendTemplate, func(err error) bool {
				s, code := apiStatus(err)
				return s == 400 && code == "132001" && err.Error() == "chatt2me: HTTP 400: no such template (errorCode 132001)"
			}, 0},
		{"a send refused in a 200", `{"operation": "sendSMSMessage", "status": 200, "errorCode": "21610", "errorMessage": "unsubscribed"}`,
			sendSMS, func(err error) bool { s, code := apiStatus(err); return s == 200 && code == "21610" }, 0},
		{"429 waited out", `[{"channel": "sms", "times": 1, "status": 429, "retryAfter": "1"}]`,
			sendSMS, func(err error) bool { return err == nil }, 1},
		{"503 with a date, then an answer", `{"to": "+12025551234", "times": 1, "status": 503, "retryAfter": "` +
			time.Now().UTC().Format(http.TimeFormat) + `"}`, sendSMS, func(err error) bool { return err == nil }, 2},
		{"a delay", `{"channel": "sms", "times": 1, "delay": "300ms"}`, sendSMS, func(err error) bool { return err == nil }, 3},
		{"a drop before", `{"channel": "sms", "times": 1, "drop": "before"}`, sendSMS,
			func(err error) bool { return errors.Is(err, chatt2me.ErrOutcomeUnknown) }, 3},
		{"a drop after", `{"channel": "sms", "times": 1, "drop": "after"}`, sendSMS,
			func(err error) bool { return errors.Is(err, chatt2me.ErrOutcomeUnknown) }, 4},
		{"a cut answer", `{"channel": "sms", "times": 1, "truncate": true}`, sendSMS, func(err error) bool {
			return errors.Is(err, chatt2me.ErrOutcomeUnknown) && strings.Contains(err.Error(), "unexpected EOF")
		}, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rules(t, base, tc.rules)
			began := time.Now()
			_, err := tc.send(c)
			if !tc.check(err) {
				t.Errorf("error %v", err)
			}
			if strings.Contains(tc.rules, "delay") && time.Since(began) < 300*time.Millisecond {
				t.Errorf("answered after %s, before the delay", time.Since(began))
			}
			if n := len(messages(t, base)); n != tc.sent {
				t.Errorf("%d messages listed, want %d", n, tc.sent)
			}
			if status, body := do(t, http.MethodGet, base+"/sandbox/rules", ""); strings.Contains(tc.rules, `"times": 1`) &&
				body != "{\"data\":[]}\n" {
				t.Errorf("rules left: %d %s", status, body)
			}
			do(t, http.MethodDelete, base+"/sandbox/rules", "")
		})
	}
	// A drop before the API acted is retried for an idempotent request.
	rules(t, base, `{"operation": "listWebhooks", "times": 1, "drop": "before"}`)
	if _, err := c.Webhooks.List(context.Background(), nil); err != nil {
		t.Errorf("listWebhooks after a drop: %v", err)
	}
	if got := messages(t, base); got[0].Kind() != "text" || got[0].ChannelID != channelOf("sms").UUID || got[0].From != channelOf("sms").Alias {
		t.Errorf("message listed: %+v, kind %q", got[0], got[0].Kind())
	}
}

// The rules route lists what is in force (times left, delay as a duration), clears it, and refuses a rule the
// document contradicts, an unknown field and a broken body, adding nothing.
func TestTheRulesRoute(t *testing.T) {
	base := command(t)
	rules(t, base, `[{"channel": "sms", "times": 2, "status": 503, "delay": "1.5s"}, {"kind": "template", "status": 200, "errorCode": "1"}]`)
	want := `{"data":[{"channel":"sms","times":2,"status":503,"delay":"1.5s"},{"kind":"template","status":200,"errorCode":"1"}]}` + "\n"
	if status, body := do(t, http.MethodGet, base+"/sandbox/rules", ""); status != 200 || body != want {
		t.Errorf("GET /sandbox/rules: %d %s, want %s", status, body, want)
	}
	// A send the contract refuses is refused as always, and uses no rule.
	if status, body := do(t, http.MethodPost, base+"/v1/communication/sms/message", `{"to":"+12025551234","content":{"text":"hi"}}`); status != 400 ||
		!strings.Contains(body, `property \"from\" is missing`) {
		t.Errorf("a send without from: %d %s", status, body)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"channel": "no-such-channel", "status": 500}`, `sandbox: rule 1: unknown channel \"no-such-channel\"`}, // never a channel: not a Go package name
		{`[{"channel": "sms", "status": 500}, {"chanel": "sms", "status": 500}]`, `invalid rules: json: unknown field \"chanel\"`},
		{`{"channel": "sms", "delay": "soon"}`, `invalid rule: delay: \"soon\" is not a duration such as \"1.5s\"`},
		{`{"channel": "sms", "status": 429, "retryAfter": 2}`, `invalid rule: json: cannot unmarshal number`},
		{`"sms"`, `invalid rule: json: cannot unmarshal string`},
		{`{`, `expected a rule {…} or an array of rules [{…}, …]: unexpected EOF`},
	} {
		if status, body := do(t, http.MethodPost, base+"/sandbox/rules", tc.body); status != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want 400 with %s", tc.body, status, body, tc.want)
		}
	}
	if status, body := do(t, http.MethodPost, base+"/sandbox/rules", `[`+strings.Repeat(`{"channel":"sms","status":500},`, 40000)+`]`); status != 413 {
		t.Errorf("2 MB of rules: %d %s", status, body)
	}
	if _, body := do(t, http.MethodGet, base+"/sandbox/rules", ""); body != want {
		t.Errorf("rules after refusals: %s", body)
	}
	if status, _ := do(t, http.MethodDelete, base+"/sandbox/rules", ""); status != 204 {
		t.Errorf("DELETE: %d", status)
	}
	if _, body := do(t, http.MethodGet, base+"/sandbox/rules", ""); body != "{\"data\":[]}\n" {
		t.Errorf("rules after DELETE: %s", body)
	}
	if status, _ := do(t, http.MethodPut, base+"/sandbox/rules", "{}"); status != 405 {
		t.Errorf("PUT: %d", status)
	}
}

// endpoint is a webhook endpoint for the command: it answers the endpoint check, records each delivery's body and
// signature, and answers it with answer (nil: 200).
type endpoint struct {
	*httptest.Server
	mu                 sync.Mutex
	bodies, signatures []string
	answer             http.HandlerFunc
}

func newEndpoint(t *testing.T) *endpoint {
	e := &endpoint{}
	e.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token := r.Header.Get(webhook.ValidationTokenHeader); token != "" {
			_, _ = io.WriteString(w, token)
			return
		}
		body, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.bodies, e.signatures = append(e.bodies, string(body)), append(e.signatures, r.Header.Get(webhook.SignatureHeader))
		answer := e.answer
		e.mu.Unlock()
		if answer != nil {
			answer(w, r)
		}
	}))
	t.Cleanup(e.Close)
	return e
}

func (e *endpoint) received() (bodies, signatures []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.bodies), slices.Clone(e.signatures)
}

// logs waits until the webhook has n log entries, and returns them, newest first.
func logs(t *testing.T, c *chatt2me.Client, hook string, n int) []api.WebhookLog {
	t.Helper()
	for {
		page, err := c.Webhooks.ListLogs(context.Background(), hook, &api.ListWebhookLogsParams{Limit: ptr(50)})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Data) >= n {
			return page.Data
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }

// Statuses on cue and redeliveries, posted as JSON: sent then failed with an error code; none; each event twice,
// with the same signature and signed anew.
func TestStatusRulesOverHTTP(t *testing.T) {
	base := command(t, "-deliver-statuses", "-insecure-webhooks")
	c := client(t, base)
	e := newEndpoint(t)
	signed := true
	hook, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "statuses", Endpoint: e.URL,
		EventType: api.EventTypeMessageStatus, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication, RequiresSignature: &signed})
	if err != nil {
		t.Fatal(err)
	}
	rules(t, base, `[{"channel": "whatsapp", "times": 1, "statuses": [{"status": "sent"},
		{"status": "failed", "errorCode": "131026", "errorMessage": "Message undeliverable"}]},
		{"channel": "sms", "times": 1, "noStatuses": true},
		{"channel": "sms", "times": 1, "redeliver": "duplicate"},
		{"channel": "sms", "times": 1, "statuses": [{"status": "sent"}], "redeliver": "resigned"}]`)
	template, err := sendTemplate(c)
	if err != nil {
		t.Fatal(err)
	}
	logs(t, c, hook.Id, 2)
	for _, total := range []int{2, 2 + 6, 2 + 6 + 2} { // the log entries after each send: none, 3 twice, 1 twice
		if _, err := sendSMS(c); err != nil {
			t.Fatal(err)
		}
		logs(t, c, hook.Id, total)
	}
	bodies, signatures := e.received()
	var got []string
	for _, b := range bodies {
		var ev struct{ MessageId, Status, ErrorCode string }
		_ = json.Unmarshal([]byte(b), &ev)
		who := "sms"
		if ev.MessageId == template.MessageID {
			who = "template"
		}
		got = append(got, strings.TrimSpace(who+" "+ev.Status+" "+ev.ErrorCode))
	}
	want := []string{"template sent", "template failed 131026", "sms sent", "sms sent", "sms delivered", "sms delivered",
		"sms read", "sms read", "sms sent", "sms sent"}
	if !slices.Equal(got, want) {
		t.Fatalf("deliveries %q, want %q", got, want)
	}
	for i := 2; i < 10; i += 2 {
		if same := signatures[i] == signatures[i+1]; bodies[i] != bodies[i+1] || same != (i < 8) {
			t.Errorf("deliveries %d and %d: %s %s / %s %s", i, i+1, bodies[i], signatures[i], bodies[i+1], signatures[i+1])
		}
	}
}

// A delivery answered 500, and one not answered within -webhook-timeout, are logged Failed (500, 0); RetryLog and
// RetryLogs deliver them again and answer newLogId.
func TestFailedDeliveriesOverHTTP(t *testing.T) {
	base := command(t, "-insecure-webhooks", "-webhook-timeout", "300ms")
	c := client(t, base)
	e := newEndpoint(t)
	hook, err := c.Webhooks.Create(context.Background(), &api.CreateWebhookInput{Label: "statuses", Endpoint: e.URL,
		EventType: api.EventTypeMessageStatus, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication})
	if err != nil {
		t.Fatal(err)
	}
	rules(t, base, `{"channel": "sms", "statuses": [{"status": "sent"}]}`)
	release := make(chan struct{}) // the endpoint answers nothing before the command gives up on it
	defer close(release)
	answers := []http.HandlerFunc{
		func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusInternalServerError) },
		func(http.ResponseWriter, *http.Request) { <-release },
	}
	for i, answer := range answers {
		e.mu.Lock()
		e.answer = answer
		e.mu.Unlock()
		if _, err := sendSMS(c); err != nil {
			t.Fatal(err)
		}
		logs(t, c, hook.Id, i+1)
	}
	failed := logs(t, c, hook.Id, 2)
	if failed[1].Status != api.WebhookLogStatusFailed || *failed[1].StatusCode != 500 || *failed[1].ResponseBody != "down\n" ||
		failed[0].Status != api.WebhookLogStatusFailed || *failed[0].StatusCode != 0 {
		t.Fatalf("logs %+v", failed)
	}
	e.mu.Lock()
	e.answer = nil
	e.mu.Unlock()
	status, body := do(t, http.MethodPost, base+"/v1/organization/webhook/"+hook.Id+"/webhook-log/"+failed[1].Id+"/retry", "")
	var one struct {
		Success  bool
		NewLogID string `json:"newLogId"`
	}
	if err := json.Unmarshal([]byte(body), &one); err != nil || status != 200 || !one.Success || one.NewLogID == "" {
		t.Fatalf("retry: %d %s", status, body)
	}
	many, err := c.Webhooks.RetryLogs(context.Background(), hook.Id, &api.RetryWebhookLogsInput{WebhookLogIds: []string{failed[0].Id}})
	if err != nil || !many.Results[0].Success || many.Results[0].NewLogId == nil {
		t.Fatalf("RetryLogs: %+v %v", many, err)
	}
	all := logs(t, c, hook.Id, 4)
	if all[0].Id != *many.Results[0].NewLogId || all[1].Id != one.NewLogID || all[0].Status != api.WebhookLogStatusSuccess ||
		all[1].Status != api.WebhookLogStatusSuccess || *all[0].MessageId != *failed[0].MessageId {
		t.Errorf("logs after the retries: %+v", all)
	}
}

// A -webhook-timeout that is not positive is refused.
func TestWebhookTimeoutMustBePositive(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-webhook-timeout", "0s"}, &stdout, &stderr); code != 2 ||
		stderr.String() != "chatt2me-sandbox: -webhook-timeout must be positive, not 0s\n" {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
