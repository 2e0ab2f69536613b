// Package webhook receives the events Hub Chatt2.me posts to your webhooks: it answers the endpoint check
// (X-Validation-Token), verifies X-hub-Signature, and decodes Message and MessageStatus events into the SDK's
// types.
//
// It is hand-written support beside the generated SDK: the event types come from the OpenAPI document (package api),
// the signature scheme from the documentation (HMAC-SHA256 of "<t>.<raw body>", header "t=<unix>,v1=<hex>").
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
)

// SignatureHeader carries the signature of a delivery; ValidationTokenHeader the token of an endpoint check.
const (
	SignatureHeader       = "X-hub-Signature"
	ValidationTokenHeader = "X-Validation-Token"
)

// DefaultTolerance is how far the signature's timestamp may be from now.
const DefaultTolerance = 300 * time.Second

// The ways a signature can fail; Verify wraps them in a *SignatureError, so test with errors.Is.
var (
	ErrNoSignature        = errors.New("the request has no X-hub-Signature header")
	ErrMalformedSignature = errors.New("the X-hub-Signature header is not t=<unix seconds>,v1=<hex digest>")
	ErrStaleSignature     = errors.New("the signature's timestamp is outside the tolerance")
	ErrWrongSignature     = errors.New("the signature does not match the body")
)

// SignatureError is a refused signature: Err is one of the Err… values, Detail says more.
type SignatureError struct {
	Err    error
	Detail string
}

// Error names the problem.
func (e *SignatureError) Error() string {
	if e.Detail == "" {
		return "webhook: " + e.Err.Error()
	}
	return "webhook: " + e.Err.Error() + ": " + e.Detail
}

// Unwrap returns the Err… value.
func (e *SignatureError) Unwrap() error { return e.Err }

// Sign returns the X-hub-Signature value for body at time t, as Hub computes it. Tests and the sandbox use it.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(digest(secret, ts, body))
}

func digest(secret, ts string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return mac.Sum(nil)
}

// Verify checks header (the X-hub-Signature value) against the raw body: the digest, compared in constant time, and
// the timestamp, at most tolerance away from now (zero means DefaultTolerance).
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if header == "" {
		return &SignatureError{Err: ErrNoSignature}
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return &SignatureError{Err: ErrMalformedSignature, Detail: fmt.Sprintf("part %q", part)}
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			sig, err := hex.DecodeString(v)
			if err != nil {
				return &SignatureError{Err: ErrMalformedSignature, Detail: "v1 is not hexadecimal"}
			}
			sigs = append(sigs, sig)
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return &SignatureError{Err: ErrMalformedSignature, Detail: "t or v1 missing"}
	}
	if skew := now.Sub(time.Unix(unix, 0)); skew > tolerance || skew < -tolerance {
		return &SignatureError{Err: ErrStaleSignature, Detail: fmt.Sprintf("signed %s ago, tolerance %s", skew.Round(time.Second), tolerance)}
	}
	want := digest(secret, ts, body)
	for _, sig := range sigs {
		if hmac.Equal(sig, want) {
			return nil
		}
	}
	return &SignatureError{Err: ErrWrongSignature}
}

// Event is one delivery. Exactly one of Message and Status is set for the two documented event types; an event
// type the SDK does not know is still delivered, with Raw only.
type Event struct {
	Type    string
	Message *api.Message
	Status  *api.MessageStatus
	// Raw is the body as received: fields the SDK does not know are kept here.
	Raw json.RawMessage
}

// Decode reads an event body. Unknown fields and unknown enum values are kept, not rejected.
func Decode(body []byte) (*Event, error) {
	var head struct {
		EventType string `json:"eventType"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return nil, fmt.Errorf("webhook: the body is not a JSON event: %w", err)
	}
	ev := &Event{Type: head.EventType, Raw: json.RawMessage(append([]byte(nil), body...))}
	switch head.EventType {
	case string(api.EventTypeMessage):
		ev.Message = new(api.Message)
		if err := json.Unmarshal(body, ev.Message); err != nil {
			return nil, fmt.Errorf("webhook: a Message event: %w", err)
		}
	case string(api.EventTypeMessageStatus):
		ev.Status = new(api.MessageStatus)
		if err := json.Unmarshal(body, ev.Status); err != nil {
			return nil, fmt.Errorf("webhook: a MessageStatus event: %w", err)
		}
	}
	return ev, nil
}

// Handler is an http.Handler for a webhook endpoint: it answers endpoint checks, verifies signatures when Secret is
// set, and passes each event to the callback of its type. A callback error answers 500, so that Hub records the
// delivery as failed and it can be retried.
type Handler struct {
	// Secret is the webhook's signing secret; empty accepts unsigned deliveries (a webhook without "Require
	// signature").
	Secret string
	// Tolerance bounds the age of a signature; zero means DefaultTolerance.
	Tolerance time.Duration
	// OnMessage receives Message events; OnStatus MessageStatus events; OnOther events of another type.
	OnMessage func(context.Context, *api.Message) error
	OnStatus  func(context.Context, *api.MessageStatus) error
	OnOther   func(context.Context, *Event) error
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxBodyBytes bounds the body read; zero means 1 MiB.
	MaxBodyBytes int64
}

// ServeHTTP handles one request from Hub.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if token := r.Header.Get(ValidationTokenHeader); token != "" {
		// The endpoint check: answer 200 with the token as the body.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, token)
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
	if h.Secret != "" {
		now := time.Now()
		if h.Now != nil {
			now = h.Now()
		}
		if err := Verify(h.Secret, r.Header.Get(SignatureHeader), body, now, h.Tolerance); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
	}
	ev, err := Decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch {
	case ev.Message != nil && h.OnMessage != nil:
		err = h.OnMessage(r.Context(), ev.Message)
	case ev.Status != nil && h.OnStatus != nil:
		err = h.OnStatus(r.Context(), ev.Status)
	case ev.Message == nil && ev.Status == nil && h.OnOther != nil:
		err = h.OnOther(r.Context(), ev)
	}
	if err != nil {
		http.Error(w, "webhook: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
