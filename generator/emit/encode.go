package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// encodePackage renders internal/encode.
func (r *renderer) encodePackage() error {
	f := r.newFile(plan.EncodeDir, "encode", "Package encode appends request values as JSON: the bytes encoding/json would write "+
		"for the api structs,\nwithout reflection.")
	for _, e := range r.sdk.Encoders {
		f.Commentf("%s appends the JSON of a %s to b.", e.Name, e.Name)
		f.Func().Id(e.Name).Params(jen.Id("b").Index().Byte(), jen.Id("v").Op("*").Add(r.api(e.Name))).Index().Byte().Block(
			r.objectEncoder(e)...)
	}
	return r.save(plan.EncodeDir+"/encode.gen.go", f)
}

// write returns the statements appending expr, written as enc says, to b.
func (r *renderer) write(expr *jen.Statement, enc *plan.Encoding, depth int) []jen.Code {
	appendTo := func(call jen.Code) []jen.Code { return []jen.Code{jen.Id("b").Op("=").Add(call)} }
	null := jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("..."))
	switch enc.Kind {
	case plan.EncString:
		return appendTo(r.core("AppendString").Call(jen.Id("b"), jen.String().Call(expr)))
	case plan.EncBool:
		return appendTo(r.core("AppendBool").Call(jen.Id("b"), jen.Bool().Call(expr)))
	case plan.EncInt:
		return appendTo(r.core("AppendInt").Call(jen.Id("b"), jen.Int64().Call(expr)))
	case plan.EncFloat:
		return appendTo(r.core("AppendFloat").Call(jen.Id("b"), jen.Float64().Call(expr), jen.Lit(enc.Bits)))
	case plan.EncMirror:
		return appendTo(expr.Clone().Dot(plan.MirrorAppend).Call(jen.Id("b")))
	case plan.EncStruct:
		return appendTo(jen.Qual(r.pkg(plan.EncodeDir), enc.Encoder).Call(jen.Id("b"), jen.Op("&").Add(expr)))
	case plan.EncStructPtr:
		return appendTo(jen.Qual(r.pkg(plan.EncodeDir), enc.Encoder).Call(jen.Id("b"), expr))
	case plan.EncNullable:
		return []jen.Code{jen.If(expr.Clone().Op("==").Nil()).Block(null).Else().Block(r.write(expr, enc.Elem, depth)...)}
	case plan.EncDeref:
		return r.write(jen.Parens(jen.Op("*").Add(expr.Clone())), enc.Elem, depth)
	case plan.EncSlice:
		return []jen.Code{jen.If(expr.Clone().Op("==").Nil()).Block(null).Else().Block(r.items(expr, enc.Elem, depth)...)}
	case plan.EncItems:
		return r.items(expr, enc.Elem, depth)
	}
	// Anything else: encoding/json itself.
	return []jen.Code{jen.Block(
		jen.List(jen.Id("raw"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Op("&").Add(expr)),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.Id("raw").Op("...")),
	)}
}

// items returns the statements appending the items of the non-nil slice expr as a JSON array.
func (r *renderer) items(expr *jen.Statement, elem *plan.Encoding, depth int) []jen.Code {
	item, index := fmt.Sprintf("x%d", depth), fmt.Sprintf("i%d", depth)
	inner := r.write(jen.Id(item), elem, depth+1)
	return []jen.Code{
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('[')),
		jen.For(jen.List(jen.Id(index), jen.Id(item)).Op(":=").Range().Add(expr.Clone())).Block(
			append([]jen.Code{jen.If(jen.Id(index).Op(">").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))}, inner...)...),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(']')),
	}
}

// objectEncoder renders the body of the encoder of a component object, which appends the JSON of v to b.
func (r *renderer) objectEncoder(e *plan.Encoder) []jen.Code {
	body := []jen.Code{jen.Id("start").Op(":=").Len(jen.Id("b"))}
	for _, ef := range e.Fields {
		access := jen.Id("v").Dot(ef.Field.Name)
		key := jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"`+ef.JSON+`":`).Op("..."))
		if ef.Present == plan.Always {
			body = append(body, key)
			body = append(body, r.write(access, ef.Write, 0)...)
			continue
		}
		body = append(body, jen.If(present(ef.Present, access)).Block(append([]jen.Code{key}, r.write(access, ef.Write, 0)...)...))
	}
	body = append(body,
		jen.If(jen.Len(jen.Id("b")).Op("==").Id("start")).Block(jen.Return(jen.Append(jen.Id("b"), jen.Lit("{}").Op("...")))),
		jen.Id("b").Index(jen.Id("start")).Op("=").LitRune('{'),
		jen.Return(jen.Append(jen.Id("b"), jen.LitRune('}'))),
	)
	return body
}
