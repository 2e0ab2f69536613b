package emit

import (
	"fmt"
	"go/ast"

	"github.com/dave/jennifer/jen"
)

// encoder emits, for each component schema of the content kinds, a function appending its JSON to a buffer: the
// bytes encoding/json would write for oapi-codegen's struct (same field order, omitempty, escaping), without
// reflection, so that a send encodes once and cheaply.
type encoder struct {
	api  *apiTypes
	core string
}

// value returns the statements appending expr, of Go type goType, to b.
func (e *encoder) value(expr *jen.Statement, goType ast.Expr, depth int) []jen.Code {
	appendTo := func(call jen.Code) []jen.Code { return []jen.Code{jen.Id("b").Op("=").Add(call)} }
	switch basic := e.api.basic(goType); basic {
	case "string":
		return appendTo(jen.Qual(e.core, "AppendString").Call(jen.Id("b"), jen.String().Call(expr)))
	case "bool":
		return appendTo(jen.Qual(e.core, "AppendBool").Call(jen.Id("b"), jen.Bool().Call(expr)))
	case "int", "int8", "int16", "int32", "int64":
		return appendTo(jen.Qual(e.core, "AppendInt").Call(jen.Id("b"), jen.Int64().Call(expr)))
	case "float32", "float64":
		bits := 64
		if basic == "float32" {
			bits = 32
		}
		return appendTo(jen.Qual(e.core, "AppendFloat").Call(jen.Id("b"), jen.Float64().Call(expr), jen.Lit(bits)))
	}
	switch t := goType.(type) {
	case *ast.Ident:
		if e.api.unions[t.Name] {
			return e.unionJSON(expr)
		}
		if _, isStruct := e.api.structs[t.Name]; isStruct {
			return e.pointer(jen.Op("&").Add(expr), t.Name)
		}
	case *ast.StarExpr:
		var inner []jen.Code
		if id, ok := t.X.(*ast.Ident); ok && e.api.structs[id.Name] != nil {
			inner = e.pointer(expr.Clone(), id.Name) // pass the pointer itself, not &*p
		} else {
			inner = e.value(jen.Parens(jen.Op("*").Add(expr.Clone())), t.X, depth)
		}
		return []jen.Code{jen.If(expr.Clone().Op("==").Nil()).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("..."))).Else().Block(inner...)}
	case *ast.ArrayType:
		return []jen.Code{jen.If(expr.Clone().Op("==").Nil()).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("..."))).Else().Block(
			e.items(expr, t, depth)...,
		)}
	}
	// Anything else: encoding/json itself.
	return []jen.Code{jen.Block(
		jen.List(jen.Id("raw"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Op("&").Add(expr)),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.Id("raw").Op("...")),
	)}
}

// items returns the statements appending the items of the non-nil slice expr, of Go type t, as a JSON array.
func (e *encoder) items(expr *jen.Statement, t *ast.ArrayType, depth int) []jen.Code {
	item := fmt.Sprintf("x%d", depth)
	inner := e.value(jen.Id(item), t.Elt, depth+1)
	return []jen.Code{
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('[')),
		jen.For(jen.List(jen.Id(fmt.Sprintf("i%d", depth)), jen.Id(item)).Op(":=").Range().Add(expr.Clone())).Block(
			append([]jen.Code{jen.If(jen.Id(fmt.Sprintf("i%d", depth)).Op(">").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))}, inner...)...),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(']')),
	}
}

// pointer returns the statements appending the struct ptr points to: its encoder, or unionJSON for a union.
func (e *encoder) pointer(ptr *jen.Statement, typeName string) []jen.Code {
	if e.api.unions[typeName] {
		return e.unionJSON(ptr)
	}
	return []jen.Code{jen.Id("b").Op("=").Id(typeName).Call(jen.Id("b"), ptr)}
}

// unionJSON returns the statements appending a union (or a pointer to one): the JSON its From… method has
// already marshalled, compacted as encoding/json would, so that it is not marshalled a second time. Validation
// has parsed it, so it is valid JSON and MarshalJSON cannot fail.
func (e *encoder) unionJSON(union *jen.Statement) []jen.Code {
	return []jen.Code{jen.Block(
		jen.List(jen.Id("raw"), jen.Id("_")).Op(":=").Add(union).Dot("MarshalJSON").Call(),
		jen.Id("b").Op("=").Qual(e.core, "AppendCompact").Call(jen.Id("b"), jen.Id("raw")),
	)}
}

// object emits the encoder of a component object.
func (e *encoder) object(f *jen.File, name string) {
	body := []jen.Code{jen.Id("start").Op(":=").Len(jen.Id("b"))}
	for _, prop := range e.api.order[name] {
		field := e.api.structs[name][prop]
		access := jen.Id("v").Dot(field.Name)
		key := jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"`+prop+`":`).Op("..."))
		cond := e.api.present(field, access)
		if cond == nil {
			body = append(body, key)
			body = append(body, e.value(access, field.Type, 0)...)
		} else {
			// Written only when present: the pointer is not nil, or the slice is not empty (the slice a pointer
			// points to may still be nil).
			var write []jen.Code
			elem, isSlice := field.Elem().(*ast.ArrayType)
			id, isIdent := field.Elem().(*ast.Ident)
			switch {
			case field.Optional() && isIdent && e.api.structs[id.Name] != nil:
				write = e.pointer(access.Clone(), id.Name)
			case field.Optional():
				write = e.value(jen.Parens(jen.Op("*").Add(access.Clone())), field.Elem(), 0)
			case isSlice:
				write = e.items(access, elem, 0)
			default:
				write = e.value(access, field.Type, 0)
			}
			body = append(body, jen.If(cond).Block(append([]jen.Code{key}, write...)...))
		}
	}
	body = append(body,
		jen.If(jen.Len(jen.Id("b")).Op("==").Id("start")).Block(jen.Return(jen.Append(jen.Id("b"), jen.Lit("{}").Op("...")))),
		jen.Id("b").Index(jen.Id("start")).Op("=").LitRune('{'),
		jen.Return(jen.Append(jen.Id("b"), jen.LitRune('}'))),
	)
	f.Commentf("%s appends the JSON of a %s to b.", name, name)
	f.Func().Id(name).Params(jen.Id("b").Index().Byte(), jen.Id("v").Op("*").Qual(e.api.pkg, name)).Index().Byte().Block(body...)
}

// union emits the encoder of a oneOf component: its own JSON, as encoding/json writes it.
func (e *encoder) union(f *jen.File, name string) {
	f.Commentf("%s appends the JSON of a %s to b.", name, name)
	f.Func().Id(name).Params(jen.Id("b").Index().Byte(), jen.Id("v").Op("*").Qual(e.api.pkg, name)).Index().Byte().Block(
		jen.Comment("Validation has parsed the union's JSON: MarshalJSON cannot fail."),
		jen.List(jen.Id("raw"), jen.Id("_")).Op(":=").Id("v").Dot("MarshalJSON").Call(),
		jen.Return(jen.Qual(e.core, "AppendCompact").Call(jen.Id("b"), jen.Id("raw"))),
	)
}

// encodePackage emits internal/encode for the same component schemas as internal/validate.
func (e *emitter) encodePackage(schemas []string) error {
	f := e.newFile(EncodeDir, "encode", "Package encode appends request values as JSON: the bytes encoding/json would write for the api structs,\nwithout reflection.")
	enc := &encoder{api: e.api, core: e.pkg(CoreDir)}
	for _, name := range schemas {
		switch {
		case e.api.unions[name]:
			enc.union(f, name)
		case e.api.structs[name] != nil:
			enc.object(f, name)
		}
	}
	return e.render(EncodeDir+"/encode.gen.go", f)
}
