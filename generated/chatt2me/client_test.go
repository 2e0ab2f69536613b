package chatt2me_test

// Hand-written tests of the generated SDK. They use the standard library only, so that they still run after the
// SDK is vendored into another repository.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

const (
	apiKey      = "ck_live_5f2d9a7e-secret"
	channelUUID = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"
)

// recorded is one request the test server received.
type recorded struct {
	method, path, apiKey, userAgent, contentType string
	body                                         string
}

// server answers every request with status and body, and records what it received.
func server(t *testing.T, status int, body string) (*httptest.Server, *[]recorded) {
	t.Helper()
	var got []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, recorded{r.Method, r.URL.Path, r.Header.Get("x-api-key"), r.Header.Get("User-Agent"), r.Header.Get("Content-Type"), string(b)})
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-123")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func newClient(t *testing.T, baseURL string, opts ...chatt2me.Option) *chatt2me.Client {
	t.Helper()
	c, err := chatt2me.New(append([]chatt2me.Option{chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL(baseURL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSendPostsTheExactBody(t *testing.T) {
	srv, got := server(t, 200, `{"messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"enqueued"}`)
	c := newClient(t, srv.URL, chatt2me.WithUserAgent("acme-billing/2.1"))
	res, err := c.WhatsApp.Send(context.Background(), whatsapp.FromPhone("+55 (11) 99398-6082"), "5511993986082",
		whatsapp.Image("https://example.com/a.jpg", whatsapp.Caption("Your receipt")), whatsapp.Reply("wamid.HBgL"))
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageID != "9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e" || res.Status != chatt2me.StatusEnqueued {
		t.Errorf("result %+v", res)
	}
	if len(*got) != 1 {
		t.Fatalf("%d requests", len(*got))
	}
	r := (*got)[0]
	want := `{"from":"5511993986082","to":"5511993986082","content":{"imageUrl":"https://example.com/a.jpg","text":"Your receipt"},"replyTo":{"messageId":"wamid.HBgL"}}`
	if r.body != want {
		t.Errorf("body\n got  %s\n want %s", r.body, want)
	}
	if r.method != http.MethodPost || r.path != "/v1/communication/whatsapp/message" || r.apiKey != apiKey || r.contentType != "application/json" {
		t.Errorf("request %+v", r)
	}
	if r.userAgent != "acme-billing/2.1 chatt2me-go/"+chatt2me.Version {
		t.Errorf("user agent %q", r.userAgent)
	}
}

func TestAPIErrors(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		body       string
		wantStatus int
		wantCode   string
		wantMsg    string
		wantError  string
	}{
		{"refused by the channel", 200, `{"messageId":null,"status":"error","errorMessage":"recipient is not a valid WhatsApp user","errorCode":"130472"}`,
			200, "130472", "recipient is not a valid WhatsApp user", "chatt2me: send refused: recipient is not a valid WhatsApp user (errorCode 130472)"},
		{"bad request", 400, `{"errorMessage":"to: invalid format"}`, 400, "", "to: invalid format", "chatt2me: HTTP 400: to: invalid format"},
		{"unauthorized", 401, `{"errorMessage":"invalid API key","errorCode":"unauthorized"}`, 401, "unauthorized", "invalid API key", "chatt2me: HTTP 401: invalid API key (errorCode unauthorized)"},
		{"unknown channel", 404, `{"errorMessage":"channel not found"}`, 404, "", "channel not found", "chatt2me: HTTP 404: channel not found"},
		{"rate limited, no body", 429, ``, 429, "", "Too Many Requests", "chatt2me: HTTP 429: Too Many Requests"},
		{"server error, not JSON", 502, `<html>bad gateway</html>`, 502, "", "Bad Gateway", "chatt2me: HTTP 502, outcome unknown (the request may have taken effect): Bad Gateway"},
		{"refused, without a message", 200, `{"messageId":null,"status":"error","errorCode":"131026"}`, 200, "131026", "",
			"chatt2me: send refused: no error message (errorCode 131026)"},
		{"error body with a code only", 400, `{"errorCode":"invalid_to"}`, 400, "invalid_to", "Bad Request", "chatt2me: HTTP 400: Bad Request (errorCode invalid_to)"},
		{"empty error body", 404, `{}`, 404, "", "Not Found", "chatt2me: HTTP 404: Not Found"},
		{"error body with unknown fields", 401, `{"errorMessage":"invalid API key","traceId":"t-1","details":[1]}`, 401, "", "invalid API key",
			"chatt2me: HTTP 401: invalid API key"},
		{"2xx that is not a result", 200, `[]`, 200, "", "", "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not a send result: it is a JSON array, not an object"},
		{"2xx without a status", 200, `{}`, 200, "", "", "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not a send result: it has no status"},
		{"2xx of null", 200, `null`, 200, "", "", "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not a send result: it has no status"},
		{"2xx with a messageId only", 200, `{"messageId":"m-1"}`, 200, "", "", "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not a send result: it has no status"},
		{"2xx with a field of the wrong type", 200, `{"messageId":7,"status":"sent"}`, 200, "", "", "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is not a send result: its messageId is a JSON number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := server(t, tc.status, tc.body)
			c := newClient(t, srv.URL)
			_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
			var apiErr *chatt2me.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T), want *chatt2me.APIError", err, err)
			}
			if apiErr.HTTPStatus != tc.wantStatus || apiErr.Code != tc.wantCode || (tc.wantMsg != "" && apiErr.Message != tc.wantMsg) || apiErr.RequestID != "req-123" {
				t.Errorf("APIError %+v", apiErr)
			}
			if !strings.HasPrefix(err.Error(), tc.wantError) {
				t.Errorf("message %q, want %q", err.Error(), tc.wantError)
			}
		})
	}
}

// A send result is read tolerantly: a status the SDK does not know is kept as it came, unknown fields are ignored
// and a missing messageId is empty; none of them is an error.
func TestSendResultTolerance(t *testing.T) {
	cases := []struct {
		name, body string
		want       chatt2me.Result
	}{
		{"the overview page's example", "{\n\"messageId\": \"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e\",\n\"status\": \"sent\"\n}",
			chatt2me.Result{MessageID: "9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e", Status: chatt2me.StatusSent}},
		{"an unknown status", `{"messageId":"m-1","status":"accepted"}`, chatt2me.Result{MessageID: "m-1", Status: "accepted"}},
		{"unknown fields", `{"messageId":"m-2","status":"enqueued","queuePosition":3,"channel":{"id":"c"}}`,
			chatt2me.Result{MessageID: "m-2", Status: chatt2me.StatusEnqueued}},
		{"no messageId", `{"status":"sent"}`, chatt2me.Result{Status: chatt2me.StatusSent}},
		{"a null messageId", `{"messageId":null,"status":"enqueued"}`, chatt2me.Result{Status: chatt2me.StatusEnqueued}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := server(t, 200, tc.body)
			res, err := newClient(t, srv.URL).Telegram.Send(context.Background(), telegram.FromChannel(channelUUID), "123456789", telegram.Text("hi"))
			if err != nil || res != tc.want {
				t.Errorf("got %+v, %v; want %+v, no error", res, err, tc.want)
			}
		})
	}
}

func TestWebChattSessionNotFound(t *testing.T) {
	srv, _ := server(t, 200, `{"messageId":null,"status":"error","errorMessage":"The visitor has no active widget session.","errorCode":"session_not_found"}`)
	c := newClient(t, srv.URL)
	_, err := c.WebChatt.Send(context.Background(), webchatt.FromChannel(channelUUID), "visitor-42", webchatt.Text("hello"))
	var apiErr *chatt2me.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "session_not_found" {
		t.Fatalf("error %v, want an APIError with code session_not_found", err)
	}
}

// Invalid arguments are refused with a *ValidationError naming the field, and nothing reaches the server.
func TestValidationBeforeAnyTraffic(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := newClient(t, srv.URL)
	ctx := context.Background()
	buttons := make([]api.ReplyButton, 4)
	for i := range buttons {
		buttons[i] = whatsapp.NewReplyButton(fmt.Sprint(i), fmt.Sprint("Option ", i))
	}
	cases := []struct {
		send       func() error
		field, msg string
	}{
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Buttons("Pick", buttons))
			return err
		}, "content.interactive.action.buttons", "must have at most 3 item(s) (has 4)"},
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082",
				whatsapp.Buttons("Pick", []api.ReplyButton{whatsapp.NewReplyButton("1", "ABCDEFGHIJKLMNOPQRSTU")}))
			return err
		}, "content.interactive.action.buttons[0].reply.title", "must have at most 20 characters (has 21)"},
		{func() error {
			_, err := c.WebChatt.Send(ctx, webchatt.FromChannel("pk_live_widget"), "visitor-42", webchatt.Text("hi"))
			return err
		}, "from", `must be the channel's UUID, such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "pk_live_widget")`},
		{func() error {
			_, err := c.Telegram.Send(ctx, telegram.FromBot("@acme"), "1", telegram.Text("hi"))
			return err
		}, "from", `"@acme" does not fit: the name after an optional "@" must match ^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$`},
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "+5511993986082", whatsapp.Text("hi"))
			return err
		}, "to", `must match ^[1-9][0-9]{7,14}$ (got "+5511993986082")`},
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text(""))
			return err
		}, "content.text", "must not be empty"},
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.From{}, "5511993986082", whatsapp.Text("hi"))
			return err
		}, "from", "missing; build it with FromChannel or FromPhone"},
		{func() error {
			_, err := c.Telegram.Send(ctx, telegram.FromChannel(channelUUID), "1", telegram.Content{})
			return err
		}, "content", "missing; build it with one of Text, Image, Video, Audio, Document, Sticker, Location, Contact, Contacts, List, Reaction"},
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Template("order_update"))
			return err
		}, "content.template.id", `must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "order_update")`},
		{func() error {
			_, err := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"), whatsapp.Reply(""))
			return err
		}, "replyTo.messageId", "must not be empty"},
	}
	for _, tc := range cases {
		err := tc.send()
		var ve *chatt2me.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("error %v (%T), want *chatt2me.ValidationError for %s", err, err, tc.field)
			continue
		}
		if ve.Field != tc.field || !strings.HasPrefix(ve.Problem, tc.msg) {
			t.Errorf("ValidationError{%q, %q}, want {%q, %q}", ve.Field, ve.Problem, tc.field, tc.msg)
		}
		if want := "chatt2me: invalid " + tc.field + ": "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("message %q does not start with %q", err.Error(), want)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("%d request(s) reached the server", hits.Load())
	}
}

func TestTheAPIKeyIsNeverPrinted(t *testing.T) {
	srv, _ := server(t, 401, `{"errorMessage":"key `+apiKey+` was revoked"}`)
	opt := chatt2me.WithAPIKey(apiKey)
	c, err := chatt2me.New(opt, chatt2me.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, sendErr := c.SMS.Send(context.Background(), sms.FromChannel(channelUUID), "+12025551234", sms.Text("hi"))
	var apiErr *chatt2me.APIError
	if !errors.As(sendErr, &apiErr) {
		t.Fatalf("error %v", sendErr)
	}
	for _, s := range []string{
		fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c), fmt.Sprintf("%+v", *c),
		fmt.Sprintf("%v", opt), fmt.Sprintf("%+v", opt), fmt.Sprintf("%#v", opt), fmt.Sprint(opt),
		sendErr.Error(), fmt.Sprintf("%+v", apiErr), fmt.Sprintf("%#v", apiErr),
	} {
		if strings.Contains(s, apiKey) || strings.Contains(s, "secret") {
			t.Errorf("the API key is visible in %q", s)
		}
	}
	if !strings.Contains(sendErr.Error(), "key [redacted] was revoked") {
		t.Errorf("the key was not redacted from the answer: %v", sendErr)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		opts []chatt2me.Option
		want string
	}{
		{nil, "chatt2me: WithAPIKey: the API key is missing"},
		{[]chatt2me.Option{chatt2me.WithAPIKey(apiKey), chatt2me.WithBaseURL("api.chatt2.me")}, `chatt2me: WithBaseURL: "api.chatt2.me" is not an absolute http(s) URL`},
		{[]chatt2me.Option{chatt2me.WithAPIKey(apiKey), chatt2me.WithTimeout(-time.Second)}, "chatt2me: WithTimeout: negative timeout -1s"},
		{[]chatt2me.Option{chatt2me.WithAPIKey(apiKey), chatt2me.WithHTTPClient(nil)}, "chatt2me: WithHTTPClient: the client is nil"},
	}
	for _, tc := range cases {
		_, err := chatt2me.New(tc.opts...)
		var ce *chatt2me.ConfigError
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("error %v, want a ConfigError %q", err, tc.want)
		}
	}
}

// A key shorter than 16 characters cannot be an Application's: New refuses it with a ConfigError that says what to
// fix without showing it (redacting a one-character key would mangle every message); 16 characters are accepted.
func TestShortAPIKeyIsRefused(t *testing.T) {
	for _, key := range []string{"k", "x9Q", "short-key-0123", strings.Repeat("é", 15)} {
		_, err := chatt2me.New(chatt2me.WithAPIKey(key))
		var ce *chatt2me.ConfigError
		n := utf8.RuneCountInString(key)
		want := fmt.Sprintf("chatt2me: WithAPIKey: the API key is %d characters long, too short to be an Application's key "+
			"(at least 16): pass the key the dashboard showed when it was generated (Application, Settings, API Key)", n)
		if n == 1 {
			want = strings.Replace(want, "1 characters", "1 character", 1)
		}
		if !errors.As(err, &ce) || ce.Option != "WithAPIKey" || err.Error() != want || (n > 1 && strings.Contains(err.Error(), key)) {
			t.Errorf("key of %d characters: error %v, want a ConfigError %q", n, err, want)
		}
	}
	for _, key := range []string{"0123456789abcdef", strings.Repeat("é", 16), apiKey} {
		if _, err := chatt2me.New(chatt2me.WithAPIKey(key)); err != nil {
			t.Errorf("a key of %d characters: %v", utf8.RuneCountInString(key), err)
		}
	}
}

func TestTimeoutAndCancellation(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := newClient(t, srv.URL, chatt2me.WithTimeout(50*time.Millisecond))
	_, err := c.Telegram.Send(context.Background(), telegram.FromChannel(channelUUID), "1", telegram.Text("hi"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the default timeout to expire", err)
	}
	c = newClient(t, srv.URL, chatt2me.WithTimeout(0))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = c.Telegram.Send(ctx, telegram.FromChannel(channelUUID), "1", telegram.Text("hi"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want the caller's cancellation", err)
	}
}

// The low-level oapi-codegen client stays reachable and sends the same key.
func TestLowLevelClient(t *testing.T) {
	srv, got := server(t, 200, `{"data":[],"pagination":{"offset":0,"limit":20,"total":0,"totalPages":0}}`)
	c := newClient(t, srv.URL)
	limit := 20
	resp, err := c.API.ListWebhooksWithResponse(context.Background(), &api.ListWebhooksParams{Limit: &limit})
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON200 == nil || resp.JSON200.Pagination.Limit != 20 {
		t.Errorf("answer %+v", resp)
	}
	if r := (*got)[0]; r.path != "/v1/organization/webhook" || r.apiKey != apiKey || !strings.HasPrefix(r.userAgent, "chatt2me-go/") {
		t.Errorf("request %+v", r)
	}
}

// The low-level client honours WithTimeout as the facade does: a server that does not answer fails the call with
// the client's deadline, whatever the context (one that cannot be cancelled, or one that can, without a deadline);
// an answer that comes in time stays readable until its body is closed.
func TestLowLevelClientHonoursTheTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") == "1" { // an answer in time
			_, _ = io.WriteString(w, `{"data":[],"pagination":{"offset":0,"limit":1,"total":0,"totalPages":0}}`)
			return
		}
		select { // no answer until the client gives up (or long after any timeout of the test)
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
			_, _ = io.WriteString(w, `{"data":[],"pagination":{"offset":0,"limit":20,"total":0,"totalPages":0}}`)
		}
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, chatt2me.WithTimeout(50*time.Millisecond))
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for name, ctx := range map[string]context.Context{"background": context.Background(), "cancellable": cancellable} {
		if _, err := c.API.ListWebhooksWithResponse(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: error %v, want the client's timeout", name, err)
		}
		resp, err := c.API.ListWebhooks(ctx, &api.ListWebhooksParams{Limit: ptr(1)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil || !strings.Contains(string(body), `"limit":1`) {
			t.Errorf("%s: body %s, error %v", name, body, err)
		}
	}
}

func TestMarshalRequestMatchesSend(t *testing.T) {
	srv, got := server(t, 200, `{"messageId":"m","status":"sent"}`)
	c := newClient(t, srv.URL)
	content := telegram.List("Lunch?", "Vote", []api.ListSection{telegram.NewListSection([]api.ListRow{telegram.NewListRow("y", "Yes")})})
	body, err := telegram.MarshalRequest(telegram.FromBot("@acme_bot"), "123", content, telegram.Reply("7"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Telegram.Send(context.Background(), telegram.FromBot("@acme_bot"), "123", content, telegram.Reply("7")); err != nil {
		t.Fatal(err)
	}
	if (*got)[0].body != string(body) {
		t.Errorf("Send posted %s, MarshalRequest returned %s", (*got)[0].body, body)
	}
	var decoded map[string]any
	if err := json.Unmarshal(body, &decoded); err != nil || decoded["from"] != "acme_bot" {
		t.Errorf("body %s: from should be the bot name without @", body)
	}
}

// TestEncodingMatchesEncodingJSON: the generated encoders write, for every kind of value, the bytes encoding/json
// writes for the same api structs.
// TestBooleanOptionTakesItsValue: a boolean option sends the value it is given, false as well as true, and a
// boolean not given is absent.
func TestBooleanOptionTakesItsValue(t *testing.T) {
	from := whatsapp.FromChannel(channelUUID)
	for _, tc := range []struct {
		content whatsapp.Content
		want    string
	}{
		{whatsapp.Audio("https://example.com/a.ogg", whatsapp.Voice(false)), `"content":{"audioUrl":"https://example.com/a.ogg","voice":false}`},
		{whatsapp.Audio("https://example.com/a.ogg", whatsapp.Voice(true)), `"content":{"audioUrl":"https://example.com/a.ogg","voice":true}`},
		{whatsapp.Audio("https://example.com/a.ogg"), `"content":{"audioUrl":"https://example.com/a.ogg"}`},
	} {
		got, err := whatsapp.MarshalRequest(from, "5511993986082", tc.content)
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"from":"` + channelUUID + `","to":"5511993986082",` + tc.want + `}`; string(got) != want {
			t.Errorf("MarshalRequest:\n got %s\nwant %s", got, want)
		}
	}
}

func TestEncodingMatchesEncodingJSON(t *testing.T) {
	from := whatsapp.FromChannel(channelUUID)
	contents := []whatsapp.Content{
		whatsapp.Text("<b>Ünïcode</b> & \"quotes\" \u2028 \x01"),
		whatsapp.Location(-23.5505, -46.633300000000006, whatsapp.Name("Sé")),
		whatsapp.Location(1e-7, 180),
		whatsapp.Contact("Maria", whatsapp.Emails(whatsapp.NewContactEmail("m@example.com", whatsapp.Type("WORK"))),
			whatsapp.Organization(whatsapp.NewContactOrganization())),
		whatsapp.Buttons("Pick", []api.ReplyButton{whatsapp.NewReplyButton("a", "A")}, whatsapp.Header(whatsapp.NewInteractiveVideoHeader("https://example.com/v.mp4")), whatsapp.Footer("f")),
		whatsapp.Template("2bb28b3a-80c6-4a63-a6f3-48701044e514", whatsapp.Components(whatsapp.NewTemplateComponent(api.TemplateComponentTypeHeader,
			[]whatsapp.TemplateParameter{whatsapp.NewTemplateDocumentParameter("https://example.com/a.pdf", whatsapp.Filename("a.pdf"))}))),
		// Inside a oneOf, invalid UTF-8 comes out as oapi-codegen's union leaves it: U+FFFD itself, not \ufffd.
		whatsapp.Template("2bb28b3a-80c6-4a63-a6f3-48701044e514", whatsapp.Components(whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody,
			[]whatsapp.TemplateParameter{whatsapp.NewTemplateTextParameter("bad \xff <b> \u2028 \\ufffd"), whatsapp.NewTemplatePayloadParameter("\x01")}))),
		whatsapp.LinkPayment("Order", "o-1", "https://pay.example.com", 990, []api.PaymentItem{whatsapp.NewPaymentItem("p", "P", 990, 1)},
			whatsapp.Tax(whatsapp.NewPaymentTax(0, 100)), whatsapp.SubtotalCents(990), whatsapp.Currency("BRL")),
		whatsapp.Audio("https://example.com/a.ogg", whatsapp.Voice(false)),
		whatsapp.Audio("https://example.com/a.ogg", whatsapp.Voice(true)),
		whatsapp.Image("https://example.com/a.png", whatsapp.Caption("")),
		whatsapp.List("Pick", "Open", []api.ListSection{whatsapp.NewListSection([]api.ListRow{
			whatsapp.NewListRow("a", "A", whatsapp.Description("")), whatsapp.NewListRow("b", "B", whatsapp.Description("b")),
		}, whatsapp.Title(""))}),
	}
	for _, c := range contents {
		got, err := whatsapp.MarshalRequest(from, "5511993986082", c)
		if err != nil {
			t.Fatalf("%s: %v", c.Kind(), err)
		}
		want, err := json.Marshal(struct {
			From    string `json:"from"`
			To      string `json:"to"`
			Content any    `json:"content"`
		}{channelUUID, "5511993986082", c.Value()})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n generated encoder %s\n encoding/json     %s", c.Kind(), got, want)
		}
	}
}

// TestZeroOptionLeavesTheFieldOut: an option given the zero value of a field whose schema refuses it (an empty
// caption, no emails) sends nothing for that field, and is not a validation error; the last of two options wins.
func TestZeroOptionLeavesTheFieldOut(t *testing.T) {
	from := whatsapp.FromChannel(channelUUID)
	cases := []struct {
		content whatsapp.Content
		want    string
	}{
		{whatsapp.Image("https://example.com/a.png", whatsapp.Caption("")), `{"imageUrl":"https://example.com/a.png"}`},
		{whatsapp.Image("https://example.com/a.png", whatsapp.Caption("first"), whatsapp.Caption("second")), `{"imageUrl":"https://example.com/a.png","text":"second"}`},
		{whatsapp.Contact("Maria", whatsapp.Emails(), whatsapp.FirstName("")), `{"contact":{"name":{"formattedName":"Maria"}}}`},
	}
	for _, c := range cases {
		got, err := whatsapp.MarshalRequest(from, "5511993986082", c.content)
		if err != nil {
			t.Fatalf("%s: %v", c.content.Kind(), err)
		}
		want := `{"from":"` + channelUUID + `","to":"5511993986082","content":` + c.want + `}`
		if string(got) != want {
			t.Errorf("%s:\n got  %s\n want %s", c.content.Kind(), got, want)
		}
	}
}
