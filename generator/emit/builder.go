package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// contentBuilder renders a content builder, and the functions its Content calls.
func (r *renderer) contentBuilder(f *jen.File, fixed plan.Fixed, b *plan.ContentBuilder) {
	filled := typ(b.Fills())
	body := r.fill(&b.Builder, jen.Id("v").Op(":=").Op("&").Add(filled).Values(), "v")
	content := jen.Dict{
		jen.Id("kind"):   jen.Lit(b.Kind),
		jen.Id("value"):  jen.Id("v"),
		jen.Id("check"):  qual(b.Check),
		jen.Id("encode"): qual(b.Encode),
	}
	if b.Convert.GoName != "" {
		content[jen.Id("convert")] = qual(b.Convert)
	}
	body = append(body, jen.Return(qual(fixed.Content).Values(content)))
	function(f, &b.Builder, qual(fixed.Content), body)
	r.contentFuncs(f, b, filled)
}

// objectConstructor renders New<Object>, returning the struct it fills by value.
func (r *renderer) objectConstructor(f *jen.File, b *plan.ObjectConstructor) {
	filled := typ(b.Fills())
	body := append(r.fill(&b.Builder, jen.Var().Id("v").Add(filled), "v"), jen.Return(jen.Id("v")))
	function(f, &b.Builder, filled, body)
}

// variantConstructor renders New<Variant> of a oneOf, returning the oneOf's mirror holding the variant.
func (r *renderer) variantConstructor(f *jen.File, b *plan.VariantConstructor) {
	held := jen.Id("v")
	if b.Variant.Indirect {
		held = jen.Op("&").Id("v")
	}
	union := typ(b.Returns())
	body := append(r.fill(&b.Builder, jen.Var().Id("v").Add(typ(b.Fills())), "v"), jen.Return(jen.Add(union).Values(jen.Dict{
		jen.Id(plan.MirrorWhich): jen.Lit(b.Variant.Which),
		jen.Id(b.Variant.Field):  held,
	})))
	function(f, &b.Builder, union, body)
}

// sendOption renders a send option, returning the SendOption that sets its field.
func (r *renderer) sendOption(f *jen.File, fixed plan.Fixed, b *plan.SendOptionBuilder) {
	body := r.fill(&b.Builder, jen.Id("v").Op(":=").Op("&").Add(typ(b.Fills())).Values(), "v")
	body = append(body, jen.Return(qual(fixed.SendOption).Values(jen.Dict{jen.Id(b.Field): jen.Id("v")})))
	function(f, &b.Builder, qual(fixed.SendOption), body)
}

// constructor renders an ObjectConstructor or a VariantConstructor.
func (r *renderer) constructor(f *jen.File, c plan.Constructor) {
	switch c := c.(type) {
	case *plan.ObjectConstructor:
		r.objectConstructor(f, c)
	case *plan.VariantConstructor:
		r.variantConstructor(f, c)
	}
}

// contentFuncs renders the functions a content builder's Content calls: validating and encoding its value, and, for a
// mirror, converting it to its api struct.
func (r *renderer) contentFuncs(f *jen.File, b *plan.ContentBuilder, filled jen.Code) {
	value := jen.Id("v").Assert(jen.Op("*").Add(filled))
	check := jen.Qual(r.pkg(plan.ValidateDir), b.Type.GoName).Call(jen.Op("&").Id("p"), value.Clone())
	encode := jen.Qual(r.pkg(plan.EncodeDir), b.Type.GoName).Call(jen.Id("b"), value.Clone())
	if b.Mirror != nil {
		check = value.Clone().Dot(plan.MirrorValidate).Call(jen.Op("&").Id("p"))
		encode = value.Clone().Dot(plan.MirrorAppend).Call(jen.Id("b"))
	}
	f.Line()
	f.Func().Add(qual(b.Check)).Params(jen.Id("v").Any()).Error().Block(
		jen.Id("p").Op(":=").Add(r.core("Root")).Call(jen.Lit("content")),
		jen.Return(check),
	)
	f.Line()
	f.Func().Add(qual(b.Encode)).Params(jen.Id("b").Index().Byte(), jen.Id("v").Any()).Index().Byte().Block(jen.Return(encode))
	if b.Convert.GoName == "" {
		return
	}
	f.Line()
	f.Func().Add(qual(b.Convert)).Params(jen.Id("v").Any()).Any().Block(
		jen.Id("x").Op(":=").Add(value.Clone()).Dot(plan.MirrorConvert).Call(),
		jen.Return(jen.Op("&").Id("x")),
	)
}

// function renders the documentation and signature of a builder: its parameters, and its options when it has any.
func function(f *jen.File, b *plan.Builder, result jen.Code, body []jen.Code) {
	f.Comment(b.Doc)
	if len(b.Params) > 0 {
		f.Comment("")
		for _, prm := range b.Params {
			if doc := strings.TrimSpace(prm.Doc); doc != "" {
				f.Commentf("  - %s: %s", prm.Name, strings.ReplaceAll(doc, "\n", " "))
			}
		}
	}
	if len(b.Options) > 0 {
		var names []string
		for _, o := range b.Options {
			names = append(names, o.Option.Name.GoName)
		}
		f.Comment("")
		f.Commentf("Options: %s.", strings.Join(names, ", "))
	}
	var params []jen.Code
	for _, prm := range b.Params {
		params = append(params, jen.Id(prm.Name).Add(typ(prm.Type)))
	}
	if b.OptionSet != nil {
		params = append(params, jen.Id("opts").Op("...").Add(qual(b.OptionSet.Name)))
	}
	f.Func().Add(qual(b.Name)).Params(params...).Add(result).Block(body...)
}

// fill returns the statements that set up v (declared by decl) from the builder's parameters, constants and
// options. Options are applied by a type switch, not by calling a method of the option interface: that keeps the
// option values (and a struct returned by value) on the caller's stack.
func (r *renderer) fill(b *plan.Builder, decl jen.Code, v string) []jen.Code {
	body := []jen.Code{decl}
	for _, c := range b.Consts {
		body = append(body, fieldPath(v, c.Path).Op("=").Add(constant(c.Value)))
	}
	for _, prm := range b.Params {
		body = append(body, fieldPath(v, prm.Path).Op("=").Id(prm.Name))
	}
	if len(b.Options) == 0 {
		return body
	}
	var cases []jen.Code
	for _, o := range b.Options {
		cases = append(cases, jen.Case(qual(o.Option.Type)).Block(r.setOption(v, o)...))
	}
	return append(body, jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(
		jen.Switch(jen.Id("o").Op(":=").Id("o").Assert(jen.Type())).Block(cases...),
	))
}

// setOption returns the statements setting the field of an option from o, the option's value.
func (r *renderer) setOption(v string, use *plan.OptionUse) []jen.Code {
	field := use.Path[len(use.Path)-1]
	lhs := fieldPath(v, use.Path)
	var value jen.Code
	switch use.Kind {
	case plan.OptionInObject:
		value = qual(use.Wrap.Type).Values(jen.Dict{jen.Id(use.Wrap.Field.Name): jen.Id("o").Dot("v")})
	default:
		value = jen.Id("o").Dot("v")
	}
	if !field.Optional() {
		return []jen.Code{lhs.Op("=").Add(value)}
	}
	return []jen.Code{jen.Id("x").Op(":=").Add(value), lhs.Op("=").Op("&").Id("x")}
}
