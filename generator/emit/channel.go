package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// channel renders one channel package: its builders, helpers, request and options, its Sender and its fuzz tests.
func (r *renderer) channel(ch *plan.Channel) error {
	f := r.newFile(ch.Package.Dir, ch.Package.Name, ch.Doc)
	r.content(f, ch)
	r.contentOf(f, ch)
	for _, b := range ch.Builders {
		r.contentBuilder(f, ch.Fixed, b)
	}
	r.from(f, ch)
	for _, b := range ch.SendOptions {
		r.sendOption(f, ch.Fixed, b)
	}
	r.request(f, ch)
	for _, c := range ch.Constructors {
		r.constructor(f, c)
	}
	r.mirrors(f, ch)
	optionTypes(f, ch)
	r.declarePatterns(f, ch.Patterns)
	if err := r.save(ch.Package.Dir+"/"+ch.Package.Name+".gen.go", f); err != nil {
		return err
	}
	if err := r.sender(ch); err != nil {
		return err
	}
	if err := r.examples(ch); err != nil {
		return err
	}
	return r.fuzzTests(ch)
}

// content renders the Content type.
func (r *renderer) content(f *jen.File, ch *plan.Channel) {
	content := ch.Fixed.Content
	f.Commentf("%s is what a %s message carries, built by one of the builders of this package. The zero", content.GoName, ch.Name)
	f.Commentf("%s is refused by %s.", content.GoName, ch.Fixed.Send)
	fields := []jen.Code{
		jen.Id("kind").String(),
		jen.Id("value").Any(),
		jen.Id("check").Func().Params(jen.Any()).Error(),
		jen.Id("encode").Func().Params(jen.Index().Byte(), jen.Any()).Index().Byte(),
	}
	var converted []string
	for _, b := range ch.Builders {
		if b.Convert.GoName != "" {
			converted = append(converted, b.Name.GoName)
		}
	}
	if len(converted) > 0 {
		fields = append(fields, jen.Id("convert").Func().Params(jen.Any()).Any().Comment("nil when value is the api struct"))
	}
	f.Type().Add(qual(content)).Struct(fields...)
	f.Comment("Kind returns the name of the content's builder, such as \"Text\".")
	f.Func().Params(jen.Id("c").Add(qual(content))).Id("Kind").Params().String().Block(jen.Return(jen.Id("c").Dot("kind")))
	if len(converted) == 0 {
		f.Comment("Value returns the api struct the content is sent as, such as *api.TextContent.")
		f.Func().Params(jen.Id("c").Add(qual(content))).Id("Value").Params().Any().Block(jen.Return(jen.Id("c").Dot("value")))
		return
	}
	f.Comment("Value returns the api struct the content is sent as, such as *api.TextContent. The kinds holding a oneOf")
	f.Commentf("(%s) keep their values as this package's types, and Value converts them on each call, with", strings.Join(converted, ", "))
	f.Comment("oapi-codegen's From… methods: changing what it returns then does not change what is sent.")
	f.Func().Params(jen.Id("c").Add(qual(content))).Id("Value").Params().Any().Block(
		jen.If(jen.Id("c").Dot("convert").Op("!=").Nil()).Block(jen.Return(jen.Id("c").Dot("convert").Call(jen.Id("c").Dot("value")))),
		jen.Return(jen.Id("c").Dot("value")),
	)
}

// optionTypes renders the option interfaces and, for each option, its type, function and marker methods.
func optionTypes(f *jen.File, ch *plan.Channel) {
	for _, set := range ch.OptionSets {
		var options []string
		for _, o := range set.Options {
			options = append(options, o.Name.GoName)
		}
		f.Commentf("%s sets an optional field of a %s: %s.", set.Name.GoName, set.Target.GoName, strings.Join(options, ", "))
		f.Type().Add(qual(set.Name)).Interface(jen.Id(set.Marker).Params())
	}
	for _, o := range ch.Options {
		f.Commentf("%s is made by %s.", o.Type.GoName, o.Name.GoName)
		value := typ(*o.Value)
		if o.Kind == plan.OptionVariadic {
			f.Type().Add(qual(o.Type)).Struct(jen.Id("v").Index().Add(value))
			value = jen.Op("...").Add(value)
		} else {
			f.Type().Add(qual(o.Type)).Struct(jen.Id("v").Add(value))
		}
		f.Commentf("%s sets %s", o.Name.GoName, o.Doc)
		f.Func().Add(qual(o.Name)).Params(jen.Id("v").Add(value)).Add(qual(o.Type)).Block(jen.Return(qual(o.Type).Values(jen.Id("v"))))
		for _, set := range o.Sets {
			f.Func().Params(qual(o.Type)).Id(set.Marker).Params().Block()
		}
	}
}

// from renders the From type, one helper per alias rule, and the `to` helper when there is one.
func (r *renderer) from(f *jen.File, ch *plan.Channel) {
	from := ch.Fixed.From
	f.Commentf("%s is the %s channel a message is sent from, built by %s. A malformed value is kept as", from.GoName, ch.Name,
		ch.Request.FromHelpers)
	f.Commentf("an error, returned by Err and by %s before anything is sent.", ch.Fixed.Send)
	f.Type().Add(qual(from)).Struct(jen.Id("value").String(), jen.Id("err").Error())
	f.Comment("String returns the value sent as `from`.")
	f.Func().Params(jen.Id("f").Add(qual(from))).Id("String").Params().String().Block(jen.Return(jen.Id("f").Dot("value")))
	f.Comment("Err returns the problem with the value given, or nil.")
	f.Func().Params(jen.Id("f").Add(qual(from))).Id("Err").Params().Error().Block(jen.Return(jen.Id("f").Dot("err")))
	checked := jen.Null()
	if len(ch.Request.From) > 0 {
		// The request schema's limits of from are checked once, when a helper makes the From, not on every send.
		c := checkRenderer{renderer: r}
		f.Comment("check checks the value against the limits of the request schema's from.")
		f.Func().Params(jen.Id("f").Add(qual(from))).Id("check").Params().Error().Block(append(
			append([]jen.Code{jen.Id("p").Op(":=").Add(r.core("Root")).Call(jen.Lit("from"))},
				c.checks("p", jen.Id("f").Dot("value"), nil, ch.Request.From)...), jen.Return(jen.Nil()))...)
		checked = jen.If(jen.Err().Op("==").Nil()).Block(
			jen.Err().Op("=").Add(qual(from)).Values(jen.Dict{jen.Id("value"): jen.Id("v")}).Dot("check").Call())
		checked.Line().If(jen.Err().Op("!=").Nil()).Block(jen.Return(qual(from).Values(jen.Dict{jen.Id("err"): jen.Err()})))
	}
	made := jen.Dict{jen.Id("value"): jen.Id("v"), jen.Id("err"): jen.Err()}
	if len(ch.Request.From) > 0 {
		made = jen.Dict{jen.Id("value"): jen.Id("v")}
	}
	for _, h := range ch.From {
		for _, line := range h.Doc {
			f.Comment(line)
		}
		f.Func().Add(qual(h.Name)).Params(jen.Id(h.Arg).String()).Add(qual(from)).Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(r.normalizer(h)),
			checked,
			jen.Return(qual(from).Values(made)),
		)
	}
	if h := ch.To; h != nil {
		for _, line := range h.Doc {
			f.Comment(line)
		}
		f.Func().Add(qual(h.Name)).Params(jen.Id(h.Arg).String()).Params(jen.String(), jen.Error()).Block(jen.Return(r.normalizer(h)))
	}
}

// normalizer renders the call of the core normaliser of a helper's shape.
func (r *renderer) normalizer(h *plan.Helper) jen.Code {
	function, args := h.Shape.Normalizer()
	call := []jen.Code{jen.Lit(h.Field), jen.Id(h.Arg)}
	for _, arg := range args {
		switch arg {
		case model.ArgPrefix:
			call = append(call, jen.Lit(h.Prefix))
		case model.ArgKeepPrefix:
			call = append(call, jen.Lit(h.KeepPrefix))
		case model.ArgPattern:
			call = append(call, jen.Id(h.Pattern.Var))
		}
	}
	return r.core(function).Call(call...)
}
