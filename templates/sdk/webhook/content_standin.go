package webhook

import (
	"encoding/json"

	"github.com/chatt2me/chatt2me-go/templates/sdk/api"
)

// This file stands in for content.gen.go, which chatt2me-gen writes into every SDK from the document's
// x-chatt2me-inbound rules, so that this package builds and tests in place; it is never copied. It holds what the
// static files use: the Message type, here without typed fields, its decoder, and eventIdentity, here with the
// rules of openapi/webchatt.yaml written out.

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

// eventIdentity returns the EventStore key of an event's identity; false when its type has no rule or it lacks a
// property of its rule.
func eventIdentity(ev *Event) (string, bool) {
	switch {
	case ev.Message != nil && ev.Message.MessageId != "":
		return identityKey("Message", ev.Message.MessageId), true
	case ev.Status != nil && ev.Status.MessageId != "" && ev.Status.Status != "":
		return identityKey("MessageStatus", ev.Status.MessageId, string(ev.Status.Status)), true
	}
	return "", false
}
