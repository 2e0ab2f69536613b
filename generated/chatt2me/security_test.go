package chatt2me_test

// Hand-written tests of what the SDK promises about the API key, redirects, server-provided strings, Retry-After and
// number fields (README, "Security").

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/transport"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// origin is a test server that records the requests it receives: method, path and x-api-key.
type origin struct {
	*httptest.Server
	mu   sync.Mutex
	got  []string
	next http.HandlerFunc
}

func newOrigin(t *testing.T, next http.HandlerFunc) *origin {
	t.Helper()
	o := &origin{next: next}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		o.mu.Lock()
		o.got = append(o.got, r.Method+" "+r.URL.Path+" key="+r.Header.Get("x-api-key"))
		o.mu.Unlock()
		o.next(w, r)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *origin) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.got...)
}

func redirectTo(status int, location string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	}
}

func okSend(w http.ResponseWriter, _ *http.Request) {
	_, _ = io.WriteString(w, `{"messageId":"m-1","status":"sent"}`)
}

// A send is never redirected, with the default client or the caller's: a 3xx is an *APIError naming the Location,
// and the other origin receives nothing.
func TestSendIsNeverRedirected(t *testing.T) {
	other := newOrigin(t, okSend)
	callers := map[string][]chatt2me.Option{"default client": nil, "caller's client": {chatt2me.WithHTTPClient(&http.Client{})}}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, target := range []string{other.URL + "/v1/communication/whatsapp/message", "/v1/communication/whatsapp/elsewhere"} {
			for client, opts := range callers {
				t.Run(fmt.Sprint(client, ", ", status, " to ", target), func(t *testing.T) {
					apiOrigin := newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
						if r.URL.Path == "/v1/communication/whatsapp/elsewhere" {
							okSend(w, r)
							return
						}
						redirectTo(status, target)(w, r)
					})
					c := newClient(t, apiOrigin.URL, opts...)
					res, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
					var apiErr *chatt2me.APIError
					if !errors.As(err, &apiErr) || apiErr.HTTPStatus != status || apiErr.Location != target {
						t.Fatalf("result %+v, error %v (%T): want an *APIError %d with Location %s", res, err, err, status, target)
					}
					if !strings.Contains(err.Error(), "redirected to "+target) {
						t.Errorf("message %q does not name the Location", err)
					}
					if got := errors.Is(err, chatt2me.ErrOutcomeUnknown); got != (status == 303) {
						t.Errorf("outcome unknown %v for %d", got, status)
					}
					if got := apiOrigin.requests(); len(got) != 1 {
						t.Errorf("the API origin received %v, want the send only", got)
					}
				})
			}
		}
	}
	if got := other.requests(); len(got) != 0 {
		t.Errorf("the other origin received %v", got)
	}
}

// The low-level client follows redirects only within the API's origin and only for GET and HEAD; the key never
// leaves the origin, whatever the caller's client would do.
func TestLowLevelClientRedirects(t *testing.T) {
	other := newOrigin(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{}`) })
	page := `{"data":[],"pagination":{"offset":0,"limit":20,"total":0,"totalPages":0}}`
	newAPI := func(t *testing.T, location func(apiURL string) string) *origin {
		var o *origin
		o = newOrigin(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/moved" {
				_, _ = io.WriteString(w, page)
				return
			}
			redirectTo(http.StatusFound, location(o.URL))(w, r)
		})
		return o
	}
	// The caller's client follows every redirect (the default policy) and has a cookie jar.
	jar, _ := cookiejar.New(nil)
	callerTransport := &http.Transport{}
	caller := &http.Client{Transport: callerTransport, Jar: jar, Timeout: time.Minute}
	before := *caller
	for _, tc := range []struct {
		name    string
		opts    []chatt2me.Option
		request func(c *chatt2me.Client) (int, error)
		target  func(apiURL string) string
		status  int      // the status the caller sees
		want    []string // the requests the API origin receives
	}{
		{"GET, same origin: followed with the key", nil, listWebhooks, func(u string) string { return u + "/moved" },
			200, []string{"GET /v1/organization/webhook key=" + apiKey, "GET /moved key=" + apiKey}},
		{"GET, other origin: not followed", nil, listWebhooks, func(string) string { return other.URL + "/moved" },
			302, []string{"GET /v1/organization/webhook key=" + apiKey}},
		{"GET, other origin, caller's client: not followed", []chatt2me.Option{chatt2me.WithHTTPClient(caller)}, listWebhooks,
			func(string) string { return other.URL + "/moved" }, 302, []string{"GET /v1/organization/webhook key=" + apiKey}},
		{"POST, same origin: not followed", []chatt2me.Option{chatt2me.WithHTTPClient(caller)}, createWebhook,
			func(u string) string { return u + "/moved" }, 302, []string{"POST /v1/organization/webhook key=" + apiKey}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAPI(t, tc.target)
			c := newClient(t, a.URL, tc.opts...)
			status, err := tc.request(c)
			if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			if got := a.requests(); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("the API origin received\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	if got := other.requests(); len(got) != 0 {
		t.Errorf("the other origin received %v", got)
	}
	if caller.Transport != before.Transport || caller.Jar != before.Jar || caller.Timeout != before.Timeout || caller.CheckRedirect != nil {
		t.Errorf("New changed the caller's client: %+v, was %+v", caller, before)
	}
}

func listWebhooks(c *chatt2me.Client) (int, error) {
	resp, err := c.API.ListWebhooksWithResponse(context.Background(), &api.ListWebhooksParams{})
	if err != nil {
		return 0, err
	}
	return resp.StatusCode(), nil
}

func createWebhook(c *chatt2me.Client) (int, error) {
	resp, err := c.API.CreateWebhookWithResponse(context.Background(), api.CreateWebhookInput{Label: "l", Endpoint: "https://example.com/h",
		EventType: api.EventTypeMessageStatus, AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication})
	if err != nil {
		return 0, err
	}
	return resp.StatusCode(), nil
}

// The key is sent to the configured origin only: not to another port of the same host, not to a host a middleware
// points the request at, and the caller's own redirect policy still runs within the origin.
func TestTheKeyStaysOnItsOrigin(t *testing.T) {
	other := newOrigin(t, okSend)
	a := newOrigin(t, okSend)
	elsewhere := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		r := req.Clone(req.Context())
		r.URL.Host = strings.TrimPrefix(other.URL, "http://")
		r.Host = ""
		return next(r)
	}
	c := newClient(t, a.URL, chatt2me.WithMiddleware(elsewhere))
	if _, err := c.Telegram.Send(context.Background(), telegram.FromChannel(channelUUID), "1", telegram.Text("hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := listWebhooks(c); err != nil {
		t.Fatal(err)
	}
	if got := other.requests(); len(got) != 2 || strings.Contains(strings.Join(got, " "), apiKey) {
		t.Errorf("the other origin received %v: want two requests without the key", got)
	}
	if got := a.requests(); len(got) != 0 {
		t.Errorf("the API origin received %v", got)
	}

	var policy []string
	caller := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		policy = append(policy, req.URL.Path)
		return http.ErrUseLastResponse
	}}
	var b *origin
	b = newOrigin(t, func(w http.ResponseWriter, r *http.Request) { redirectTo(http.StatusFound, b.URL+"/moved")(w, r) })
	c = newClient(t, b.URL, chatt2me.WithHTTPClient(caller))
	if status, err := listWebhooks(c); err != nil || status != http.StatusFound {
		t.Fatalf("status %d, error %v", status, err)
	}
	if strings.Join(policy, ",") != "/moved" || len(b.requests()) != 1 {
		t.Errorf("the caller's CheckRedirect saw %v, the origin received %v", policy, b.requests())
	}
}

// Authorize sets the key only on requests for the API's origin.
func TestAuthorizeRefusesOtherOrigins(t *testing.T) {
	tr, err := transport.New("https://api.example.com:8443/base", "ua", transport.WithAPIKey(apiKey))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"https://api.example.com:8443/v1/x", true},
		{"https://API.example.com:8443/v1/x", true},
		{"https://api.example.com/v1/x", false},
		{"http://api.example.com:8443/v1/x", false},
		{"https://api.example.com.evil:8443/v1/x", false},
	} {
		req, _ := http.NewRequest(http.MethodGet, tc.url, nil)
		err := tr.Authorize(context.Background(), req)
		if got := req.Header.Get("x-api-key") == apiKey; got != tc.want || (err == nil) != tc.want {
			t.Errorf("%s: key set %v, error %v", tc.url, got, err)
		}
		if err != nil && strings.Contains(err.Error(), apiKey) {
			t.Errorf("%s: the error shows the key: %v", tc.url, err)
		}
	}
}

// Every string the server sends back is redacted, in err.Error(), %+v and %#v, and in what the Logger writes.
func TestServerStringsAreRedacted(t *testing.T) {
	k := apiKey
	bodies := map[int]string{
		200: `{"messageId":"id-` + k + `","status":"error","errorCode":"code-` + k + `","errorMessage":"message ` + k + `"}`,
		400: `{"messageId":"id-` + k + `","status":"` + k + `","errorCode":"code-` + k + `","errorMessage":"message ` + k + `"}`,
		302: `{"errorCode":"` + k + `","errorMessage":"` + k + `"}`,
		429: `{"errorCode":"` + k + `","errorMessage":"` + k + `"}`,
		500: `{"errorCode":"` + k + `","errorMessage":"` + k + `"}`,
		201: `{"messageId":7,"status":"sent","x":"` + k + `"}`,
	}
	for status, body := range bodies {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for _, h := range []string{"X-Request-Id", "Location", "Retry-After", "X-Echo", "Set-Cookie", "Www-Authenticate", "Content-Type"} {
					w.Header().Set(h, "echo "+r.Header.Get("x-api-key"))
				}
				w.Header().Set(k, k)
				w.WriteHeader(status)
				_, _ = io.WriteString(w, body)
			}))
			defer srv.Close()
			var logs strings.Builder
			echo := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
				req.Header.Set("X-Echo", "echo "+req.Header.Get("x-api-key"))
				return next(req)
			}
			c := newClient(t, srv.URL+"/"+k, chatt2me.WithMaxRetries(0), chatt2me.WithMiddleware(echo,
				chatt2me.Logger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))))
			res, err := c.WebChatt.Send(context.Background(), webchatt.FromChannel(channelUUID), "visitor", webchatt.Text("hi"))
			var apiErr *chatt2me.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T)", err, err)
			}
			_, lowErr := listWebhooks(c) // its error, if any, comes from oapi-codegen's parsing of the answer
			if lowErr != nil && strings.Contains(lowErr.Error(), k) {
				t.Errorf("the low-level client's error shows the key: %v", lowErr)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", apiErr), fmt.Sprintf("%#v", apiErr),
				fmt.Sprintf("%+v", res), fmt.Sprintf("%#v", res), logs.String()} {
				if strings.Contains(s, k) {
					t.Errorf("the key is visible in %s", s)
				}
			}
			if !strings.Contains(logs.String(), "[redacted]") || !strings.Contains(logs.String(), "status="+fmt.Sprint(status)) {
				t.Errorf("log: %s", logs.String())
			}
		})
	}
}

// Retry-After is parsed without overflow, and a wait beyond the cap or the deadline gives up at once with the 429.
func TestRetryAfterIsCapped(t *testing.T) {
	years := time.Now().AddDate(30, 0, 0).UTC().Format(http.TimeFormat)
	for _, tc := range []struct {
		name, retryAfter string
		opts             []chatt2me.Option
	}{
		{"seconds that overflow a Duration", "9223372037", nil},
		{"seconds beyond int64", "99999999999999999999999", nil},
		{"decades, no deadline", "999999999", nil},
		{"a date years ahead", years, nil},
		{"beyond the default cap", fmt.Sprint(int64(chatt2me.DefaultMaxRetryAfter/time.Second) + 1), nil},
		{"beyond WithMaxRetryAfter", "2", []chatt2me.Option{chatt2me.WithMaxRetryAfter(time.Second)}},
		{"any wait, WithMaxRetryAfter(0)", "1", []chatt2me.Option{chatt2me.WithMaxRetryAfter(0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var attempts int
			var mu sync.Mutex
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				mu.Lock()
				attempts++
				mu.Unlock()
				answer(429, `{"errorMessage":"slow down"}`, "Retry-After", tc.retryAfter)(w, nil)
			}))
			defer srv.Close()
			c := newClient(t, srv.URL, append([]chatt2me.Option{chatt2me.WithTimeout(0)}, tc.opts...)...)
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
				done <- err
			}()
			select {
			case err := <-done:
				var apiErr *chatt2me.APIError
				if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 429 || err.Error() != "chatt2me: HTTP 429: slow down" {
					t.Errorf("error %v (%T), want the 429", err, err)
				}
				if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
					t.Errorf("gave up after %s, want at once", elapsed)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("still waiting after 5 s")
			}
			mu.Lock()
			defer mu.Unlock()
			if attempts != 1 {
				t.Errorf("%d attempts, want 1 (no early retry)", attempts)
			}
		})
	}
	if _, err := chatt2me.New(chatt2me.WithAPIKey(apiKey), chatt2me.WithMaxRetryAfter(-time.Second)); err == nil ||
		err.Error() != "chatt2me: WithMaxRetryAfter: negative wait -1s" {
		t.Errorf("negative cap: %v", err)
	}
}

// A success larger than the 1 MiB limit may have been sent: the error says the outcome is unknown.
func TestOversizedSuccessIsAnUnknownOutcome(t *testing.T) {
	huge := `{"messageId":"m-1","status":"sent","padding":"` + strings.Repeat("x", 1<<20) + `"}`
	srv, _ := server(t, 200, huge)
	c := newClient(t, srv.URL)
	_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Text("hi"))
	var apiErr *chatt2me.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, chatt2me.ErrOutcomeUnknown) {
		t.Fatalf("error %v (%T)", err, err)
	}
	if want := "chatt2me: HTTP 200, outcome unknown (the request may have taken effect): the answer is larger than 1 MiB"; err.Error() != want {
		t.Errorf("message\n %q, want\n %q", err.Error(), want)
	}
}

// NaN and infinities are refused before any traffic, with a *ValidationError, by Send and MarshalRequest alike.
func TestNonFiniteNumbersAreRefused(t *testing.T) {
	var hits int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { mu.Lock(); hits++; mu.Unlock() }))
	defer srv.Close()
	c := newClient(t, srv.URL)
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		lat, long float64
		field     string
	}{
		{nan, 0, "content.location.latitude"}, {0, nan, "content.location.longitude"},
		{inf, 0, "content.location.latitude"}, {0, -inf, "content.location.longitude"}, {-inf, inf, "content.location.latitude"},
	} {
		ctx := context.Background()
		sends := map[string]func() []error{
			"whatsapp": func() []error {
				_, sendErr := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Location(tc.lat, tc.long))
				_, marshalErr := whatsapp.MarshalRequest(whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Location(tc.lat, tc.long))
				return []error{sendErr, marshalErr}
			},
			"telegram": func() []error {
				_, sendErr := c.Telegram.Send(ctx, telegram.FromChannel(channelUUID), "1", telegram.Location(tc.lat, tc.long))
				_, marshalErr := telegram.MarshalRequest(telegram.FromChannel(channelUUID), "1", telegram.Location(tc.lat, tc.long))
				return []error{sendErr, marshalErr}
			},
			"webchatt": func() []error {
				_, sendErr := c.WebChatt.Send(ctx, webchatt.FromChannel(channelUUID), "v", webchatt.Location(tc.lat, tc.long))
				_, marshalErr := webchatt.MarshalRequest(webchatt.FromChannel(channelUUID), "v", webchatt.Location(tc.lat, tc.long))
				return []error{sendErr, marshalErr}
			},
		}
		for channel, send := range sends {
			for _, err := range send() {
				var ve *chatt2me.ValidationError
				if !errors.As(err, &ve) || ve.Field != tc.field || !strings.HasPrefix(ve.Problem, "must be a finite number") {
					t.Errorf("%s Location(%v, %v): error %v, want a *ValidationError for %s", channel, tc.lat, tc.long, err, tc.field)
				}
			}
		}
	}
	if hits != 0 {
		t.Errorf("%d request(s) reached the server", hits)
	}
}

// The caller's client value is not changed by New, with or without middleware.
func TestTheCallersClientIsUnchanged(t *testing.T) {
	check := func(name string, opts ...chatt2me.Option) {
		caller := &http.Client{Timeout: time.Second}
		before := *caller
		if _, err := chatt2me.New(append([]chatt2me.Option{chatt2me.WithAPIKey(apiKey), chatt2me.WithHTTPClient(caller)}, opts...)...); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*caller, before) {
			t.Errorf("%s: the caller's client became %+v, was %+v", name, *caller, before)
		}
	}
	check("plain")
	check("with middleware", chatt2me.WithMiddleware(chatt2me.Logger(slog.New(slog.DiscardHandler))))
	if http.DefaultClient.CheckRedirect != nil || http.DefaultClient.Transport != nil {
		t.Errorf("http.DefaultClient was changed: %+v", http.DefaultClient)
	}
}

// jsonEscape writes s as JSON string content with every character for which escape is true as a \uXXXX escape
// (upper-case hex when upper), and every slash as \/.
func jsonEscape(s string, upper bool, escape func(i int) bool) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case escape(i) && upper:
			fmt.Fprintf(&b, `\u%04X`, r)
		case escape(i):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == '/':
			b.WriteString(`\/`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The key is redacted from every string of a typed answer however the server escaped it in JSON: each character as
// \uXXXX, some of them, upper-case hex, \/ for a slash, beside other escapes; a string without the key keeps its
// escaped characters.
func TestEscapedKeysAreRedactedInTypedAnswers(t *testing.T) {
	for _, key := range []string{apiKey, "ck_live/5f2d9a7e/secret"} {
		escapings := map[string]string{
			"every character":   jsonEscape(key, false, func(int) bool { return true }),
			"every other":       jsonEscape(key, false, func(i int) bool { return i%2 == 0 }),
			"upper-case hex":    jsonEscape(key, true, func(i int) bool { return i%3 == 1 }),
			"slashes only":      jsonEscape(key, false, func(int) bool { return false }),
			"the first only":    jsonEscape(key, false, func(i int) bool { return i == 0 }),
			"beside other ones": `tab\there \"` + jsonEscape(key, false, func(i int) bool { return i == len(key)-1 }) + `\" caf\u00e9`,
		}
		for name, escaped := range escapings {
			t.Run(key+"/"+name, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					_, _ = io.WriteString(w, `{"id":"a\u0062c","applicationId":"app","active":true,"eventType":"Message",`+
						`"label":"`+escaped+`","headers":[{"key":"X-`+escaped+`","value":"v"}],"scope":"\u00e9\/\"\\"}`)
				}))
				defer srv.Close()
				c, err := chatt2me.New(chatt2me.WithAPIKey(key), chatt2me.WithBaseURL(srv.URL))
				if err != nil {
					t.Fatal(err)
				}
				w, err := c.Webhooks.Get(context.Background(), "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")
				if err != nil {
					t.Fatal(err)
				}
				shown := fmt.Sprintf("%+v %s %+v", *w, *w.Label, *w.Headers)
				if strings.Contains(shown, key) || !strings.Contains(*w.Label, "[redacted]") || !strings.Contains((*w.Headers)[0].Key, "[redacted]") {
					t.Errorf("the key survives: label %q, headers %+v", *w.Label, *w.Headers)
				}
				if w.Id != "abc" || *w.Scope != `é/"\` {
					t.Errorf("strings without the key changed: id %q, scope %q", w.Id, *w.Scope)
				}
			})
		}
	}
}

// An argument that is the key (a mistake any caller can make) is refused without showing it: every error a call of
// the client returns has the key redacted, a *ValidationError that errors.As finds included, and nothing is sent.
// So has a transport error of the low-level client, whose URL holds the argument.
func TestRefusedArgumentsDoNotShowTheKey(t *testing.T) {
	o := newOrigin(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newClient(t, o.URL, chatt2me.WithTimeout(50*time.Millisecond))
	ctx := context.Background()
	const uuidProblem = `must be a UUID such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "[redacted]")`
	var walkErr error
	for _, err := range c.Webhooks.AllLogs(ctx, apiKey, nil) {
		walkErr = err
	}
	_, getErr := c.Webhooks.Get(ctx, apiKey)
	_, createErr := c.Webhooks.Create(ctx, &api.CreateWebhookInput{Label: "orders", Endpoint: apiKey, EventType: api.EventTypeMessage,
		AuthenticationProtocol: api.AuthenticationProtocolNoAuthentication})
	_, fromErr := c.WhatsApp.Send(ctx, whatsapp.FromChannel(apiKey), "5511993986082", whatsapp.Text("hi"))
	_, imageErr := c.WhatsApp.Send(ctx, whatsapp.FromChannel(channelUUID), "5511993986082", whatsapp.Image("https://x/"+apiKey+" y"))
	for _, tc := range []struct {
		name  string
		err   error
		field string
		want  string
	}{
		{"Webhooks.Get", getErr, "webhookId", uuidProblem},
		{"Webhooks.AllLogs", walkErr, "webhookId", uuidProblem},
		{"Webhooks.Create", createErr, "endpoint", `must match ^https://[^\s]+$ (got "[redacted]")`},
		{"WhatsApp.Send, from", fromErr, "from", `must be the channel's UUID, such as eba8d8ef-ec4d-41ad-825f-9a60ccda49bf (got "[redacted]")`},
		{"WhatsApp.Send, content", imageErr, "content.imageUrl", `must match ^https://[^\s]+$ (got "https://x/[redacted] y")`},
	} {
		var ve *chatt2me.ValidationError
		if !errors.As(tc.err, &ve) || ve.Field != tc.field || ve.Problem != tc.want || tc.err.Error() != "chatt2me: invalid "+tc.field+": "+tc.want {
			t.Errorf("%s: error %v, want a ValidationError of %s: %s", tc.name, tc.err, tc.field, tc.want)
		}
	}
	if got := o.requests(); len(got) != 0 {
		t.Errorf("requests sent: %q", got)
	}
	_, lowErr := c.API.GetWebhookWithResponse(ctx, apiKey)
	var urlErr *url.Error
	if !errors.As(lowErr, &urlErr) || strings.Contains(lowErr.Error(), apiKey) || strings.Contains(urlErr.URL, apiKey) ||
		!strings.HasSuffix(urlErr.URL, "/v1/organization/webhook/[redacted]") {
		t.Errorf("the low-level client's error %v (URL %v)", lowErr, urlErr)
	}
}
