package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// examples renders the runnable examples of a channel package (example.gen_test.go, package <name>_test): they send
// to a stand-in of the API, an httptest server answering as the API accepts a message.
func (r *renderer) examples(ch *plan.Channel) error {
	fx := fixture.For(r.sdk, ch)
	examples := fx.Examples()
	if len(examples) == 0 {
		return nil
	}
	pkg := r.pkg(ch.Package.Dir)
	f := jen.NewFilePathName(pkg+"_test", ch.Package.Name+"_test")
	f.HeaderComment(plan.Header)
	f.ImportName(pkg, ch.Package.Name)
	f.ImportName(r.pkg(plan.RootDir), "chatt2me")
	f.ImportName(r.pkg(plan.APIDir), "api")
	for _, ex := range examples {
		f.Comment(ex.Doc)
		f.Func().Id(ex.Name).Params().Block(r.exampleBody(fx, ex)...)
	}
	f.Comment("standIn is a stand-in for the API: it accepts every message, as the API answers a send.")
	f.Func().Id("standIn").Params().Op("*").Qual("net/http/httptest", "Server").Block(
		jen.Return(jen.Qual("net/http/httptest", "NewServer").Call(jen.Qual("net/http", "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request")).Block(
				jen.List(jen.Id("_"), jen.Id("_")).Op("=").Qual("io", "WriteString").Call(jen.Id("w"),
					jen.Lit(`{"messageId":"`+fixture.MessageID+`","status":"`+ch.AcceptedStatus+`"}`)),
			)))),
	)
	return r.save(ch.Package.Dir+"/example.gen_test.go", f)
}

// exampleBody renders the statements of one example, ending with its Output comment.
func (r *renderer) exampleBody(fx *fixture.Channel, ex *fixture.Example) []jen.Code {
	ch := fx.Plan()
	pkg := r.pkg(ch.Package.Dir)
	var body []jen.Code
	switch ex.Kind {
	case fixture.ExampleSend:
		root := r.pkg(plan.RootDir)
		body = []jen.Code{
			jen.Id("server").Op(":=").Id("standIn").Call(),
			jen.Defer().Id("server").Dot("Close").Call(),
			jen.List(jen.Id("c"), jen.Err()).Op(":=").Qual(root, "New").Call(jen.Qual(root, "WithAPIKey").Call(jen.Lit("your-application-api-key")),
				jen.Qual(root, "WithBaseURL").Call(jen.Id("server").Dot("URL"))),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Panic(jen.Err())),
			jen.Id("content").Op(":=").Add(r.sample(pkg, fixture.Value{Kind: fixture.CallValue, Call: &ex.Content})),
			jen.List(jen.Id("res"), jen.Err()).Op(":=").Id("c").Dot(ch.Field).Dot(ch.Fixed.Send).Call(jen.Qual("context", "Background").Call(),
				r.sample(pkg, fixture.Value{Kind: fixture.CallValue, Call: &fx.From}), jen.Lit(fx.To), jen.Id("content")),
			jen.Qual("fmt", "Println").Call(jen.Id("content").Dot("Kind").Call(), jen.Id("res").Dot("MessageID"), jen.Id("res").Dot("Status"),
				jen.Err()),
		}
	case fixture.ExampleHelper:
		call := qual(ex.Helper.Name).Call(jen.Lit(ex.Input))
		if ex.Helper.Field == "from" {
			body = []jen.Code{jen.Id("from").Op(":=").Add(call),
				jen.Qual("fmt", "Println").Call(jen.Id("from").Dot("String").Call(), jen.Id("from").Dot("Err").Call())}
		} else {
			body = []jen.Code{jen.Qual("fmt", "Println").Call(call)}
		}
	case fixture.ExampleInvalid:
		body = []jen.Code{
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(qual(ch.Fixed.MarshalRequest)).Call(qual(ch.Fixed.From).Values(), jen.Lit(fx.To),
				r.sample(pkg, fixture.Value{Kind: fixture.CallValue, Call: &ex.Content})),
			jen.Qual("fmt", "Println").Call(jen.Err()),
		}
	}
	return append(body, jen.Comment("Output: "+ex.Output))
}

// sample renders a sample value of the plan.
func (r *renderer) sample(pkg string, v fixture.Value) jen.Code {
	switch v.Kind {
	case fixture.CallValue:
		args := make([]jen.Code, len(v.Call.Args))
		for i, a := range v.Call.Args {
			args[i] = r.sample(pkg, a)
		}
		return qual(v.Call.Func).Call(args...)
	case fixture.SliceValue:
		items := make([]jen.Code, len(v.Items))
		for i, item := range v.Items {
			items[i] = r.sample(pkg, item)
		}
		return jen.Add(typ(*v.Type)).Values(items...)
	}
	if n, ok := v.Lit.(int64); ok {
		return jen.Lit(int(n)) // untyped, as the parameter's type may be any integer
	}
	return jen.Lit(v.Lit)
}
