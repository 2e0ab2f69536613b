package webhook

import (
	"encoding/json"

	"github.com/chatt2me/chatt2me-go/templates/sdk/api"
)

// This file stands in for content.gen.go, which chatt2me-gen writes into every SDK from the document's
// x-chatt2me-inbound rules, so that this package builds and tests in place; it is never copied. It holds what the
// static files use: the Message type, here without typed fields, its decoder, and statusEventType.

// Message is a Message event.
type Message struct {
	api.Message
}

// decodeMessage decodes a Message event.
func decodeMessage(body []byte) (*Message, error) {
	m := new(Message)
	if err := json.Unmarshal(body, &m.Message); err != nil {
		return nil, err
	}
	return m, nil
}

// statusEventType returns the eventType of a decoded MessageStatus event.
func statusEventType(s *api.MessageStatus) string { return string(s.EventType) }
