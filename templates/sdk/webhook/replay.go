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
// MemoryReplayGuard serves one process. Replicas of a service behind one endpoint need one guard over a store they
// share, or a replay sent to another replica gets through: Claim is then an atomic insert-if-absent with an expiry
// (Redis SET key NX PX ttl, or an INSERT into a table whose primary key is the key), Release a delete.
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
	mu       sync.Mutex
	capacity int
	seq      uint64
	claims   map[string]claim
	order    []queued // claims, oldest first from head; entries no longer in claims are skipped
	head     int
}

type claim struct {
	expires time.Time
	seq     uint64 // tells this claim from an earlier one of the same key
}

type queued struct {
	key string
	claim
}

// NewMemoryReplayGuard returns a guard of capacity entries; zero or less means DefaultReplayCapacity.
func NewMemoryReplayGuard(capacity int) *MemoryReplayGuard {
	if capacity <= 0 {
		capacity = DefaultReplayCapacity
	}
	return &MemoryReplayGuard{capacity: capacity, claims: map[string]claim{}}
}

// Claim records key for ttl; false when it is already claimed and not expired.
func (g *MemoryReplayGuard) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.dropExpired(now)
	c, ok := g.claims[key]
	if ok && now.Before(c.expires) {
		return false, nil
	}
	for !ok && len(g.claims) >= g.capacity {
		if !g.evictOldest() {
			break
		}
	}
	g.seq++
	c = claim{expires: now.Add(ttl), seq: g.seq}
	g.claims[key] = c
	g.order = append(g.order, queued{key, c})
	g.compact()
	return true, nil
}

// Release forgets key.
func (g *MemoryReplayGuard) Release(_ context.Context, key string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.claims, key)
	return nil
}

// Len is the number of claims held, at most the capacity.
func (g *MemoryReplayGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.claims)
}

// live reports whether q is the current claim of its key.
func (g *MemoryReplayGuard) live(q queued) bool {
	c, ok := g.claims[q.key]
	return ok && c.seq == q.seq
}

// dropExpired removes the oldest claims while they have expired (or were released or replaced).
func (g *MemoryReplayGuard) dropExpired(now time.Time) {
	for g.head < len(g.order) {
		q := g.order[g.head]
		if g.live(q) && now.Before(q.expires) {
			return
		}
		if g.live(q) {
			delete(g.claims, q.key)
		}
		g.order[g.head] = queued{}
		g.head++
	}
}

// evictOldest removes the oldest live claim; false when there is none.
func (g *MemoryReplayGuard) evictOldest() bool {
	for g.head < len(g.order) {
		q := g.order[g.head]
		g.order[g.head] = queued{}
		g.head++
		if g.live(q) {
			delete(g.claims, q.key)
			return true
		}
	}
	return false
}

// compact keeps order at most about twice the claims held: it drops the consumed head and the entries of released
// or replaced claims.
func (g *MemoryReplayGuard) compact() {
	if len(g.order) < 64 || len(g.order) <= 2*len(g.claims) {
		return
	}
	kept := make([]queued, 0, 2*len(g.claims)+1)
	for _, q := range g.order[g.head:] {
		if g.live(q) {
			kept = append(kept, q)
		}
	}
	g.order, g.head = kept, 0
}
