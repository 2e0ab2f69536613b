package transport

import (
	"net/http"
	"testing"
	"time"
)

// retryAfter never overflows: a wait too long for a time.Duration is maxWait, a date in the past is no wait.
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 7 ", 7 * time.Second, true},
		{"9223372036", 9223372036 * time.Second, true},
		{"9223372037", maxWait, true}, // 9223372037 s overflows a Duration
		{"18446744073709551616", maxWait, true},
		{"99999999999999999999999999", maxWait, true},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Fri, 31 Dec 9999 23:59:59 GMT", maxWait, true},
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {tc.value}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Retry-After %q: %s, %v; want %s, %v", tc.value, got, ok, tc.want, tc.ok)
		}
	}
}
