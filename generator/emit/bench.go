package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// benchChunk is how many sends of one side BenchmarkMatrix times at once before it turns to the other side.
const benchChunk = 16

// Benchmarks renders the benchmark matrix of the plan's SDK, by path relative to the output directory: beside each
// channel package (package <name>_test), the cells and the baselines' structs (matrix.gen_test.go) and, from
// templates/channel/bench_test.go.tmpl, BenchmarkMatrix over them, the test that each baseline writes the bytes
// MarshalRequest writes, and the test of their allocations. The matrix is not part of the SDK Emit writes: the
// tests and make bench render it into a scratch copy (see testspec.WriteMatrix), so that regenerating does not
// format it.
func Benchmarks(sdk *plan.SDK) (map[string][]byte, error) {
	r := &renderer{sdk: sdk, files: map[string][]byte{}}
	for _, ch := range sdk.Channels {
		if err := r.benchmarks(ch); err != nil {
			return nil, fmt.Errorf("channel %s: %w", ch.Package.Name, err)
		}
	}
	return r.files, nil
}

// benchmarks renders the matrix of one channel.
func (r *renderer) benchmarks(ch *plan.Channel) error {
	pkg := r.pkg(ch.Package.Dir)
	fx := fixture.For(r.sdk, ch)
	mx := fx.Matrix()
	f := jen.NewFilePathName(pkg+"_test", ch.Package.Name+"_test")
	f.HeaderComment(plan.Header)
	f.ImportName(pkg, ch.Package.Name)
	f.ImportName(r.pkg(plan.APIDir), "api")
	types := map[string]*fixture.BaseType{}
	for _, t := range mx.BaseTypes {
		types[t.Name] = t
		var fields []jen.Code
		for _, bf := range t.Fields {
			tag := bf.JSON
			if bf.OmitEmpty {
				tag += ",omitempty"
			}
			fields = append(fields, jen.Id(bf.Name).Add(typ(bf.Type)).Tag(map[string]string{"json": tag}))
		}
		f.Commentf("%s is api.%s as a team would write it by hand.", t.Name, t.API)
		f.Type().Id(t.Name).Struct(fields...)
	}
	f.Comment("benchRequest is the body of a send, as the baselines write it.")
	body := ch.Fixed.RequestFields
	f.Type().Id("benchRequest").Types(jen.Id("T").Any()).Struct(
		jen.Id(body.From).String().Tag(map[string]string{"json": "from"}),
		jen.Id(body.To).String().Tag(map[string]string{"json": "to"}),
		jen.Id(body.Content).Id("T").Tag(map[string]string{"json": "content"}),
	)
	r.matrix(f, fx, mx, types)
	if err := r.save(ch.Package.Dir+"/matrix.gen_test.go", f); err != nil {
		return err
	}
	data := benchData{Package: ch.Package.Name, MarshalRequest: ch.Fixed.MarshalRequest.GoName, Header: plan.Header, Chunk: benchChunk}
	return r.execute(ch.Package.Dir+"/bench.gen_test.go", benchTemplate, data)
}

// benchData is what the template of the matrix's tests and benchmark reads.
type benchData struct {
	Package, MarshalRequest, Header string
	Chunk                           int
}

// matrix renders the cells: each kind's send through MarshalRequest, and its baseline.
func (r *renderer) matrix(f *jen.File, fx *fixture.Channel, mx *fixture.Matrix, types map[string]*fixture.BaseType) {
	pkg, fixed := r.pkg(fx.Plan().Package.Dir), fx.Plan().Fixed
	send := func(body jen.Code) jen.Code {
		return jen.Func().Params().Params(jen.Index().Byte(), jen.Error()).Block(jen.Return(body))
	}
	var cells []jen.Code
	for _, b := range mx.Benches {
		if b.Err != nil {
			f.Commentf("%s has no cell: %v.", b.Kind, b.Err)
			continue
		}
		sdk := qual(fixed.MarshalRequest).Call(jen.Id("matrixFrom"), jen.Lit(fx.To),
			r.sample(pkg, fixture.Value{Kind: fixture.CallValue, Call: &b.Content}))
		baseline := jen.Qual("encoding/json", "Marshal").Call(jen.Op("&").Id("benchRequest").Types(typ(b.Type)).Values(jen.Dict{
			jen.Id(fixed.RequestFields.From): jen.Lit(mx.FromSent), jen.Id(fixed.RequestFields.To): jen.Lit(fx.To),
			jen.Id(fixed.RequestFields.Content): r.node(b.Body, b.Type, types, false),
		}))
		cells = append(cells, jen.Line().Values(jen.Lit(b.Kind), send(sdk), send(baseline)))
	}
	f.Comment("matrixFrom is the from of the SDK's sends, made once, as a service makes it from its configuration (the baselines")
	f.Comment("have theirs as a constant).")
	f.Var().Id("matrixFrom").Op("=").Add(r.sample(pkg, fixture.Value{Kind: fixture.CallValue, Call: &mx.From}))
	f.Commentf("matrix holds, for each content kind, a send with representative values through %s (validated and",
		fixed.MarshalRequest.GoName)
	f.Comment("encoded), and the same body written by hand: plain structs, marshalled with encoding/json.")
	f.Var().Id("matrix").Op("=").Index().Struct(
		jen.Id("kind").String(),
		jen.List(jen.Id("sdk"), jen.Id("baseline")).Func().Params().Params(jen.Index().Byte(), jen.Error()),
	).Values(append(cells, jen.Line())...)
}

// node renders the value n of a baseline field of type t; an item of a slice (elided) leaves out its struct's name.
func (r *renderer) node(n *fixture.Node, t plan.Type, types map[string]*fixture.BaseType, elided bool) jen.Code {
	switch t.Kind {
	case plan.Pointer:
		if bt := types[t.Elem.Name]; t.Elem.Kind == plan.Named && bt != nil && elided {
			return r.node(n, *t.Elem, types, true)
		} else if bt != nil {
			return jen.Op("&").Add(r.node(n, *t.Elem, types, false))
		}
		return jen.Id("ptr").Types(typ(*t.Elem)).Call(r.node(n, *t.Elem, types, false))
	case plan.Slice:
		items := make([]jen.Code, len(n.Items))
		for i, item := range n.Items {
			items[i] = r.node(item, *t.Elem, types, true)
		}
		return jen.Add(typ(t)).Values(items...)
	case plan.Named:
		if bt := types[t.Name]; bt != nil {
			// On one line, in the order of the fields: formatting a multi-line literal aligns its values, which costs
			// several times more in a file of many of them.
			var values []jen.Code
			for _, bf := range bt.Fields {
				if child := n.Fields[bf.JSON]; child != nil {
					values = append(values, jen.Id(bf.Name).Op(":").Add(r.node(child, bf.Type, types, false)))
				}
			}
			if elided {
				return jen.Values(values...)
			}
			return jen.Id(bt.Name).Values(values...)
		}
	}
	if i, ok := n.Lit.(int64); ok {
		return jen.Lit(int(i)) // untyped, for any number type
	}
	return jen.Lit(n.Lit)
}
