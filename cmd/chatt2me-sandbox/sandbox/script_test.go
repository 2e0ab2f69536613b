package sandbox_test

// The rules, through the Go API (Server.Script): each action seen by the SDK and on the wire.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const templateID = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"

// scripted starts a sandbox and a client that counts its attempts and waits at most a few milliseconds between
// them (unless an answer's Retry-After says otherwise).
func scripted(t *testing.T, cfg sandbox.Config, opts ...chatt2me.Option) (*sandbox.Server, *httptest.Server, *chatt2me.Client, *atomic.Int32) {
	t.Helper()
	sb, srv, _ := start(t, cfg)
	attempts := &atomic.Int32{}
	count := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		attempts.Add(1)
		return next(req)
	}
	opts = append([]chatt2me.Option{chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL),
		chatt2me.WithRetryBackoff(time.Millisecond, 5*time.Millisecond), chatt2me.WithMiddleware(count)}, opts...)
	c, err := chatt2me.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return sb, srv, c, attempts
}

func script(t *testing.T, sb *sandbox.Server, rules ...sandbox.Rule) {
	t.Helper()
	if err := sb.Script(rules...); err != nil {
		t.Fatal(err)
	}
}

func sendSMS(c *chatt2me.Client, ctx context.Context) (chatt2me.Result, error) {
	return c.SMS.Send(ctx, sms.FromChannel(channel("sms").UUID), "+12025551234", sms.Text("Your code is 482913."))
}

func sendTemplate(c *chatt2me.Client, ctx context.Context) (chatt2me.Result, error) {
	return c.WhatsApp.Send(ctx, whatsapp.FromPhone(channel("whatsapp").Alias), "5511987654321", whatsapp.Template(templateID))
}

// rawAnswer posts body to path and returns the answer (its body read to the end, or to the error).
func rawAnswer(t *testing.T, url, path, body string) (*http.Response, string, error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func smsBody() string {
	return `{"from":"` + channel("sms").UUID + `","to":"+12025551234","content":{"text":"hi"}}`
}

// An HTTP error with errorCode and errorMessage, for the template kind only, once: the SDK's *APIError, not retried,
// nothing sent; the next template is sent.
func TestRuleAnswersAnHTTPError(t *testing.T) {
	sb, _, c, attempts := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Channel: "whatsapp", Kind: "template", Times: 1, Status: 400, ErrorCode: "132001",
		ErrorMessage: "Template name does not exist in the translation"})
	ctx := context.Background()
	if _, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channel("whatsapp").UUID), "5511987654321", whatsapp.Text("hi")); err != nil {
		t.Fatalf("a text is not matched: %v", err)
	}
	_, err := sendTemplate(c, ctx)
	var apiErr *chatt2me.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 400 || apiErr.Code != "132001" || errors.Is(err, chatt2me.ErrOutcomeUnknown) ||
		err.Error() != "chatt2me: HTTP 400: Template name does not exist in the translation (errorCode 132001)" {
		t.Fatalf("error %v", err)
	}
	if _, err := sendTemplate(c, ctx); err != nil {
		t.Fatalf("the rule applied once only: %v", err)
	}
	if n := attempts.Load(); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
	if got := kinds(sb.Messages()); got != "text template" {
		t.Errorf("messages sent: %s", got)
	}
}

func kinds(messages []sandbox.Message) string {
	var out []string
	for _, m := range messages {
		out = append(out, m.Kind())
	}
	return strings.Join(out, " ")
}

// A send refused as the API refuses one: 200 with status error.
func TestRuleRefusesASendIn200(t *testing.T) {
	sb, srv, c, _ := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Operation: "sendSMSMessage", Status: 200, ErrorCode: "21610", ErrorMessage: "unsubscribed recipient"})
	_, err := sendSMS(c, context.Background())
	var apiErr *chatt2me.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 200 || apiErr.Code != "21610" ||
		err.Error() != "chatt2me: send refused: unsubscribed recipient (errorCode 21610)" {
		t.Fatalf("error %v", err)
	}
	resp, body, err := rawAnswer(t, srv.URL, "/v1/communication/sms/message", smsBody())
	if err != nil || resp.StatusCode != 200 || body != `{"errorCode":"21610","errorMessage":"unsubscribed recipient","messageId":null,"status":"error"}`+"\n" {
		t.Errorf("answer %v %q %v", resp, body, err)
	}
	if n := len(sb.Messages()); n != 0 {
		t.Errorf("%d messages recorded, want none", n)
	}
}

// 429 with Retry-After in seconds: the SDK waits it out and sends once.
func TestRule429WithRetryAfterSeconds(t *testing.T) {
	sb, srv, c, attempts := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 2, Status: 429, RetryAfter: "1", ErrorMessage: "slow down"})
	resp, body, err := rawAnswer(t, srv.URL, "/v1/communication/sms/message", smsBody())
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || body != `{"errorMessage":"slow down"}`+"\n" {
		t.Fatalf("answer %v %q %v", resp, body, err)
	}
	began := time.Now()
	if _, err := sendSMS(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(began); waited < time.Second {
		t.Errorf("the send took %s: the Retry-After of 1 s was not waited out", waited)
	}
	if n, sent := attempts.Load(), len(sb.Messages()); n != 2 || sent != 1 {
		t.Errorf("%d attempts, %d messages; want 2 and 1", n, sent)
	}
}

// 503 with Retry-After as an HTTP date, twice: the SDK retries twice, then sends.
func TestRule503WithRetryAfterDate(t *testing.T) {
	sb, srv, c, attempts := scripted(t, sandbox.Config{})
	date := time.Now().Add(time.Second).UTC().Format(http.TimeFormat)
	script(t, sb, sandbox.Rule{Operation: "sendSMSMessage", Times: 3, Status: 503, RetryAfter: date})
	resp, body, err := rawAnswer(t, srv.URL, "/v1/communication/sms/message", smsBody())
	if err != nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != date || body != "{}\n" {
		t.Fatalf("answer %v %q %v", resp, body, err)
	}
	if _, err := sendSMS(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, sent := attempts.Load(), len(sb.Messages()); n != 3 || sent != 1 {
		t.Errorf("%d attempts, %d messages; want 3 and 1", n, sent)
	}
}

// A delay holds the answer back; a client that gives up first has an unknown outcome, and the message is sent all
// the same.
func TestRuleDelay(t *testing.T) {
	sb, err := sandbox.New(sandbox.Config{APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	arrived := make(chan bool, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- true
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL))
	send := func(ctx context.Context) error {
		_, err := c.Telegram.Send(ctx, telegram.FromBot(channel("telegram").Alias), "123456789", telegram.Text("hi"))
		return err
	}
	script(t, sb, sandbox.Rule{Channel: "telegram", Times: 1, Delay: 200 * time.Millisecond})
	began := time.Now()
	if err := send(context.Background()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < 200*time.Millisecond {
		t.Errorf("answered after %s, before the delay of 200ms", took)
	}
	<-arrived
	script(t, sb, sandbox.Rule{Channel: "telegram", Times: 1, Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }() // the client gives up once the sandbox has the request
	if err := send(ctx); !errors.Is(err, chatt2me.ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want an unknown outcome", err)
	}
	for len(sb.Messages()) < 2 { // the sandbox acts on the request once the client has gone
		time.Sleep(10 * time.Millisecond)
	}
}

// A connection dropped before the request is acted on: nothing sent. The SDK cannot tell, so a send is an unknown
// outcome (not retried); an idempotent request is retried and succeeds.
func TestRuleDropBefore(t *testing.T) {
	sb, _, c, attempts := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 1, Drop: sandbox.DropBefore})
	_, err := sendSMS(c, context.Background())
	var unknown *chatt2me.OutcomeUnknownError
	if !errors.As(err, &unknown) || !strings.HasPrefix(err.Error(), "chatt2me: outcome unknown") {
		t.Fatalf("error %v", err)
	}
	if n, sent := attempts.Load(), len(sb.Messages()); n != 1 || sent != 0 {
		t.Errorf("%d attempts, %d messages; want 1 and 0", n, sent)
	}
	script(t, sb, sandbox.Rule{Operation: "listWebhooks", Times: 1, Drop: sandbox.DropBefore})
	if _, err := c.Webhooks.List(context.Background(), nil); err != nil {
		t.Fatalf("an idempotent request is retried: %v", err)
	}
	if rules := sb.Rules(); len(rules) != 0 {
		t.Errorf("rules left: %+v", rules)
	}
}

// A connection dropped after the request is acted on: the message is sent, the SDK reports an unknown outcome and
// does not send it again.
func TestRuleDropAfter(t *testing.T) {
	sb, srv, c, attempts := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 2, Drop: sandbox.DropAfter})
	_, err := sendSMS(c, context.Background())
	if !errors.Is(err, chatt2me.ErrOutcomeUnknown) {
		t.Fatalf("error %v", err)
	}
	if n, sent := attempts.Load(), len(sb.Messages()); n != 1 || sent != 1 {
		t.Errorf("%d attempts, %d messages; want 1 and 1", n, sent)
	}
	if resp, _, err := rawAnswer(t, srv.URL, "/v1/communication/sms/message", smsBody()); err == nil {
		t.Errorf("answered %d", resp.StatusCode)
	}
}

// A 2xx whose body is cut short: the Content-Length is the whole body's, half of it comes; the message is sent, the
// outcome unknown.
func TestRuleTruncate(t *testing.T) {
	sb, srv, c, attempts := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 2, Truncate: true})
	resp, body, err := rawAnswer(t, srv.URL, "/v1/communication/sms/message", smsBody())
	whole := `{"messageId":"` + sb.Messages()[0].MessageID + `","status":"sent"}` + "\n"
	if !errors.Is(err, io.ErrUnexpectedEOF) || resp.StatusCode != 200 || resp.ContentLength != int64(len(whole)) || body != whole[:len(whole)/2] {
		t.Fatalf("answer %v %q %v", resp, body, err)
	}
	_, err = sendSMS(c, context.Background())
	var apiErr *chatt2me.OutcomeUnknownError
	if !errors.As(err, &apiErr) || !strings.Contains(err.Error(), "reading the answer (HTTP 200)") {
		t.Fatalf("error %v", err)
	}
	if n, sent := attempts.Load(), len(sb.Messages()); n != 1 || sent != 2 {
		t.Errorf("%d attempts, %d messages; want 1 and 2", n, sent)
	}
}

// Rules are looked at in order, the first with uses left applies, Rules shows the uses left and Reset clears them;
// `to` matches on any channel.
func TestRulesInOrderUntilReset(t *testing.T) {
	sb, _, c, _ := scripted(t, sandbox.Config{}, chatt2me.WithMaxRetries(0))
	script(t, sb,
		sandbox.Rule{Channel: "sms", Times: 2, Status: 503},
		sandbox.Rule{Operation: "sendSMSMessage", Status: 500, ErrorMessage: "always"},
		sandbox.Rule{To: "5511900000000", Status: 404, ErrorMessage: "no such user"})
	status := func(err error) int {
		var apiErr *chatt2me.APIError
		if errors.As(err, &apiErr) {
			return apiErr.HTTPStatus
		}
		return 0
	}
	var got []int
	for i := 0; i < 4; i++ {
		_, err := sendSMS(c, context.Background())
		got = append(got, status(err))
		if i == 0 {
			if rules := sb.Rules(); len(rules) != 3 || rules[0].Times != 1 || rules[1].Times != 0 {
				t.Errorf("rules after one use: %+v", rules)
			}
		}
	}
	_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channel("whatsapp").UUID), "5511900000000", whatsapp.Text("hi"))
	got = append(got, status(err))
	sb.Reset()
	_, err = sendSMS(c, context.Background())
	got = append(got, status(err))
	if want := []int{503, 503, 500, 500, 404, 0}; !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	if rules := sb.Rules(); len(rules) != 0 {
		t.Errorf("rules after Reset: %+v", rules)
	}
}

// A rule the document contradicts, or whose fields do not go together, is refused with what to fix, and Script then
// adds none of the rules it was given.
func TestInvalidRules(t *testing.T) {
	sb, _, _, _ := scripted(t, sandbox.Config{})
	doc := documentNames(t)
	notSMS := "" // a kind of another channel that SMS does not send
	for _, k := range doc.kinds {
		if !slices.Contains(doc.kindsOf["sms"], k) {
			notSMS = k
			break
		}
	}
	cases := []struct {
		rule sandbox.Rule
		want string
	}{
		{sandbox.Rule{Operation: doc.absentOperation, Status: 500}, `unknown operation "` + doc.absentOperation + `" (the document's: ` + strings.Join(doc.operations, ", ") + `)`},
		{sandbox.Rule{Channel: doc.absentChannel, Status: 500}, `unknown channel "` + doc.absentChannel + `" (the document's: ` + strings.Join(doc.channels, ", ") + `)`},
		{sandbox.Rule{Channel: "sms", Operation: "sendWhatsAppMessage", Status: 500}, `operation "sendWhatsAppMessage" is not the send of channel "sms" (sendSMSMessage)`},
		{sandbox.Rule{Operation: "listWebhooks", To: "x", Status: 500}, `operation "listWebhooks" is not a send: to and kind match sends only`},
		{sandbox.Rule{Channel: "sms", Kind: notSMS, Status: 500}, `kind "` + notSMS + `" is not a content kind of channel sms (the document's: ` + strings.Join(doc.kindsOf["sms"], ", ") + `)`},
		{sandbox.Rule{Kind: doc.absentKind, Status: 500}, `kind "` + doc.absentKind + `" is not a content kind of any channel (the document's: ` + strings.Join(doc.kinds, ", ") + `)`},
		{sandbox.Rule{Channel: "sms", Times: -1, Status: 500}, `times must be 0 (every matching request) or more`},
		{sandbox.Rule{Channel: "sms", Delay: -time.Second}, `delay must not be negative`},
		{sandbox.Rule{Channel: "sms", Status: 500, Truncate: true}, `status, drop and truncate exclude one another`},
		{sandbox.Rule{Channel: "sms", Drop: "during"}, `drop must be "before" or "after", not "during"`},
		{sandbox.Rule{Operation: "listWebhooks", Status: 200}, `status 200 refuses a send: the rule must match sends only (set channel, to, kind or a send's operation)`},
		{sandbox.Rule{Status: 200, ErrorCode: "1"}, `status 200 refuses a send: the rule must match sends only (set channel, to, kind or a send's operation)`},
		{sandbox.Rule{Channel: "sms", Status: 302}, `status must be 200 (a refused send) or 400 to 599, not 302`},
		{sandbox.Rule{Channel: "sms", ErrorCode: "1", Delay: time.Second}, `errorCode and errorMessage need a status`},
		{sandbox.Rule{Channel: "sms", Status: 500, RetryAfter: "1"}, `retryAfter goes with status 429 or 503`},
		{sandbox.Rule{Channel: "sms", Status: 429, RetryAfter: "soon"}, `retryAfter must be seconds or an HTTP date such as "Tue, 01 Dec 2026 09:30:00 GMT", not "soon"`},
		{sandbox.Rule{Channel: "sms", Times: 1}, `the rule does nothing: give it a status, drop, truncate, delay, statuses, noStatuses or redeliver`},
		{sandbox.Rule{Operation: "createWebhook", NoStatuses: true}, `statuses, noStatuses and redeliver follow a send: the rule must match sends only (set channel, to, kind or a send's operation)`},
		{sandbox.Rule{Channel: "sms", Status: 429, NoStatuses: true}, `statuses, noStatuses and redeliver follow a send that is sent: not with a status or drop before`},
		{sandbox.Rule{Channel: "sms", Drop: sandbox.DropBefore, Statuses: []sandbox.StatusEvent{{Status: "sent"}}}, `statuses, noStatuses and redeliver follow a send that is sent: not with a status or drop before`},
		{sandbox.Rule{Channel: "sms", NoStatuses: true, Statuses: []sandbox.StatusEvent{{Status: "sent"}}}, `statuses and noStatuses exclude one another`},
		{sandbox.Rule{Channel: "sms", Redeliver: "thrice"}, `redeliver must be "duplicate" or "resigned", not "thrice"`},
		{sandbox.Rule{Channel: "sms", Redeliver: sandbox.Duplicate}, `redeliver needs status events: set statuses, or have the sandbox deliver them (Config.DeliverStatuses, -deliver-statuses)`},
		{sandbox.Rule{Channel: "sms", Statuses: []sandbox.StatusEvent{{Status: "sent"}, {Status: "bounced"}}}, `statuses[1]: the MessageStatus event would not match the document: invalid status: value is not one of the allowed values ["sent","delivered","read","failed"]`},
	}
	for _, tc := range cases {
		err := sb.Script(sandbox.Rule{Channel: "sms", Status: 500}, tc.rule)
		if err == nil || err.Error() != "sandbox: rule 2: "+tc.want {
			t.Errorf("%+v:\n got %v\nwant sandbox: rule 2: %s", tc.rule, err, tc.want)
		}
	}
	if rules := sb.Rules(); len(rules) != 0 {
		t.Errorf("rules added: %+v", rules)
	}
}

// Message.Kind is the content's kind by the document (an image with a caption is an imageUrl, not a text), and
// ChannelID the channel its `from` named, by UUID or alias; GET /sandbox/messages lists both.
func TestMessagesKnowTheirKindAndChannel(t *testing.T) {
	sb, srv, c, _ := scripted(t, sandbox.Config{})
	ctx := context.Background()
	wa := channel("whatsapp")
	sends := []func() error{
		func() error { _, err := sendTemplate(c, ctx); return err },
		func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(wa.UUID), "5511987654321", whatsapp.Image("https://example.com/a.png", whatsapp.Caption("A")))
			return err
		},
		func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromPhone("+"+wa.Alias), "5511987654321", whatsapp.Buttons("Pick", []api.ReplyButton{whatsapp.NewReplyButton("y", "Yes")}))
			return err
		},
		func() error { _, err := sendSMS(c, ctx); return err },
	}
	for _, send := range sends {
		if err := send(); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, m := range sb.Messages() {
		got = append(got, m.Channel+" "+m.ChannelID+" "+m.From+" "+m.Kind())
	}
	want := []string{"whatsapp " + wa.UUID + " " + wa.Alias + " template", "whatsapp " + wa.UUID + " " + wa.UUID + " imageUrl",
		"whatsapp " + wa.UUID + " " + wa.Alias + " interactive", "sms " + channel("sms").UUID + " " + channel("sms").UUID + " text"}
	if !slices.Equal(got, want) {
		t.Errorf("messages\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	status, body := raw(t, srv, http.MethodGet, "/sandbox/messages", "", "")
	var listed struct{ Data []sandbox.Message }
	if err := json.Unmarshal([]byte(body), &listed); status != 200 || err != nil || len(listed.Data) != 4 ||
		listed.Data[1].Kind() != "imageUrl" || listed.Data[1].ChannelID != wa.UUID || !strings.Contains(body, `"kind":"imageUrl"`) {
		t.Errorf("GET /sandbox/messages: %d %s %v", status, body, err)
	}
}

// Over HTTP/2, where a connection cannot be taken over, a drop resets the request's stream and a cut answer ends
// in a reset: the same unknown outcomes.
func TestRuleDropAndTruncateOverHTTP2(t *testing.T) {
	sb, err := sandbox.New(sandbox.Config{APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(sb)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	var protos []string
	proto := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if resp != nil {
			protos = append(protos, resp.Proto)
		}
		return resp, err
	}
	c, _ := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL), chatt2me.WithHTTPClient(srv.Client()),
		chatt2me.WithMiddleware(proto))
	if _, err := sendSMS(c, context.Background()); err != nil || !slices.Equal(protos, []string{"HTTP/2.0"}) {
		t.Fatalf("a send over %v: %v", protos, err)
	}
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 1, Drop: sandbox.DropAfter}, sandbox.Rule{Channel: "sms", Times: 1, Truncate: true})
	for _, want := range []string{"stream error", "reading the answer (HTTP 200)"} {
		if _, err := sendSMS(c, context.Background()); !errors.Is(err, chatt2me.ErrOutcomeUnknown) || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want an unknown outcome with %q", err, want)
		}
	}
	if n := len(sb.Messages()); n != 3 {
		t.Errorf("%d messages, want 3", n)
	}
}

// A request the contract or the API key refuses is refused as always, whatever the rules, and uses none of them.
func TestRulesComeAfterTheContractCheck(t *testing.T) {
	sb, srv, _, _ := scripted(t, sandbox.Config{})
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 1, Drop: sandbox.DropBefore})
	sms := "/v1/communication/sms/message"
	if status, body := raw(t, srv, http.MethodPost, sms, key, `{"from":"`+channel("sms").UUID+`","content":{"text":"hi"}}`); status != 400 ||
		!strings.Contains(body, `property \"to\" is missing`) {
		t.Errorf("a send without to: %d %s", status, body)
	}
	if status, body := raw(t, srv, http.MethodPost, sms, "wrong-key", smsBody()); status != 401 {
		t.Errorf("a wrong key: %d %s", status, body)
	}
	if rules := sb.Rules(); len(rules) != 1 || rules[0].Times != 1 {
		t.Errorf("rules after refused requests: %+v", rules)
	}
}

// names are what the SDK's document names: its operationIds, its channels' packages and their content kinds (each
// sorted), and an operation, channel and kind that it does not have.
type names struct {
	operations, channels, kinds                []string
	kindsOf                                    map[string][]string
	absentOperation, absentChannel, absentKind string
}

// documentNames reads names from the document the SDK embeds (generated.OpenAPI) through the generator's model, not
// from the sandbox, so that the refusals are checked against whatever the document says.
func documentNames(t *testing.T) names {
	t.Helper()
	doc, err := spec.FromMerged(generated.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Build(doc)
	if err != nil {
		t.Fatal(err)
	}
	n := names{kindsOf: map[string][]string{}}
	for _, item := range doc.T.Paths.Map() {
		for _, op := range item.Operations() {
			n.operations = append(n.operations, op.OperationID)
		}
	}
	for _, ch := range m.Channels {
		n.channels = append(n.channels, ch.Package)
		for _, k := range ch.Kinds {
			n.kindsOf[ch.Package] = append(n.kindsOf[ch.Package], k.MainField)
		}
		slices.Sort(n.kindsOf[ch.Package])
		n.kinds = append(n.kinds, n.kindsOf[ch.Package]...)
	}
	for _, list := range []*[]string{&n.operations, &n.channels, &n.kinds} {
		slices.Sort(*list)
		*list = slices.Compact(*list)
	}
	n.absentOperation, n.absentChannel, n.absentKind = absent(n.operations, "sendNoSuchMessage"), absent(n.channels, "nosuch"), absent(n.kinds, "tempalte")
	return n
}

// absent returns name, made longer until the list does not hold it.
func absent(list []string, name string) string {
	for slices.Contains(list, name) {
		name += "x"
	}
	return name
}
