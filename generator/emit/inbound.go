package emit

import (
	"path"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// webhookContent renders package webhook's content.gen.go: the Message event with its union-typed properties, and
// the interface, kinds, unknown type and decoder of every union of the inbound rules.
func (r *renderer) webhookContent() error {
	in := r.sdk.Inbound
	if in == nil {
		return nil
	}
	f := r.newFile(plan.WebhookDir, path.Base(plan.WebhookDir), "")
	r.inboundMessage(f, &in.Message)
	for _, u := range in.Unions {
		r.inboundUnion(f, u)
		inboundDecoder(f, u)
		r.inboundTyper(f, u)
	}
	if err := r.save(plan.WebhookDir+"/content.gen.go", f); err != nil {
		return err
	}
	return r.eventIdentity(in)
}

// docLines renders a documentation text, wrapped by the plan, as // lines.
func docLines(text string) []jen.Code {
	var out []jen.Code
	for _, line := range strings.Split(text, "\n") {
		out = append(out, jen.Comment(strings.TrimRight("// "+line, " ")))
	}
	return out
}

// doc writes a documentation text before the next declaration of f.
func doc(f *jen.File, text string) {
	for _, c := range docLines(text) {
		f.Add(c)
	}
}

func rawJSON() *jen.Statement { return jen.Qual("encoding/json", "RawMessage") }

// inboundMessage renders webhook.Message and its decoder.
func (r *renderer) inboundMessage(f *jen.File, m *plan.InboundMessage) {
	fields := []jen.Code{r.api(m.Schema)}
	for _, fd := range m.Fields {
		// Left out of JSON, so that encoding/json reads and writes a Message as the api struct it embeds.
		fields = append(append(fields, docLines(fd.Doc)...), jen.Id(fd.Field.Name).Add(typ(fd.Type)).Tag(map[string]string{"json": "-"}))
	}
	doc(f, m.Doc)
	f.Type().Id(m.Name).Struct(fields...)

	f.Commentf("%s decodes the body of a %s event: oapi-codegen's struct, with each property a union types read", m.Decoder, m.Schema)
	f.Comment("raw, then typed. A kind the SDK does not know fails nothing, whatever its fields: it is kept raw, and")
	f.Comment("oapi-codegen's struct holds what of it its types can.")
	f.Func().Id(m.Decoder).Params(jen.Id("body").Index().Byte()).Params(jen.Op("*").Id(m.Name), jen.Error()).Block(
		r.messageDecoderBody(m)...)
}

// messageDecoderBody renders the statements of the Message event's decoder.
func (r *renderer) messageDecoderBody(m *plan.InboundMessage) []jen.Code {
	unmarshal := func(into jen.Code) jen.Code {
		return jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("body"), into), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()))
	}
	if len(m.Fields) == 0 {
		decoded := jen.Id("m").Op(":=").New(jen.Id(m.Name))
		return []jen.Code{decoded, unmarshal(jen.Op("&").Id("m").Dot(m.Schema)), jen.Return(jen.Id("m"), jen.Nil())}
	}
	var body []jen.Code
	if m.Typed {
		body = r.typedMessage(m)
	}
	fields := []jen.Code{jen.Id("plain")}
	for _, fd := range m.Fields {
		fields = append(fields, jen.Id(fd.Field.Name).Add(rawJSON()).Tag(map[string]string{"json": fd.Field.JSON}))
	}
	body = append(body,
		jen.Comment("plain has the api struct's fields, not its methods: the raw fields of event shadow its own."),
		jen.Type().Id("plain").Add(r.api(m.Schema)),
		jen.Var().Id("event").Struct(fields...),
		unmarshal(jen.Op("&").Id("event")),
		jen.Id("m").Op(":=").Op("&").Id(m.Name).Values(jen.Dict{jen.Id(m.Schema): r.api(m.Schema).Call(jen.Id("event").Dot("plain"))}),
	)
	for _, fd := range m.Fields {
		raw := jen.Id("event").Dot(fd.Field.Name)
		body = append(body,
			jen.If(raw.Clone().Op("!=").Nil()).Block(
				jen.Comment("A kind the SDK does not know may not fit oapi-codegen's struct, which keeps what does."),
				jen.Id("_").Op("=").Qual("encoding/json", "Unmarshal").Call(raw.Clone(), jen.Op("&").Id("m").Dot(m.Schema).Dot(fd.Field.Name))),
			jen.Id("m").Dot(fd.Field.Name).Op("=").Id(fd.Union.Decoder).Call(raw.Clone()))
	}
	return append(body, jen.Return(jen.Id("m"), jen.Nil()))
}

// typedMessage renders the first attempt of the Message event's decoder: one pass into the api struct, typed from
// there when every union-typed property is of a kind the SDK knows.
func (r *renderer) typedMessage(m *plan.InboundMessage) []jen.Code {
	typed := jen.Id("m").Dot(m.Fields[0].Field.Name).Op("!=").Nil()
	var set []jen.Code
	for i, fd := range m.Fields {
		value := jen.Id("m").Dot(m.Schema).Dot(fd.Field.Name)
		if !fd.Field.Optional() {
			value = jen.Op("&").Add(value)
		}
		set = append(set, jen.Id("m").Dot(fd.Field.Name).Op("=").Id(fd.Union.Typer).Call(value))
		if i > 0 {
			typed = typed.Op("&&").Id("m").Dot(fd.Field.Name).Op("!=").Nil()
		}
	}
	return []jen.Code{
		jen.Comment("The frequent case: one pass into oapi-codegen's struct, typed from there. What that cannot type (a kind"),
		jen.Comment("the SDK does not know, which must be kept raw, or whose fields do not fit the struct) is read again below."),
		jen.If(jen.Id("m").Op(":=").New(jen.Id(m.Name)), jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("body"),
			jen.Op("&").Id("m").Dot(m.Schema)).Op("==").Nil()).Block(append(set, jen.If(typed).Block(jen.Return(jen.Id("m"), jen.Nil())))...),
	}
}

// inboundTyper renders the function that types a union's decoded api struct, if it has one: the kind its
// discriminator names, when its main property is set, and otherwise nil.
func (r *renderer) inboundTyper(f *jen.File, u *plan.InboundUnion) {
	if u.Typer == "" {
		return
	}
	value := func(p *plan.InboundField) jen.Code {
		if p.Union != nil {
			return jen.Id(p.Union.Typer).Call(jen.Id("v").Dot(p.Field.Name))
		}
		return jen.Op("*").Id("v").Dot(p.Field.Name)
	}
	var cases []jen.Code
	for _, k := range u.Kinds {
		main := k.Fields[0]
		var then []jen.Code
		if main.Union != nil {
			then = append(then, jen.Id("inner").Op(":=").Add(value(main)), jen.If(jen.Id("inner").Op("==").Nil()).Block(jen.Return(jen.Nil())))
		}
		build := jen.Id(k.Type).Values(jen.Dict{jen.Id(main.Field.Name): value(main)})
		if main.Union != nil {
			build = jen.Id(k.Type).Values(jen.Dict{jen.Id(main.Field.Name): jen.Id("inner")})
		}
		if len(k.Fields) == 1 {
			then = append(then, jen.Return(build))
		} else {
			then = append(then, jen.Id("k").Op(":=").Add(build))
			for _, c := range k.Fields[1:] {
				then = append(then, jen.If(jen.Id("v").Dot(c.Field.Name).Op("!=").Nil()).Block(
					jen.Id("k").Dot(c.Field.Name).Op("=").Add(value(c))))
			}
			then = append(then, jen.Return(jen.Id("k")))
		}
		cases = append(cases, jen.Case(jen.Lit(k.Value)).Block(jen.If(jen.Id("v").Dot(main.Field.Name).Op("!=").Nil()).Block(then...)))
	}
	f.Commentf("%s types a decoded api.%s: the kind its %s names, when that kind's main property is set; nil", u.Typer, u.Schema,
		u.Discriminator.JSON)
	f.Commentf("otherwise (an unknown kind, whose JSON %s keeps), and for nil.", u.Decoder)
	f.Func().Id(u.Typer).Params(jen.Id("v").Op("*").Add(r.api(u.Schema))).Id(u.Interface).Block(
		jen.If(jen.Id("v").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Switch(jen.Id("v").Dot(u.Discriminator.Name)).Block(cases...),
		jen.Return(jen.Nil()),
	)
}

// inboundUnion renders a union's interface, its kinds and its unknown type.
func (r *renderer) inboundUnion(f *jen.File, u *plan.InboundUnion) {
	doc(f, u.Doc)
	f.Type().Id(u.Interface).Interface(
		jen.Commentf("Kind returns the %s, such as %q.", u.Discriminator.JSON, u.Kinds[0].Value),
		jen.Id("Kind").Params().String(),
		jen.Id(u.Marker).Params(),
	)
	for _, k := range u.Kinds {
		var fields []jen.Code
		for _, fd := range k.Fields {
			fields = append(append(fields, docLines(fd.Doc)...), jen.Id(fd.Field.Name).Add(typ(fd.Type)))
		}
		doc(f, k.Doc)
		f.Type().Id(k.Type).Struct(fields...)
		f.Commentf("Kind returns %q.", k.Value)
		f.Func().Params(jen.Id(k.Type)).Id("Kind").Params().String().Block(jen.Return(jen.Lit(k.Value)))
		f.Func().Params(jen.Id(k.Type)).Id(u.Marker).Params().Block()
	}
	doc(f, u.UnknownDoc)
	f.Type().Id(u.Unknown).Struct(jen.Id("Type").String(), jen.Id("Raw").Add(rawJSON()))
	f.Commentf("Kind returns the %s as received.", u.Discriminator.JSON)
	f.Func().Params(jen.Id("u").Id(u.Unknown)).Id("Kind").Params().String().Block(jen.Return(jen.Id("u").Dot("Type")))
	f.Func().Params(jen.Id(u.Unknown)).Id(u.Marker).Params().Block()
}

// inboundDecoder renders the function that decodes a union's JSON: the kind its discriminator names, when its main
// property is there, and otherwise the unknown type holding the JSON.
func inboundDecoder(f *jen.File, u *plan.InboundUnion) {
	fields := []jen.Code{jen.Id(u.Discriminator.Name).String().Tag(map[string]string{"json": u.Discriminator.JSON})}
	for _, p := range u.Properties {
		t := typ(p.Type)
		if p.Union != nil {
			t = rawJSON()
		}
		fields = append(fields, jen.Id(p.Field.Name).Op("*").Add(t).Tag(map[string]string{"json": p.Field.JSON}))
	}
	value := func(p *plan.InboundField) jen.Code {
		if p.Union != nil {
			return jen.Id(p.Union.Decoder).Call(jen.Op("*").Id("v").Dot(p.Field.Name))
		}
		return jen.Op("*").Id("v").Dot(p.Field.Name)
	}
	var cases []jen.Code
	for _, k := range u.Kinds {
		main := k.Fields[0]
		build := jen.Id(k.Type).Values(jen.Dict{jen.Id(main.Field.Name): value(main)})
		var then []jen.Code
		if len(k.Fields) == 1 {
			then = []jen.Code{jen.Return(build)}
		} else {
			then = []jen.Code{jen.Id("k").Op(":=").Add(build)}
			for _, c := range k.Fields[1:] {
				then = append(then, jen.If(jen.Id("v").Dot(c.Field.Name).Op("!=").Nil()).Block(
					jen.Id("k").Dot(c.Field.Name).Op("=").Add(value(c))))
			}
			then = append(then, jen.Return(jen.Id("k")))
		}
		cases = append(cases, jen.Case(jen.Lit(k.Value)).Block(jen.If(jen.Id("v").Dot(main.Field.Name).Op("!=").Nil()).Block(then...)))
	}
	f.Commentf("%s decodes the JSON of an %s into the kind its %s names, when that kind's main property", u.Decoder, u.Schema,
		u.Discriminator.JSON)
	f.Commentf("is there, and otherwise into an %s holding the JSON.", u.Unknown)
	f.Func().Id(u.Decoder).Params(jen.Id("raw").Add(rawJSON())).Id(u.Interface).Block(
		jen.Var().Id("v").Struct(fields...),
		jen.If(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("v")).Op("==").Nil()).Block(
			jen.Switch(jen.Id("v").Dot(u.Discriminator.Name)).Block(cases...)),
		jen.Return(jen.Id(u.Unknown).Values(jen.Dict{jen.Id("Type"): jen.Id("v").Dot(u.Discriminator.Name), jen.Id("Raw"): jen.Id("raw")})),
	)
}
