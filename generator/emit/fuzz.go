package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// fuzzTests renders, beside a channel package, a fuzz test per `from` and `to` helper: no input panics, and every
// accepted value matches the pattern of the alias rule (or is a UUID).
func (r *renderer) fuzzTests(ch *plan.Channel) error {
	f := jen.NewFilePathName(r.pkg(ch.Package.Dir), ch.Package.Name)
	f.HeaderComment(plan.Header)
	f.ImportName(r.pkg(plan.FormatDir), "format")
	f.ImportName(r.pkg(plan.TransportDir), "transport")
	helpers := append([]*plan.Helper{}, ch.From...)
	if ch.To != nil {
		helpers = append(helpers, ch.To)
	}
	for _, h := range helpers {
		r.fuzzTest(f, h)
	}
	return r.save(ch.Package.Dir+"/"+ch.Package.Name+"_fuzz.gen_test.go", f)
}

func (r *renderer) fuzzTest(f *jen.File, h *plan.Helper) {
	var seeds []jen.Code
	for _, s := range model.FuzzSeeds() {
		seeds = append(seeds, jen.Lit(s))
	}
	var call, value, errExpr jen.Code
	if h.Field == "from" {
		call = jen.Id("from").Op(":=").Add(qual(h.Name)).Call(jen.Id("s"))
		value, errExpr = jen.Id("from").Dot("String").Call(), jen.Id("from").Dot("Err").Call()
	} else {
		call = jen.List(jen.Id("v"), jen.Id("err")).Op(":=").Add(qual(h.Name)).Call(jen.Id("s"))
		value, errExpr = jen.Id("v"), jen.Id("err")
	}
	var accept jen.Code
	if format, what := h.Shape.Format(); format != "" {
		accept = jen.If(jen.Op("!").Qual(r.pkg(plan.FormatDir), format).Call(value)).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit(h.Name.GoName+"(%q) accepted %q, which is not "+what), jen.Id("s"), value))
	} else {
		accept = jen.If(jen.Op("!").Qual("regexp", "MustCompile").Call(jen.Lit(h.Pattern.Expr)).Dot("MatchString").Call(value)).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit(h.Name.GoName+"(%q) accepted %q, which does not match "+h.Pattern.Source), jen.Id("s"), value))
	}
	f.Commentf("%s checks %s on any input: no panic, a *transport.ValidationError for %s, or a value the rule accepts.",
		h.Fuzz.GoName, h.Name.GoName, h.Field)
	f.Func().Add(qual(h.Fuzz)).Params(jen.Id("f").Op("*").Qual("testing", "F")).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("seed")).Op(":=").Range().Index().String().Values(seeds...)).Block(
			jen.Id("f").Dot("Add").Call(jen.Id("seed"))),
		jen.Id("f").Dot("Fuzz").Call(jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("s").String()).Block(
			call,
			jen.If(jen.Err().Op(":=").Add(errExpr), jen.Err().Op("!=").Nil()).Block(
				jen.Var().Id("ve").Op("*").Add(r.transport("ValidationError")),
				jen.If(jen.Op("!").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("ve")).Op("||").
					Id("ve").Dot("Field").Op("!=").Lit(h.Field)).Block(
					jen.Id("t").Dot("Fatalf").Call(jen.Lit(h.Name.GoName+"(%q): error %v is not a ValidationError for "+h.Field), jen.Id("s"), jen.Err())),
				jen.Return(),
			),
			accept,
		)),
	)
}
