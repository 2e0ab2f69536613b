package sandbox_test

// Statuses on cue, deliveries delivered twice, and deliveries that fail and are retried, through the Go API.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// receiver is a webhook endpoint: it answers the endpoint check, records every delivery (body and signature) and
// answers it with next, or 200.
type receiver struct {
	*httptest.Server
	mu         sync.Mutex
	bodies     []string
	signatures []string
	next       http.Handler // nil: 200
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token := r.Header.Get(webhook.ValidationTokenHeader); token != "" {
			_, _ = io.WriteString(w, token)
			return
		}
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, string(body))
		rc.signatures = append(rc.signatures, r.Header.Get(webhook.SignatureHeader))
		next := rc.next
		rc.mu.Unlock()
		if next != nil {
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			next.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(rc.Close)
	return rc
}

// answerWith has the receiver answer deliveries with next (nil: 200).
func (rc *receiver) answerWith(next http.Handler) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.next = next
}

func (rc *receiver) received() (bodies, signatures []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.bodies), slices.Clone(rc.signatures)
}

// statusHook registers a MessageStatus webhook for the receiver, signed or not; it returns the webhook.
func statusHook(t *testing.T, c *chatt2me.Client, rc *receiver, signed bool) *api.Webhook {
	t.Helper()
	in := newWebhook("statuses", rc.URL, api.EventTypeMessageStatus)
	in.RequiresSignature = &signed
	hook, err := c.Webhooks.Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return hook
}

var fixedNow = time.Unix(1765000000, 0)

func statusEvent(channel, messageID, status, extra string) string {
	return fmt.Sprintf(`{"channel":%q,%s"eventType":"MessageStatus","messageId":%q,"status":%q,"timestamp":%d}`,
		channel, extra, messageID, status, fixedNow.Unix())
}

// A rule sets the MessageStatus events after a send (sent, then failed with an error code), even when the sandbox
// delivers none by itself; with DeliverStatuses, noStatuses leaves a send without any.
func TestRuleSetsTheStatusesThatFollow(t *testing.T) {
	for _, deliver := range []bool{false, true} {
		t.Run(fmt.Sprint("DeliverStatuses ", deliver), func(t *testing.T) {
			rc := newReceiver(t)
			sb, _, c, _ := scripted(t, sandbox.Config{HTTPClient: rc.Client(), DeliverStatuses: deliver, Now: func() time.Time { return fixedNow }})
			statusHook(t, c, rc, false)
			script(t, sb,
				sandbox.Rule{Channel: "whatsapp", Times: 1, Statuses: []sandbox.StatusEvent{{Status: "sent"},
					{Status: "failed", ErrorCode: "131026", ErrorMessage: "Message undeliverable"}}},
				sandbox.Rule{Operation: "sendSMSMessage", Times: 1, NoStatuses: true})
			template, err := sendTemplate(c, context.Background())
			if err != nil {
				t.Fatal(err)
			}
			sb.Wait() // the events of different sends may come in any order
			for i := 0; i < 2; i++ {
				if _, err := sendSMS(c, context.Background()); err != nil {
					t.Fatal(err)
				}
				sb.Wait()
			}
			want := []string{statusEvent("whatsapp", template.MessageID, "sent", ""),
				statusEvent("whatsapp", template.MessageID, "failed", `"errorCode":"131026","errorMessage":"Message undeliverable",`)}
			if deliver { // the second SMS, without a rule
				id := sb.Messages()[2].MessageID
				want = append(want, statusEvent("sms", id, "sent", ""), statusEvent("sms", id, "delivered", ""), statusEvent("sms", id, "read", ""))
			}
			if bodies, _ := rc.received(); !slices.Equal(bodies, want) {
				t.Errorf("delivered\n%s\nwant\n%s", strings.Join(bodies, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// A rule delivers each status event twice: a duplicate (same signature), which webhook.Handler refuses as a
// replay, or a delivery signed anew, which it answers as an event already handled: the callback receives each
// event once either way.
func TestRuleRedelivers(t *testing.T) {
	rc := newReceiver(t)
	sb, _, c, _ := scripted(t, sandbox.Config{HTTPClient: rc.Client(), DeliverStatuses: true})
	hook := statusHook(t, c, rc, true)
	var seen sync.Map // status event → times OnStatus received it
	rc.answerWith(&webhook.Handler{Secret: *hook.SigningSecret, Log: slog.New(slog.DiscardHandler),
		OnStatus: func(_ context.Context, s *api.MessageStatus) error {
			n, _ := seen.LoadOrStore(s.MessageId+" "+string(s.Status), new(atomic.Int32))
			n.(*atomic.Int32).Add(1)
			return nil
		}})
	script(t, sb, sandbox.Rule{Channel: "sms", Times: 1, Redeliver: sandbox.Duplicate},
		sandbox.Rule{Channel: "sms", Times: 1, Redeliver: sandbox.Resigned})
	for i := 0; i < 2; i++ {
		if _, err := sendSMS(c, context.Background()); err != nil {
			t.Fatal(err)
		}
		sb.Wait()
	}
	bodies, signatures := rc.received()
	if len(bodies) != 12 {
		t.Fatalf("%d deliveries, want 12", len(bodies))
	}
	for i := 0; i < 12; i += 2 {
		sameSignature := signatures[i] == signatures[i+1]
		if bodies[i] != bodies[i+1] || sameSignature != (i < 6) {
			t.Errorf("deliveries %d and %d: %s %s, %s %s", i, i+1, bodies[i], signatures[i], bodies[i+1], signatures[i+1])
		}
	}
	for i, m := range sb.Messages() {
		for _, status := range []string{"sent", "delivered", "read"} {
			n, _ := seen.Load(m.MessageID + " " + status)
			if got, want := n.(*atomic.Int32).Load(), int32(1); got != want {
				t.Errorf("message %d, %s: OnStatus called %d times, want %d", i, status, got, want)
			}
		}
	}
	logs, err := c.Webhooks.ListLogs(context.Background(), hook.Id, &api.ListWebhookLogsParams{Limit: ptr(50)})
	if err != nil || logs.Pagination.Total != 12 {
		t.Fatalf("logs %+v %v", logs, err)
	}
	for _, l := range logs.Data {
		if l.Status != api.WebhookLogStatusSuccess {
			t.Errorf("log %+v", l)
		}
	}
}

// A delivery the endpoint answers with a non-2xx status, or does not answer in time, is logged Failed with its
// status code (0 for the timeout); RetryLog and RetryLogs deliver again and name the new log entries.
func TestFailedDeliveriesAreLoggedAndRetried(t *testing.T) {
	rc := newReceiver(t)
	client := rc.Client()
	client.Timeout = 200 * time.Millisecond
	sb, _, c, _ := scripted(t, sandbox.Config{HTTPClient: client})
	hook := statusHook(t, c, rc, false)
	script(t, sb, sandbox.Rule{Channel: "sms", Statuses: []sandbox.StatusEvent{{Status: "sent"}}})
	ctx := context.Background()
	sendOne := func(answer http.HandlerFunc) string {
		rc.answerWith(answer)
		res, err := sendSMS(c, ctx)
		if err != nil {
			t.Fatal(err)
		}
		sb.Wait()
		return res.MessageID
	}
	down := sendOne(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down for maintenance", http.StatusInternalServerError)
	})
	release := make(chan struct{}) // the endpoint answers nothing before the sandbox gives up on it
	defer close(release)
	slow := sendOne(func(http.ResponseWriter, *http.Request) { <-release })
	failed := api.WebhookLogStatusFailed
	logs, err := c.Webhooks.ListLogs(ctx, hook.Id, &api.ListWebhookLogsParams{Status: &failed})
	if err != nil || len(logs.Data) != 2 {
		t.Fatalf("failed logs %+v %v", logs, err)
	}
	timedOut, refused := logs.Data[0], logs.Data[1] // newest first
	if *refused.StatusCode != 500 || *refused.ResponseBody != "down for maintenance\n" || *refused.MessageId != down ||
		*timedOut.StatusCode != 0 || timedOut.ResponseBody != nil || *timedOut.MessageId != slow {
		t.Errorf("failed logs: %+v, %+v", refused, timedOut)
	}
	if w, err := c.Webhooks.Get(ctx, hook.Id); err != nil || *w.NumberOfErrors != 2 {
		t.Errorf("numberOfErrors: %+v %v", w, err)
	}

	rc.answerWith(nil) // the endpoint is back
	one, err := c.Webhooks.RetryLog(ctx, hook.Id, refused.Id)
	if err != nil || !one.Success || one.NewLogId == nil {
		t.Fatalf("RetryLog: %+v %v", one, err)
	}
	many, err := c.Webhooks.RetryLogs(ctx, hook.Id, &api.RetryWebhookLogsInput{WebhookLogIds: []string{timedOut.Id, unknownID}})
	if err != nil || len(many.Results) != 2 || !many.Results[0].Success || many.Results[0].NewLogId == nil ||
		many.Results[1].Success || many.Results[1].NewLogId != nil {
		t.Fatalf("RetryLogs: %+v %v", many, err)
	}
	all, err := c.Webhooks.ListLogs(ctx, hook.Id, nil)
	if err != nil || len(all.Data) != 4 {
		t.Fatalf("logs %+v %v", all, err)
	}
	for i, want := range []struct{ id, messageID string }{{*many.Results[0].NewLogId, slow}, {*one.NewLogId, down}} {
		l := all.Data[i]
		if l.Id != want.id || l.Status != api.WebhookLogStatusSuccess || *l.StatusCode != 200 || *l.MessageId != want.messageID {
			t.Errorf("new log %d: %+v, want id %s for message %s", i, l, want.id, want.messageID)
		}
	}
	bodies, _ := rc.received()
	if len(bodies) != 4 || bodies[2] != bodies[0] || bodies[3] != bodies[1] {
		t.Errorf("deliveries %q: the retries are not the events again", bodies)
	}
}

// Wait, called once a send is answered, waits for the deliveries of its MessageStatus events.
func TestWaitCoversTheDeliveriesOfASend(t *testing.T) {
	rc := newReceiver(t)
	sb, _, c, _ := scripted(t, sandbox.Config{HTTPClient: rc.Client(), DeliverStatuses: true})
	statusHook(t, c, rc, false)
	rc.answerWith(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { time.Sleep(time.Millisecond) }))
	for i := 1; i <= 20; i++ {
		if _, err := sendSMS(c, context.Background()); err != nil {
			t.Fatal(err)
		}
		sb.Wait()
		if bodies, _ := rc.received(); len(bodies) != 3*i {
			t.Fatalf("after send %d and Wait, %d deliveries, want %d", i, len(bodies), 3*i)
		}
	}
}
