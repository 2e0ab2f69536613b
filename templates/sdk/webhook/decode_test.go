package webhook

import (
	"encoding/json"
	"testing"
)

// scanEventType finds what encoding/json would: for every body it reads (ok), the eventType encoding/json decodes
// from a valid body is the one it found, or "" when it found none.
func FuzzScanEventType(f *testing.F) {
	for _, seed := range []string{
		`{"eventType":"Message"}`,
		`{"EVENTTYPE":"MessageStatus","status":"read"}`,
		`{"eventType":"MessageStatus","eventType":"Message"}`,
		`{"\u0065ventType":"Message"}`,
		`{"eventType":"Mess\u0061ge"}`,
		`{"content":{"eventType":"MessageStatus"},"eventType":"Message"}`,
		`{"a":[1,{"b":"}"}],"eventType":"Message","c":null,"d":-1.5e3,"e":true}`,
		` { "eventType" : "Message" } `,
		`{"eventType":"Message"} x`,
		`{"eventType":null}`,
		`{}`,
		`[]`,
		`{"eventType":"Message",}`,
		"{\"eventTYpe\":\"\x87\"}", // encoding/json decodes invalid UTF-8 as U+FFFD
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		value, found, ok := scanEventType(body)
		var head struct {
			EventType string `json:"eventType"`
		}
		if !ok || json.Unmarshal(body, &head) != nil {
			return
		}
		if found && string(value) != head.EventType || !found && head.EventType != "" {
			t.Errorf("%s: scanned %q (found %v), encoding/json decodes %q", body, value, found, head.EventType)
		}
	})
}

// The cases scanEventType leaves to encoding/json, and those it reads.
func TestScanEventType(t *testing.T) {
	for _, tc := range []struct {
		body      string
		value     string
		found, ok bool
	}{
		{`{"eventType":"Message","messageId":"m"}`, "Message", true, true},
		{`{"EventType":"MessageStatus"}`, "MessageStatus", true, true},
		{`{"eventType":"MessageStatus","x":{"eventType":"Message"},"eventType":"Message"}`, "Message", true, true},
		{`{"messageId":"m"}`, "", false, true},
		{`{}`, "", false, true},
		{`{"\u0065ventType":"Message"}`, "", false, false},
		{`{"eventType":"Mess\u0061ge"}`, "", false, false},
		{`{"eventType":7}`, "", false, false},
		{`{"eventType":"Message"} {}`, "", false, false},
		{`{"eventType":"Message"`, "", false, false},
		{`["eventType","Message"]`, "", false, false},
	} {
		value, found, ok := scanEventType([]byte(tc.body))
		if string(value) != tc.value || found != tc.found || ok != tc.ok {
			t.Errorf("%s: %q %v %v, want %q %v %v", tc.body, value, found, ok, tc.value, tc.found, tc.ok)
		}
	}
}
