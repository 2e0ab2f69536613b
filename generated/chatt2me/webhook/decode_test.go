package webhook_test

import (
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// Decode reads a status event in one pass, and every other body for its type first: an event of another type
// whose fields clash with a status event's types is kept, a status event whose fields are of the wrong type is
// refused, and a Message event is typed.
func TestDecodeEveryEventShape(t *testing.T) {
	for _, tc := range []struct {
		name, body, typ, err string
	}{
		{"status", `{"eventType":"MessageStatus","messageId":"m-1","status":"read"}`, "MessageStatus", ""},
		{"status in another case", `{"EVENTTYPE":"MessageStatus","messageId":"m-1","status":"read"}`, "MessageStatus", ""},
		{"status with a wrong type", `{"eventType":"MessageStatus","messageId":7,"status":"read"}`, "",
			"webhook: a MessageStatus event: json: cannot unmarshal number into Go struct field MessageStatus.messageId of type string"},
		{"unknown type clashing with status fields", `{"eventType":"ChannelStatus","status":{"up":true},"timestamp":"now"}`, "ChannelStatus", ""},
		{"message", `{"eventType":"Message","channelId":"c","messageId":"m","from":"f","content":{"type":"text","text":"hi"}}`, "Message", ""},
		{"message with a status field", `{"eventType":"Message","channelId":"c","messageId":"m","from":"f","status":7,"content":{"type":"text","text":"hi"}}`,
			"Message", ""},
		{"not JSON", `{"eventType":`, "", "webhook: the body is not a JSON event: unexpected end of JSON input"},
	} {
		ev, err := webhook.Decode([]byte(tc.body))
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %s", tc.name, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case ev.Type != tc.typ || string(ev.Raw) != tc.body:
			t.Errorf("%s: type %q, raw %s", tc.name, ev.Type, ev.Raw)
		case tc.typ == "MessageStatus" && (ev.Status == nil || ev.Status.MessageId != "m-1" || ev.Message != nil):
			t.Errorf("%s: %+v", tc.name, ev)
		case tc.typ == "Message" && (ev.Message == nil || ev.Status != nil || !strings.Contains(ev.Message.Content.Kind(), "text")):
			t.Errorf("%s: %+v", tc.name, ev)
		case tc.typ == "ChannelStatus" && (ev.Message != nil || ev.Status != nil):
			t.Errorf("%s: %+v", tc.name, ev)
		}
	}
}
