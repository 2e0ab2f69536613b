// Package model derives the generator's small intermediate representation from the merged OpenAPI document: the
// channels, their send operations, the content kinds each channel accepts and the accepted forms of `from` and
// `to`. Nothing here is a list of channels or kinds: everything comes from the document.
package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// ChannelsExtension is the top-level extension, in the hand-written fragment, that describes each channel.
const ChannelsExtension = "x-chatt2me-channels"

// OptionNamesExtension is the top-level extension that names the SDK options setting some properties, where the
// property's own name would not read well ("text" of a media kind is its caption): "property" or
// "Schema.property" → option name.
const OptionNamesExtension = "x-chatt2me-option-names"

// sendPath matches the path of a channel send operation.
var sendPath = regexp.MustCompile(`^/v1/communication/[^/]+/message$`)

// Model is everything the emitters need, in a stable order.
type Model struct {
	// Channels are sorted by package name.
	Channels []Channel
	// OptionNames renames the options of some properties (from OptionNamesExtension).
	OptionNames map[string]string
	// Paging is the API's paging rule (from PagingExtension); nil when the document has none.
	Paging *Paging
	// Unions are the rules of InboundExtension, sorted by schema name: how package webhook types what it receives.
	Unions []Union
	// Identities are the rules of IdentityExtension, sorted by schema name: which properties identify an event.
	Identities []EventIdentity
	// Reply says how the SDK answers a Message event (from ReplyExtension); nil when the document has no rule.
	Reply *Reply
	// RetryFailed says how the SDK delivers again what a webhook failed to deliver (from RetryFailedExtension); nil
	// when the document has no rule.
	RetryFailed *RetryFailed
}

// Channel is one messaging channel and its send operation.
type Channel struct {
	Package         string // Go package name, such as "whatsapp"
	Name            string // name in prose, such as "WhatsApp"
	WebhookChannel  string // `channel` value of its webhook events
	AcceptedStatus  string // `status` of a successful send
	RequiresSession bool   // the recipient needs an open session (Web Chatt)
	OperationID     string
	Method, Path    string
	Summary         string
	Description     string
	InputSchema     string // request body schema, such as "SendWhatsAppMessageInput"
	ContentSchema   string // schema of its `content`, such as "SendWhatsAppMessageContent"
	ReplySchema     string // schema of `replyTo`, empty when the channel has no replies
	Kinds           []Kind // in the order of the content oneOf
	From            []Alias
	To              *Alias // nil when the channel has no `to` helper
}

// Kind is one content kind of a channel: one member of its content oneOf.
type Kind struct {
	Name        string // builder name, such as "Text" or "Buttons"
	Schema      string // component schema, such as "TextContent" or "WhatsAppButtonsContent"
	MainField   string // the one required property, such as "text"
	Description string
}

// Alias is one accepted form of `from` (or `to`).
type Alias struct {
	Helper      string `json:"helper"`
	Shape       Shape  `json:"shape"`
	Field       string `json:"field,omitempty"`
	Prefix      string `json:"prefix,omitempty"`
	KeepPrefix  bool   `json:"keepPrefix,omitempty"`
	Pattern     string `json:"pattern,omitempty"`
	Description string `json:"description"`
}

// channelRule is one entry of the channels extension.
type channelRule struct {
	Package         string  `json:"package"`
	Name            string  `json:"name"`
	WebhookChannel  string  `json:"webhookChannel"`
	AcceptedStatus  string  `json:"acceptedStatus"`
	RequiresSession bool    `json:"requiresSession,omitempty"`
	From            []Alias `json:"from"`
	To              *Alias  `json:"to,omitempty"`
}

var (
	goIdent     = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	packageName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	inputSchema = regexp.MustCompile(`^Send([A-Za-z0-9]+)MessageInput$`)
)

// Build derives the model from a merged document.
func Build(doc *spec.Document) (*Model, error) {
	t := doc.T
	rules, err := readRules(doc)
	if err != nil {
		return nil, err
	}
	ops := operationsByID(t)
	var m Model
	if m.OptionNames, err = readOptionNames(doc); err != nil {
		return nil, err
	}
	if m.Paging, err = readPaging(doc); err != nil {
		return nil, err
	}
	if m.Unions, err = readUnions(doc); err != nil {
		return nil, err
	}
	if m.Identities, err = readIdentities(doc); err != nil {
		return nil, err
	}
	if m.Reply, err = readReply(doc); err != nil {
		return nil, err
	}
	if m.RetryFailed, err = readRetryFailed(doc); err != nil {
		return nil, err
	}
	for _, id := range sortedKeys(rules) {
		rule := rules[id]
		pointer := "/" + ChannelsExtension + "/" + id
		op, ok := ops[id]
		if !ok {
			return nil, doc.ErrorAt(pointer, fmt.Sprintf("no operation has operationId %q", id))
		}
		ch, err := buildChannel(doc, id, rule, op)
		if err != nil {
			return nil, err
		}
		m.Channels = append(m.Channels, ch)
	}
	for _, id := range sortedKeys(ops) {
		op := ops[id]
		if _, ok := rules[id]; !ok && op.method == http.MethodPost && sendPath.MatchString(op.path) {
			return nil, doc.ErrorAt(opPointer(op),
				fmt.Sprintf("channel send operation %q has no entry in %s; add one in the hand-written fragment", id, ChannelsExtension))
		}
	}
	sort.Slice(m.Channels, func(i, j int) bool { return m.Channels[i].Package < m.Channels[j].Package })
	seen := map[string]string{}
	for _, ch := range m.Channels {
		if other, dup := seen[ch.Package]; dup {
			return nil, doc.ErrorAt("/"+ChannelsExtension+"/"+ch.OperationID+"/package",
				fmt.Sprintf("package %q is also used by %s", ch.Package, other))
		}
		seen[ch.Package] = ch.OperationID
	}
	return &m, nil
}

func readOptionNames(doc *spec.Document) (map[string]string, error) {
	names := map[string]string{}
	raw, ok := doc.T.Extensions[OptionNamesExtension]
	if !ok {
		return names, nil
	}
	entries, ok := raw.(map[string]any)
	if !ok {
		return nil, doc.ErrorAt("/"+OptionNamesExtension, "expected a mapping from property to option name")
	}
	for key, v := range entries {
		name, ok := v.(string)
		if !ok || !goIdent.MatchString(name) {
			return nil, doc.ErrorAt("/"+OptionNamesExtension+"/"+key, fmt.Sprintf("option name %v must be an exported Go name", v))
		}
		names[key] = name
	}
	return names, nil
}

type operation struct {
	method, path string
	op           *openapi3.Operation
}

func opPointer(op operation) string {
	return "/paths/" + spec.EscapeToken(op.path) + "/" + strings.ToLower(op.method)
}

func operationsByID(t *openapi3.T) map[string]operation {
	ops := map[string]operation{}
	for path, item := range t.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID != "" {
				ops[op.OperationID] = operation{method, path, op}
			}
		}
	}
	return ops
}

// eventChannels returns the values the `channel` property of the Message event schema allows, or nil when the
// document has no such schema or leaves the property open.
func eventChannels(doc *spec.Document) []string {
	msg := doc.T.Components.Schemas["Message"]
	if msg == nil || msg.Value == nil || msg.Value.Properties["channel"] == nil || msg.Value.Properties["channel"].Value == nil {
		return nil
	}
	var values []string
	for _, v := range msg.Value.Properties["channel"].Value.Enum {
		if s, ok := v.(string); ok {
			values = append(values, s)
		}
	}
	return values
}

func readRules(doc *spec.Document) (map[string]channelRule, error) {
	raw, ok := doc.T.Extensions[ChannelsExtension]
	if !ok {
		return nil, doc.ErrorAt("/"+ChannelsExtension, "missing: the hand-written fragment must describe the channels")
	}
	entries, ok := raw.(map[string]any)
	if !ok || len(entries) == 0 {
		return nil, doc.ErrorAt("/"+ChannelsExtension, "expected a mapping from operationId to channel rules")
	}
	rules := map[string]channelRule{}
	for _, id := range sortedKeys(entries) { // in order, so that of two broken rules the same one is reported
		entry := entries[id]
		pointer := "/" + ChannelsExtension + "/" + id
		var rule channelRule
		if err := decodeRule(doc, pointer, "channel", entry, &rule); err != nil {
			return nil, err
		}
		if err := checkRule(rule, func(sub, problem string) error { return doc.ErrorAt(pointer+sub, problem) }); err != nil {
			return nil, err
		}
		if values := eventChannels(doc); values != nil && !slices.Contains(values, rule.WebhookChannel) {
			return nil, doc.ErrorAt(pointer+"/webhookChannel", fmt.Sprintf("%q is not a channel of the Message events (%s): "+
				"add it to the enum of their channel property, so that its inbound messages are accepted", rule.WebhookChannel,
				strings.Join(values, ", ")))
		}
		rules[id] = rule
	}
	return rules, nil
}

// decodeRule decodes one entry of an extension, at pointer, into a rule struct, refusing unknown fields.
func decodeRule(doc *spec.Document, pointer, what string, entry, rule any) error {
	data, err := json.Marshal(entry)
	if err != nil {
		return doc.ErrorAt(pointer, err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(rule); err != nil {
		return doc.ErrorAt(pointer, "invalid "+what+" rule: "+strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// at returns the located error of a problem at the JSON pointer base+sub.
type at func(sub, problem string) error

func checkRule(r channelRule, fail at) error {
	switch {
	case !packageName.MatchString(r.Package):
		return fail("/package", fmt.Sprintf("package %q must be a lower-case Go package name", r.Package))
	case token.IsKeyword(r.Package):
		return fail("/package", fmt.Sprintf("package %q is a Go keyword", r.Package))
	case r.Package == "vendor" || r.Package == "testdata":
		return fail("/package", fmt.Sprintf("package %q is a directory the go command ignores", r.Package))
	case r.Name == "":
		return fail("/name", "missing")
	case r.WebhookChannel == "":
		return fail("/webhookChannel", "missing")
	case r.AcceptedStatus == "":
		return fail("/acceptedStatus", "missing")
	case len(r.From) == 0:
		return fail("/from", "at least one form of from is needed")
	}
	helpers := map[string]bool{}
	for i, a := range r.From {
		item := "/from/" + strconv.Itoa(i)
		if err := checkAlias(a, func(sub, problem string) error { return fail(item+sub, problem) }); err != nil {
			return err
		}
		if helpers[a.Helper] {
			return fail(item+"/helper", fmt.Sprintf("helper %q is listed twice", a.Helper))
		}
		helpers[a.Helper] = true
	}
	if r.To != nil {
		return checkAlias(*r.To, func(sub, problem string) error { return fail("/to"+sub, problem) })
	}
	return nil
}

func checkAlias(a Alias, fail at) error {
	if !goIdent.MatchString(a.Helper) {
		return fail("/helper", fmt.Sprintf("helper %q must be an exported Go name", a.Helper))
	}
	if !a.Shape.Known() {
		return fail("/shape", fmt.Sprintf("unknown shape %q; known shapes: %s", a.Shape, shapeNames()))
	}
	if a.Description == "" {
		return fail("/description", "missing")
	}
	if !a.Shape.Patterned() {
		if a.Pattern != "" || a.Prefix != "" {
			return fail("/shape", fmt.Sprintf("a %s rule takes no pattern or prefix", a.Shape))
		}
		return nil
	}
	if a.Pattern == "" {
		return fail("/pattern", fmt.Sprintf("a %s rule needs a pattern", a.Shape))
	}
	if _, err := pattern.Translate(a.Pattern); err != nil {
		return fail("/pattern", err.Error())
	}
	if len(a.Prefix) > 1 {
		return fail("/prefix", fmt.Sprintf("prefix %q must be one character", a.Prefix))
	}
	return nil
}

func buildChannel(doc *spec.Document, id string, rule channelRule, op operation) (Channel, error) {
	ch := Channel{
		Package: rule.Package, Name: rule.Name, WebhookChannel: rule.WebhookChannel,
		AcceptedStatus: rule.AcceptedStatus, RequiresSession: rule.RequiresSession,
		OperationID: id, Method: op.method, Path: op.path,
		Summary: op.op.Summary, Description: op.op.Description,
		From: rule.From, To: rule.To,
	}
	body := op.op.RequestBody
	if body == nil || body.Value == nil || body.Value.Content.Get("application/json") == nil {
		return ch, doc.ErrorAt(opPointer(op), fmt.Sprintf("channel operation %q has no application/json request body", id))
	}
	schemaRef := body.Value.Content.Get("application/json").Schema
	input, ok := componentName(schemaRef)
	if !ok {
		return ch, doc.ErrorAt(opPointer(op)+"/requestBody", "the request body must reference a named component schema")
	}
	ch.InputSchema = input
	prefix := ""
	if m := inputSchema.FindStringSubmatch(input); m != nil {
		prefix = m[1]
	}
	inputPointer := "/components/schemas/" + input
	props := schemaRef.Value.Properties
	for _, field := range []string{"from", "to", "content"} {
		if props[field] == nil {
			return ch, doc.ErrorAt(inputPointer+"/properties", fmt.Sprintf("the send body has no %q property", field))
		}
	}
	if reply := props["replyTo"]; reply != nil {
		if ch.ReplySchema, ok = componentName(reply); !ok {
			return ch, doc.ErrorAt(inputPointer+"/properties/replyTo", "replyTo must reference a named component schema")
		}
	}
	content := props["content"]
	if ch.ContentSchema, ok = componentName(content); !ok {
		return ch, doc.ErrorAt(inputPointer+"/properties/content", "content must reference a named component schema")
	}
	contentPointer := "/components/schemas/" + ch.ContentSchema
	if len(content.Value.OneOf) == 0 {
		return ch, doc.ErrorAt(contentPointer, "a channel's content must be a oneOf of content kinds")
	}
	names := map[string]int{}
	for i := range content.Value.OneOf {
		member := contentPointer + "/oneOf/" + strconv.Itoa(i)
		kind, err := buildKind(doc, content.Value.OneOf[i], prefix, member)
		if err != nil {
			return ch, err
		}
		if j, dup := names[kind.Name]; dup {
			return ch, doc.ErrorAt(contentPointer+"/oneOf/"+strconv.Itoa(i),
				fmt.Sprintf("content kind %s is also oneOf/%d", kind.Name, j))
		}
		names[kind.Name] = i
		ch.Kinds = append(ch.Kinds, kind)
	}
	return ch, nil
}

// buildKind reads one content oneOf member (at memberPointer): a named object schema with exactly one required
// property. The builder name is the schema name without the channel's prefix and without the "Content" suffix.
func buildKind(doc *spec.Document, member *openapi3.SchemaRef, channelPrefix, memberPointer string) (Kind, error) {
	name, ok := componentName(member)
	if !ok {
		return Kind{}, doc.ErrorAt(memberPointer, "a content kind must reference a named component schema")
	}
	at := "/components/schemas/" + spec.EscapeToken(name)
	s := member.Value
	if s.Type == nil || !s.Type.Is(openapi3.TypeObject) {
		return Kind{}, doc.ErrorAt(at, fmt.Sprintf("content kind %s is not an object schema (it is listed at %s)", name, memberPointer))
	}
	if !strings.HasSuffix(name, "Content") || name == "Content" {
		return Kind{}, doc.ErrorAt(memberPointer, fmt.Sprintf("content kind %s: its name must end in \"Content\"", name))
	}
	if len(s.Required) != 1 {
		return Kind{}, doc.ErrorAt(at+"/required",
			fmt.Sprintf("content kind %s must have exactly one required property (its main field), has %d", name, len(s.Required)))
	}
	builder := strings.TrimSuffix(name, "Content")
	if channelPrefix != "" && strings.HasPrefix(builder, channelPrefix) && len(builder) > len(channelPrefix) {
		builder = strings.TrimPrefix(builder, channelPrefix)
	}
	return Kind{Name: builder, Schema: name, MainField: s.Required[0], Description: s.Description}, nil
}

// componentName returns the component schema name a reference points to.
func componentName(ref *openapi3.SchemaRef) (string, bool) {
	const prefix = "#/components/schemas/"
	if ref == nil || ref.Value == nil || !strings.HasPrefix(ref.Ref, prefix) {
		return "", false
	}
	return strings.TrimPrefix(ref.Ref, prefix), true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
