package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// checkRenderer renders checks in one package: inside internal/validate, validators are called unqualified.
type checkRenderer struct {
	*renderer
	inValidate bool
}

func (c checkRenderer) validator(name string) *jen.Statement {
	if c.inValidate {
		return jen.Id(name)
	}
	return jen.Qual(c.pkg(plan.ValidateDir), name)
}

// checks renders the checks of expr (addr is its address, for nested validators) with the path variable pathVar;
// each returns the first error.
func (c checkRenderer) checks(pathVar string, expr, addr *jen.Statement, checks []*plan.Check) []jen.Code {
	var out []jen.Code
	p := jen.Op("&").Id(pathVar)
	str := jen.String().Call(expr.Clone())
	for _, ch := range checks {
		if ch.Rule == plan.Nested && ch.Method { // a value holding a oneOf: its mirror's method
			out = append(out, returnIfErr(expr.Clone().Dot(plan.MirrorValidate).Call(p.Clone())))
			continue
		}
		switch ch.Rule {
		case plan.Nested:
			out = append(out, returnIfErr(c.validator(ch.Validator).Call(p.Clone(), addr)))
		case plan.StringLength:
			out = append(out, returnIfErr(c.core("StringLength").Call(p.Clone(), str.Clone(), jen.Lit(ch.Min), jen.Lit(ch.Max))))
		case plan.OneOf:
			args := []jen.Code{p.Clone(), str.Clone()}
			for _, v := range ch.Values {
				args = append(args, jen.Lit(v))
			}
			out = append(out, returnIfErr(c.core("OneOf").Call(args...)))
		case plan.Format:
			out = append(out, returnIfErr(c.core("Format").Call(p.Clone(), str.Clone(), jen.Lit(ch.Format))))
		case plan.Match:
			out = append(out, returnIfErr(c.core("Pattern").Call(p.Clone(), str.Clone(), jen.Id(ch.Pattern.Var))))
		case plan.Number:
			out = append(out, returnIfErr(c.core("Number").Call(p.Clone(), expr.Clone(),
				jen.Lit(ch.HasMin), jen.Lit(ch.MinNum), jen.Lit(ch.HasMax), jen.Lit(ch.MaxNum))))
		case plan.Bool:
			out = append(out, returnIfErr(c.core("Bool").Call(p.Clone(), jen.Bool().Call(expr.Clone()), jen.Lit(ch.Bool))))
		case plan.Items:
			out = append(out, returnIfErr(c.core("Items").Call(p.Clone(), jen.Len(expr.Clone()), jen.Lit(ch.Min), jen.Lit(ch.Max))))
		case plan.Unique:
			unique := "Unique"
			if ch.Comparable {
				unique = "UniqueValues"
			}
			out = append(out, returnIfErr(c.core(unique).Call(p.Clone(), expr.Clone())))
		case plan.Each:
			item := jen.Add(expr.Clone()).Index(jen.Id("i"))
			body := append([]jen.Code{jen.Id("ip").Op(":=").Id(pathVar).Dot("Index").Call(jen.Id("i"))},
				c.checks("ip", item, jen.Op("&").Add(item.Clone()), ch.Items)...)
			out = append(out, jen.For(jen.Id("i").Op(":=").Range().Add(expr.Clone())).Block(body...))
		}
	}
	return out
}

// validatePackage renders internal/validate.
func (r *renderer) validatePackage() error {
	f := r.newFile(plan.ValidateDir, "validate", "Package validate checks request values against the limits of the Hub Chatt2.me "+
		"OpenAPI document, before\nanything is sent. Each function returns the first problem as a *core.ValidationError naming the field.")
	c := checkRenderer{renderer: r, inValidate: true}
	for _, v := range r.sdk.Validators {
		f.Comment(v.Doc)
		f.Func().Id(v.Name).Params(jen.Id("p").Op("*").Add(c.core("Path")), jen.Id("v").Op("*").Add(c.api(v.Name))).Error().Block(c.object(v)...)
	}
	r.declarePatterns(f, r.sdk.ValidatePatterns)
	return r.save(plan.ValidateDir+"/validate.gen.go", f)
}

// object renders the body of the validator of a component object, which checks v at the path p.
func (c checkRenderer) object(v *plan.Validator) []jen.Code {
	var body []jen.Code
	for _, fc := range v.Fields {
		access := jen.Id("v").Dot(fc.Field.Name)
		var stmts []jen.Code
		if fc.Field.Optional() {
			deref := jen.Op("*").Id("x")
			if fc.Field.Elem().Kind == plan.Slice || fc.Checks[0].Method {
				deref = jen.Parens(deref) // (*x)[i], (*x).validate(…)
			}
			stmts = c.checks(fc.PathVar, deref, jen.Id("x"), fc.Checks)
		} else {
			stmts = c.checks(fc.PathVar, access, jen.Op("&").Add(access.Clone()), fc.Checks)
		}
		stmts = append([]jen.Code{jen.Id(fc.PathVar).Op(":=").Id("p").Dot("Field").Call(jen.Lit(fc.JSON))}, stmts...)
		switch {
		case fc.Field.Optional():
			body = append(body, jen.If(jen.Id("x").Op(":=").Add(access.Clone()), jen.Id("x").Op("!=").Nil()).Block(stmts...))
		case fc.Present != plan.Always:
			// A plain optional field: its zero value means absent.
			body = append(body, jen.If(present(fc.Present, access)).Block(stmts...))
		default:
			body = append(body, jen.Block(stmts...))
		}
	}
	return append(body, jen.Return(jen.Nil()))
}

// present renders the condition under which omitempty writes the field at access.
func present(p plan.Presence, access *jen.Statement) jen.Code {
	switch p {
	case plan.NotNil:
		return access.Clone().Op("!=").Nil()
	case plan.NotEmpty:
		return jen.Len(access.Clone()).Op("!=").Lit(0)
	case plan.NotEmptyString:
		return access.Clone().Op("!=").Lit("")
	case plan.IsTrue:
		return access.Clone()
	default:
		return access.Clone().Op("!=").Lit(0)
	}
}
