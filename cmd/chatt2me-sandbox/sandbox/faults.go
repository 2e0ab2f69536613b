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

// followSend delivers the MessageStatus events that follow an accepted send to the MessageStatus webhooks: the
// rule's, or else defaultStatuses when Config.DeliverStatuses is set; each a second time when the rule says so.
func (s *Server) followSend(ch model.Channel, messageID string, rule *Rule) {
	events, redeliver := []StatusEvent(nil), Redelivery("")
	if s.cfg.DeliverStatuses {
		events = defaultStatuses
	}
	if rule != nil {
		if len(rule.Statuses) > 0 || rule.NoStatuses {
			events = rule.Statuses
		}
		redeliver = rule.Redeliver
	}
	if len(events) == 0 {
		return
	}
	s.wg.Add(1)
	go func() {
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
	}()
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
