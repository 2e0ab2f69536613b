package plan

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
)

// Samples are valid calls of the builders, derived from the document: its examples where it gives them, otherwise
// values synthesised from each schema's limits (the shortest value a pattern matches, the middle of a range, the
// first enum value). The contract tests send them, the generated examples show them.

// ValueKind says what a sample value is.
type ValueKind int

// The kinds of sample values.
const (
	LitValue   ValueKind = iota // a literal
	CallValue                   // a call of a function of the channel package
	SliceValue                  // a slice literal of Type's items
)

// Value is a sample Go expression.
type Value struct {
	Kind ValueKind
	Lit  any // LitValue: a string, int64, float64 or bool, untyped
	// Type is the Go type a literal is passed as, or the slice's type.
	Type *Type
	// Fixed marks a literal no other value of its Go type can replace (an enum's); Format is a string's format.
	Fixed  bool
	Format string
	Call   *Call
	Items  []Value
}

// Call is a sample call of a function of the channel package.
type Call struct {
	Func string
	Args []Value
}

// Sample is a valid send of one builder: its content, minimal (no options) or full (every option, and every send
// option). Err says why no sample could be made; the document should then give the schema an example.
type Sample struct {
	Builder string
	Full    bool
	Content Call
	Err     error
}

// sampler synthesises sample values for the builders of one channel.
type sampler struct {
	api          *apiTable
	constructors map[string][]*Builder // api type → the constructors returning it (or its mirror)
	mirrors      map[string]string     // the channel's mirrors → their api types
	depth        int
	// bench makes the values of the benchmark matrix: every option of nested values too, arrays of two or three
	// items (see itemCount), the oneOf variants in turn; item is the index of the array item being sampled.
	bench bool
	item  int
}

func newSampler(api *apiTable, ch *Channel) *sampler {
	s := &sampler{api: api, constructors: map[string][]*Builder{}, mirrors: map[string]string{}}
	for _, m := range ch.Mirrors {
		s.mirrors[m.Name] = m.API
	}
	for _, b := range ch.Constructors {
		t := b.Type
		if b.Result == ResultVariant {
			t = b.Union
		}
		s.constructors[t] = append(s.constructors[t], b)
	}
	return s
}

// call samples a call of b: its parameters, and every option when full is set.
func (s *sampler) call(b *Builder, full bool) (Call, error) {
	c := Call{Func: b.Name}
	for _, p := range b.Params {
		v, err := s.value(p.Type, p.Schema, p.Name)
		if err != nil {
			return Call{}, fmt.Errorf("%s: parameter %s: %w", b.Name, p.Name, err)
		}
		c.Args = append(c.Args, v)
	}
	if !full {
		return c, nil
	}
	for _, o := range b.Options {
		v, err := s.option(o)
		if err != nil {
			return Call{}, fmt.Errorf("%s: option %s: %w", b.Name, o.Option, err)
		}
		c.Args = append(c.Args, v)
	}
	return c, nil
}

// option samples a call of an option function.
func (s *sampler) option(o *OptionUse) (Value, error) {
	call := &Call{Func: o.Option}
	field := o.Path[len(o.Path)-1]
	switch o.Kind {
	case OptionVariadic:
		n := 1
		if s.bench {
			n = itemCount(o.Schema.Value)
		}
		defer func(item int) { s.item = item }(s.item)
		for i := 0; i < n; i++ {
			s.item = i
			v, err := s.value(s.api.plain(*field.Elem().Elem), o.Schema.Value.Items, field.JSON)
			if err != nil {
				return Value{}, err
			}
			call.Args = append(call.Args, v)
		}
	case OptionInObject:
		v, err := s.value(s.api.plain(o.Wrap.Field.Type), o.Schema, o.Wrap.Field.JSON)
		if err != nil {
			return Value{}, err
		}
		call.Args = []Value{v}
	default:
		v, err := s.value(s.api.plain(field.Elem()), o.Schema, field.JSON)
		if err != nil {
			return Value{}, err
		}
		call.Args = []Value{v}
	}
	return Value{Kind: CallValue, Call: call}, nil
}

// value samples a value of Go type typ valid against the schema ref; name is the property's, for readable strings.
func (s *sampler) value(typ Type, ref *openapi3.SchemaRef, name string) (Value, error) {
	if ref == nil || ref.Value == nil {
		return Value{}, fmt.Errorf("no schema")
	}
	schema := ref.Value
	if typ.Kind == Slice {
		return s.items(typ, schema, name)
	}
	if typ.Kind == Named && s.api.isStruct(typ) {
		return s.construct(typ.Name)
	}
	if mirrored, ok := s.mirrors[typ.Name]; ok && typ.Kind == Named && typ.Pkg != s.api.pkg {
		return s.construct(mirrored)
	}
	lit, err := s.scalar(schema, name)
	if err != nil {
		return Value{}, err
	}
	if text, ok := lit.(string); ok && s.bench && schema.Example == nil {
		lit = benchString(text, schema, name, s.item)
	}
	// An untyped literal converts to the parameter's type, named or not.
	return Value{Kind: LitValue, Lit: lit, Type: &typ, Fixed: len(schema.Enum) > 0, Format: schema.Format}, nil
}

// items samples a slice: the least number of items the schema allows, and at least one (itemCount for bench).
func (s *sampler) items(typ Type, schema *openapi3.Schema, name string) (Value, error) {
	n := max(int(schema.MinItems), 1)
	if s.bench {
		n = itemCount(schema)
	}
	v := Value{Kind: SliceValue, Type: &typ}
	defer func(item int) { s.item = item }(s.item)
	for i := 0; i < n; i++ {
		s.item = i
		item, err := s.value(*typ.Elem, schema.Items, name)
		if err != nil {
			return Value{}, err
		}
		v.Items = append(v.Items, item)
	}
	return v, nil
}

// construct samples a value of an api struct: a call of its first constructor, without options. For bench, with
// every option, and of the variant of a oneOf whose turn it is: the item's, or the one setting the most fields.
func (s *sampler) construct(typeName string) (Value, error) {
	builders := s.constructors[typeName]
	if len(builders) == 0 {
		return Value{}, fmt.Errorf("no constructor returns %s", typeName)
	}
	if s.depth > 8 {
		return Value{}, fmt.Errorf("%s nests too deep for a sample", typeName)
	}
	s.depth++
	defer func() { s.depth-- }()
	item := s.item
	b := builders[0]
	if s.bench {
		b = builders[item%len(builders)]
		if item == 0 {
			b = heaviest(builders)
		}
	}
	c, err := s.call(b, s.bench)
	return Value{Kind: CallValue, Call: &c}, err
}

// benchString is the string of the benchmark matrix for a sampled one: a URL of a usual length rather than the
// shortest its pattern takes, and in the items of an array after the first a value of their own (for uniqueItems).
func benchString(text string, schema *openapi3.Schema, name string, item int) string {
	if url := "https://example.com/media/" + name; schema.Format == "uri" && schema.VisitJSON(url) == nil {
		text = url
	}
	other := text + strconv.Itoa(item+1)
	if at := strings.LastIndexByte(text, '@'); schema.Format == "email" && at > 0 {
		other = text[:at] + strconv.Itoa(item+1) + text[at:]
	}
	if item > 0 && len(schema.Enum) == 0 && schema.VisitJSON(other) == nil {
		text = other
	}
	return text
}

// heaviest is the builder that sets the most fields, counting those of nested objects (the first of those that set
// as many).
func heaviest(builders []*Builder) *Builder {
	weight := func(b *Builder) int {
		n := 0
		for _, p := range b.Params {
			n += len(p.Path)
		}
		for _, c := range b.Consts {
			n += len(c.Path)
		}
		for _, o := range b.Options {
			n += len(o.Path)
		}
		return n
	}
	best := builders[0]
	for _, b := range builders[1:] {
		if weight(b) > weight(best) {
			best = b
		}
	}
	return best
}

// itemCount is the number of items of an array in the benchmark matrix: two when its items hold arrays of their
// own, three otherwise, within the schema's bounds.
func itemCount(schema *openapi3.Schema) int {
	n := 3
	if items := schema.Items; items != nil && items.Value != nil {
		for _, p := range items.Value.Properties {
			if isType(p.Value, openapi3.TypeArray) {
				n = 2
			}
		}
	}
	n = max(n, int(schema.MinItems))
	if schema.MaxItems != nil {
		n = min(n, int(*schema.MaxItems))
	}
	return n
}

// scalar samples a string, number or boolean valid against schema.
func (s *sampler) scalar(schema *openapi3.Schema, name string) (any, error) {
	if schema.Example != nil {
		if err := schema.VisitJSON(schema.Example); err == nil {
			return normalizeNumber(schema.Example), nil
		}
	}
	if len(schema.Enum) > 0 {
		return normalizeNumber(schema.Enum[0]), nil
	}
	switch {
	case isType(schema, openapi3.TypeString):
		return sampleString(schema, name)
	case isType(schema, openapi3.TypeInteger):
		return int64(sampleNumber(schema)), nil
	case isType(schema, openapi3.TypeNumber):
		return sampleNumber(schema), nil
	case isType(schema, openapi3.TypeBoolean):
		return true, nil
	}
	return nil, fmt.Errorf("cannot sample a value of this schema")
}

// normalizeNumber turns the numbers of the document (float64) into int64 when they are whole.
func normalizeNumber(v any) any {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return int64(f)
	}
	return v
}

// sampleNumber is the middle of the schema's range, or the bound it has, or 1.
func sampleNumber(s *openapi3.Schema) float64 {
	switch {
	case s.Min != nil && s.Max != nil:
		return (*s.Min + *s.Max) / 2
	case s.Min != nil:
		return *s.Min + boolNumber(s.ExclusiveMin.IsTrue())
	case s.Max != nil:
		return min(*s.Max-boolNumber(s.ExclusiveMax.IsTrue()), 0)
	}
	return 1
}

func boolNumber(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// sampleString is a string the schema accepts: a fixed value for a format, the shortest match of a pattern, or
// the property's name fitted to the length limits.
func sampleString(s *openapi3.Schema, name string) (string, error) {
	var v string
	switch {
	case s.Format == "uuid":
		v = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"
	case s.Format == "email":
		v = "maria@example.com"
	case s.Format == "date-time":
		v = "2026-01-01T00:00:00Z"
	case s.Pattern != "":
		var err error
		if v, err = shortestMatch(s.Pattern); err != nil {
			return "", err
		}
	case s.Format == "uri":
		v = "https://example.com/" + name
	default:
		v = name
	}
	free := s.Pattern == "" && s.Format == "" // padding or cutting would break a pattern or a format
	if n := utf8.RuneCountInString(v); n < int(s.MinLength) && free {
		v += strings.Repeat("x", int(s.MinLength)-n)
	}
	if s.MaxLength != nil && utf8.RuneCountInString(v) > int(*s.MaxLength) && free {
		v = string([]rune(v)[:*s.MaxLength])
	}
	if err := s.VisitJSON(v); err != nil {
		return "", fmt.Errorf("the sample %q does not fit its schema (give the schema an example): %v", v, err)
	}
	return v, nil
}

// shortestMatch returns the shortest string a pattern matches, preferring letters and digits.
func shortestMatch(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeShortest(&b, re.Simplify()); err != nil {
		return "", fmt.Errorf("pattern %s: %w", pattern, err)
	}
	if !regexp.MustCompile(pattern).MatchString(b.String()) {
		return "", fmt.Errorf("pattern %s: no sample found", pattern)
	}
	return b.String(), nil
}

func writeShortest(b *strings.Builder, re *syntax.Regexp) error {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(classSample(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := writeShortest(b, sub); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		return writeShortest(b, re.Sub[0])
	case syntax.OpCapture:
		return writeShortest(b, re.Sub[0])
	case syntax.OpPlus:
		return writeShortest(b, re.Sub[0])
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			if err := writeShortest(b, re.Sub[0]); err != nil {
				return err
			}
		}
	case syntax.OpStar, syntax.OpQuest, syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
	default:
		return fmt.Errorf("cannot sample %s", re.Op)
	}
	return nil
}

// classSample picks a rune of a character class: a, 0 or A when the class has it, else its first printable ASCII
// rune, else its first rune.
func classSample(ranges []rune) rune {
	has := func(r rune) bool {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= r && r <= ranges[i+1] {
				return true
			}
		}
		return false
	}
	for _, r := range "a0A" {
		if has(r) {
			return r
		}
	}
	for r := rune('!'); r <= '~'; r++ {
		if has(r) {
			return r
		}
	}
	return ranges[0]
}

// samples plans a minimal and a full send of every builder, a from, a to and every send option.
func (cp *channelPlanner) samples() {
	s := newSampler(cp.api, cp.out)
	for _, b := range cp.out.Builders {
		for _, full := range []bool{false, true} {
			c, err := s.call(b, full)
			cp.out.Samples = append(cp.out.Samples, Sample{Builder: b.Name, Full: full, Content: c, Err: err})
		}
	}
	for _, b := range cp.out.SendOptions {
		c, err := s.call(b, false)
		if err == nil {
			cp.out.SendOptionSamples = append(cp.out.SendOptionSamples, Value{Kind: CallValue, Call: &c})
		}
	}
	from := cp.out.From[0]
	for _, h := range cp.out.From {
		if h.Shape == model.ShapeUUID {
			from = h
			break
		}
	}
	arg := "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"
	if from.Pattern != nil {
		arg, _ = shortestMatch(from.Pattern.Source)
	}
	cp.out.SampleFrom = Call{Func: from.Name, Args: []Value{{Kind: LitValue, Lit: arg}}}
	input := cp.doc.T.Components.Schemas[cp.ch.InputSchema].Value
	cp.out.SampleTo, _ = sampleString(input.Properties["to"].Value, "to")
}

// MessageID is the id the stand-in of the API in the examples gives every message.
const MessageID = "m-1"

// examples plans the runnable examples of the package: the client sending a minimal text (or first) kind, a send of
// each kind with every option, each from and to helper given a typical value, and a refused send.
func (cp *channelPlanner) examples() {
	ch := cp.out
	var full []Sample
	for _, s := range ch.Samples {
		if s.Full && s.Err == nil {
			full = append(full, s)
		}
	}
	if len(full) == 0 {
		return
	}
	ch.Examples = append(ch.Examples, &Example{Name: "Example", Kind: ExampleSend, Content: full[0].Content,
		Doc:    fmt.Sprintf("A message sent through chatt2me.Client.%s, to a stand-in of the API.", ch.Field),
		Output: fmt.Sprintf("%s %s %s <nil>", full[0].Builder, MessageID, ch.AcceptedStatus)})
	for _, s := range full {
		ch.Examples = append(ch.Examples, &Example{Name: "Example" + s.Builder, Kind: ExampleSend, Content: s.Content,
			Doc:    fmt.Sprintf("%s with every option, sent to a stand-in of the API.", s.Builder),
			Output: fmt.Sprintf("%s %s %s <nil>", s.Builder, MessageID, ch.AcceptedStatus)})
	}
	for _, h := range append(append([]*Helper{}, ch.From...), ch.To) {
		if h == nil {
			continue
		}
		input, sent := helperSample(h)
		ch.Examples = append(ch.Examples, &Example{Name: "Example" + h.Name, Kind: ExampleHelper, Helper: h, Input: input,
			Doc: fmt.Sprintf("%s normalises what it is given, and refuses what does not fit.", h.Name), Output: sent + " <nil>"})
	}
	ch.Examples = append(ch.Examples, &Example{Name: "Example_invalid", Kind: ExampleInvalid, Content: full[0].Content,
		Doc:    "A send without a from is refused before anything is sent, with a *chatt2me.ValidationError naming the field.",
		Output: "chatt2me: invalid from: missing; build it with " + ch.Request.FromHelpers})
}

// helperSample is a typical input of a helper (with its optional prefix, spaces around a UUID) and the value it
// sends for it.
func helperSample(h *Helper) (input, sent string) {
	if h.Pattern == nil {
		const uuid = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"
		return " " + uuid + " ", uuid
	}
	value, _ := shortestMatch(h.Pattern.Expr)
	bare := strings.TrimPrefix(value, h.Prefix)
	if h.KeepPrefix {
		return h.Prefix + bare, h.Prefix + bare
	}
	return h.Prefix + bare, bare
}
