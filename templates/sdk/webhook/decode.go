package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/chatt2me/chatt2me-go/templates/sdk/api"
)

// Event is one delivery. Exactly one of Message and Status is set for the two documented event types; an event
// type the SDK does not know is still delivered, with Raw only.
type Event struct {
	Type string
	// Message is a Message event: oapi-codegen's api.Message, with its content typed (see Message); Status a
	// MessageStatus event.
	Message *Message
	Status  *api.MessageStatus
	// Raw is the body as received: fields the SDK does not know are kept here.
	Raw json.RawMessage
}

// Decode reads an event body. Unknown fields and unknown enum values are kept, not rejected; so is content of a kind
// the SDK does not know (an Unknown value holding its JSON).
func Decode(body []byte) (*Event, error) {
	// The type of a Message or MessageStatus event, the frequent ones, is found without decoding the body, which
	// is then decoded once; any other body is read for its type by encoding/json first.
	eventType := ""
	switch value, found, ok := scanEventType(body); {
	case ok && found && string(value) == string(api.EventTypeMessage):
		eventType = string(api.EventTypeMessage)
	case ok && found && string(value) == string(api.EventTypeMessageStatus):
		eventType = string(api.EventTypeMessageStatus)
	default:
		var head struct {
			EventType string `json:"eventType"`
		}
		if err := json.Unmarshal(body, &head); err != nil {
			return nil, fmt.Errorf("webhook: the body is not a JSON event: %w", err)
		}
		eventType = head.EventType
	}
	ev := &Event{Type: eventType, Raw: json.RawMessage(bytes.Clone(body))}
	switch eventType {
	case string(api.EventTypeMessage):
		m, err := decodeMessage(body)
		if err != nil {
			return nil, decodeError("a Message event", err)
		}
		ev.Message = m
	case string(api.EventTypeMessageStatus):
		status := new(api.MessageStatus)
		if err := json.Unmarshal(body, status); err != nil {
			return nil, decodeError("a MessageStatus event", err)
		}
		ev.Status = status
	}
	return ev, nil
}

// decodeError says what could not be decoded: the body, when it is not JSON, or else the event of its type.
func decodeError(event string, err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Errorf("webhook: the body is not a JSON event: %w", err)
	}
	return fmt.Errorf("webhook: %s: %w", event, err)
}

// scanEventType finds the value of the top-level "eventType" member of a JSON object (its name matched without
// regard to case and the last one kept, as encoding/json does) without decoding the body: found says whether the
// object has one; ok is false when the body is not an object it can read so (a name or value with escapes, a value
// that is not a string, a body that does not end with the object), for encoding/json to read instead. It checks
// the structure only as far as it needs to: the body is decoded whole afterwards.
func scanEventType(b []byte) (value []byte, found, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false, false
	}
	if i = skipSpace(b, i+1); i < len(b) && b[i] == '}' {
		return nil, false, skipSpace(b, i+1) == len(b)
	}
	for {
		name, next, plain := scanString(b, i)
		if next < 0 || !plain {
			return nil, false, false
		}
		if i = skipSpace(b, next); i >= len(b) || b[i] != ':' {
			return nil, false, false
		}
		i = skipSpace(b, i+1)
		if bytes.EqualFold(name, []byte("eventType")) {
			if value, next, plain = scanString(b, i); next < 0 || !plain {
				return nil, false, false
			}
			found = true
		} else if next = skipValue(b, i); next < 0 {
			return nil, false, false
		}
		if i = skipSpace(b, next); i >= len(b) {
			return nil, false, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			if skipSpace(b, i+1) != len(b) {
				return nil, false, false
			}
			return value, found, true
		default:
			return nil, false, false
		}
	}
}

// skipSpace returns the index of the first byte from i on that is not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString reads the JSON string at i: its content between the quotes, the index after it (-1 when there is no
// string there), and whether it is printable ASCII without escapes, so that the content is its value.
func scanString(b []byte, i int) (content []byte, next int, plain bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, -1, false
	}
	plain = true
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '\\':
			plain = false
			j++
		case c == '"':
			return b[i+1 : j], j + 1, plain
		case c < ' ' || c > '~':
			plain = false
		}
	}
	return nil, -1, false
}

// skipValue returns the index after the JSON value at i, or -1.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		_, next, _ := scanString(b, i)
		return next
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				_, next, _ := scanString(b, j)
				if next < 0 {
					return -1
				}
				j = next - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !endsLiteral(b[j]) {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// endsLiteral reports whether c ends a number or a literal (true, false, null).
func endsLiteral(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', '}', ']':
		return true
	}
	return false
}
