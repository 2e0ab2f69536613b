// Package fleet is a webhook receiver that runs as several replicas: each replica's webhook.Handler deduplicates
// events through RedisEventStore, an EventStore on Redis that the replicas share, so that each event reaches a
// callback once across retries, replicas and crashes. fleet_test.go runs three replicas as processes against a real
// redis-server, behind a round-robin proxy, and kills one inside a callback.
package fleet

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// RedisEventStore is a webhook.EventStore on Redis. A key holds "lease:<token>" while a delivery's callback runs,
// with the lease's expiry, then "done", with the retention's: Redis expires both, so that a replica that dies in a
// callback frees its event when the lease ends.
type RedisEventStore struct {
	Client *redis.Client
	// Prefix starts every key, so that services sharing a Redis do not share events ("webhook:orders:", say).
	Prefix string
}

var _ webhook.EventStore = (*RedisEventStore)(nil)

// leaseScript takes a key that is absent, or renews the lease of the same token: 0 leased, 1 leased by another
// token, 2 done.
var leaseScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == 'done' then return 2 end
if v and v ~= ARGV[1] then return 1 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 0
`)

// releaseScript deletes a key that still holds the token's lease.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// Lease takes key for ttl under token, unless it is done or leased under another token.
func (s *RedisEventStore) Lease(ctx context.Context, key string, token uint64, ttl time.Duration) (webhook.LeaseResult, error) {
	n, err := leaseScript.Run(ctx, s.Client, []string{s.Prefix + key}, lease(token), ttl.Milliseconds()).Int()
	if err != nil {
		return 0, fmt.Errorf("leasing an event: %w", err)
	}
	switch n {
	case 0:
		return webhook.Leased, nil
	case 1:
		return webhook.LeasedElsewhere, nil
	case 2:
		return webhook.AlreadyDone, nil
	}
	return 0, fmt.Errorf("leasing an event: the script answered %d", n)
}

// Done marks key done for retention.
func (s *RedisEventStore) Done(ctx context.Context, key string, retention time.Duration) error {
	if err := s.Client.Set(ctx, s.Prefix+key, "done", retention).Err(); err != nil {
		return fmt.Errorf("marking an event done: %w", err)
	}
	return nil
}

// Release ends the lease of key if token holds it.
func (s *RedisEventStore) Release(ctx context.Context, key string, token uint64) error {
	if err := releaseScript.Run(ctx, s.Client, []string{s.Prefix + key}, lease(token)).Err(); err != nil {
		return fmt.Errorf("releasing an event: %w", err)
	}
	return nil
}

// lease is the value of a key leased under token.
func lease(token uint64) string { return "lease:" + strconv.FormatUint(token, 10) }
