// Package webhook receives the events Hub Chatt2.me posts to your webhooks: it answers the endpoint check
// (X-Validation-Token), verifies X-hub-Signature, refuses replays, passes each event to a callback once, and decodes
// Message and MessageStatus events into the SDK's types. A Message event's content is typed (see Message): one Go
// type per inbound kind of the document, generated from its x-chatt2me-inbound rules, and an Unknown type holding
// the JSON of a kind the SDK does not know.
//
// Handler fails closed: with no secret (an unset environment variable, say) it refuses every delivery and logs why;
// a Handler made before its webhook waits for the secret (AwaitSecret, SetSecret), answering endpoint checks only; a
// webhook created without "Require signature" needs the explicit AllowUnsigned. A signed delivery it accepted once
// does not reach a callback again: an exact replay (the same signature) within the tolerance window is answered 200
// without calling back (ReplayGuard, a check of each process). An event delivered again, signed anew or to another
// replica, does not either: the Handler deduplicates events by the identity the document's x-chatt2me-event-identity
// rules give them, through an EventStore that replicas share, leased while the callback runs and marked done after.
//
// The signature scheme comes from the documentation (HMAC-SHA256 of "<t>.<raw body>", header "t=<unix>,v1=<hex>"),
// the event types from the OpenAPI document (package api). Its source lives in templates/sdk/webhook of the
// generator's repository; chatt2me-gen copies it into every SDK it generates.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"sync"
	"time"
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
	m, _ := macs.Get().(*keyedMAC)
	if m == nil || m.secret != secret {
		m = &keyedMAC{secret: secret, Hash: hmac.New(sha256.New, []byte(secret))}
	} else {
		m.Reset() // back to the keyed state, without hashing the key again
	}
	m.prefix = append(append(m.prefix[:0], ts...), '.')
	m.Write(m.prefix)
	m.Write(body)
	sum := m.Sum(make([]byte, 0, sha256.Size))
	macs.Put(m)
	return sum
}

// macs keeps HMAC-SHA256 states with their secret, so that a delivery's check neither allocates one nor hashes the
// secret again.
var macs sync.Pool // of *keyedMAC

// keyedMAC is an HMAC state for one secret, with a buffer for the "<t>." the digest starts with.
type keyedMAC struct {
	hash.Hash
	secret string
	prefix []byte
}

// Verify checks header (the X-hub-Signature value) against the raw body: the digest, compared in constant time, and
// the timestamp, at most tolerance away from now (zero means DefaultTolerance).
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	_, _, err := verify(secret, header, body, now, tolerance)
	return err
}

// verify is Verify; it returns the digest that matched, which identifies the delivery whatever the header's layout,
// and the time of the signature.
func verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) ([]byte, time.Time, error) {
	if header == "" {
		return nil, time.Time{}, &SignatureError{Err: ErrNoSignature}
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	var ts string
	v1 := false
	sigs := make([][sha256.Size]byte, 0, 2) // the v1 values of a digest's length (no other can match)
	for rest, more := header, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ",")
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, time.Time{}, &SignatureError{Err: ErrMalformedSignature, Detail: fmt.Sprintf("part %q", part)}
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			var sig [sha256.Size]byte
			if !decodeHex(sig[:], v) {
				return nil, time.Time{}, &SignatureError{Err: ErrMalformedSignature, Detail: "v1 is not hexadecimal"}
			}
			v1 = true
			if len(v) == 2*sha256.Size {
				sigs = append(sigs, sig)
			}
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !v1 {
		return nil, time.Time{}, &SignatureError{Err: ErrMalformedSignature, Detail: "t or v1 missing"}
	}
	signed := time.Unix(unix, 0)
	if skew := now.Sub(signed); skew > tolerance || skew < -tolerance {
		return nil, time.Time{}, &SignatureError{Err: ErrStaleSignature, Detail: fmt.Sprintf("signed %s ago, tolerance %s", skew.Round(time.Second), tolerance)}
	}
	want := digest(secret, ts, body)
	for _, sig := range sigs {
		if hmac.Equal(sig[:], want) {
			return want, signed, nil
		}
	}
	return nil, time.Time{}, &SignatureError{Err: ErrWrongSignature}
}

// decodeHex reports whether s is hexadecimal digits, in pairs, and decodes them into dst as far as it holds them.
func decodeHex(dst []byte, s string) bool {
	if len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i += 2 {
		hi, ok1 := fromHex(s[i])
		lo, ok2 := fromHex(s[i+1])
		if !ok1 || !ok2 {
			return false
		}
		if i/2 < len(dst) {
			dst[i/2] = hi<<4 | lo
		}
	}
	return true
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
