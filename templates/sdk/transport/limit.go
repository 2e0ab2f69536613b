package transport

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Limiter is a rate limiter: Wait blocks until a request may go, or returns an error when it may not (its context
// ended, or would end before). *rate.Limiter of golang.org/x/time/rate is one.
type Limiter interface {
	Wait(ctx context.Context) error
}

// WithLimiter makes every request of the client (each attempt of a call, the low-level client's included) wait
// for l first; the wait counts against the call's context, not against an attempt's timeout (WithAttemptTimeout).
// A refused wait ends the call with a *LimitError: the request was not sent.
func WithLimiter(l Limiter) Option {
	return optionFunc{"WithLimiter", func(s *settings) {
		if l == nil {
			s.err = &ConfigError{Option: "WithLimiter", Problem: "the limiter is nil"}
			return
		}
		s.limiter = l
	}}
}

// WithChannelLimiter makes every request of the sends of channel (its package's name, such as "whatsapp") wait for
// l, before the limiter of WithLimiter if there is one; the requests of other channels and operations do not wait
// for it. New refuses a channel the document does not have, and a second limiter for one channel.
func WithChannelLimiter(channel string, l Limiter) Option {
	return optionFunc{"WithChannelLimiter", func(s *settings) {
		switch {
		case l == nil:
			s.err = &ConfigError{Option: "WithChannelLimiter", Problem: fmt.Sprintf("the limiter of %q is nil", channel)}
		case !contains(channels(), channel):
			known := channels()
			sort.Strings(known)
			s.err = &ConfigError{Option: "WithChannelLimiter", Problem: fmt.Sprintf("no channel %q: the channels are %s", channel,
				strings.Join(known, ", "))}
		case s.channelLimiters[channel] != nil:
			s.err = &ConfigError{Option: "WithChannelLimiter", Problem: fmt.Sprintf("a second limiter for %q", channel)}
		default:
			if s.channelLimiters == nil {
				s.channelLimiters = map[string]Limiter{}
			}
			s.channelLimiters[channel] = l
		}
	}}
}

// LimitError is a rate limiter's refusal to let an attempt go (WithLimiter, WithChannelLimiter): that attempt was
// not sent, so it says nothing of the outcome (never ErrOutcomeUnknown). Err is the limiter's error, often the
// context's (errors.Is(err, context.DeadlineExceeded)).
type LimitError struct {
	// Operation is the operationId of the call; Channel the channel whose limiter refused, empty for the client's.
	Operation, Channel string
	// Attempt is the attempt that was not sent, 1 for the first: nothing was sent at all when it is 1.
	Attempt int
	Err     error
}

// Error says which limiter refused which attempt, that it was not sent, and why.
func (e *LimitError) Error() string {
	limiter := "the client's rate limiter"
	if e.Channel != "" {
		limiter = "the " + e.Channel + " rate limiter"
	}
	sent := "so nothing was sent"
	if e.Attempt > 1 {
		sent = "so it was not sent"
	}
	op := ""
	if e.Operation != "" {
		op = e.Operation + ": "
	}
	return fmt.Sprintf("chatt2me: %s%s did not let attempt %d go, %s: %v", op, limiter, e.Attempt, sent, e.Err)
}

// Unwrap returns the limiter's error.
func (e *LimitError) Unwrap() error { return e.Err }

// wait waits for the limiters of op's channel and of the client, under ctx (the call's), before attempt n.
func (t *Transport) wait(ctx context.Context, op *Operation, n int) error {
	var id, channel string
	if op != nil {
		id, channel = op.ID, op.Channel
	}
	if l := t.channelLimiters[channel]; l != nil && channel != "" {
		if err := l.Wait(ctx); err != nil {
			return &LimitError{Operation: id, Channel: channel, Attempt: n, Err: err}
		}
	}
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			return &LimitError{Operation: id, Attempt: n, Err: err}
		}
	}
	return nil
}
