package webhook

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/chatt2me/chatt2me-go/templates/sdk/api"
)

// Event is one delivery. Exactly one of Message and Status is set for the two documented event types; an event
// type the SDK does not know is still delivered, with Raw only.
type Event struct {
	Type string
	// Message is a Message event: oapi-codegen's api.Message, with its content typed (see Message); Status a
	// MessageStatus event.
	Message *Message
	Status  *api.MessageStatus
	// Raw is the body as received: fields the SDK does not know are kept here.
	Raw json.RawMessage
}

// Decode reads an event body. Unknown fields and unknown enum values are kept, not rejected; so is content of a kind
// the SDK does not know (an Unknown value holding its JSON).
func Decode(body []byte) (*Event, error) {
	// The status events, the most frequent, are read in one pass; any other body is then read for its type alone.
	status := new(api.MessageStatus)
	statusErr := json.Unmarshal(body, status)
	eventType := ""
	if statusErr == nil {
		eventType = statusEventType(status)
	}
	if eventType != string(api.EventTypeMessageStatus) {
		var head struct {
			EventType string `json:"eventType"`
		}
		if err := json.Unmarshal(body, &head); err != nil {
			return nil, fmt.Errorf("webhook: the body is not a JSON event: %w", err)
		}
		eventType = head.EventType
	}
	ev := &Event{Type: eventType, Raw: json.RawMessage(append([]byte(nil), body...))}
	switch eventType {
	case string(api.EventTypeMessage):
		m, err := decodeMessage(body)
		if err != nil {
			return nil, fmt.Errorf("webhook: a Message event: %w", err)
		}
		ev.Message = m
	case string(api.EventTypeMessageStatus):
		if statusErr != nil {
			return nil, fmt.Errorf("webhook: a MessageStatus event: %w", statusErr)
		}
		ev.Status = status
	}
	return ev, nil
}

// Handler is an http.Handler for a webhook endpoint: it answers endpoint checks, verifies signatures, refuses
// replays, and passes each event to the callback of its type. A callback error answers 500, so that Hub records the
// delivery as failed and it can be retried; a callback that panics frees the delivery for that retry too, and the
// panic goes on to net/http (or a recovery middleware of yours), unchanged.
type Handler struct {
	// Secret is the webhook's signing secret. It is required: with an empty Secret every delivery is refused (500,
	// logged), unless AllowUnsigned is set.
	Secret string
	// AllowUnsigned accepts deliveries without any signature check while Secret is empty: for a webhook created
	// without "Require signature", whose deliveries anyone who knows the URL can forge. A non-empty Secret is always
	// checked, whatever AllowUnsigned says.
	AllowUnsigned bool
	// Tolerance bounds the age of a signature; zero means DefaultTolerance.
	Tolerance time.Duration
	// Replays remembers the signed deliveries accepted, so that an exact replay within Tolerance does not reach a
	// callback twice; nil means a MemoryReplayGuard of DefaultReplayCapacity entries, of this Handler only. Give
	// every replica of a service one guard over a shared store.
	Replays ReplayGuard
	// AllowReplays turns the replay check off (for callbacks that are idempotent anyway).
	AllowReplays bool
	// OnMessage receives Message events, their content typed; OnStatus MessageStatus events; OnOther events of
	// another type.
	OnMessage func(context.Context, *Message) error
	OnStatus  func(context.Context, *api.MessageStatus) error
	OnOther   func(context.Context, *Event) error
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxBodyBytes bounds the body read; zero means 1 MiB.
	MaxBodyBytes int64
	// Log receives why a delivery was refused when the fault is not the sender's (no Secret, a replay, a failing
	// ReplayGuard); nil means slog.Default().
	Log *slog.Logger

	memoryOnce sync.Once
	memory     *MemoryReplayGuard // the guard when Replays is nil
}

// ServeHTTP handles one request from Hub.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if token := r.Header.Get(ValidationTokenHeader); token != "" {
		h.answerCheck(w, r, token)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "webhook: POST only", http.StatusMethodNotAllowed)
		return
	}
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil || int64(len(body)) > limit {
		http.Error(w, "webhook: body unreadable or too large", http.StatusRequestEntityTooLarge)
		return
	}
	if h.refusedWithoutSecret(w, r, "a delivery") {
		return
	}
	var key string // the delivery's identity, for the replay check; empty when unsigned
	var ttl time.Duration
	if h.Secret != "" {
		if key, ttl, err = h.verify(r, body); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
	}
	ev, err := Decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if key == "" || h.AllowReplays {
		key = "" // nothing claimed, nothing to release
	} else if !h.claim(w, r, key, ttl) {
		return
	}
	if err := h.callBack(r.Context(), ev, key); err != nil {
		http.Error(w, "webhook: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// callBack passes the event to its callback. When the callback fails or panics, the claimed delivery key (if not
// empty) is released first, so that Hub's retry of the delivery is not taken for a replay; a panic then goes on
// unchanged, to net/http (which logs it and drops the connection, so Hub sees a failure) or a recovery middleware.
func (h *Handler) callBack(ctx context.Context, ev *Event, key string) (err error) {
	returned := false
	defer func() {
		if key != "" && (!returned || err != nil) {
			// Even if this request was cancelled, hence WithoutCancel.
			if err := h.replays().Release(context.WithoutCancel(ctx), key); err != nil {
				h.log().ErrorContext(ctx, "webhook: the replay guard could not release a failed delivery", "error", err)
			}
		}
	}()
	err = h.dispatch(ctx, ev)
	returned = true
	return err
}

// answerCheck answers an endpoint check (echoCheck), unless the Handler has no Secret (refusedWithoutSecret).
func (h *Handler) answerCheck(w http.ResponseWriter, r *http.Request, token string) {
	if !h.refusedWithoutSecret(w, r, "an endpoint check") {
		echoCheck(w, r, token)
	}
}

// refusedWithoutSecret reports whether the Handler has neither a Secret nor AllowUnsigned; it has then answered 500
// and logged why, naming what it refused: a delivery, or an endpoint check (answering that one would have Hub mark
// the misconfigured endpoint as verified).
func (h *Handler) refusedWithoutSecret(w http.ResponseWriter, r *http.Request, what string) bool {
	if h.Secret != "" || h.AllowUnsigned {
		return false
	}
	h.log().ErrorContext(r.Context(), "webhook: refusing "+what+": Handler.Secret is empty (set it to the webhook's signing secret, "+
		`or set AllowUnsigned for a webhook without "Require signature")`)
	http.Error(w, "webhook: no signing secret is configured; refusing "+what, http.StatusInternalServerError)
	return true
}

// verify checks the delivery's signature; it returns the delivery's key (the hex digest) and how long a replay of
// it stays within the tolerance.
func (h *Handler) verify(r *http.Request, body []byte) (string, time.Duration, error) {
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
	tolerance := h.Tolerance
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sum, signed, err := verify(h.Secret, r.Header.Get(SignatureHeader), body, now, tolerance)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(sum), max(signed.Add(tolerance).Sub(now), time.Second), nil
}

// claim records the delivery key with the replay guard; false when it has answered already (a replay, or a guard
// failure).
func (h *Handler) claim(w http.ResponseWriter, r *http.Request, key string, ttl time.Duration) bool {
	first, err := h.replays().Claim(r.Context(), key, ttl)
	switch {
	case err != nil:
		h.log().ErrorContext(r.Context(), "webhook: refusing a delivery: the replay guard failed", "error", err)
		http.Error(w, "webhook: the delivery cannot be checked for replay now", http.StatusServiceUnavailable)
		return false
	case !first:
		h.log().WarnContext(r.Context(), "webhook: a replayed delivery was not passed on", "signature", key)
		_, _ = io.WriteString(w, "webhook: duplicate delivery, already accepted")
		return false
	}
	return true
}

// dispatch passes the event to the callback of its type, if any.
func (h *Handler) dispatch(ctx context.Context, ev *Event) error {
	switch {
	case ev.Message != nil && h.OnMessage != nil:
		return h.OnMessage(ctx, ev.Message)
	case ev.Status != nil && h.OnStatus != nil:
		return h.OnStatus(ctx, ev.Status)
	case ev.Message == nil && ev.Status == nil && h.OnOther != nil:
		return h.OnOther(ctx, ev)
	}
	return nil
}

// replays is the Handler's ReplayGuard: Replays, or its own MemoryReplayGuard.
func (h *Handler) replays() ReplayGuard {
	if h.Replays != nil {
		return h.Replays
	}
	h.memoryOnce.Do(func() { h.memory = NewMemoryReplayGuard(DefaultReplayCapacity) })
	return h.memory
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}
