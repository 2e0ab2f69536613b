package sandbox

import (
	"encoding/json"

	"github.com/chatt2me/chatt2me-go/generator/model"
)

// Kind is the message's content kind: the key that makes its content what it is, such as "text", "imageUrl",
// "interactive" or "template" (the one required property of the kind's schema in the document).
func (m Message) Kind() string { return m.kind }

// MarshalJSON writes the message with its kind, as GET /sandbox/messages lists it.
func (m Message) MarshalJSON() ([]byte, error) {
	type fields Message // without the methods, so that Marshal does not call this one again
	return json.Marshal(struct {
		fields
		Kind string `json:"kind"`
	}{fields(m), m.kind})
}

// UnmarshalJSON reads a message as MarshalJSON writes it, kind included.
func (m *Message) UnmarshalJSON(data []byte) error {
	type fields Message
	var v struct {
		fields
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*m = Message(v.fields)
	m.kind = v.Kind
	return nil
}

// contentKind returns the kind of a content the channel accepted: the main field of the channel's kind that the
// content has and whose schema declares every property the content has (an image's caption is its "text", yet the
// image is of kind "imageUrl"); "" when none fits.
func (s *Server) contentKind(ch model.Channel, content json.RawMessage) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(content, &fields) != nil {
		return ""
	}
	for _, k := range ch.Kinds {
		if _, ok := fields[k.MainField]; ok && s.declaresAll(k.Schema, fields) {
			return k.MainField
		}
	}
	return ""
}

// declaresAll reports whether the component schema declares every one of the fields.
func (s *Server) declaresAll(schema string, fields map[string]json.RawMessage) bool {
	ref := s.schemas[schema]
	if ref == nil || ref.Value == nil {
		return false
	}
	for name := range fields {
		if _, ok := ref.Value.Properties[name]; !ok {
			return false
		}
	}
	return true
}
