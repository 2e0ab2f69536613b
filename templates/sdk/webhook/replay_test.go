package webhook

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The queue of claims stays bounded when claims are released or expire behind a long-lived one.
func TestMemoryReplayGuardStaysBounded(t *testing.T) {
	ctx := context.Background()
	g := NewMemoryReplayGuard(100)
	if first, _ := g.Claim(ctx, "long-lived", time.Hour); !first {
		t.Fatal("first claim")
	}
	for i := range 100_000 {
		key := fmt.Sprint(i)
		if first, _ := g.Claim(ctx, key, time.Hour); !first {
			t.Fatalf("claim %s", key)
		}
		if i%2 == 0 {
			_ = g.Release(ctx, key)
		}
	}
	if n := len(g.claims.order) - g.claims.head; n > 2*g.claims.capacity+64 {
		t.Errorf("%d queued entries for a capacity of %d", n, g.claims.capacity)
	}
	if g.Len() != 100 {
		t.Errorf("%d claims, want 100", g.Len())
	}
}
