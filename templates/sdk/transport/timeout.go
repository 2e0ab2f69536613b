package transport

import (
	"context"
	"sync"
	"time"
)

// bound returns the context a call runs under: ctx itself when its deadline comes within the timeout (it needs no
// timer of its own), else ctx bounded by the timeout. The bound costs nothing per call for a context that can
// never be cancelled (context.Background, or values only): such calls share one deadline context per slice of
// time (see sharedDeadlines). Any other context gets a context.WithTimeout of its own. cancel must be called.
func (t *Transport) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if t.timeout <= 0 {
		return ctx, noCancel
	}
	now := time.Now()
	if deadline, ok := ctx.Deadline(); ok && !deadline.After(now.Add(t.timeout)) {
		return ctx, noCancel
	}
	if ctx.Done() == nil {
		shared := t.deadlines.at(now.Add(t.timeout))
		if ctx == context.Background() || ctx == context.TODO() {
			return shared, noCancel
		}
		return &valuesUntil{Context: shared, values: ctx}, noCancel
	}
	return context.WithTimeout(ctx, t.timeout)
}

func noCancel() {}

// sharedDeadlines hands out deadline contexts shared by the calls that start within the same slice of time: a
// call's deadline is rounded up to the end of its slice, at most step (a hundredth of the timeout, at most 100 ms)
// after its own. One context and one timer serve every call of the slice, instead of a context, a timer and a
// cancel function per call. A context is released by its own timer when its deadline passes.
type sharedDeadlines struct {
	step   time.Duration
	mu     sync.Mutex
	last   time.Time       // the deadline of the latest context
	ctx    context.Context // the latest context
	cancel context.CancelFunc
}

func newSharedDeadlines(timeout time.Duration) *sharedDeadlines {
	return &sharedDeadlines{step: max(min(timeout/100, 100*time.Millisecond), time.Microsecond)}
}

// at returns a context whose deadline is the end of the slice holding deadline.
func (s *sharedDeadlines) at(deadline time.Time) context.Context {
	end := deadline.Truncate(s.step).Add(s.step)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !end.Equal(s.last) {
		// The context's own timer releases it at its deadline; nothing needs to cancel it earlier, so the cancel
		// function of the previous slice is dropped.
		s.last = end
		s.ctx, s.cancel = context.WithDeadline(context.Background(), end)
	}
	return s.ctx
}

// valuesUntil is a shared deadline context (Deadline, Done, Err) carrying the values of a call's own context.
type valuesUntil struct {
	context.Context // the shared deadline
	values          context.Context
}

// Value looks in the call's context first. The call's context cannot be cancelled, so it holds none of the
// context package's cancellation state, which is then found in the shared deadline's.
func (v *valuesUntil) Value(key any) any {
	if x := v.values.Value(key); x != nil {
		return x
	}
	return v.Context.Value(key)
}
