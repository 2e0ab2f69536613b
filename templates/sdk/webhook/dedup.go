package webhook

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EventStore records which events a Handler has handled, so that each event reaches a callback once however often
// Hub delivers it: again after a timeout, through RetryLog or RetryLogs (signed anew), or to another replica. A key
// is an event's identity, as the document's x-chatt2me-event-identity rules give it (a Message by its messageId, a
// MessageStatus by its messageId and status), or the delivery's signature for an event that lacks it.
//
// A key is taken in two steps: a short lease while the callback runs, then a done mark for the retention window. A
// replica that dies in a callback leaves its lease, which expires, so that the next attempt runs the callback. A
// store shared by replicas makes Lease an atomic insert-if-absent with an expiry (Redis SET key token NX PX ttl),
// Done an unconditional write with the retention as expiry, and Release a delete if the value is still token (a
// Lua script); the example examples/webhook-fleet of the SDK's repository is one on Redis.
type EventStore interface {
	// Lease takes key for ttl under token, unless it is done (AlreadyDone) or leased under another token that has not
	// expired (LeasedElsewhere). A lease under the same token is renewed. An error makes the Handler answer 503.
	Lease(ctx context.Context, key string, token uint64, ttl time.Duration) (LeaseResult, error)
	// Done marks key done for retention, whoever holds it: its event was handled.
	Done(ctx context.Context, key string, retention time.Duration) error
	// Release ends the lease of key if token still holds it (a later lease of another token is kept, and so is a
	// done mark): the callback failed, and the next attempt must run it.
	Release(ctx context.Context, key string, token uint64) error
}

// LeaseResult is what Lease found.
type LeaseResult int

// The results of Lease.
const (
	// Leased: the key is now leased under the token given; the callback runs.
	Leased LeaseResult = iota
	// LeasedElsewhere: another delivery of the event holds the key (a callback running on this or another replica);
	// the Handler answers 409 with Retry-After, so that Hub counts the attempt failed and it can be retried.
	LeasedElsewhere
	// AlreadyDone: the event was handled; the Handler answers 200 without calling back.
	AlreadyDone
)

// The defaults of a Handler's deduplication.
const (
	// DefaultLeaseTTL is how long a delivery holds its event while the callback runs: the longest a replica that
	// dies in a callback delays the event.
	DefaultLeaseTTL = 60 * time.Second
	// DefaultRetention is how long a handled event is remembered.
	DefaultRetention = 24 * time.Hour
	// DefaultEventCapacity is how many events the MemoryEventStore of a Handler without Events remembers.
	DefaultEventCapacity = 10_000
)

// MemoryEventStore is an EventStore in memory, of one process, bounded in entries: a key beyond its capacity
// evicts the oldest one (whose event, delivered again, would then reach the callback again: size it above the
// events of the retention window). It is safe for concurrent use.
type MemoryEventStore struct {
	// Now returns the current time; nil means time.Now. Set it before the store is used.
	Now func() time.Time

	mu   sync.Mutex
	keys boundedMap[eventState]
}

// eventState is a key's lease (token) or done mark.
type eventState struct {
	token uint64
	done  bool
}

// NewMemoryEventStore returns a store of capacity entries; zero or less means DefaultEventCapacity.
func NewMemoryEventStore(capacity int) *MemoryEventStore {
	if capacity <= 0 {
		capacity = DefaultEventCapacity
	}
	return &MemoryEventStore{keys: newBoundedMap[eventState](capacity)}
}

// Lease takes key for ttl under token, unless it is done or leased under another token.
func (s *MemoryEventStore) Lease(_ context.Context, key string, token uint64, ttl time.Duration) (LeaseResult, error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st, ok := s.keys.get(key, now); {
	case ok && st.done:
		return AlreadyDone, nil
	case ok && st.token != token:
		return LeasedElsewhere, nil
	}
	s.keys.put(key, eventState{token: token}, now.Add(ttl))
	return Leased, nil
}

// Done marks key done for retention.
func (s *MemoryEventStore) Done(_ context.Context, key string, retention time.Duration) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys.put(key, eventState{done: true}, now.Add(retention))
	return nil
}

// Release ends the lease of key if token holds it.
func (s *MemoryEventStore) Release(_ context.Context, key string, token uint64) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.keys.get(key, now); ok && !st.done && st.token == token {
		s.keys.delete(key)
	}
	return nil
}

// Len is the number of keys held, leased or done, at most the capacity.
func (s *MemoryEventStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys.len()
}

func (s *MemoryEventStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// identityKey is the EventStore key of an event identified by the values of its identity properties: its type and
// each value, length first, so that no two lists of values share a key.
func identityKey(eventType string, values ...string) string {
	var b strings.Builder
	n := len("event ") + len(eventType)
	for _, v := range values {
		n += len(v) + 12
	}
	b.Grow(n)
	b.WriteString("event ")
	b.WriteString(eventType)
	var digits [20]byte
	for _, v := range values {
		b.WriteByte(' ')
		b.Write(strconv.AppendInt(digits[:0], int64(len(v)), 10))
		b.WriteByte(':')
		b.WriteString(v)
	}
	return b.String()
}

// signatureKey is the EventStore key of a delivery whose event lacks its identity: its signature's hex digest.
func signatureKey(digest string) string { return "signature " + digest }
