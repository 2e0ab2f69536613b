package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
)

// Rule makes the sandbox answer the requests it matches its own way, so that a test sees how a service copes when
// sending goes wrong. It matches by Operation, Channel, To and Kind (an empty one matches anything). Its action is
// an answer (Status), a lost connection (Drop) or a cut answer (Truncate), any of them after a Delay, and, for a
// send, the MessageStatus events that follow it (Statuses, NoStatuses, Redeliver). Every request passes the
// contract check before any rule is looked at, so a rule never hides a bad request. In JSON, as POST /sandbox/rules
// takes it, the fields are named as their tags say and Delay is a Go duration such as "1.5s".
type Rule struct {
	// Operation is the operationId of the requests it matches, such as "sendWhatsAppMessage" or "listWebhooks".
	Operation string `json:"operation,omitempty"`
	// Channel is the kind of channel, such as "whatsapp", whose sends it matches.
	Channel string `json:"channel,omitempty"`
	// To is the `to` of the sends it matches, exactly as sent.
	To string `json:"to,omitempty"`
	// Kind is the content kind of the sends it matches, such as "template" (see Message.Kind).
	Kind string `json:"kind,omitempty"`
	// Times is how many of the matching requests it applies to, the first ones; 0 means every one.
	Times int `json:"times,omitempty"`

	// Status is the HTTP status of the answer it gives instead of the API's: 400 to 599, with a body of ErrorCode
	// and ErrorMessage, or 200 for a send refused with status "error", as the API refuses one.
	Status int `json:"status,omitempty"`
	// ErrorCode is the answer's errorCode, such as the platform's code "132001".
	ErrorCode string `json:"errorCode,omitempty"`
	// ErrorMessage is the answer's errorMessage.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// RetryAfter is the Retry-After header of a 429 or 503 answer: seconds, such as "2", or an HTTP date.
	RetryAfter string `json:"retryAfter,omitempty"`
	// Delay holds the answer back. A client that gives up first sees its own timeout; the request is acted on all
	// the same, once the delay is over or the client's connection is closed.
	Delay time.Duration `json:"-"`
	// Drop loses the connection instead of answering (see DropBefore and DropAfter).
	Drop Drop `json:"drop,omitempty"`
	// Truncate acts on the request and answers as the API does, but the body ends after half its length (its
	// Content-Length promises all of it); an empty body cannot be cut and comes whole.
	Truncate bool `json:"truncate,omitempty"`

	// Statuses are the MessageStatus events delivered after a matching send, in order, instead of sent, delivered
	// and read (Config.DeliverStatuses) or none.
	Statuses []StatusEvent `json:"statuses,omitempty"`
	// NoStatuses delivers no MessageStatus event after a matching send: a message that is never even sent.
	NoStatuses bool `json:"noStatuses,omitempty"`
	// Redeliver delivers each MessageStatus event that follows a matching send a second time (see Duplicate and
	// Resigned), so that a receiver can test its idempotency.
	Redeliver Redelivery `json:"redeliver,omitempty"`
}

// Drop is how a rule loses the connection. The sandbox has read and checked the whole request either way (a client
// that has written its request cannot tell the two apart: the SDK reports a send's as ErrOutcomeUnknown, and
// retries an idempotent request); what differs is what the API did.
type Drop string

const (
	// DropBefore closes the connection without acting on the request: nothing was sent, so sending again is safe.
	DropBefore Drop = "before"
	// DropAfter acts on the request (a send is sent, its statuses follow), then closes the connection without an
	// answer: the outcome is unknown to the client.
	DropAfter Drop = "after"
)

// Redelivery is how a rule delivers the MessageStatus events of a send a second time.
type Redelivery string

const (
	// Duplicate delivers each event twice, the same bytes with the same signature: a replay.
	Duplicate Redelivery = "duplicate"
	// Resigned delivers each event again, the same bytes signed for one second later, as a retry by Hub would be.
	Resigned Redelivery = "resigned"
)

// StatusEvent is one MessageStatus event a rule has delivered after a send. ErrorCode and ErrorMessage, when set,
// are the event's errorCode and errorMessage: properties the document's MessageStatus schema does not describe (the
// public documentation shows none for a failure), which a receiver finds in the raw event (webhook.Event.Raw).
type StatusEvent struct {
	// Status is the event's status, a value the document's MessageStatus schema accepts, such as "failed".
	Status string `json:"status"`
	// ErrorCode is the event's errorCode; empty leaves it out.
	ErrorCode string `json:"errorCode,omitempty"`
	// ErrorMessage is the event's errorMessage; empty leaves it out.
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// ruleFields is Rule without its methods, for its JSON.
type ruleFields Rule

// ruleJSON is a Rule as JSON has it: Delay as a Go duration.
type ruleJSON struct {
	ruleFields
	Delay string `json:"delay,omitempty"`
}

// MarshalJSON writes the rule as POST /sandbox/rules takes it.
func (r Rule) MarshalJSON() ([]byte, error) {
	v := ruleJSON{ruleFields: ruleFields(r)}
	if r.Delay != 0 {
		v.Delay = r.Delay.String()
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads a rule as POST /sandbox/rules takes it; an unknown field is an error.
func (r *Rule) UnmarshalJSON(data []byte) error {
	var v ruleJSON
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*r = Rule(v.ruleFields)
	if v.Delay != "" {
		d, err := time.ParseDuration(v.Delay)
		if err != nil {
			return fmt.Errorf("delay: %q is not a duration such as \"1.5s\"", v.Delay)
		}
		r.Delay = d
	}
	return nil
}

// Script adds rules after those in force. For each request, the first rule in force that matches it applies, and
// uses up one of its Times. A rule that the document contradicts (an unknown operation, channel or kind, a status the
// MessageStatus schema refuses) or whose fields do not go together is an error, and then none is added.
func (s *Server) Script(rules ...Rule) error {
	for i, r := range rules {
		if err := s.checkRule(r); err != nil {
			return fmt.Errorf("sandbox: rule %d: %w", i+1, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rules {
		r.Statuses = slices.Clone(r.Statuses)
		s.rules = append(s.rules, r)
	}
	return nil
}

// Reset removes every rule.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = nil
}

// Rules returns the rules in force, in order, each with the uses it has left as Times (0: every request). A rule
// whose uses are over is no longer in force.
func (s *Server) Rules() []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		r.Statuses = slices.Clone(r.Statuses)
		out[i] = r
	}
	return out
}

// request is what a rule matches of a request: its operation, and for a send its channel's kind, `to` and content
// kind.
type request struct {
	operation, channel, to, kind string
}

func (r *Rule) matches(q request) bool {
	return (r.Operation == "" || r.Operation == q.operation) && (r.Channel == "" || r.Channel == q.channel) &&
		(r.To == "" || r.To == q.to) && (r.Kind == "" || r.Kind == q.kind)
}

// take returns the first rule in force that matches q, having used up one of its uses; nil when none matches.
func (s *Server) take(q request) *Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.rules {
		r := s.rules[i]
		if !r.matches(q) {
			continue
		}
		switch r.Times {
		case 0:
		case 1:
			s.rules = slices.Delete(s.rules, i, i+1)
		default:
			s.rules[i].Times--
		}
		return &r
	}
	return nil
}

// sendRequest is the body of a send, and the kind of its content.
type sendRequest struct {
	From    string          `json:"from"`
	To      string          `json:"to"`
	Content json.RawMessage `json:"content"`
	ReplyTo json.RawMessage `json:"replyTo"`
	kind    string
}

// answer answers a request that passed the contract check: by the first rule that matches it, if any, otherwise as
// the API does.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, op string, params map[string]string, body []byte) {
	q := request{operation: op}
	ch, isSend := s.channels[op]
	var req sendRequest
	if isSend {
		if err := json.Unmarshal(body, &req); err != nil {
			apiError(w, http.StatusBadRequest, "invalid body: %v", err)
			return
		}
		req.kind = s.contentKind(ch, req.Content)
		q.channel, q.to, q.kind = ch.Package, req.To, req.kind
	}
	rule := s.take(q)
	act := func(w http.ResponseWriter) {
		if isSend {
			s.send(w, ch, req, rule)
			return
		}
		s.serveWebhooks(w, r, op, params, body)
	}
	if rule == nil {
		act(w)
		return
	}
	s.apply(w, r, rule, act)
}

// serveRules answers /sandbox/rules: POST adds a rule, or an array of rules, and answers the rules in force (201);
// GET lists them; DELETE removes them all (204).
func (s *Server) serveRules(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		rules, err := readRules(r)
		if err == nil {
			err = s.Script(rules...)
		}
		if err != nil {
			apiError(w, http.StatusBadRequest, "%v", err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"data": s.Rules()})
	case http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Rules()})
	case http.MethodDelete:
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	default:
		apiError(w, http.StatusMethodNotAllowed, "%s is not allowed on /sandbox/rules (POST, GET or DELETE)", r.Method)
	}
}

// readRules reads the body of POST /sandbox/rules (which ServeHTTP has read within maxBody): one rule, or an array
// of them.
func readRules(r *http.Request) ([]Rule, error) {
	var raw json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		return nil, fmt.Errorf("expected a rule {…} or an array of rules [{…}, …]: %v", err)
	}
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		var rules []Rule
		if err := json.Unmarshal(raw, &rules); err != nil {
			return nil, fmt.Errorf("invalid rules: %v", err)
		}
		return rules, nil
	}
	var rule Rule
	if err := json.Unmarshal(raw, &rule); err != nil {
		return nil, fmt.Errorf("invalid rule: %v", err)
	}
	return []Rule{rule}, nil
}

// checkRule checks a rule against the document and itself.
func (s *Server) checkRule(r Rule) error {
	sends, err := s.checkMatch(r)
	if err != nil {
		return err
	}
	if err := checkAnswer(r, sends != nil); err != nil {
		return err
	}
	return s.checkEvents(r, sends != nil)
}

// checkMatch checks what the rule matches; it returns the channels whose sends it may match, nil when it matches
// requests other than sends.
func (s *Server) checkMatch(r Rule) ([]model.Channel, error) {
	var sends []model.Channel
	switch {
	case r.Operation != "" && !s.ops[r.Operation]:
		return nil, fmt.Errorf("unknown operation %q (the document's: %s)", r.Operation, strings.Join(sortedSet(s.ops), ", "))
	case r.Channel != "":
		ch, ok := s.byKind[r.Channel]
		if !ok {
			return nil, fmt.Errorf("unknown channel %q (the document's: %s)", r.Channel, strings.Join(sortedSet(s.kinds()), ", "))
		}
		if r.Operation != "" && r.Operation != ch.OperationID {
			return nil, fmt.Errorf("operation %q is not the send of channel %q (%s)", r.Operation, r.Channel, ch.OperationID)
		}
		sends = []model.Channel{ch}
	case r.Operation != "":
		if ch, ok := s.channels[r.Operation]; ok {
			sends = []model.Channel{ch}
		} else if r.To != "" || r.Kind != "" {
			return nil, fmt.Errorf("operation %q is not a send: to and kind match sends only", r.Operation)
		}
	case r.To != "" || r.Kind != "":
		for _, k := range sortedSet(s.kinds()) {
			sends = append(sends, s.byKind[k])
		}
	}
	if r.Kind == "" {
		return sends, nil
	}
	kinds := map[string]bool{}
	for _, ch := range sends {
		for _, k := range ch.Kinds {
			kinds[k.MainField] = true
		}
	}
	if !kinds[r.Kind] {
		return nil, fmt.Errorf("kind %q is not a content kind of %s (the document's: %s)", r.Kind, sendsOf(r),
			strings.Join(sortedSet(kinds), ", "))
	}
	return sends, nil
}

// sendsOf names the sends a rule matches, for errors.
func sendsOf(r Rule) string {
	switch {
	case r.Channel != "":
		return "channel " + r.Channel
	case r.Operation != "":
		return "operation " + r.Operation
	}
	return "any channel"
}

// checkAnswer checks the answer of a rule that matches only sends, or not only sends.
func checkAnswer(r Rule, sendsOnly bool) error {
	answers := 0
	for _, set := range []bool{r.Status != 0, r.Drop != "", r.Truncate} {
		if set {
			answers++
		}
	}
	switch {
	case r.Times < 0:
		return errors.New("times must be 0 (every matching request) or more")
	case r.Delay < 0:
		return errors.New("delay must not be negative")
	case answers > 1:
		return errors.New("status, drop and truncate exclude one another")
	case r.Drop != "" && r.Drop != DropBefore && r.Drop != DropAfter:
		return fmt.Errorf("drop must be %q or %q, not %q", DropBefore, DropAfter, r.Drop)
	case r.Status == http.StatusOK && !sendsOnly:
		return errors.New("status 200 refuses a send: the rule must match sends only (set channel, to, kind or a send's operation)")
	case r.Status != 0 && r.Status != http.StatusOK && (r.Status < 400 || r.Status > 599):
		return fmt.Errorf("status must be 200 (a refused send) or 400 to 599, not %d", r.Status)
	case r.Status == 0 && (r.ErrorCode != "" || r.ErrorMessage != ""):
		return errors.New("errorCode and errorMessage need a status")
	case r.RetryAfter != "" && r.Status != http.StatusTooManyRequests && r.Status != http.StatusServiceUnavailable:
		return errors.New("retryAfter goes with status 429 or 503")
	case r.RetryAfter != "" && strings.Trim(r.RetryAfter, "0123456789") != "" && !isHTTPDate(r.RetryAfter):
		return fmt.Errorf("retryAfter must be seconds or an HTTP date such as %q, not %q",
			time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC).Format(http.TimeFormat), r.RetryAfter)
	case answers == 0 && r.Delay == 0 && len(r.Statuses) == 0 && !r.NoStatuses && r.Redeliver == "":
		return errors.New("the rule does nothing: give it a status, drop, truncate, delay, statuses, noStatuses or redeliver")
	}
	return nil
}

func isHTTPDate(v string) bool {
	_, err := http.ParseTime(v)
	return err == nil
}

// checkEvents checks the MessageStatus events a rule sets: on a rule matching sends only, that leaves the message
// sent, each event one the document's MessageStatus schema accepts.
func (s *Server) checkEvents(r Rule, sendsOnly bool) error {
	if len(r.Statuses) == 0 && !r.NoStatuses && r.Redeliver == "" {
		return nil
	}
	switch {
	case !sendsOnly:
		return errors.New("statuses, noStatuses and redeliver follow a send: " +
			"the rule must match sends only (set channel, to, kind or a send's operation)")
	case r.Status != 0 || r.Drop == DropBefore:
		return errors.New("statuses, noStatuses and redeliver follow a send that is sent: not with a status or drop before")
	case len(r.Statuses) > 0 && r.NoStatuses:
		return errors.New("statuses and noStatuses exclude one another")
	case r.Redeliver != "" && r.Redeliver != Duplicate && r.Redeliver != Resigned:
		return fmt.Errorf("redeliver must be %q or %q, not %q", Duplicate, Resigned, r.Redeliver)
	case r.Redeliver != "" && (r.NoStatuses || len(r.Statuses) == 0 && !s.cfg.DeliverStatuses):
		return errors.New("redeliver needs status events: " +
			"set statuses, or have the sandbox deliver them (Config.DeliverStatuses, -deliver-statuses)")
	}
	for i, e := range r.Statuses {
		if problem := s.checkStatusEvent(e.event("00000000-0000-4000-8000-000000000000", 0, "")); problem != "" {
			return fmt.Errorf("statuses[%d]: the MessageStatus event would not match the document: %s", i, problem)
		}
	}
	return nil
}

// checkStatusEvent checks a MessageStatus event against the document's schema, when it has one; it returns the
// problem, or "".
func (s *Server) checkStatusEvent(event []byte) string {
	if s.status == nil {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err.Error()
	}
	if err := s.status.VisitJSON(v, s.formats...); err != nil {
		return s.describe(err)
	}
	return ""
}

// kinds returns the package names of the document's channels.
func (s *Server) kinds() map[string]bool {
	out := map[string]bool{}
	for k := range s.byKind {
		out[k] = true
	}
	return out
}

// operationIDs returns the operationIds of a document.
func operationIDs(t *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for _, item := range t.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID != "" {
				out[op.OperationID] = true
			}
		}
	}
	return out
}

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
