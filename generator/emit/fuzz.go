package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/pattern"
)

// fuzzTests emits, beside a channel package, a fuzz test per `from` and `to` helper: no input panics, and every
// accepted value matches the pattern of the alias rule (or is a UUID).
func (g *channelGen) fuzzTests() error {
	f := jen.NewFilePathName(g.pkg(channelDir(g.ch)), g.ch.Package)
	f.HeaderComment(Header)
	f.ImportName(g.pkg(CoreDir), "core")
	seeds := []jen.Code{jen.Lit(""), jen.Lit(" "), jen.Lit("+"), jen.Lit("@"), jen.Lit("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"),
		jen.Lit("+55 (11) 99398-6082"), jen.Lit("5511993986082"), jen.Lit("@acme_bot"), jen.Lit("acme.store"), jen.Lit("104928371234"),
		jen.Lit("++5511993986082"), jen.Lit("55 11 9939８"), jen.Lit("\x00"), jen.Lit("@@acme")}
	emit := func(a model.Alias, field string) error {
		name := "Fuzz" + a.Helper
		var call, value jen.Code
		if field == "from" {
			call = jen.Id("from").Op(":=").Id(a.Helper).Call(jen.Id("s"))
			value = jen.Id("from").Dot("String").Call()
		} else {
			call = jen.List(jen.Id("v"), jen.Id("err")).Op(":=").Id(a.Helper).Call(jen.Id("s"))
			value = jen.Id("v")
		}
		errExpr := jen.Id("err")
		if field == "from" {
			errExpr = jen.Id("from").Dot("Err").Call()
		}
		var accept jen.Code
		if a.Shape == model.ShapeUUID {
			accept = jen.If(jen.Op("!").Qual(g.pkg(CoreDir), "IsUUID").Call(value)).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(a.Helper+"(%q) accepted %q, which is not a UUID"), jen.Id("s"), value))
		} else {
			goRE, err := pattern.Translate(a.Pattern)
			if err != nil {
				return err
			}
			accept = jen.If(jen.Op("!").Qual("regexp", "MustCompile").Call(jen.Lit(goRE)).Dot("MatchString").Call(value)).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(a.Helper+"(%q) accepted %q, which does not match "+a.Pattern), jen.Id("s"), value))
		}
		f.Commentf("%s checks %s on any input: no panic, a *core.ValidationError for %s, or a value the rule accepts.", name, a.Helper, field)
		f.Func().Id(name).Params(jen.Id("f").Op("*").Qual("testing", "F")).Block(
			jen.For(jen.List(jen.Id("_"), jen.Id("seed")).Op(":=").Range().Index().String().Values(seeds...)).Block(jen.Id("f").Dot("Add").Call(jen.Id("seed"))),
			jen.Id("f").Dot("Fuzz").Call(jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("s").String()).Block(
				call,
				jen.If(jen.Err().Op(":=").Add(errExpr), jen.Err().Op("!=").Nil()).Block(
					jen.Var().Id("ve").Op("*").Qual(g.pkg(CoreDir), "ValidationError"),
					jen.If(jen.Op("!").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("ve")).Op("||").Id("ve").Dot("Field").Op("!=").Lit(field)).Block(
						jen.Id("t").Dot("Fatalf").Call(jen.Lit(a.Helper+"(%q): error %v is not a ValidationError for "+field), jen.Id("s"), jen.Err())),
					jen.Return(),
				),
				accept,
			)),
		)
		return nil
	}
	for _, a := range g.ch.From {
		if err := emit(a, "from"); err != nil {
			return err
		}
	}
	if g.ch.To != nil {
		if err := emit(*g.ch.To, "to"); err != nil {
			return err
		}
	}
	return g.emitter.render(fmt.Sprintf("%s/%s_fuzz.gen_test.go", channelDir(g.ch), g.ch.Package), f)
}
