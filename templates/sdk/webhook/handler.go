package webhook

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatt2me/chatt2me-go/templates/sdk/api"
)

// Handler is an http.Handler for a webhook endpoint: it answers endpoint checks, verifies signatures, refuses
// replays, passes each event to the callback of its type once (see Events), and answers 200 when the callback
// succeeded or the event was handled before. A callback error answers 500, so that Hub records the delivery as
// failed and it can be retried; a callback that panics frees the delivery for that retry too, and the panic goes on
// to net/http (or a recovery middleware of yours), unchanged.
type Handler struct {
	// Secret is the webhook's signing secret (SetSecret replaces it). It is required: with an empty Secret every
	// delivery is refused (500, logged), unless AwaitSecret or AllowUnsigned is set.
	Secret string
	// AwaitSecret is for a Handler that serves the webhook's URL before the webhook exists: Hub checks the endpoint
	// before the create call returns the signing secret. Until SetSecret, it answers endpoint checks and refuses
	// deliveries with 503 (Hub logs them failed, to be retried); then it verifies them.
	AwaitSecret bool
	// AllowUnsigned accepts deliveries without any signature check while there is no secret: for a webhook created
	// without "Require signature", whose deliveries anyone who knows the URL can forge. A secret is always checked,
	// whatever AllowUnsigned says.
	AllowUnsigned bool
	// Tolerance bounds the age of a signature; zero means DefaultTolerance.
	Tolerance time.Duration
	// Replays remembers the signed deliveries accepted, so that an exact replay within Tolerance does not reach a
	// callback twice; nil means a MemoryReplayGuard of DefaultReplayCapacity entries, of this Handler only. It is a
	// check of each process: replicas share Events, not this (see ReplayGuard).
	Replays ReplayGuard
	// AllowReplays turns the replay check off.
	AllowReplays bool
	// Events records the events handled, by their identity, so that an event delivered again (after a timeout,
	// retried through RetryLog with a new signature, or to another replica) does not reach a callback twice; nil
	// means a MemoryEventStore of DefaultEventCapacity entries, of this Handler only. Give every replica of a
	// service one store over a database they share.
	Events EventStore
	// AllowDuplicates turns the deduplication by event off.
	AllowDuplicates bool
	// LeaseTTL is how long a delivery holds its event while the callback runs (others are answered 409 meanwhile);
	// zero means DefaultLeaseTTL. Make it longer than any callback takes.
	LeaseTTL time.Duration
	// Retention is how long a handled event is remembered; zero means DefaultRetention. It is never shorter than
	// Tolerance, so that a replay always finds its event.
	Retention time.Duration
	// OnMessage receives Message events, their content typed; OnStatus MessageStatus events; OnOther events of
	// another type.
	OnMessage func(context.Context, *Message) error
	OnStatus  func(context.Context, *api.MessageStatus) error
	OnOther   func(context.Context, *Event) error
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxBodyBytes bounds the body read; zero means 1 MiB.
	MaxBodyBytes int64
	// Log receives why a delivery was refused when the fault is not the sender's (no secret, a replay, a failing
	// store) and when an event is deduplicated by its signature; nil means slog.Default().
	Log *slog.Logger

	secret    atomic.Pointer[string] // set by SetSecret
	once      sync.Once
	memory    *MemoryReplayGuard // the guard when Replays is nil
	events    *MemoryEventStore  // the store when Events is nil
	tokenBase uint64             // random, so that the lease tokens of replicas differ
	tokens    atomic.Uint64
}

// ErrEmptySecret is SetSecret's answer to an empty secret.
var ErrEmptySecret = errors.New("webhook: the signing secret is empty")

// SetSecret sets the signing secret, replacing Secret, from now on: after the webhook's creation (see AwaitSecret),
// or after a rotation. It is safe to call while the Handler serves.
func (h *Handler) SetSecret(secret string) error {
	if secret == "" {
		return ErrEmptySecret
	}
	h.secret.Store(&secret)
	return nil
}

// currentSecret is SetSecret's secret, or Secret.
func (h *Handler) currentSecret() string {
	if s := h.secret.Load(); s != nil {
		return *s
	}
	return h.Secret
}

// ServeHTTP handles one request from Hub.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secret := h.currentSecret()
	if token := r.Header.Get(ValidationTokenHeader); token != "" {
		if !h.refusedWithoutSecret(w, r, secret, "an endpoint check") {
			echoCheck(w, r, token)
		}
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
	if secret == "" && h.AwaitSecret {
		h.log().WarnContext(r.Context(), "webhook: refusing a delivery: the signing secret is not set yet (SetSecret)")
		w.Header().Set("Retry-After", "60")
		http.Error(w, "webhook: the signing secret is not set yet; try again later", http.StatusServiceUnavailable)
		return
	}
	if h.refusedWithoutSecret(w, r, secret, "a delivery") {
		return
	}
	var signature string // the delivery's digest, for the replay check; empty when unsigned
	var ttl time.Duration
	if secret != "" {
		if signature, ttl, err = h.verify(r, secret, body); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
	}
	ev, err := Decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	held, ok := h.admit(w, r, ev, signature, ttl)
	if !ok {
		return
	}
	if err := h.callBack(r.Context(), ev, held); err != nil {
		http.Error(w, "webhook: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// holding is what a delivery holds while its callback runs: its event's lease and its signature's claim (each
// empty when not taken).
type holding struct {
	event     string
	token     uint64
	signature string
}

// admit takes the event's lease and claims the signature; false when it has answered already: the event handled
// (200), leased by another delivery (409), a replay (200) or a store failure (503).
func (h *Handler) admit(w http.ResponseWriter, r *http.Request, ev *Event, signature string, ttl time.Duration) (holding, bool) {
	var held holding
	if key := h.eventKey(r.Context(), ev, signature); key != "" {
		token := h.nextToken()
		result, err := h.eventStore().Lease(r.Context(), key, token, h.leaseTTL())
		switch {
		case err != nil:
			h.log().ErrorContext(r.Context(), "webhook: refusing a delivery: the event store failed", "error", err)
			http.Error(w, "webhook: the delivery cannot be checked for duplicates now", http.StatusServiceUnavailable)
			return held, false
		case result == AlreadyDone:
			_, _ = io.WriteString(w, "webhook: duplicate event, already handled")
			return held, false
		case result == LeasedElsewhere:
			w.Header().Set("Retry-After", strconv.Itoa(int((h.leaseTTL()+time.Second-1)/time.Second)))
			http.Error(w, "webhook: this event is being handled by another delivery; try again later", http.StatusConflict)
			return held, false
		}
		held.event, held.token = key, token
	}
	if signature == "" || h.AllowReplays {
		return held, true
	}
	first, err := h.replays().Claim(r.Context(), signature, ttl)
	if err != nil || !first {
		h.release(r.Context(), held)
	}
	switch {
	case err != nil:
		h.log().ErrorContext(r.Context(), "webhook: refusing a delivery: the replay guard failed", "error", err)
		http.Error(w, "webhook: the delivery cannot be checked for replay now", http.StatusServiceUnavailable)
		return held, false
	case !first:
		h.log().WarnContext(r.Context(), "webhook: a replayed delivery was not passed on", "signature", signature)
		_, _ = io.WriteString(w, "webhook: duplicate delivery, already accepted")
		return held, false
	}
	held.signature = signature
	return held, true
}

// eventKey is the EventStore key of the event: its identity, or else its signature (logged); "" when the
// deduplication is off, or the event has neither.
func (h *Handler) eventKey(ctx context.Context, ev *Event, signature string) string {
	if h.AllowDuplicates {
		return ""
	}
	if key, ok := eventIdentity(ev); ok {
		return key
	}
	if signature == "" {
		h.log().WarnContext(ctx, "webhook: an unsigned event lacks the properties that identify it (x-chatt2me-event-identity): "+
			"it is not deduplicated", "eventType", ev.Type)
		return ""
	}
	h.log().InfoContext(ctx, "webhook: the event lacks the properties that identify it (x-chatt2me-event-identity): "+
		"deduplicated by its signature instead", "eventType", ev.Type, "signature", signature)
	return signatureKey(signature)
}

// callBack passes the event to its callback, then marks it done. When the callback fails or panics, what the
// delivery holds is released first, so that Hub's next attempt runs the callback; a panic then goes on unchanged,
// to net/http (which logs it and drops the connection, so Hub sees a failure) or a recovery middleware.
func (h *Handler) callBack(ctx context.Context, ev *Event, held holding) (err error) {
	returned := false
	defer func() {
		if !returned || err != nil {
			h.release(ctx, held)
		}
	}()
	err = h.dispatch(ctx, ev)
	returned = true
	if err == nil && held.event != "" {
		// The event was handled, so the answer is 200 even if it cannot be marked so: its lease then expires, and a
		// later delivery would run the callback again.
		if err := h.eventStore().Done(context.WithoutCancel(ctx), held.event, h.retention()); err != nil {
			h.log().ErrorContext(ctx, "webhook: the event store could not mark a handled event done", "error", err)
		}
	}
	return err
}

// release gives back what a delivery holds, even if its request was cancelled (hence WithoutCancel).
func (h *Handler) release(ctx context.Context, held holding) {
	ctx = context.WithoutCancel(ctx)
	if held.event != "" {
		if err := h.eventStore().Release(ctx, held.event, held.token); err != nil {
			h.log().ErrorContext(ctx, "webhook: the event store could not release a failed delivery's lease", "error", err)
		}
	}
	if held.signature != "" {
		if err := h.replays().Release(ctx, held.signature); err != nil {
			h.log().ErrorContext(ctx, "webhook: the replay guard could not release a failed delivery", "error", err)
		}
	}
}

// refusedWithoutSecret reports whether the Handler has no secret and neither AwaitSecret (for an endpoint check)
// nor AllowUnsigned; it has then answered 500 and logged why, naming what it refused: a delivery, or an endpoint
// check (answering that one would have Hub mark the misconfigured endpoint as verified).
func (h *Handler) refusedWithoutSecret(w http.ResponseWriter, r *http.Request, secret, what string) bool {
	if secret != "" || h.AllowUnsigned || h.AwaitSecret && what == "an endpoint check" {
		return false
	}
	h.log().ErrorContext(r.Context(), "webhook: refusing "+what+": Handler.Secret is empty (set it to the webhook's signing secret, "+
		`set AwaitSecret and call SetSecret once it is known, or set AllowUnsigned for a webhook without "Require signature")`)
	http.Error(w, "webhook: no signing secret is configured; refusing "+what, http.StatusInternalServerError)
	return true
}

// verify checks the delivery's signature; it returns the delivery's key (the hex digest) and how long a replay of
// it stays within the tolerance.
func (h *Handler) verify(r *http.Request, secret string, body []byte) (string, time.Duration, error) {
	now := h.now()
	tolerance := h.tolerance()
	sum, signed, err := verify(secret, r.Header.Get(SignatureHeader), body, now, tolerance)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(sum), max(signed.Add(tolerance).Sub(now), time.Second), nil
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

// init makes the Handler's own guard, store and token base, once.
func (h *Handler) init() {
	h.once.Do(func() {
		h.memory = NewMemoryReplayGuard(DefaultReplayCapacity)
		h.events = NewMemoryEventStore(DefaultEventCapacity)
		h.events.Now = h.now
		var b [8]byte
		_, _ = rand.Read(b[:])
		h.tokenBase = binary.LittleEndian.Uint64(b[:])
	})
}

// replays is the Handler's ReplayGuard: Replays, or its own MemoryReplayGuard.
func (h *Handler) replays() ReplayGuard {
	if h.Replays != nil {
		return h.Replays
	}
	h.init()
	return h.memory
}

// eventStore is the Handler's EventStore: Events, or its own MemoryEventStore.
func (h *Handler) eventStore() EventStore {
	if h.Events != nil {
		return h.Events
	}
	h.init()
	return h.events
}

// nextToken is a lease token no other delivery of this Handler, and with near certainty of any other Handler, uses.
func (h *Handler) nextToken() uint64 {
	h.init()
	return h.tokenBase + h.tokens.Add(1)
}

func (h *Handler) leaseTTL() time.Duration {
	if h.LeaseTTL > 0 {
		return h.LeaseTTL
	}
	return DefaultLeaseTTL
}

func (h *Handler) retention() time.Duration {
	r := h.Retention
	if r <= 0 {
		r = DefaultRetention
	}
	return max(r, h.tolerance())
}

func (h *Handler) tolerance() time.Duration {
	if h.Tolerance > 0 {
		return h.Tolerance
	}
	return DefaultTolerance
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}
