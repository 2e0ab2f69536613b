package fleet

import (
	"context"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// RedisEventStore against a real redis-server: a lease is held under its token with the lease's expiry, another
// token is refused, only its own token releases it, and a done mark wins over everything, with the retention's
// expiry.
func TestRedisEventStore(t *testing.T) {
	client := startRedis(t)
	ctx := context.Background()
	s := &RedisEventStore{Client: client, Prefix: "test:"}
	lease := func(key string, token uint64, want webhook.LeaseResult) {
		t.Helper()
		if got, err := s.Lease(ctx, key, token, time.Minute); err != nil || got != want {
			t.Errorf("Lease(%s, %d): %v %v, want %v", key, token, got, err, want)
		}
	}
	lease("event Message 1:a", 1, webhook.Leased)
	lease("event Message 1:a", 2, webhook.LeasedElsewhere)
	lease("event Message 1:a", 1, webhook.Leased) // renewed
	if ttl := client.PTTL(ctx, "test:event Message 1:a").Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("the lease expires in %v, want within its minute", ttl)
	}
	if err := s.Release(ctx, "event Message 1:a", 2); err != nil {
		t.Fatal(err)
	}
	lease("event Message 1:a", 2, webhook.LeasedElsewhere) // another token's release left it
	if err := s.Release(ctx, "event Message 1:a", 1); err != nil {
		t.Fatal(err)
	}
	lease("event Message 1:a", 2, webhook.Leased) // its own token's release freed it
	if err := s.Done(ctx, "event Message 1:a", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, "event Message 1:a", 2); err != nil {
		t.Fatal(err)
	}
	lease("event Message 1:a", 2, webhook.AlreadyDone)
	lease("event Message 1:a", 3, webhook.AlreadyDone)
	if ttl := client.PTTL(ctx, "test:event Message 1:a").Val(); ttl <= time.Minute || ttl > time.Hour {
		t.Errorf("the done mark expires in %v, want within the hour of retention", ttl)
	}
	if keys := client.Keys(ctx, "*").Val(); len(keys) != 1 || keys[0] != "test:event Message 1:a" {
		t.Errorf("keys %q, want the prefixed key alone", keys)
	}
}
