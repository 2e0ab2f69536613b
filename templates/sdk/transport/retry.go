package transport

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// ErrOutcomeUnknown marks an error after which the message may or may not have been sent: the request may have
// reached the API (a timeout or a dropped connection after the request was written, a 5xx other than 503, an
// unreadable success). A send is not idempotent, so the SDK never retries it then; check before sending again.
var ErrOutcomeUnknown = errors.New("the request may have reached the API: whether the message was sent is unknown")

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
// DefaultMaxRetryWait, with jitter.
const (
	DefaultMaxRetries   = 2
	DefaultRetryWait    = 250 * time.Millisecond
	DefaultMaxRetryWait = 8 * time.Second
)

type retriesKey struct{}

// WithRetries returns a context under which calls make at most n retries, overriding the client's WithMaxRetries.
func WithRetries(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, retriesKey{}, max(n, 0))
}

func (t *Transport) retries(ctx context.Context) int {
	if n, ok := ctx.Value(retriesKey{}).(int); ok {
		return n
	}
	return t.maxRetries
}

// backoff is the wait before retry number attempt+1: exponential, capped, with jitter in [d/2, d].
func (t *Transport) backoff(attempt int) time.Duration {
	d := t.retryWait << attempt
	if d <= 0 || d > t.maxRetryWait {
		d = t.maxRetryWait
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads Retry-After as seconds or an HTTP date; false when absent or unreadable.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
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
