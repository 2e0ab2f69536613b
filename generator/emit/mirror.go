package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// mirrors renders the channel's own types for the api types that hold a oneOf: each type, with its validate,
// appendJSON and toAPI methods, and MarshalJSON for those users name.
func (r *renderer) mirrors(f *jen.File, ch *plan.Channel) {
	for _, m := range ch.Mirrors {
		if m.Variants != nil {
			r.unionMirror(f, m)
		} else {
			r.objectMirror(f, m)
		}
		if m.Exported() {
			f.Comment("MarshalJSON writes the value as it is sent.")
			f.Func().Params(jen.Id("v").Add(qual(m.Name))).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(jen.Id("v").Dot(plan.MirrorAppend).Call(jen.Nil()), jen.Nil()))
		}
	}
}

// receiver starts a method of the mirror m.
func receiver(f *jen.File, m *plan.Mirror, name string) *jen.Statement {
	return f.Func().Params(jen.Id("v").Op("*").Add(qual(m.Name))).Id(name)
}

// unionMirror renders the mirror of a oneOf: which variant it holds, and a field per variant.
func (r *renderer) unionMirror(f *jen.File, m *plan.Mirror) {
	fields := []jen.Code{jen.Id(plan.MirrorWhich).Int().Comment("1 + the index of the variant held in the oneOf; 0 for none")}
	var checks, writes, converts []jen.Code
	for _, v := range m.Variants {
		field := typ(v.Type)
		if v.Indirect {
			field = jen.Op("*").Add(field)
		}
		fields = append(fields, jen.Id(v.Field).Add(field))
		held := jen.Id("v").Dot(v.Field)
		check := r.variantCheck(v, held)
		checks = append(checks, jen.Case(jen.Lit(v.Which)).Block(jen.Return(check)))
		writes = append(writes, jen.Case(jen.Lit(v.Which)).Block(r.write(held, v.Write, 0)...))
		value := held.Clone()
		if v.Convert.Kind == plan.ConvertMirror {
			value = held.Clone().Dot(plan.MirrorConvert).Call()
		}
		converts = append(converts, jen.Case(jen.Lit(v.Which)).Block(jen.Id("_").Op("=").Id("u").Dot(v.Set).Call(value)))
	}
	f.Comment(m.Doc)
	f.Type().Add(qual(m.Name)).Struct(fields...)
	f.Commentf("%s checks the variant held against its limits.", plan.MirrorValidate)
	receiver(f, m, plan.MirrorValidate).Params(jen.Id("p").Op("*").Add(r.core("Path"))).Error().Block(
		jen.Switch(jen.Id("v").Dot(plan.MirrorWhich)).Block(checks...),
		jen.Return(r.core("Invalid").Call(jen.Id("p"), jen.Lit("missing; build it with "+m.Constructors))),
	)
	f.Commentf("%s appends the JSON of the variant held to b as oapi-codegen's From… leaves it in api.%s (see", plan.MirrorAppend,
		m.API.GoName)
	f.Comment("core.Reencode), or null when there is none, as the zero api value is written.")
	receiver(f, m, plan.MirrorAppend).Params(jen.Id("b").Index().Byte()).Index().Byte().Block(
		jen.Id("start").Op(":=").Len(jen.Id("b")),
		jen.Switch(jen.Id("v").Dot(plan.MirrorWhich)).Block(append(writes,
			jen.Default().Block(jen.Return(jen.Append(jen.Id("b"), jen.Lit("null").Op("...")))))...),
		jen.Return(r.core("Reencode").Call(jen.Id("b"), jen.Id("start"))),
	)
	f.Commentf("%s returns the value as api.%s, set by its From… method (which marshals a struct of plain values:",
		plan.MirrorConvert, m.API.GoName)
	f.Comment("it cannot fail).")
	receiver(f, m, plan.MirrorConvert).Params().Add(qual(m.API)).Block(
		jen.Var().Id("u").Add(qual(m.API)),
		jen.Switch(jen.Id("v").Dot(plan.MirrorWhich)).Block(converts...),
		jen.Return(jen.Id("u")),
	)
}

// variantCheck renders the validation of the variant held at expr.
func (r *renderer) variantCheck(v *plan.Variant, expr *jen.Statement) jen.Code {
	if v.Check.Method {
		return expr.Clone().Dot(plan.MirrorValidate).Call(jen.Id("p"))
	}
	return jen.Qual(r.pkg(plan.ValidateDir), v.Check.Validator).Call(jen.Id("p"), jen.Op("&").Add(expr.Clone()))
}

// objectMirror renders the mirror of an object: the api struct's fields, with mirrors for those holding a oneOf.
func (r *renderer) objectMirror(f *jen.File, m *plan.Mirror) {
	var fields, converts []jen.Code
	for _, mf := range m.Fields {
		if mf.Doc != "" {
			fields = append(fields, jen.Comment(mf.Name+": "+mf.Doc))
		}
		fields = append(fields, jen.Id(mf.Name).Add(typ(mf.Type)))
		converts = append(converts, r.convert(jen.Id("out").Dot(mf.Name), jen.Id("v").Dot(mf.Name), mf.Convert, 0)...)
	}
	f.Comment(m.Doc)
	f.Type().Add(qual(m.Name)).Struct(fields...)
	c := checkRenderer{renderer: r}
	f.Commentf("%s checks the fields against the limits of the OpenAPI document, as internal/validate checks api structs.",
		plan.MirrorValidate)
	receiver(f, m, plan.MirrorValidate).Params(jen.Id("p").Op("*").Add(r.core("Path"))).Error().Block(c.object(m.Validator)...)
	f.Commentf("%s appends the JSON of the value to b: what encoding/json writes for api.%s.", plan.MirrorAppend, m.API.GoName)
	receiver(f, m, plan.MirrorAppend).Params(jen.Id("b").Index().Byte()).Index().Byte().Block(r.objectEncoder(m.Encoder)...)
	f.Commentf("%s returns the value as api.%s.", plan.MirrorConvert, m.API.GoName)
	receiver(f, m, plan.MirrorConvert).Params().Add(qual(m.API)).Block(
		append(append([]jen.Code{jen.Var().Id("out").Add(qual(m.API))}, converts...), jen.Return(jen.Id("out")))...)
}

// convert returns the statements setting dst to the api value of src, as c says.
func (r *renderer) convert(dst, src *jen.Statement, c *plan.Conversion, depth int) []jen.Code {
	item, index := fmt.Sprintf("x%d", depth), fmt.Sprintf("i%d", depth)
	switch c.Kind {
	case plan.ConvertMirror:
		return []jen.Code{dst.Clone().Op("=").Add(src.Clone()).Dot(plan.MirrorConvert).Call()}
	case plan.ConvertPointer:
		inner := r.convert(jen.Id(item), jen.Parens(jen.Op("*").Add(src.Clone())), c.Elem, depth+1)
		return []jen.Code{jen.If(src.Clone().Op("!=").Nil()).Block(append(append([]jen.Code{jen.Var().Id(item).Add(typ(c.Elem.API))},
			inner...), dst.Clone().Op("=").Op("&").Id(item))...)}
	case plan.ConvertSlice:
		inner := r.convert(dst.Clone().Index(jen.Id(index)), src.Clone().Index(jen.Id(index)), c.Elem, depth+1)
		return []jen.Code{jen.If(src.Clone().Op("!=").Nil()).Block(
			dst.Clone().Op("=").Make(typ(c.API), jen.Len(src.Clone())),
			jen.For(jen.Id(index).Op(":=").Range().Add(src.Clone())).Block(inner...))}
	case plan.ConvertMap:
		inner := r.convert(dst.Clone().Index(jen.Id(index)), jen.Id(item), c.Elem, depth+1)
		return []jen.Code{jen.If(src.Clone().Op("!=").Nil()).Block(
			dst.Clone().Op("=").Make(typ(c.API), jen.Len(src.Clone())),
			jen.For(jen.List(jen.Id(index), jen.Id(item)).Op(":=").Range().Add(src.Clone())).Block(inner...))}
	}
	return []jen.Code{dst.Clone().Op("=").Add(src.Clone())}
}
