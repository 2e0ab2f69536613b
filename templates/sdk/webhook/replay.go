package webhook

import (
	"context"
	"sync"
	"time"
)

// ReplayGuard remembers the signed deliveries a Handler accepted, so that an exact replay is not passed on. A key is
// the hex HMAC digest of a delivery's signature, which identifies its timestamp and body; its TTL ends when the
// signature leaves the tolerance window, after which Verify refuses the delivery as stale anyway.
//
// It is a security check of each process: replicas share an EventStore, not a guard. A guard shared between
// replicas would take Hub's next attempt of a delivery whose replica died in its callback (the same signature) for
// a replay, and the event would be lost; the EventStore lets that attempt through once the dead replica's lease
// expires.
type ReplayGuard interface {
	// Claim records key for ttl and reports whether it is new: false means that key was claimed before, and has
	// neither expired nor been released. An error makes the Handler answer 503, so that Hub delivers it again.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Release forgets key. The Handler calls it when a callback failed, so that Hub's next attempt of the same
	// delivery is not taken for a replay.
	Release(ctx context.Context, key string) error
}

// DefaultReplayCapacity is how many deliveries the MemoryReplayGuard of a Handler without Replays remembers: enough
// for 33 deliveries a second over the default 300 s tolerance, in about 2.5 MB.
const DefaultReplayCapacity = 10_000

// MemoryReplayGuard is a ReplayGuard in memory, bounded in entries: a claim beyond its capacity evicts the oldest
// one (whose replay, within its tolerance window, would then get through: size it above the deliveries of one
// window). It is safe for concurrent use.
type MemoryReplayGuard struct {
	mu     sync.Mutex
	claims boundedMap[struct{}]
}

// NewMemoryReplayGuard returns a guard of capacity entries; zero or less means DefaultReplayCapacity.
func NewMemoryReplayGuard(capacity int) *MemoryReplayGuard {
	if capacity <= 0 {
		capacity = DefaultReplayCapacity
	}
	return &MemoryReplayGuard{claims: newBoundedMap[struct{}](capacity)}
}

// Claim records key for ttl; false when it is already claimed and not expired.
func (g *MemoryReplayGuard) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.claims.get(key, now); ok {
		return false, nil
	}
	g.claims.put(key, struct{}{}, now.Add(ttl))
	return true, nil
}

// Release forgets key.
func (g *MemoryReplayGuard) Release(_ context.Context, key string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.claims.delete(key)
	return nil
}

// Len is the number of claims held, at most the capacity.
func (g *MemoryReplayGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.claims.len()
}
