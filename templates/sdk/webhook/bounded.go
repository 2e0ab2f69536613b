package webhook

import "time"

// boundedMap is a map whose entries expire, bounded in entries: a new key beyond its capacity evicts the oldest
// entry. It is what the in-memory ReplayGuard and EventStore keep; they lock it.
type boundedMap[V any] struct {
	capacity int
	seq      uint64
	entries  map[string]entry[V]
	order    []queued[V] // entries, oldest first from head; those no longer in entries are skipped
	head     int
}

type entry[V any] struct {
	expires time.Time
	seq     uint64 // tells this entry from an earlier one of the same key
	value   V
}

type queued[V any] struct {
	key string
	entry[V]
}

func newBoundedMap[V any](capacity int) boundedMap[V] {
	return boundedMap[V]{capacity: capacity, entries: map[string]entry[V]{}}
}

// get returns the value of key, if it has not expired at now.
func (m *boundedMap[V]) get(key string, now time.Time) (V, bool) {
	m.dropExpired(now)
	e, ok := m.entries[key]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.value, true
}

// put sets key to value until expires, evicting the oldest entries beyond the capacity.
func (m *boundedMap[V]) put(key string, value V, expires time.Time) {
	if _, ok := m.entries[key]; !ok {
		for len(m.entries) >= m.capacity {
			if !m.evictOldest() {
				break
			}
		}
	}
	m.seq++
	e := entry[V]{expires: expires, seq: m.seq, value: value}
	m.entries[key] = e
	m.order = append(m.order, queued[V]{key, e})
	m.compact()
}

func (m *boundedMap[V]) delete(key string) { delete(m.entries, key) }

func (m *boundedMap[V]) len() int { return len(m.entries) }

// live reports whether q is the current entry of its key.
func (m *boundedMap[V]) live(q queued[V]) bool {
	e, ok := m.entries[q.key]
	return ok && e.seq == q.seq
}

// dropExpired removes the oldest entries while they have expired (or were deleted or replaced).
func (m *boundedMap[V]) dropExpired(now time.Time) {
	for m.head < len(m.order) {
		q := m.order[m.head]
		if m.live(q) && now.Before(q.expires) {
			return
		}
		if m.live(q) {
			delete(m.entries, q.key)
		}
		m.order[m.head] = queued[V]{}
		m.head++
	}
}

// evictOldest removes the oldest live entry; false when there is none.
func (m *boundedMap[V]) evictOldest() bool {
	for m.head < len(m.order) {
		q := m.order[m.head]
		m.order[m.head] = queued[V]{}
		m.head++
		if m.live(q) {
			delete(m.entries, q.key)
			return true
		}
	}
	return false
}

// compact keeps order at most about twice the entries held: it drops the consumed head and the entries deleted or
// replaced.
func (m *boundedMap[V]) compact() {
	if len(m.order) < 64 || len(m.order) <= 2*len(m.entries) {
		return
	}
	kept := make([]queued[V], 0, 2*len(m.entries)+1)
	for _, q := range m.order[m.head:] {
		if m.live(q) {
			kept = append(kept, q)
		}
	}
	m.order, m.head = kept, 0
}
