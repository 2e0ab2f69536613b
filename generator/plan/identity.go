package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// identities plans how the generated eventIdentity reads each rule's properties: from the event Decode typed
// (Message, MessageStatus), or from the api struct of another event type, decoded from the raw event.
func (ip *inboundPlanner) identities(rules []model.EventIdentity) ([]*EventIdentity, error) {
	var out []*EventIdentity
	byType := map[string]string{}
	for _, rule := range rules {
		at := "/" + model.IdentityExtension + "/" + spec.EscapeToken(rule.Schema)
		if other, ok := byType[rule.EventType]; ok {
			return nil, ip.doc.ErrorAt(at, fmt.Sprintf("the events of %s and %s are both of type %q: one rule per event type", other,
				rule.Schema, rule.EventType))
		}
		byType[rule.EventType] = rule.Schema
		id := &EventIdentity{EventType: rule.EventType, Schema: rule.Schema}
		switch rule.Schema {
		case inboundMessage:
			id.Event = "Message"
		case statusSchema:
			id.Event = "Status"
		}
		for i, p := range rule.Properties {
			f, err := ip.api.field(rule.Schema, p)
			if err != nil {
				return nil, ip.doc.ErrorAt(at+"/"+strconv.Itoa(i), err.Error())
			}
			basic := ip.api.basic(f.Elem())
			switch basic {
			case "string", "int", "int8", "int16", "int32", "int64":
			default:
				return nil, ip.doc.ErrorAt(at+"/"+strconv.Itoa(i), fmt.Sprintf("property %q of %s is a Go %s, not a string or an integer",
					p, rule.Schema, f.Elem()))
			}
			id.Fields, id.Basics = append(id.Fields, f), append(id.Basics, basic)
		}
		out = append(out, id)
	}
	return out, nil
}

// identityDoc is the documentation of the generated eventIdentity, which names the rules.
func identityDoc(in *Inbound) string {
	var rules []string
	for _, id := range in.Identities {
		var names []string
		for _, f := range id.Fields {
			names = append(names, f.JSON)
		}
		rules = append(rules, "a "+id.EventType+" by "+strings.Join(names, " and "))
	}
	from := "the document, which has no identity rules"
	if len(rules) > 0 {
		from = "the document's identity rules (" + model.IdentityExtension + "): " + strings.Join(rules, "; ")
	}
	return fmt.Sprintf("%s returns the EventStore key of an event's identity, from %s. It is false when the event's type has no "+
		"rule, or the event lacks a property of its rule (an empty string).", in.IdentityFunc, from)
}
