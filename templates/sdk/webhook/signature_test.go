package webhook

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestVerifyReadsEveryV1: any v1 of the header may match, in either case of hexadecimal; a v1 that is not
// hexadecimal makes the header malformed, one of another length simply does not match.
func TestVerifyReadsEveryV1(t *testing.T) {
	now := time.Unix(1_790_000_000, 0)
	body := []byte(`{"eventType":"MessageStatus","messageId":"m","status":"read"}`)
	good := Sign("whsec_a", now, body)
	ts, digest, _ := strings.Cut(good, ",v1=")
	cases := []struct {
		header string
		want   error
	}{
		{ts + ",v1=" + strings.Repeat("0", 64) + ",v1=" + digest, nil},
		{ts + ",v1=" + strings.ToUpper(digest), nil},
		{ts + ",v1=abcd,v1=" + digest, nil},
		{ts + ",v1=" + digest[:63], ErrMalformedSignature},
		{ts + ",v1=" + digest[:62] + "zz", ErrMalformedSignature},
		{ts + ",v1=" + digest + "00", ErrWrongSignature},
		{good + ",", ErrMalformedSignature},
	}
	for _, c := range cases {
		if err := Verify("whsec_a", c.header, body, now, 0); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.header, err, c.want)
		}
	}
}

// TestVerifyWithSeveralSecrets: the HMAC states kept between checks are those of their own secret, whatever the
// order and concurrency of the checks.
func TestVerifyWithSeveralSecrets(t *testing.T) {
	now := time.Unix(1_790_000_000, 0)
	body := []byte(`{"eventType":"MessageStatus"}`)
	secrets := []string{"whsec_a", "whsec_b", "whsec_c"}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				secret, other := secrets[(g+i)%3], secrets[(g+i+1)%3]
				header := Sign(secret, now, body)
				if err := Verify(secret, header, body, now, 0); err != nil {
					t.Errorf("%s: %v", secret, err)
					return
				}
				if err := Verify(other, header, body, now, 0); !errors.Is(err, ErrWrongSignature) {
					t.Errorf("%s's signature checked with %s: %v", secret, other, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
