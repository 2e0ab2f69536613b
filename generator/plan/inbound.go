package plan

import (
	"fmt"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
	"github.com/chatt2me/chatt2me-go/templates"
)

// Inbound is package webhook's generated file (content.gen.go): the Message event, with each property whose schema
// has an inbound rule (model.InboundExtension) decoded into that rule's interface, and the unions of the rules.
type Inbound struct {
	Message InboundMessage
	// Unions are sorted by schema name.
	Unions []*InboundUnion
	// Identities are the rules of model.IdentityExtension, sorted by schema name: how IdentityFunc reads the
	// identity of an event, which it returns as IdentityKey makes it (a function of the static files).
	Identities                []*EventIdentity
	IdentityFunc, IdentityKey string
	IdentityDoc               string
}

// EventIdentity is how the generated eventIdentity reads the identity of the events of one type.
type EventIdentity struct {
	EventType string // the eventType of its events
	Schema    string // the event's schema and api struct
	// Event is the field of webhook.Event that holds the event decoded into its api struct ("Message" for the
	// embedded api struct of webhook.Message, "Status"), or "" for an event type Decode does not type, which
	// eventIdentity decodes from Event.Raw.
	Event string
	// Fields are oapi-codegen's fields of the properties that identify an event, in the rule's order, and Basics
	// their builtin types ("string", "int64", …).
	Fields []Field
	Basics []string
}

// InboundMessage is webhook.Message: oapi-codegen's struct of the event, embedded, and a field of a union's
// interface per property whose schema is a union. The static files use its Name and Decoder.
type InboundMessage struct {
	Name    string // the type, "Message"
	Schema  string // the event's schema and api struct, "Message"
	Decoder string // the function decoding an event's body, "decodeMessage"
	Doc     string
	// Fields are the union-typed properties, in oapi-codegen's declaration order.
	Fields []*InboundField
	// Typed says that every union of Fields has a Typer: the decoder first decodes the event into the api struct
	// in one pass and types it from there, and reads the unions raw only for what that cannot type.
	Typed bool
}

// InboundUnion is one interface of package webhook and its kinds: a received object schema typed by its
// discriminator.
type InboundUnion struct {
	Schema    string // the schema and api struct, such as "InboundContent"
	Interface string // such as "Content"
	Marker    string // the unexported method every kind has, such as "isContent"
	Decoder   string // the unexported function decoding its JSON, such as "decodeContent"
	Unknown   string // the type of a value it cannot type, such as "UnknownContent"
	// Typer is the unexported function typing the union's api struct once decoded, such as "typeContent"; "" when
	// it cannot, because a listed property is not a pointer (whose absence it could not tell) or a union it
	// contains cannot.
	Typer string
	// Discriminator is oapi-codegen's field of the discriminator property.
	Discriminator   Field
	Doc, UnknownDoc string
	// Properties are the properties the kinds list, each once, in oapi-codegen's declaration order: what the
	// decoder reads.
	Properties []*InboundField
	// Kinds are sorted by discriminator value.
	Kinds []*InboundKind
}

// InboundKind is the Go struct of one discriminator value.
type InboundKind struct {
	Value string // the discriminator value, which its Kind method returns
	Type  string // such as "ButtonReply"
	Doc   string
	// Fields are the kind's properties, its main one first.
	Fields []*InboundField
}

// InboundField is a property typed in package webhook: a field of a kind, or a union-typed field of Message.
type InboundField struct {
	Field Field // oapi-codegen's field of the property: its Go name, JSON name and type
	// Type is the field's type in package webhook: Field's without the pointer of an optional property, or the
	// interface of Union.
	Type  Type
	Union *InboundUnion // set when the property's schema is a union
	Doc   string        // of the field in a kind or in Message; the first field of a kind is its main property
}

// The names package webhook's static files (templates/sdk/webhook) use from the generated files, and the event
// schemas its Decode types (Event.Message and Event.Status).
const (
	inboundMessage = "Message"
	inboundDecoder = "decodeMessage"
	identityFunc   = "eventIdentity"
	identityKey    = "identityKey"
	statusSchema   = "MessageStatus"
)

// renameInbound is the hint of a name collision in package webhook.
var renameInbound = "rename the interface, or name the kind with names, in " + model.InboundExtension

// planInbound plans package webhook's generated file from the inbound rules of the model; nil when the SDK has no
// package webhook.
func planInbound(doc *spec.Document, api *apiTable, m *model.Model, sdk *SDK) (*Inbound, error) {
	if !sdk.Webhook {
		for _, rule := range []struct {
			extension string
			defined   bool
		}{{model.InboundExtension, len(m.Unions) > 0}, {model.IdentityExtension, len(m.Identities) > 0}} {
			if rule.defined {
				return nil, doc.ErrorAt("/"+rule.extension, "the document defines no webhook events (Message, MessageStatus "+
					"and their EventType), so the SDK has no package webhook to decode into")
			}
		}
		return nil, nil
	}
	names, err := webhookNames(doc)
	if err != nil {
		return nil, err
	}
	ip := &inboundPlanner{doc: doc, api: api, names: names, pkg: sdk.Import(WebhookDir), unions: map[string]*InboundUnion{}}
	in := &Inbound{IdentityFunc: identityFunc, IdentityKey: identityKey}
	for _, u := range m.Unions {
		pu, err := ip.union(u)
		if err != nil {
			return nil, err
		}
		in.Unions = append(in.Unions, pu)
	}
	for i, u := range m.Unions {
		if err := ip.kinds(in.Unions[i], u); err != nil {
			return nil, err
		}
	}
	if in.Message, err = ip.message(); err != nil {
		return nil, err
	}
	if err := ip.reached(in); err != nil {
		return nil, err
	}
	if err := ip.typers(in); err != nil {
		return nil, err
	}
	if in.Identities, err = ip.identities(m.Identities); err != nil {
		return nil, err
	}
	in.IdentityDoc = identityDoc(in)
	wrapInboundDocs(in)
	return in, nil
}

// docWidth is the width the plan wraps generated documentation at (package webhook's declarations, the facade's).
const docWidth = 114

// wrapInboundDocs wraps every documentation text of the generated file into lines.
func wrapInboundDocs(in *Inbound) {
	fields := slices.Clone(in.Message.Fields)
	in.Message.Doc = wrap(in.Message.Doc, docWidth)
	in.IdentityDoc = wrap(in.IdentityDoc, docWidth)
	for _, u := range in.Unions {
		u.Doc, u.UnknownDoc = wrap(u.Doc, docWidth), wrap(u.UnknownDoc, docWidth)
		for _, k := range u.Kinds {
			k.Doc = wrap(k.Doc, docWidth)
		}
		fields = append(fields, u.Properties...)
	}
	for _, f := range fields {
		f.Doc = wrap(f.Doc, docWidth-1) // fields are indented
	}
}

// webhookNames declares the top-level names of package webhook that do not come from the rules: those of its static
// files and the generated Message and decodeMessage.
func webhookNames(doc *spec.Document) (*names, error) {
	n := newNames(doc, renameInbound)
	static, err := templates.SDK()
	if err != nil {
		return nil, err
	}
	fixed := []string{inboundMessage, inboundDecoder, identityFunc}
	for _, rel := range sortedKeys(static) {
		if path.Dir(rel) != path.Base(WebhookDir) {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), rel, static[rel], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		fixed = append(fixed, topLevelNames(file)...)
	}
	for _, name := range fixed {
		if name == "_" || name == "init" {
			continue
		}
		if err := n.declare(name, "package webhook's "+name, "/"+model.InboundExtension); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// inboundPlanner plans the unions of one document.
type inboundPlanner struct {
	doc    *spec.Document
	api    *apiTable
	names  *names
	pkg    string                   // package webhook's import path
	unions map[string]*InboundUnion // by schema
}

// rulePointer is the JSON pointer of a union's rule, or of a part of it.
func rulePointer(schema string, parts ...string) string {
	p := "/" + model.InboundExtension + "/" + spec.EscapeToken(schema)
	for _, part := range parts {
		p += "/" + spec.EscapeToken(part)
	}
	return p
}

// union plans a union's names and documentation; its kinds come once every union is known.
func (ip *inboundPlanner) union(u model.Union) (*InboundUnion, error) {
	at := rulePointer(u.Schema, "interface")
	disc, err := ip.api.field(u.Schema, u.Discriminator)
	if err != nil {
		return nil, ip.doc.ErrorAt(at, err.Error())
	}
	pu := &InboundUnion{Schema: u.Schema, Interface: u.Interface, Marker: "is" + u.Interface, Decoder: "decode" + u.Interface,
		Unknown: "Unknown" + u.Interface, Discriminator: disc}
	for _, name := range []struct{ name, what string }{{pu.Interface, "the interface of " + u.Schema},
		{pu.Unknown, "the unknown kind of " + u.Schema}, {pu.Marker, "the marker of " + u.Schema}, {pu.Decoder, "the decoder of " + u.Schema}} {
		if err := ip.names.declare(name.name, name.what, at); err != nil {
			return nil, err
		}
	}
	ip.unions[u.Schema] = pu
	return pu, nil
}

// kinds plans the kinds of a union, their fields and the documentation of the union.
func (ip *inboundPlanner) kinds(pu *InboundUnion, u model.Union) error {
	schema := ip.doc.T.Components.Schemas[u.Schema]
	props := map[string]*InboundField{}
	var types []string
	for _, k := range u.Kinds {
		kind := &InboundKind{Value: k.Value, Type: k.GoName}
		if kind.Type == "" {
			kind.Type = exported(k.Value)
		}
		at := rulePointer(u.Schema, "kinds", k.Value)
		if k.GoName != "" {
			at = rulePointer(u.Schema, "names", k.Value)
		}
		if err := ip.names.declare(kind.Type, fmt.Sprintf("the kind %q of %s", k.Value, u.Schema), at); err != nil {
			return err
		}
		for i, p := range k.Properties {
			f, ok := props[p]
			if !ok {
				var err error
				if f, err = ip.field(pu, p, rulePointer(u.Schema, "kinds", k.Value, strconv.Itoa(i))); err != nil {
					return err
				}
				props[p] = f
			}
			kind.Fields = append(kind.Fields, f)
		}
		kind.Doc = fmt.Sprintf("%s is the %s whose %s is %q: api.%s with %s.", kind.Type, pu.Interface, u.Discriminator, k.Value,
			u.Schema, listProperties(k.Properties))
		types = append(types, kind.Type)
		pu.Kinds = append(pu.Kinds, kind)
	}
	for _, p := range ip.api.order[u.Schema] {
		if f := props[p]; f != nil {
			pu.Properties = append(pu.Properties, f)
		}
	}
	pu.Doc = fmt.Sprintf("%s is a received api.%s, typed by its %q: %s. A %s the SDK does not know, or a kind without its main "+
		"property, is an %s, not an error. Switch on the value's type, or on Kind.\n\n%s", pu.Interface, u.Schema,
		u.Discriminator, orList(types), u.Discriminator, pu.Unknown, describe(schema))
	pu.UnknownDoc = fmt.Sprintf("%s is a %s the SDK cannot type: a %s the document's rules do not list, or a listed one whose "+
		"main property is absent. Type is the %s as received (empty when absent or not a string); Raw is the object's JSON "+
		"as received, byte for byte (nil when absent).", pu.Unknown, pu.Interface, u.Discriminator, u.Discriminator)
	return nil
}

// field plans a listed property of a union's schema, at the rule's pointer at.
func (ip *inboundPlanner) field(pu *InboundUnion, prop, at string) (*InboundField, error) {
	f, err := ip.api.field(pu.Schema, prop)
	if err != nil {
		return nil, ip.doc.ErrorAt(at, err.Error())
	}
	switch {
	case f.Name == "Kind" || f.Name == pu.Marker:
		return nil, ip.doc.ErrorAt(at, fmt.Sprintf("property %q would be the field %s, which is a method of every %s", prop, f.Name,
			pu.Interface))
	case f.Elem().Kind == Inline:
		return nil, ip.doc.ErrorAt(propPointer(pu.Schema, prop), "inline object schemas are not supported as values; make it a component")
	}
	ref := ip.doc.T.Components.Schemas[pu.Schema].Value.Properties[prop]
	out := &InboundField{Field: f, Type: ip.api.plain(f.Elem()), Union: ip.unions[componentOf(ref)]}
	if out.Union != nil {
		out.Type = Type{Kind: Named, Name: out.Union.Interface, Pkg: ip.pkg}
	}
	out.Doc = fmt.Sprintf("%s is %s: %s", f.Name, prop, sentenceOr(describe(ref), "(not described)."))
	return out, nil
}

// message plans webhook.Message: a field per property of the Message event whose schema is a union.
func (ip *inboundPlanner) message() (InboundMessage, error) {
	m := InboundMessage{Name: inboundMessage, Schema: inboundMessage, Decoder: inboundDecoder}
	schema := ip.doc.T.Components.Schemas[m.Schema].Value
	var typed []string
	for _, p := range ip.api.order[m.Schema] {
		u := ip.unions[componentOf(schema.Properties[p])]
		if u == nil {
			continue
		}
		f, err := ip.api.field(m.Schema, p)
		if err != nil {
			return m, ip.doc.ErrorAt(propPointer(m.Schema, p), err.Error())
		}
		if f.Name == m.Schema {
			return m, ip.doc.ErrorAt(propPointer(m.Schema, p), fmt.Sprintf("property %q would be the field %s, which is the embedded "+
				"api.%s of webhook.%s", p, f.Name, m.Schema, m.Name))
		}
		m.Fields = append(m.Fields, &InboundField{Field: f, Type: Type{Kind: Named, Name: u.Interface, Pkg: ip.pkg}, Union: u,
			Doc: fmt.Sprintf("%s is %s, typed by its %s; never nil (an %s when the event has none).", f.Name, p,
				u.Discriminator.JSON, u.Unknown)})
		typed = append(typed, fmt.Sprintf("%s decoded into a %s (m.%s; m.%s.%s is oapi-codegen's struct)", p, u.Interface, f.Name,
			m.Schema, f.Name))
	}
	m.Doc = fmt.Sprintf("%s is a %s event: oapi-codegen's api.%s", m.Name, m.Schema, m.Schema)
	if len(typed) > 0 {
		m.Doc += ", with " + strings.Join(typed, ", ")
	}
	m.Doc += ". encoding/json reads and writes it as the api struct, the typed fields left out."
	return m, nil
}

// typers plans the Typer of every union that can be typed from its api struct, and whether Message is.
func (ip *inboundPlanner) typers(in *Inbound) error {
	var typable func(u *InboundUnion) bool
	typable = func(u *InboundUnion) bool {
		if u.Discriminator.Optional() {
			return false
		}
		for _, p := range u.Properties {
			if !p.Field.Optional() || p.Union != nil && !typable(p.Union) {
				return false
			}
		}
		return true
	}
	for _, u := range in.Unions {
		if typable(u) {
			u.Typer = "type" + u.Interface
			if err := ip.names.declare(u.Typer, "the typer of "+u.Schema, rulePointer(u.Schema, "interface")); err != nil {
				return err
			}
		}
	}
	in.Message.Typed = len(in.Message.Fields) > 0
	for _, f := range in.Message.Fields {
		in.Message.Typed = in.Message.Typed && f.Union.Typer != ""
	}
	return nil
}

// reached refuses a union that nothing decodes: neither a property of Message nor of a kind of a union decoded.
func (ip *inboundPlanner) reached(in *Inbound) error {
	seen := map[*InboundUnion]bool{}
	var visit func(fields []*InboundField)
	visit = func(fields []*InboundField) {
		for _, f := range fields {
			if f.Union != nil && !seen[f.Union] {
				seen[f.Union] = true
				visit(f.Union.Properties)
			}
		}
	}
	visit(in.Message.Fields)
	for _, u := range in.Unions {
		if !seen[u] {
			return ip.doc.ErrorAt(rulePointer(u.Schema), fmt.Sprintf("nothing decodes %s: it is not the schema of a property of the %s "+
				"event, nor of a kind of a union that is", u.Schema, in.Message.Schema))
		}
	}
	return nil
}

// printInbound prints package webhook's generated declarations.
func printInbound(b *strings.Builder, in *Inbound) {
	fmt.Fprintf(b, "package webhook\n  type %s: api.%s%s; decoded by %s\n", in.Message.Name, in.Message.Schema,
		printInboundFields(in.Message.Fields, "; "), in.Message.Decoder)
	for _, u := range in.Unions {
		fmt.Fprintf(b, "  interface %s of %s by %s; unknown %s; decoded by %s\n", u.Interface, u.Schema, u.Discriminator.JSON, u.Unknown,
			u.Decoder)
		for _, k := range u.Kinds {
			fmt.Fprintf(b, "    kind %q %s:%s\n", k.Value, k.Type, printInboundFields(k.Fields, " "))
		}
	}
}

// printInboundFields prints fields as "Name Type (json), …" after prefix, or nothing.
func printInboundFields(fields []*InboundField, prefix string) string {
	var out []string
	for _, f := range fields {
		out = append(out, fmt.Sprintf("%s %s (%s)", f.Field.Name, f.Type, f.Field.JSON))
	}
	if len(out) == 0 {
		return ""
	}
	return prefix + strings.Join(out, ", ")
}

// listProperties lists a kind's properties in prose, its main one first: "imageUrl (always set) and text (the zero
// value when absent)".
func listProperties(props []string) string {
	parts := []string{props[0] + " (always set)"}
	for _, p := range props[1:] {
		parts = append(parts, p+" (the zero value when absent)")
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// orList joins names in prose: "A, B or C".
func orList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
