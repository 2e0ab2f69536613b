// Package sandbox is an in-memory stand-in for the Hub Chatt2.me API, for examples and for your own tests. Every
// request is checked against the merged OpenAPI document the SDK was generated from (kin-openapi's openapi3filter)
// and the x-api-key header; sends answer as the API does for each channel (the channel rules of the document), Web
// Chatt needs an open visitor session, webhooks are managed in memory and receive signed MessageStatus events.
//
//	sb, _ := sandbox.New(sandbox.Config{APIKey: "test-api-key-0001"})
//	srv := httptest.NewServer(sb)
//	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))
//
// Routes outside the API, for tests: POST /sandbox/webchatt/sessions {"visitorId": "…"} opens a Web Chatt session;
// GET /sandbox/messages lists what was sent; POST /sandbox/inbound {"channelId", "from", "text"} (or "content", any
// content object the document's Message schema accepts, instead of "text") delivers a Message event to the Message
// webhooks; POST, GET and DELETE /sandbox/rules add, list and clear the rules that make it fail on cue (Rule,
// Server.Script); GET /openapi.yaml serves the contract.
package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/chatt2me/chatt2me-go/generated"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/pattern"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// ApplicationID is the id of the sandbox's one Application.
const ApplicationID = "5a9f2c1e-0000-4000-8000-00000000a001"

// Channel is a connected channel: the package of its kind (such as "whatsapp"), its UUID and its alternate `from`
// (empty when the kind has none).
type Channel struct {
	Kind  string
	UUID  string
	Alias string
}

// Config configures a sandbox.
type Config struct {
	// APIKey is the key requests must carry in x-api-key.
	APIKey string
	// Channels are the connected channels; nil means DefaultChannels.
	Channels []Channel
	// DeliverStatuses sends MessageStatus events (sent, delivered, read) to MessageStatus webhooks after each
	// accepted send, unless a rule sets others (Rule.Statuses, Rule.NoStatuses).
	DeliverStatuses bool
	// HTTPClient delivers webhooks; nil means a client with a 5-second timeout. A delivery answered with a non-2xx
	// status, or not at all, is logged Failed with the status code (0 when there is none).
	HTTPClient *http.Client
	// Now returns the time; nil means time.Now.
	Now func() time.Time
	// Contract is the merged OpenAPI document to answer by, such as the openapi.yaml of an SDK generated from
	// other documents; nil means the SDK's own (generated.OpenAPI).
	Contract []byte
}

// Message is a message the sandbox accepted: Channel is the package of its channel's kind, ChannelID the UUID of the
// connected channel its `from` named (by UUID or alias), and Kind its content kind.
type Message struct {
	Channel   string          `json:"channel"`
	ChannelID string          `json:"channelId"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	Content   json.RawMessage `json:"content"`
	ReplyTo   json.RawMessage `json:"replyTo,omitempty"`
	MessageID string          `json:"messageId"`
	Status    string          `json:"status"`
	kind      string
}

// Server is the sandbox; it is an http.Handler and safe for concurrent use.
type Server struct {
	cfg      Config
	document []byte // the contract, served at /openapi.yaml
	router   routers.Router
	formats  []openapi3.SchemaValidationOption // formatOptions
	patterns map[*openapi3.Schema]string       // the document's text of each translated pattern
	message  *openapi3.Schema                  // the Message event's schema, nil when the document has none
	status   *openapi3.Schema                  // the MessageStatus event's schema, nil when the document has none
	schemas  openapi3.Schemas                  // the document's component schemas (content kinds)
	ops      map[string]bool                   // the document's operationIds
	channels map[string]model.Channel          // by operationId
	byKind   map[string]model.Channel          // by package

	mu       sync.Mutex
	messages []Message
	rules    []Rule // in force, in order; Times counts the uses left
	sessions map[string]bool
	webhooks map[string]*hook
	order    []string // webhook ids, oldest first
	logs     map[string]*logEntry
	wg       sync.WaitGroup // deliveries in flight
}

type hook struct {
	data   map[string]any // the Webhook object as the API returns it
	secret string
	logIDs []string
}

type logEntry struct {
	data  map[string]any
	event []byte
}

// loaded is the merged document (generated.OpenAPI) and its model.
type loaded struct {
	doc   *spec.Document
	model *model.Model
}

// contract loads the SDK's own contract once per process; it is only read afterwards (the router is built on a
// fresh copy of the document).
var contract = sync.OnceValues(func() (loaded, error) { return load(generated.OpenAPI) })

func load(merged []byte) (loaded, error) {
	doc, err := spec.FromMerged(merged)
	if err != nil {
		return loaded{}, err
	}
	m, err := model.Build(doc)
	return loaded{doc, m}, err
}

// New returns a sandbox answering by the contract (cfg.Contract, or generated.OpenAPI).
func New(cfg Config) (*Server, error) {
	c, err := contract()
	document := generated.OpenAPI
	if cfg.Contract != nil {
		c, err = load(cfg.Contract)
		document = cfg.Contract
	}
	if err != nil {
		return nil, err
	}
	doc, m := c.doc, c.model
	t, err := doc.Fresh()
	if err != nil {
		return nil, err
	}
	t.Servers = nil // match requests on any host
	patterns, err := translatePatterns(t)
	if err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(t)
	if err != nil {
		return nil, err
	}
	if cfg.APIKey == "" {
		return nil, errors.New("sandbox: an API key is required")
	}
	if cfg.Channels == nil {
		cfg.Channels = defaultChannels(m)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, document: document, router: router, formats: formatOptions(), patterns: patterns,
		channels: map[string]model.Channel{}, byKind: map[string]model.Channel{},
		sessions: map[string]bool{}, webhooks: map[string]*hook{}, logs: map[string]*logEntry{}}
	if ref := t.Components.Schemas["Message"]; ref != nil {
		s.message = ref.Value
	}
	if ref := t.Components.Schemas["MessageStatus"]; ref != nil {
		s.status = ref.Value
	}
	s.schemas, s.ops = t.Components.Schemas, operationIDs(t)
	for _, ch := range m.Channels {
		s.channels[ch.OperationID] = ch
		s.byKind[ch.Package] = ch
	}
	for _, c := range cfg.Channels {
		if _, ok := s.byKind[c.Kind]; !ok {
			return nil, fmt.Errorf("sandbox: unknown channel kind %q", c.Kind)
		}
	}
	return s, nil
}

// DefaultChannels is one channel per kind of the contract, with a UUID derived from the kind's name (stable across
// runs) and, where the kind has an alternate `from`, a sample alias that fits its rule.
func DefaultChannels() []Channel {
	c, err := contract()
	if err != nil {
		return nil
	}
	return defaultChannels(c.model)
}

func defaultChannels(m *model.Model) []Channel {
	var out []Channel
	for _, ch := range m.Channels {
		c := Channel{Kind: ch.Package, UUID: stableUUID(ch.Package)}
		for _, a := range ch.From {
			if a.Shape.Patterned() {
				c.Alias = a.Shape.Sample(a.Pattern)
			}
		}
		out = append(out, c)
	}
	return out
}

func stableUUID(name string) string {
	sum := sha1.Sum([]byte("chatt2me-sandbox/" + name))
	sum[6] = sum[6]&0x0f | 0x50 // version 5
	sum[8] = sum[8]&0x3f | 0x80
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// Channels returns the connected channels.
func (s *Server) Channels() []Channel { return append([]Channel(nil), s.cfg.Channels...) }

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// OpenSession opens a Web Chatt session for a visitor.
func (s *Server) OpenSession(visitorID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[visitorID] = true
}

// Wait blocks until every webhook delivery in flight is done.
func (s *Server) Wait() { s.wg.Wait() }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, map[string]string{"errorMessage": fmt.Sprintf(format, args...)})
}

// maxBody is the largest request body the sandbox reads, on every route; a larger one is answered 413.
const maxBody = 1 << 20

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		apiError(w, http.StatusRequestEntityTooLarge, "the body is larger than 1 MiB")
		return
	case err != nil:
		apiError(w, http.StatusBadRequest, "the body could not be read")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/openapi.yaml":
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(s.document)
		return
	case strings.HasPrefix(r.URL.Path, "/sandbox/"):
		s.serveSandbox(w, r)
		return
	}
	route, params, err := s.Validate(r)
	var refused *RequestError
	if errors.As(err, &refused) {
		apiError(w, refused.Status, "%s", refused.Message)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.answer(w, r, route.Operation.OperationID, params, body)
}

// describe turns a validation error into a message naming the field, such as "invalid content.text: …" or
// "invalid parameter limit: …". Inside a oneOf it names the problem of the variant the value went furthest into.
func (s *Server) describe(err error) string {
	var re *openapi3filter.RequestError
	errors.As(err, &re)
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		if re != nil && re.Parameter != nil {
			return "invalid parameter " + re.Parameter.Name + ": " + re.Reason
		}
		if re != nil {
			return "invalid request: " + re.Error()
		}
		return err.Error()
	}
	se = deepest(se)
	reason := se.Reason
	if original, ok := s.patterns[se.Schema]; ok && se.SchemaField == "pattern" {
		reason = `string doesn't match the regular expression "` + original + `"`
	}
	if re != nil && re.Parameter != nil {
		return "invalid parameter " + re.Parameter.Name + ": " + reason
	}
	return "invalid " + fieldName(se.JSONPointer()) + ": " + reason
}

// deepest returns, for an error of a oneOf, the deepest error of its variants (preferring, at equal depth, one
// that is not about a missing or unknown property), or se itself.
func deepest(se *openapi3.SchemaError) *openapi3.SchemaError {
	if se.SchemaField != "oneOf" && se.SchemaField != "anyOf" {
		return se
	}
	best, bestScore := se, score(se)
	var variants openapi3.MultiError
	if errors.As(se.Origin, &variants) {
		for _, v := range variants {
			var sub *openapi3.SchemaError
			if errors.As(v, &sub) {
				if sub = deepest(sub); score(sub) > bestScore {
					best, bestScore = sub, score(sub)
				}
			}
		}
	}
	return best
}

func score(se *openapi3.SchemaError) int {
	n := 2 * len(se.JSONPointer())
	if se.SchemaField != "required" && se.SchemaField != "additionalProperties" {
		n++
	}
	return n
}

// fieldName writes a JSON pointer as the SDK names fields: content.contact.emails[0].email.
func fieldName(pointer []string) string {
	var b strings.Builder
	for _, token := range pointer {
		if _, err := strconv.Atoi(token); err == nil {
			b.WriteString("[" + token + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(token)
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

// translatePatterns replaces the patterns of t (ECMA-262) with their translations into Go's syntax (package
// pattern), which kin-openapi compiles with package regexp, and returns the document's text of each. Rewriting the
// document, rather than setting openapi3filter's RegexCompiler, keeps the meaning whatever else the process
// validates: kin-openapi caches compiled patterns process-wide by their text, and a compiler option is ignored
// for a text already in the cache.
func translatePatterns(t *openapi3.T) (map[*openapi3.Schema]string, error) {
	originals := map[*openapi3.Schema]string{}
	for _, site := range spec.Patterns(t) {
		re, err := pattern.Translate(site.Schema.Pattern)
		if err != nil {
			return nil, fmt.Errorf("sandbox: %s: %w", site.Pointer, err)
		}
		originals[site.Schema] = site.Schema.Pattern
		site.Schema.Pattern = re
	}
	return originals, nil
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// RequestError is a request the sandbox refuses before answering it: Status is the HTTP status of its answer.
type RequestError struct {
	Status  int
	Message string
}

// Error is the message of the answer.
func (e *RequestError) Error() string { return e.Message }

// Validate checks a request as the sandbox does before answering it, without answering it: its route, its
// x-api-key, and its parameters and body against the contract (with the document's formats and ECMA-262 patterns).
// A refusal is a *RequestError; the body is consumed.
func (s *Server) Validate(r *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := s.router.FindRoute(r)
	if errors.Is(err, routers.ErrMethodNotAllowed) {
		return nil, nil, &RequestError{http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path)}
	}
	if err != nil {
		return nil, nil, &RequestError{http.StatusNotFound, fmt.Sprintf("no operation at %s %s", r.Method, r.URL.Path)}
	}
	switch key := r.Header.Get("x-api-key"); {
	case key == "":
		return nil, nil, &RequestError{http.StatusUnauthorized, "the x-api-key header is missing"}
	case key != s.cfg.APIKey:
		return nil, nil, &RequestError{http.StatusUnauthorized, "the API key is not valid for this Application"}
	}
	input := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SchemaValidationOptions: s.formats}}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		return nil, nil, &RequestError{http.StatusBadRequest, s.describe(err)}
	}
	return route, params, nil
}

// send answers a channel send, following rule (nil for none): it records the message, answers it as the channel
// does, and has its MessageStatus events delivered.
func (s *Server) send(w http.ResponseWriter, ch model.Channel, req sendRequest, rule *Rule) {
	channel, ok := s.resolve(ch, req.From)
	if !ok {
		apiError(w, http.StatusNotFound, "from %q is not a connected %s channel of this Application", req.From, ch.Name)
		return
	}
	s.mu.Lock()
	open := s.sessions[req.To]
	s.mu.Unlock()
	if ch.RequiresSession && !open {
		writeJSON(w, http.StatusOK, map[string]any{"messageId": nil, "status": "error",
			"errorMessage": "The visitor has no active widget session.", "errorCode": "session_not_found"})
		return
	}
	msg := Message{Channel: ch.Package, ChannelID: channel.UUID, From: req.From, To: req.To, Content: req.Content,
		ReplyTo: req.ReplyTo, MessageID: newID(), Status: ch.AcceptedStatus, kind: req.kind}
	s.mu.Lock()
	s.messages = append(s.messages, msg)
	s.mu.Unlock()
	events, redeliver := s.statusesAfter(rule)
	if len(events) > 0 {
		s.wg.Add(1) // before the answer, so that a Wait after it waits for these deliveries
	}
	writeJSON(w, http.StatusOK, map[string]any{"messageId": msg.MessageID, "status": msg.Status})
	if len(events) > 0 {
		go s.deliverStatuses(ch, msg.MessageID, events, redeliver)
	}
}

// resolve returns the connected channel of the kind that from names: by its UUID, or its alias with or without the
// alias rule's prefix; false when none does.
func (s *Server) resolve(ch model.Channel, from string) (Channel, bool) {
	for _, c := range s.cfg.Channels {
		if c.Kind != ch.Package {
			continue
		}
		if strings.EqualFold(c.UUID, from) {
			return c, true
		}
		for _, a := range ch.From {
			if a.Shape.Patterned() && c.Alias != "" && strings.TrimPrefix(from, a.Prefix) == strings.TrimPrefix(c.Alias, a.Prefix) {
				return c, true
			}
		}
	}
	return Channel{}, false
}

// serveSandbox answers the sandbox-only routes.
func (s *Server) serveSandbox(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/sandbox/webchatt/sessions":
		var req struct {
			VisitorID string `json:"visitorId"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.VisitorID == "" {
			apiError(w, http.StatusBadRequest, `expected {"visitorId": "…"}`)
			return
		}
		s.OpenSession(req.VisitorID)
		writeJSON(w, http.StatusCreated, map[string]string{"visitorId": req.VisitorID})
	case r.Method == http.MethodGet && r.URL.Path == "/sandbox/messages":
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Messages()})
	case r.Method == http.MethodPost && r.URL.Path == "/sandbox/inbound":
		s.inbound(w, r)
	case r.URL.Path == "/sandbox/rules":
		s.serveRules(w, r)
	default:
		apiError(w, http.StatusNotFound, "no sandbox route %s %s", r.Method, r.URL.Path)
	}
}

// deliverAll posts an event to every active webhook of its type and logs each delivery.
func (s *Server) deliverAll(eventType string, event []byte, messageID string) {
	for _, h := range s.targets(eventType) {
		s.deliver(h, event, messageID)
	}
}

// targets returns the active webhooks of an event type, oldest first.
func (s *Server) targets(eventType string) []*hook {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*hook
	for _, id := range s.order {
		h := s.webhooks[id]
		if h.data["eventType"] == eventType && h.data["active"] == true {
			out = append(out, h)
		}
	}
	return out
}

// deliver posts one event, signed now when the webhook requires it, and records the log entry; it returns the entry.
func (s *Server) deliver(h *hook, event []byte, messageID string) map[string]any {
	return s.deliverSigned(h, event, messageID, s.cfg.Now())
}

// deliverSigned is deliver, with the signature's time.
func (s *Server) deliverSigned(h *hook, event []byte, messageID string, signedAt time.Time) map[string]any {
	s.mu.Lock()
	endpoint, _ := h.data["endpoint"].(string)
	webhookID, _ := h.data["id"].(string)
	headers, _ := h.data["headers"].([]any)
	secret := h.secret
	s.mu.Unlock()
	at := s.cfg.Now().UTC()
	entry := map[string]any{"id": newID(), "webhookId": webhookID, "status": "Failed", "statusCode": 0,
		"responseBody": nil, "sendAt": at.Format(time.RFC3339), "createdDate": at.Format(time.RFC3339),
		"messageId": messageID, "isDeleted": false,
		"webhook": map[string]any{"id": webhookID, "endpoint": endpoint, "eventType": h.data["eventType"]}}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, endpoint, bytes.NewReader(event))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		for _, hd := range headers {
			if kv, ok := hd.(map[string]any); ok {
				req.Header.Set(fmt.Sprint(kv["key"]), fmt.Sprint(kv["value"]))
			}
		}
		if secret != "" {
			req.Header.Set(webhook.SignatureHeader, webhook.Sign(secret, signedAt, event))
		}
		if resp, err := s.cfg.HTTPClient.Do(req); err == nil {
			reply, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			entry["statusCode"], entry["responseBody"] = resp.StatusCode, string(reply)
			if resp.StatusCode/100 == 2 {
				entry["status"] = "Success"
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logs[entry["id"].(string)] = &logEntry{data: entry, event: event}
	h.logIDs = append([]string{entry["id"].(string)}, h.logIDs...)
	if entry["status"] != "Success" {
		n, _ := h.data["numberOfErrors"].(int)
		h.data["numberOfErrors"] = n + 1
	}
	return entry
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
