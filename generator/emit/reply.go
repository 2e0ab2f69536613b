package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// contentOf renders a channel package's ContentOf: the Content of an api struct of one of its adoptable kinds.
func (r *renderer) contentOf(f *jen.File, ch *plan.Channel) {
	fixed := ch.Fixed
	var cases []jen.Code
	for _, b := range ch.Adoptable {
		cases = append(cases, jen.Case(jen.Op("*").Add(qual(b.Type))).Block(
			jen.If(jen.Id("v").Op("!=").Nil()).Block(jen.Return(qual(fixed.Content).Values(jen.Dict{
				jen.Id("kind"):   jen.Lit(b.Kind),
				jen.Id("value"):  jen.Id("v"),
				jen.Id("check"):  qual(b.Check),
				jen.Id("encode"): qual(b.Encode),
			}), jen.True()))))
	}
	comment(f, ch.ContentOfDoc)
	body := []jen.Code{jen.Return(qual(fixed.Content).Values(), jen.False())}
	if len(cases) > 0 {
		body = append([]jen.Code{jen.Switch(jen.Id("v").Op(":=").Id("v").Assert(jen.Type())).Block(cases...)}, body...)
	}
	f.Func().Add(qual(fixed.ContentOf)).Params(jen.Id("v").Any()).Params(qual(fixed.Content), jen.Bool()).Block(body...)
}

// reply renders Client.Reply and what it uses (chatt2me/reply.gen.go).
func (r *renderer) reply() error {
	rp := r.sdk.Reply
	if rp == nil {
		return nil
	}
	f := r.newFile(plan.RootDir, "chatt2me", "")
	f.ImportName(r.pkg(plan.WebhookDir), "webhook")
	comment(f, rp.ContentDoc)
	f.Type().Add(qual(rp.Content)).Interface(
		jen.Comment("Kind returns the name of the content's builder, such as \"Text\"."),
		jen.Id("Kind").Params().String(),
		jen.Comment("Value returns the api struct the content is sent as, such as *api.TextContent."),
		jen.Id("Value").Params().Any(),
	)
	r.adoptContent(f, rp)
	r.refusedContent(f, rp)

	m := jen.Id("m")
	var cases []jen.Code
	for _, rc := range rp.Channels {
		cases = append(cases, jen.Case(jen.Lit(rc.Value)).Block(r.replyOn(rp, rc)...))
	}
	invalid := func(problem jen.Code) jen.Code {
		return jen.Return(r.transport("Result").Values(), jen.Id("c").Dot("transport").Dot("RedactError").Call(
			jen.Op("&").Add(r.transport("ValidationError")).Values(jen.Dict{jen.Id("Field"): jen.Lit(rp.Channel.JSON),
				jen.Id("Problem"): problem})))
	}
	cases = append(cases,
		jen.Case(jen.Lit("")).Block(invalid(jen.Lit("missing: the message does not name its channel"))),
		jen.Default().Block(invalid(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%q is not a channel of the SDK ("+rp.Known+")"),
			m.Clone().Dot(rp.Channel.Name)))),
	)
	comment(f, rp.Doc)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(rp.Method).Params(jen.Id("ctx").Qual("context", "Context"),
		m.Clone().Op("*").Add(qual(rp.Message)), jen.Id("content").Add(qual(rp.Content)),
		jen.Id("alternatives").Op("...").Add(qual(rp.Content))).Params(r.transport("Result"), jen.Error()).Block(
		jen.If(m.Clone().Op("==").Nil()).Block(jen.Return(r.transport("Result").Values(), jen.Op("&").Add(r.transport("ValidationError")).Values(
			jen.Dict{jen.Id("Field"): jen.Lit("m"), jen.Id("Problem"): jen.Lit("missing: " + rp.Method + " needs the Message event it answers")}))),
		jen.Id("contents").Op(":=").Append(jen.Index().Add(qual(rp.Content)).Values(jen.Id("content")), jen.Id("alternatives").Op("...")),
		jen.Switch(m.Clone().Dot(rp.Channel.Name)).Block(cases...),
	)
	return r.save(plan.RootDir+"/reply.gen.go", f)
}

// replyOn renders the answer on one channel: the first content it takes, sent from the event's channel UUID to its
// sender, as a reply where the channel takes one; else the error naming the contents refused.
func (r *renderer) replyOn(rp *plan.Reply, rc *plan.ReplyChannel) []jen.Code {
	ch := rc.Channel
	send := []jen.Code{}
	args := []jen.Code{jen.Id("ctx"), qual(rc.From).Call(jen.Id("m").Dot(rp.From.Name)), jen.Id("m").Dot(rp.To.Name), jen.Id("v")}
	if rc.Reply.GoName != "" {
		send = append(send,
			jen.Var().Id("opts").Index().Add(qual(ch.Fixed.SendOption)),
			jen.If(jen.Id("m").Dot(rp.MessageID.Name).Op("!=").Lit("")).Block(
				jen.Id("opts").Op("=").Append(jen.Id("opts"), qual(rc.Reply).Call(jen.Id("m").Dot(rp.MessageID.Name)))),
		)
		args = append(args, jen.Id("opts").Op("..."))
	}
	send = append(send, jen.Return(jen.Id("c").Dot(ch.Field).Dot(ch.Fixed.Send).Call(args...)))
	return []jen.Code{
		jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Id("contents")).Block(
			jen.If(jen.Id("x").Op("==").Nil()).Block(jen.Continue()),
			jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(qual(rp.Adopt)).Call(jen.Id("x"), qual(ch.Fixed.ContentOf)),
				jen.Id("ok")).Block(send...),
		),
		jen.Return(r.transport("Result").Values(), jen.Id("c").Dot("transport").Dot("RedactError").Call(
			qual(rp.Refused).Call(jen.Lit(ch.Name), jen.Lit(ch.Package.Name), jen.Id("contents")))),
	}
}

// adoptContent renders the function returning the content of a channel package that a Content stands for.
func (r *renderer) adoptContent(f *jen.File, rp *plan.Reply) {
	f.Commentf("%s returns the content of a channel package that x stands for: x itself when it is one, else the", rp.Adopt.GoName)
	f.Comment("content that contentOf, the package's function of an api struct, makes of x's.")
	f.Func().Add(qual(rp.Adopt)).Types(jen.Id("C").Any()).Params(jen.Id("x").Add(qual(rp.Content)),
		jen.Id("contentOf").Func().Params(jen.Any()).Params(jen.Id("C"), jen.Bool())).Params(jen.Id("C"), jen.Bool()).Block(
		jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("x").Assert(jen.Id("C")), jen.Id("ok")).Block(jen.Return(jen.Id("v"), jen.True())),
		jen.Return(jen.Id("contentOf").Call(jen.Id("x").Dot("Value").Call())),
	)
}

// refusedContent renders the function making the error of contents a channel does not take.
func (r *renderer) refusedContent(f *jen.File, rp *plan.Reply) {
	problem := func(p jen.Code) jen.Code {
		return jen.Return(jen.Op("&").Add(r.transport("ValidationError")).Values(
			jen.Dict{jen.Id("Field"): jen.Lit("content"), jen.Id("Problem"): p}))
	}
	f.Commentf("%s is the error of contents that the channel named, of package pkg, does not take.", rp.Refused.GoName)
	params := []jen.Code{jen.List(jen.Id("name"), jen.Id("pkg")).String(), jen.Id("contents").Index().Add(qual(rp.Content))}
	f.Func().Add(qual(rp.Refused)).Params(params...).Error().Block(
		jen.Var().Id("kinds").Index().String(),
		jen.For(jen.List(jen.Id("_"), jen.Id("x")).Op(":=").Range().Id("contents")).Block(
			jen.If(jen.Id("x").Op("!=").Nil()).Block(jen.Id("kinds").Op("=").Append(jen.Id("kinds"),
				jen.Qual("fmt", "Sprintf").Call(jen.Lit("%s (%T)"), jen.Id("x").Dot("Kind").Call(), jen.Id("x").Dot("Value").Call())))),
		jen.Switch(jen.Len(jen.Id("kinds"))).Block(
			jen.Case(jen.Lit(0)).Block(problem(jen.Lit("missing: "+rp.Method+" needs a content to send"))),
			jen.Case(jen.Lit(1)).Block(problem(jen.Id("name").Op("+").Lit(" does not take ").Op("+").Id("kinds").Index(jen.Lit(0)).Op("+").
				Lit(": build the content with package ").Op("+").Id("pkg"))),
		),
		problem(jen.Id("name").Op("+").Lit(" takes none of ").Op("+").Qual("strings", "Join").Call(jen.Id("kinds"), jen.Lit(", ")).Op("+").
			Lit(": build the content with package ").Op("+").Id("pkg")),
	)
}
