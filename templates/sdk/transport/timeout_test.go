package transport

import (
	"context"
	"errors"
	"testing"
	"time"
)

type testKey struct{}

// The bound of a call: the caller's own deadline when it comes first; a shared deadline, at most one step after the
// timeout, for a context that cannot be cancelled (its values kept); a timeout of its own for any other context.
func TestBound(t *testing.T) {
	tr, err := New("https://api.chatt2.me", "test", WithAPIKey("test-api-key-0001"), WithTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	step := tr.deadlines.step
	if step != 100*time.Millisecond {
		t.Fatalf("step %s", step)
	}
	early, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if got, _ := tr.bound(early); got != early {
		t.Error("a context with an earlier deadline got a bound of its own")
	}
	start := time.Now()
	shared, _ := tr.bound(context.Background())
	again, _ := tr.bound(context.TODO())
	deadline, ok := shared.Deadline()
	if !ok || deadline.Before(start.Add(10*time.Second)) || deadline.After(time.Now().Add(10*time.Second+step)) {
		t.Errorf("shared deadline %s for a call started at %s", deadline, start)
	}
	if d, _ := again.Deadline(); again != shared && d.Sub(deadline) != step {
		t.Errorf("two calls at once: deadlines %s and %s", deadline, d)
	}
	values := context.WithValue(context.Background(), testKey{}, "trace-1")
	bounded, _ := tr.bound(values)
	if d, ok := bounded.Deadline(); !ok || d.Before(start.Add(10*time.Second)) || bounded.Value(testKey{}) != "trace-1" {
		t.Errorf("a context of values: deadline %s, value %v", d, bounded.Value(testKey{}))
	}
	cancellable, stop := context.WithCancel(context.Background())
	own, release := tr.bound(cancellable)
	stop()
	<-own.Done()
	release()
	if !errors.Is(own.Err(), context.Canceled) {
		t.Errorf("a cancelled caller: %v", own.Err())
	}
	late, cancelLate := context.WithTimeout(context.Background(), time.Hour)
	defer cancelLate()
	if d, _ := mustBound(tr, late).Deadline(); d.After(time.Now().Add(10 * time.Second)) {
		t.Errorf("a later deadline was kept: %s", d)
	}
}

func mustBound(tr *Transport, ctx context.Context) context.Context {
	b, _ := tr.bound(ctx)
	return b
}

// The bound allocates nothing for a context with an earlier deadline, nor for one that cannot be cancelled.
func TestBoundAllocations(t *testing.T) {
	tr, _ := New("https://api.chatt2.me", "test", WithAPIKey("test-api-key-0001"))
	early, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for name, ctx := range map[string]context.Context{"background": context.Background(), "earlier deadline": early} {
		if n := testing.AllocsPerRun(100, func() {
			_, release := tr.bound(ctx)
			release()
		}); n != 0 {
			t.Errorf("%s: %.0f allocations", name, n)
		}
	}
}

// A shared deadline ends the call: the error is the context's deadline.
func TestSharedDeadlineEnds(t *testing.T) {
	tr, _ := New("https://api.chatt2.me", "test", WithAPIKey("test-api-key-0001"), WithTimeout(20*time.Millisecond))
	ctx, _ := tr.bound(context.Background())
	<-ctx.Done()
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("error %v", ctx.Err())
	}
}
