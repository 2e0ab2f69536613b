package sandbox

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/chatt2me/chatt2me-go/generator/model"
)

// apply answers a request by its rule; act answers it as the API does, acting on it, to the writer it is given.
func (s *Server) apply(w http.ResponseWriter, r *http.Request, rule *Rule, act func(http.ResponseWriter)) {
	if rule.Delay > 0 {
		wait(r.Context(), rule.Delay)
	}
	switch {
	case rule.Status == http.StatusOK:
		writeJSON(w, http.StatusOK, errorBody(rule, map[string]any{"messageId": nil, "status": "error"}))
	case rule.Status != 0:
		if rule.RetryAfter != "" {
			w.Header().Set("Retry-After", rule.RetryAfter)
		}
		writeJSON(w, rule.Status, errorBody(rule, map[string]any{}))
	case rule.Drop == DropBefore:
		closeConnection(w, true)
	case rule.Drop == DropAfter:
		act(httptest.NewRecorder())
		closeConnection(w, true)
	case rule.Truncate:
		answer := httptest.NewRecorder()
		act(answer)
		truncate(w, answer)
	default:
		act(w)
	}
}

// errorBody adds the rule's errorCode and errorMessage, those it has, to body.
func errorBody(rule *Rule, body map[string]any) map[string]any {
	if rule.ErrorCode != "" {
		body["errorCode"] = rule.ErrorCode
	}
	if rule.ErrorMessage != "" {
		body["errorMessage"] = rule.ErrorMessage
	}
	return body
}

// wait waits for d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}

// truncate writes an answer with the Content-Length of its whole body, but only the first half of the body, then
// closes the connection.
func truncate(w http.ResponseWriter, answer *httptest.ResponseRecorder) {
	for k, v := range answer.Header() {
		w.Header()[k] = v
	}
	body := answer.Body.Bytes()
	if len(body) == 0 {
		w.WriteHeader(answer.Code)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(answer.Code)
	_, _ = w.Write(body[:len(body)/2])
	_ = http.NewResponseController(w).Flush()
	closeConnection(w, false)
}

// closeConnection closes the connection of a request, after what was written to w so far: with a TCP reset when
// reset is set, so that the client sees a lost connection. Where the connection cannot be taken over (HTTP/2), it
// aborts the handler, which resets the request's stream.
func closeConnection(w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// defaultStatuses are the MessageStatus events of an accepted send when Config.DeliverStatuses is set.
var defaultStatuses = []StatusEvent{{Status: "sent"}, {Status: "delivered"}, {Status: "read"}}

// statusesAfter returns the MessageStatus events that follow an accepted send, and how they are delivered again:
// the rule's, or else defaultStatuses when Config.DeliverStatuses is set.
func (s *Server) statusesAfter(rule *Rule) ([]StatusEvent, Redelivery) {
	events := []StatusEvent(nil)
	if s.cfg.DeliverStatuses {
		events = defaultStatuses
	}
	if rule == nil {
		return events, ""
	}
	if len(rule.Statuses) > 0 || rule.NoStatuses {
		events = rule.Statuses
	}
	return events, rule.Redeliver
}

// deliverStatuses delivers the MessageStatus events of a message to the MessageStatus webhooks, each a second time
// when redeliver says so; it marks one delivery in flight done (s.wg).
func (s *Server) deliverStatuses(ch model.Channel, messageID string, events []StatusEvent, redeliver Redelivery) {
	defer s.wg.Done()
	for _, e := range events {
		event := e.event(messageID, s.cfg.Now().Unix(), ch.WebhookChannel)
		for _, h := range s.targets("MessageStatus") {
			at := s.cfg.Now()
			s.deliverSigned(h, event, messageID, at)
			switch redeliver {
			case Duplicate:
				s.deliverSigned(h, event, messageID, at)
			case Resigned:
				s.deliverSigned(h, event, messageID, at.Add(time.Second))
			}
		}
	}
}

// event is the MessageStatus event of a message; an empty channel is left out.
func (e StatusEvent) event(messageID string, timestamp int64, channel string) []byte {
	m := map[string]any{"eventType": "MessageStatus", "messageId": messageID, "status": e.Status, "timestamp": timestamp}
	if channel != "" {
		m["channel"] = channel
	}
	if e.ErrorCode != "" {
		m["errorCode"] = e.ErrorCode
	}
	if e.ErrorMessage != "" {
		m["errorMessage"] = e.ErrorMessage
	}
	event, _ := json.Marshal(m)
	return event
}
