package emit

import (
	"fmt"
	"go/ast"
	"sort"

	"github.com/dave/jennifer/jen"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
)

// checker emits the validation code of the limits in the document (lengths, counts, enums, patterns, formats,
// ranges), reading values through oapi-codegen's structs.
type checker struct {
	api      *apiTypes
	core     string // import path of the core package
	validate string // import path of the validate package; "" inside it
	patterns *patterns
}

// patterns collects the regular expressions of a file, each compiled once at package level.
type patterns struct {
	core  string // import path of the core package
	names map[string]string
	order []string
}

func (ps *patterns) name(re string) string {
	if n, ok := ps.names[re]; ok {
		return n
	}
	n := fmt.Sprintf("pattern%d", len(ps.order)+1)
	ps.names[re] = n
	ps.order = append(ps.order, re)
	return n
}

// declare emits the pattern variables: the document's text of each (ECMA-262) and its translation into Go's syntax.
func (ps *patterns) declare(f *jen.File) error {
	if len(ps.order) == 0 {
		return nil
	}
	defs := make([]jen.Code, 0, len(ps.order))
	for _, re := range ps.order {
		goRE, err := pattern.Translate(re)
		if err != nil {
			return err
		}
		defs = append(defs, jen.Id(ps.names[re]).Op("=").Qual(ps.core, "MustCompile").Call(jen.Lit(re), jen.Lit(goRE)))
	}
	f.Comment("Patterns of the OpenAPI document.")
	f.Var().Defs(defs...)
	return nil
}

// validatorName is the name of the function validating a component schema.
func (c *checker) validator(name string) *jen.Statement {
	if c.validate == "" {
		return jen.Id(name)
	}
	return jen.Qual(c.validate, name)
}

// checks returns statements validating expr (of Go type goType; addr is its address) against the schema, with
// the path variable pathVar; each returns the first error.
func (c *checker) checks(pathVar string, expr, addr *jen.Statement, goType ast.Expr, ref *openapi3.SchemaRef) ([]jen.Code, error) {
	s := ref.Value
	if name := componentOf(ref); name != "" && (isObject(s) || c.api.unions[name]) {
		return []jen.Code{returnIfErr(c.validator(name).Call(jen.Op("&").Id(pathVar), addr))}, nil
	}
	var out []jen.Code
	p := jen.Op("&").Id(pathVar)
	switch {
	case s.Type != nil && s.Type.Is(openapi3.TypeString):
		str := jen.String().Call(expr.Clone())
		if s.MinLength > 0 || s.MaxLength != nil {
			max := -1
			if s.MaxLength != nil {
				max = int(*s.MaxLength)
			}
			out = append(out, returnIfErr(jen.Qual(c.core, "StringLength").Call(p.Clone(), str.Clone(), jen.Lit(int(s.MinLength)), jen.Lit(max))))
		}
		if len(s.Enum) > 0 {
			args := []jen.Code{p.Clone(), str.Clone()}
			for _, e := range s.Enum {
				args = append(args, jen.Lit(fmt.Sprint(e)))
			}
			out = append(out, returnIfErr(jen.Qual(c.core, "OneOf").Call(args...)))
		}
		if s.Pattern != "" { // before the format, as kin-openapi (the sandbox) checks them
			out = append(out, returnIfErr(jen.Qual(c.core, "Pattern").Call(p.Clone(), str.Clone(), jen.Id(c.patterns.name(s.Pattern)))))
		}
		if s.Format == "uuid" || s.Format == "uri" || s.Format == "email" {
			out = append(out, returnIfErr(jen.Qual(c.core, "Format").Call(p.Clone(), str.Clone(), jen.Lit(s.Format))))
		}
	case s.Type != nil && (s.Type.Is(openapi3.TypeInteger) || s.Type.Is(openapi3.TypeNumber)):
		if s.Min != nil || s.Max != nil {
			min, max := 0.0, 0.0
			if s.Min != nil {
				min = *s.Min
			}
			if s.Max != nil {
				max = *s.Max
			}
			out = append(out, returnIfErr(jen.Qual(c.core, "Number").Call(p.Clone(), expr.Clone(), jen.Lit(s.Min != nil), jen.Lit(min), jen.Lit(s.Max != nil), jen.Lit(max))))
		}
	case s.Type != nil && s.Type.Is(openapi3.TypeBoolean):
		if len(s.Enum) == 1 && s.Enum[0] == true {
			out = append(out, returnIfErr(jen.Qual(c.core, "True").Call(p.Clone(), jen.Bool().Call(expr.Clone()))))
		}
	case s.Type != nil && s.Type.Is(openapi3.TypeArray):
		if s.MinItems > 0 || s.MaxItems != nil {
			max := -1
			if s.MaxItems != nil {
				max = int(*s.MaxItems)
			}
			out = append(out, returnIfErr(jen.Qual(c.core, "Items").Call(p.Clone(), jen.Len(expr.Clone()), jen.Lit(int(s.MinItems)), jen.Lit(max))))
		}
		if s.UniqueItems {
			out = append(out, returnIfErr(jen.Qual(c.core, "Unique").Call(p.Clone(), expr.Clone())))
		}
		arr, ok := goType.(*ast.ArrayType)
		if !ok {
			return nil, fmt.Errorf("expected a slice for an array schema")
		}
		item := jen.Add(expr.Clone()).Index(jen.Id("i"))
		inner, err := c.checks("ip", item, jen.Op("&").Add(item.Clone()), arr.Elt, s.Items)
		if err != nil {
			return nil, err
		}
		if len(inner) > 0 {
			body := append([]jen.Code{jen.Id("ip").Op(":=").Id(pathVar).Dot("Index").Call(jen.Id("i"))}, inner...)
			out = append(out, jen.For(jen.Id("i").Op(":=").Range().Add(expr.Clone())).Block(body...))
		}
	case isObject(s):
		return nil, fmt.Errorf("inline object schemas are not supported; make it a component")
	}
	return out, nil
}

func returnIfErr(call jen.Code) jen.Code {
	return jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
}

// objectValidator emits the function validating a component object: every property that has limits.
func (c *checker) objectValidator(f *jen.File, name string, s *openapi3.Schema) error {
	props := make([]string, 0, len(s.Properties))
	for prop := range s.Properties {
		props = append(props, prop)
	}
	sort.Strings(props)
	var body []jen.Code
	for _, prop := range props {
		field, err := c.api.field(name, prop)
		if err != nil {
			return err
		}
		pathVar := "p" + exported(prop)
		var stmts []jen.Code
		if field.Optional() {
			deref := jen.Op("*").Id("x")
			if _, isSlice := field.Elem().(*ast.ArrayType); isSlice {
				deref = jen.Parens(deref) // (*x)[i]
			}
			stmts, err = c.checks(pathVar, deref, jen.Id("x"), field.Elem(), s.Properties[prop])
		} else {
			access := jen.Id("v").Dot(field.Name)
			stmts, err = c.checks(pathVar, access, jen.Op("&").Add(access.Clone()), field.Type, s.Properties[prop])
		}
		if err != nil {
			return fmt.Errorf("%s.%s: %w", name, prop, err)
		}
		if len(stmts) == 0 {
			continue
		}
		stmts = append([]jen.Code{jen.Id(pathVar).Op(":=").Id("p").Dot("Field").Call(jen.Lit(prop))}, stmts...)
		switch present := c.api.present(field, jen.Id("v").Dot(field.Name)); {
		case field.Optional():
			body = append(body, jen.If(jen.Id("x").Op(":=").Id("v").Dot(field.Name), jen.Id("x").Op("!=").Nil()).Block(stmts...))
		case present != nil && !contains(s.Required, prop):
			// A plain optional field: its zero value means absent.
			body = append(body, jen.If(present).Block(stmts...))
		default:
			body = append(body, jen.Block(stmts...))
		}
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Commentf("%s checks a %s against the limits of the OpenAPI document.", name, name)
	f.Func().Id(name).Params(jen.Id("p").Op("*").Qual(c.core, "Path"), jen.Id("v").Op("*").Qual(c.api.pkg, name)).Error().Block(body...)
	return nil
}

// unionValidator emits the function validating a oneOf component through its discriminator.
func (c *checker) unionValidator(f *jen.File, name string, s *openapi3.Schema) error {
	if s.Discriminator == nil {
		return fmt.Errorf("oneOf %s has no discriminator", name)
	}
	keys := make([]string, 0, len(s.Discriminator.Mapping))
	for k := range s.Discriminator.Mapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cases []jen.Code
	for _, k := range keys {
		variant := componentOf(&openapi3.SchemaRef{Ref: s.Discriminator.Mapping[k].Ref})
		cases = append(cases, jen.Case(jen.Lit(k)).Block(
			jen.List(jen.Id("x"), jen.Err()).Op(":=").Id("v").Dot("As"+variant).Call(),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(c.core, "Invalid").Call(jen.Id("p"), jen.Lit("is not a valid "+k+" value: %v"), jen.Err()))),
			jen.Return(c.validator(variant).Call(jen.Id("p"), jen.Op("&").Id("x"))),
		))
	}
	cases = append(cases, jen.Default().Block(jen.Return(jen.Qual(c.core, "Invalid").Call(jen.Id("p"), jen.Lit("has an unknown "+s.Discriminator.PropertyName+" %q"), jen.Id("d")))))
	f.Commentf("%s checks a %s: the variant its %s names, against that variant's limits.", name, name, s.Discriminator.PropertyName)
	f.Func().Id(name).Params(jen.Id("p").Op("*").Qual(c.core, "Path"), jen.Id("v").Op("*").Qual(c.api.pkg, name)).Error().Block(
		jen.List(jen.Id("d"), jen.Err()).Op(":=").Id("v").Dot("Discriminator").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(c.core, "Invalid").Call(jen.Id("p"), jen.Lit("is not a valid value: %v"), jen.Err()))),
		jen.Switch(jen.Id("d")).Block(cases...),
	)
	return nil
}
