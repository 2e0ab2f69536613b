package transport

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrOutcomeUnknown marks an error after which a request that is not idempotent (a send, a POST or a PATCH) may or
// may not have taken effect: it may have reached the API (a timeout or a dropped connection after the request was
// written, a 5xx other than 503, an unreadable success). The SDK never retries it then; check (list the
// webhooks, wait for the message's status) before sending it again.
var ErrOutcomeUnknown = errors.New("the request may have reached the API: whether it took effect is unknown")

// OutcomeUnknownError wraps the cause of an unknown outcome; errors.Is matches both ErrOutcomeUnknown and the cause.
type OutcomeUnknownError struct {
	Err error
}

// Error says the outcome is unknown, and why.
func (e *OutcomeUnknownError) Error() string {
	return "chatt2me: outcome unknown (" + ErrOutcomeUnknown.Error() + "): " + e.Err.Error()
}

// Unwrap returns ErrOutcomeUnknown and the cause.
func (e *OutcomeUnknownError) Unwrap() []error { return []error{ErrOutcomeUnknown, e.Err} }

// Retry defaults: at most DefaultMaxRetries more attempts, waiting from DefaultRetryWait, doubling, up to
// DefaultMaxRetryWait, with jitter; an answer's Retry-After is honoured up to DefaultMaxRetryAfter.
const (
	DefaultMaxRetries    = 2
	DefaultRetryWait     = 250 * time.Millisecond
	DefaultMaxRetryWait  = 8 * time.Second
	DefaultMaxRetryAfter = time.Minute
)

// backoff is the wait before retry number attempt+1: exponential, capped, with jitter in [d/2, d].
func (t *Transport) backoff(attempt int) time.Duration {
	d := t.retryWait << attempt
	if d <= 0 || d > t.maxRetryWait {
		d = t.maxRetryWait
	}
	return d/2 + rand.N(d/2+1)
}

// waitBeforeRetry is the wait before retrying a 429 or 503 answer with header h: its Retry-After, or else the backoff.
// false means the answer is final: its Retry-After exceeds WithMaxRetryAfter, or the wait the time ctx has left.
func (t *Transport) waitBeforeRetry(ctx context.Context, h http.Header, attempt int) (time.Duration, bool) {
	wait, asked := retryAfter(h, time.Now())
	if asked && wait > t.maxRetryAfter {
		return 0, false
	}
	if !asked {
		wait = t.backoff(attempt)
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return 0, false
	}
	return wait, true
}

// maxWait is the longest time.Duration: a Retry-After too large to represent asks for at least that.
const maxWait = time.Duration(math.MaxInt64)

// retryAfter reads Retry-After as seconds or an HTTP date; false when absent or unreadable. A wait too long for a
// time.Duration is maxWait, never a negative or wrapped-around one.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		s, err := strconv.ParseUint(v, 10, 64) // only digits: the one error is a value out of range
		if err != nil || s > uint64(maxWait/time.Second) {
			return maxWait, true
		}
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true // Sub saturates instead of overflowing
	}
	return 0, false
}

// sleep waits d, or returns the context's error if it ends first.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
