package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// The receive cost of a webhook: verify the signature of a delivery and decode it, with the SDK and by hand
// (crypto/hmac and encoding/json into a plain struct, as a team would write it): a MessageStatus event, and a Message
// event of every inbound kind.

var (
	statusBody   = []byte(`{"eventType":"MessageStatus","messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"delivered","timestamp":1790000000,"channel":"whatsapp"}`)
	statusHeader = webhook.Sign(secret, now, statusBody)
)

func sdkReceive(header string, body []byte) (*api.MessageStatus, error) {
	if err := webhook.Verify(secret, header, body, now, 0); err != nil {
		return nil, err
	}
	ev, err := webhook.Decode(body)
	if err != nil {
		return nil, err
	}
	if ev.Status == nil {
		return nil, errors.New("not a MessageStatus event")
	}
	return ev.Status, nil
}

// handStatus is a MessageStatus event as a team would declare it.
type handStatus struct {
	EventType string `json:"eventType"`
	MessageID string `json:"messageId"`
	Status    string `json:"status"`
	Timestamp *int64 `json:"timestamp,omitempty"`
	Channel   string `json:"channel,omitempty"`
}

func handReceive(header string, body []byte) (*handStatus, error) {
	var ev handStatus
	if err := handVerifyDecode(header, body, &ev); err != nil {
		return nil, err
	}
	if ev.EventType != "MessageStatus" {
		return nil, errors.New("not a MessageStatus event")
	}
	return &ev, nil
}

// handVerifyDecode checks the signature with crypto/hmac and decodes the body with encoding/json, as a team would.
func handVerifyDecode(header string, body []byte, into any) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		switch k, v, _ := strings.Cut(part, "="); k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return err
	}
	if skew := now.Sub(time.Unix(unix, 0)); skew > 5*time.Minute || skew < -5*time.Minute {
		return errors.New("stale signature")
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errors.New("wrong signature")
	}
	return json.Unmarshal(body, into)
}

// TestReceiveBaselineDoesTheSame keeps the comparison fair: both sides accept the delivery with the same values,
// and both refuse it tampered with.
func TestReceiveBaselineDoesTheSame(t *testing.T) {
	s, err := sdkReceive(statusHeader, statusBody)
	if err != nil {
		t.Fatal(err)
	}
	h, err := handReceive(statusHeader, statusBody)
	if err != nil {
		t.Fatal(err)
	}
	if s.MessageId != h.MessageID || string(s.Status) != h.Status || *s.Timestamp != *h.Timestamp || string(s.Channel) != h.Channel {
		t.Errorf("SDK %+v, by hand %+v", s, h)
	}
	tampered := []byte(strings.Replace(string(statusBody), "delivered", "read", 1))
	if _, err := sdkReceive(statusHeader, tampered); err == nil {
		t.Error("the SDK accepted a tampered body")
	}
	if _, err := handReceive(statusHeader, tampered); err == nil {
		t.Error("the baseline accepted a tampered body")
	}
}

// BenchmarkReceiveStatus runs the SDK (webhook.Verify and webhook.Decode) and the hand-written receiver in turn, 16
// deliveries at a time, timing each side: ns/op is the SDK's, base-ns/op the baseline's, ns-ratio the one over the
// other; sdk-allocs/op and base-allocs/op count the allocations of one delivery.
func BenchmarkReceiveStatus(b *testing.B) {
	const chunk = 16
	sdkAllocs := testing.AllocsPerRun(100, func() { _, _ = sdkReceive(statusHeader, statusBody) })
	baseAllocs := testing.AllocsPerRun(100, func() { _, _ = handReceive(statusHeader, statusBody) })
	var sdk, base time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n += chunk {
		start := time.Now()
		for i := 0; i < chunk; i++ {
			if _, err := sdkReceive(statusHeader, statusBody); err != nil {
				b.Fatal(err)
			}
		}
		mid := time.Now()
		for i := 0; i < chunk; i++ {
			if _, err := handReceive(statusHeader, statusBody); err != nil {
				b.Fatal(err)
			}
		}
		sdk, base = sdk+mid.Sub(start), base+time.Since(mid)
	}
	runs := float64((b.N + chunk - 1) / chunk * chunk)
	b.ReportMetric(float64(sdk.Nanoseconds())/runs, "ns/op")
	b.ReportMetric(float64(base.Nanoseconds())/runs, "base-ns/op")
	b.ReportMetric(float64(sdk)/float64(base), "ns-ratio")
	b.ReportMetric(sdkAllocs, "sdk-allocs/op")
	b.ReportMetric(baseAllocs, "base-allocs/op")
}
