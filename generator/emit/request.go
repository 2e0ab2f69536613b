package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// request renders the send body of a channel: SendOption, the request type, its encoder, newRequest and its
// validation.
func (r *renderer) request(f *jen.File, ch *plan.Channel) {
	req, fixed := ch.Request, ch.Fixed
	var optionFields, apply []jen.Code
	fields := []jen.Code{
		jen.Id(fixed.RequestFields.From).String(),
		jen.Id(fixed.RequestFields.To).String(),
		jen.Id(fixed.RequestFields.Content).Any(),
		jen.Id(fixed.RequestFields.EncodeContent).Func().Params(jen.Index().Byte(), jen.Any()).Index().Byte(),
	}
	var names []string
	for _, x := range req.Extras {
		value, param := qual(x.Option.Type), x.Option.Field
		fields = append(fields, jen.Id(x.Field).Op("*").Add(value))
		optionFields = append(optionFields, jen.Id(param).Op("*").Add(value.Clone()))
		apply = append(apply, jen.If(jen.Id("o").Dot(param).Op("!=").Nil()).Block(jen.Id("r").Dot(x.Field).Op("=").Id("o").Dot(param)))
		names = append(names, x.Option.Name.GoName)
	}
	if len(names) == 0 {
		names = []string{"none for this channel yet"}
	}
	// A struct rather than an interface: applying it does not make the request escape to the heap.
	f.Commentf("%s changes one send; build it with %s.", fixed.SendOption.GoName, strings.Join(names, ", "))
	f.Type().Add(qual(fixed.SendOption)).Struct(optionFields...)
	f.Commentf("%s is the body of a send.", fixed.Request.GoName)
	f.Type().Add(qual(fixed.Request)).Struct(fields...)
	r.requestEncoder(f, ch)
	r.newRequest(f, ch, apply)
	r.requestValidator(f, ch)
}

// requestEncoder renders request.encode.
func (r *renderer) requestEncoder(f *jen.File, ch *plan.Channel) {
	field := func(name string) *jen.Statement { return jen.Id("r").Dot(name) }
	fields := ch.Fixed.RequestFields
	body := []jen.Code{
		jen.Id("buf").Op(":=").Add(r.core("Buffer")).Call(),
		jen.Id("b").Op(":=").Append(jen.Op("*").Id("buf"), jen.Lit(`{"from":`).Op("...")),
		jen.Id("b").Op("=").Add(r.core("AppendString")).Call(jen.Id("b"), field(fields.From)),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"to":`).Op("...")),
		jen.Id("b").Op("=").Add(r.core("AppendString")).Call(jen.Id("b"), field(fields.To)),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"content":`).Op("...")),
		jen.Id("b").Op("=").Add(field(fields.EncodeContent)).Call(jen.Id("b"), field(fields.Content)),
	}
	for _, x := range ch.Request.Extras {
		body = append(body, jen.If(field(x.Field).Op("!=").Nil()).Block(
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"`+x.JSON+`":`).Op("...")),
			jen.Id("b").Op("=").Qual(r.pkg(plan.EncodeDir), x.Encoder).Call(jen.Id("b"), field(x.Field)),
		))
	}
	body = append(body, jen.Return(r.core("Detach").Call(jen.Id("buf"), jen.Append(jen.Id("b"), jen.LitRune('}')))))
	f.Comment("encode writes the body as JSON, in the order of the request schema: from, to, content, then the options.")
	f.Func().Params(jen.Id("r").Op("*").Add(qual(ch.Fixed.Request))).Id("encode").Params().Index().Byte().Block(body...)
}

// newRequest renders the function building and validating a send body; apply applies the send options.
func (r *renderer) newRequest(f *jen.File, ch *plan.Channel, apply []jen.Code) {
	fixed := ch.Fixed
	request := func() *jen.Statement { return qual(fixed.Request) }
	invalid := func(field, problem string) jen.Code {
		return jen.Return(request().Values(), jen.Op("&").Add(r.transport("ValidationError")).Values(jen.Dict{
			jen.Id("Field"): jen.Lit(field), jen.Id("Problem"): jen.Lit(problem),
		}))
	}
	applyLoop := jen.Null()
	if len(apply) > 0 {
		applyLoop = jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(apply...)
	}
	params := []jen.Code{jen.Id("from").Add(qual(fixed.From)), jen.Id("to").String(), jen.Id("content").Add(qual(fixed.Content)),
		jen.Id("opts").Index().Add(qual(fixed.SendOption))}
	fields := fixed.RequestFields
	f.Commentf("%s builds and validates a send body.", fixed.NewRequest.GoName)
	f.Func().Add(qual(fixed.NewRequest)).Params(params...).Params(request(), jen.Error()).Block(
		jen.If(jen.Id("from").Dot("err").Op("!=").Nil()).Block(jen.Return(request().Values(), jen.Id("from").Dot("err"))),
		jen.If(jen.Id("from").Dot("value").Op("==").Lit("")).Block(invalid("from", "missing; build it with "+ch.Request.FromHelpers)),
		jen.If(jen.Id("content").Dot("value").Op("==").Nil()).Block(
			invalid("content", "missing; build it with one of "+strings.Join(ch.Request.KindNames, ", "))),
		jen.Id("r").Op(":=").Add(request()).Values(jen.Dict{jen.Id(fields.From): jen.Id("from").Dot("value"), jen.Id(fields.To): jen.Id("to"),
			jen.Id(fields.Content): jen.Id("content").Dot("value"), jen.Id(fields.EncodeContent): jen.Id("content").Dot("encode")}),
		applyLoop,
		jen.If(jen.Err().Op(":=").Id("r").Dot("validate").Call(jen.Id("content").Dot("check")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(request().Values(), jen.Err())),
		jen.Return(jen.Id("r"), jen.Nil()),
	)
}

// requestValidator renders request.validate: to against the request schema's own limits, the content, and the
// send options' values.
func (r *renderer) requestValidator(f *jen.File, ch *plan.Channel) {
	req, fields := ch.Request, ch.Fixed.RequestFields
	c := checkRenderer{renderer: r}
	var body []jen.Code // from is checked when a helper makes the From (From.check)
	if len(req.To) > 0 {
		stmts := c.checks("p", jen.Id("r").Dot(fields.To), nil, req.To)
		body = append(body, jen.Block(append([]jen.Code{jen.Id("p").Op(":=").Add(r.core("Root")).Call(jen.Lit("to"))}, stmts...)...))
	}
	body = append(body, returnIfErr(jen.Id("check").Call(jen.Id("r").Dot(fields.Content))))
	for _, x := range req.Extras {
		body = append(body, jen.If(jen.Id("r").Dot(x.Field).Op("!=").Nil()).Block(
			jen.Id("p").Op(":=").Add(r.core("Root")).Call(jen.Lit(x.JSON)),
			returnIfErr(jen.Qual(r.pkg(plan.ValidateDir), x.Validator).Call(jen.Op("&").Id("p"), jen.Id("r").Dot(x.Field))),
		))
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Comment("validate checks the body against the limits of the request schema; check validates the content.")
	check := jen.Id("check").Func().Params(jen.Any()).Error()
	f.Func().Params(jen.Id("r").Op("*").Add(qual(ch.Fixed.Request))).Id("validate").Params(check).Error().Block(body...)
}
