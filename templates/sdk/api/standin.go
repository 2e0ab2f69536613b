// Package api stands in for the package oapi-codegen generates, so that the static packages of templates/sdk that
// use its types (webhook) build and test in place. It holds only what they use; chatt2me-gen never copies it (every
// SDK gets oapi-codegen's own api package), and the generator checks that the document defines these names.
package api

// Message is the body of a Message event.
type Message struct {
	MessageId string `json:"messageId"`
}

// MessageStatus is the body of a MessageStatus event.
type MessageStatus struct {
	EventType string `json:"eventType"`
	MessageId string `json:"messageId"`
	Status    string `json:"status"`
}

// EventType is the type of a webhook event.
type EventType string

// The event types the webhook package dispatches.
const (
	EventTypeMessage       EventType = "Message"
	EventTypeMessageStatus EventType = "MessageStatus"
)
