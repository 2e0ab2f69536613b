package model

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// IdentityExtension is the top-level extension, in the hand-written fragment, that says which properties identify
// each webhook event: per event schema, the properties whose values are the same on every delivery of one event
// and differ between two events. Package webhook's Handler deduplicates deliveries by them.
const IdentityExtension = "x-chatt2me-event-identity"

// EventIdentity is one rule of IdentityExtension.
type EventIdentity struct {
	Schema string // the event's component schema, such as "MessageStatus"
	// EventType is the eventType of its events: the one value of the schema's eventType property.
	EventType string
	// Properties identify an event, in the rule's order; each is a string or an integer.
	Properties []string
}

// readIdentities reads the identity extension, if the document has one; the rules are sorted by schema name.
func readIdentities(doc *spec.Document) ([]EventIdentity, error) {
	raw, ok := doc.T.Extensions[IdentityExtension]
	if !ok {
		return nil, nil
	}
	entries, ok := raw.(map[string]any)
	if !ok || len(entries) == 0 {
		return nil, doc.ErrorAt("/"+IdentityExtension, "expected a mapping from event schema to the properties that identify its events")
	}
	var out []EventIdentity
	for _, name := range sortedKeys(entries) {
		pointer := "/" + IdentityExtension + "/" + spec.EscapeToken(name)
		var props []string
		if err := decodeRule(doc, pointer, "event identity", entries[name], &props); err != nil {
			return nil, err
		}
		id, err := checkIdentity(doc.T, name, props, func(sub, problem string) error { return doc.ErrorAt(pointer+sub, problem) })
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// checkIdentity checks one rule against its schema: an object schema whose eventType property has one value, and
// properties of it, each a string or an integer, listed once.
func checkIdentity(t *openapi3.T, name string, props []string, fail at) (EventIdentity, error) {
	ref := t.Components.Schemas[name]
	switch {
	case ref == nil || ref.Value == nil:
		return EventIdentity{}, fail("", fmt.Sprintf("no component schema is named %q", name))
	case !isObjectSchema(ref.Value):
		return EventIdentity{}, fail("", fmt.Sprintf("%s is not an object schema (type: object)", name))
	case len(props) == 0:
		return EventIdentity{}, fail("", fmt.Sprintf("list the properties that identify a %s event", name))
	}
	value, ok := eventTypeOf(name, ref.Value)
	if !ok {
		return EventIdentity{}, fail("", fmt.Sprintf("%s has no eventType property whose enum is one value, or has the value %q: "+
			"nothing tells its events", name, name))
	}
	id := EventIdentity{Schema: name, EventType: value}
	for i, p := range props {
		item := "/" + strconv.Itoa(i)
		prop := ref.Value.Properties[p]
		switch {
		case prop == nil:
			return EventIdentity{}, fail(item, fmt.Sprintf("%s has no property %q", name, p))
		case p == "eventType":
			return EventIdentity{}, fail(item, "eventType is the event's type, not a property that tells two events apart")
		case prop.Value == nil || !isStringSchema(prop.Value) && !isIntegerSchema(prop.Value):
			return EventIdentity{}, fail(item, fmt.Sprintf("property %q of %s is not a string or an integer", p, name))
		case slices.Index(props, p) != i:
			return EventIdentity{}, fail(item, fmt.Sprintf("property %q is listed twice", p))
		}
		id.Properties = append(id.Properties, p)
	}
	return id, nil
}

// eventTypeOf is the type of an event schema's events: the one value of its eventType property's enum, or the
// schema's name when it is one of several.
func eventTypeOf(name string, s *openapi3.Schema) (string, bool) {
	p := s.Properties["eventType"]
	if p == nil || p.Value == nil || !isStringSchema(p.Value) {
		return "", false
	}
	if len(p.Value.Enum) == 1 {
		value, ok := p.Value.Enum[0].(string)
		return value, ok
	}
	return name, slices.Contains(p.Value.Enum, any(name))
}

func isIntegerSchema(s *openapi3.Schema) bool {
	return s.Type != nil && s.Type.Is(openapi3.TypeInteger)
}
