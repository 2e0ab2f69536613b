package emit

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/model"
)

// optionSpec is one option function of a channel package and every struct it can be applied to.
type optionSpec struct {
	name      string
	kind      optionKind
	valueType jen.Code
	valueKey  string
	doc       string
	targets   map[string]optionUse // by api struct name
}

// channelGen emits one channel package.
type channelGen struct {
	*emitter
	ch       model.Channel
	pl       *planner
	f        *jen.File
	checker  *checker
	options  map[string]*optionSpec
	targets  map[string]bool // api structs that take options: <Struct>Option interfaces
	names    map[string]string
	patterns *patterns
}

// declare reserves an exported name of the package; two things of the same name are an error.
func (g *channelGen) declare(name, what string) error {
	if other, ok := g.names[name]; ok {
		return fmt.Errorf("%s and %s are both named %s; rename one with %s", other, what, name, model.OptionNamesExtension)
	}
	g.names[name] = what
	return nil
}

func (e *emitter) channel(ch model.Channel) error {
	g := &channelGen{
		emitter: e, ch: ch,
		pl:      &planner{doc: e.doc, api: e.api, renames: e.model.OptionNames, needs: map[string]bool{}, unions: map[string]bool{}},
		options: map[string]*optionSpec{}, targets: map[string]bool{}, names: map[string]string{},
	}
	g.patterns = &patterns{core: e.pkg(CoreDir), names: map[string]string{}}
	g.checker = &checker{api: e.api, core: e.pkg(CoreDir), validate: e.pkg(ValidateDir), patterns: g.patterns}
	var kindNames []string
	for _, k := range ch.Kinds {
		kindNames = append(kindNames, k.Name)
	}
	g.f = e.newFile(channelDir(ch), ch.Package, wrap(fmt.Sprintf(
		"Package %s sends %s messages through the Hub Chatt2.me API (%s %s).\n\n"+
			"Build the content with one of the builders of the content kinds %s accepts (%s), name the sending "+
			"channel with %s, and send with chatt2me.Client.%s.Send. A kind %s does not accept has no builder here, so "+
			"misusing it does not compile.",
		ch.Package, ch.Name, ch.Method, ch.Path, ch.Name, strings.Join(kindNames, ", "), fromNames(ch), fieldName(ch), ch.Name), 110))

	for _, fixed := range []string{"Content", "From", "Sender", "NewSender", "SendOption", "MarshalRequest"} {
		if err := g.declare(fixed, "the package's "+fixed); err != nil {
			return err
		}
	}
	if err := g.content(); err != nil {
		return err
	}
	if err := g.from(); err != nil {
		return err
	}
	if err := g.sender(); err != nil {
		return err
	}
	if err := g.constructors(); err != nil {
		return err
	}
	if err := g.optionTypes(); err != nil {
		return err
	}
	if err := g.patterns.declare(g.f); err != nil {
		return err
	}
	if err := e.render(channelDir(ch)+"/"+ch.Package+".gen.go", g.f); err != nil {
		return err
	}
	return g.fuzzTests()
}

func fromNames(ch model.Channel) string {
	var names []string
	for _, a := range ch.From {
		names = append(names, a.Helper)
	}
	return strings.Join(names, " or ")
}

// fieldName is the channel's field on the root client: its name without spaces.
func fieldName(ch model.Channel) string { return strings.ReplaceAll(ch.Name, " ", "") }

// content emits the Content type and one builder per content kind.
func (g *channelGen) content() error {
	f := g.f
	f.Commentf("Content is what a %s message carries, built by one of the builders of this package. The zero", g.ch.Name)
	f.Comment("Content is refused by Send.")
	f.Type().Id("Content").Struct(
		jen.Id("kind").String(),
		jen.Id("value").Any(),
		jen.Id("check").Func().Params(jen.Any()).Error(),
		jen.Id("encode").Func().Params(jen.Index().Byte(), jen.Any()).Index().Byte(),
	)
	f.Comment("Kind returns the name of the content's builder, such as \"Text\".")
	f.Func().Params(jen.Id("c").Id("Content")).Id("Kind").Params().String().Block(jen.Return(jen.Id("c").Dot("kind")))
	f.Comment("Value returns the api struct the content is sent as, such as *api.TextContent.")
	f.Func().Params(jen.Id("c").Id("Content")).Id("Value").Params().Any().Block(jen.Return(jen.Id("c").Dot("value")))

	for _, k := range g.ch.Kinds {
		if err := g.declare(k.Name, "the builder of "+k.Schema); err != nil {
			return err
		}
		p, err := g.pl.build(k.Schema)
		if err != nil {
			return fmt.Errorf("%s: %w", k.Schema, err)
		}
		doc := fmt.Sprintf("%s builds %s", k.Name, sentence(k.Description))
		if doc == k.Name+" builds " {
			doc = fmt.Sprintf("%s builds a %s.", k.Name, k.Schema)
		}
		body := g.fill(p, jen.Id("v").Op(":=").Op("&").Qual(g.api.pkg, k.Schema).Values(), "v")
		body = append(body, jen.Return(jen.Id("Content").Values(jen.Dict{
			jen.Id("kind"):   jen.Lit(k.Name),
			jen.Id("value"):  jen.Id("v"),
			jen.Id("check"):  jen.Id("check" + k.Schema),
			jen.Id("encode"): jen.Id("encode" + k.Schema),
		})))
		g.function(k.Name, doc, p, jen.Id("Content"), body)
		f.Line()
		f.Func().Id("check"+k.Schema).Params(jen.Id("v").Any()).Error().Block(
			jen.Id("p").Op(":=").Qual(g.pkg(CoreDir), "Root").Call(jen.Lit("content")),
			jen.Return(jen.Qual(g.pkg(ValidateDir), k.Schema).Call(jen.Op("&").Id("p"), jen.Id("v").Assert(jen.Op("*").Qual(g.api.pkg, k.Schema)))),
		)
		f.Line()
		f.Func().Id("encode"+k.Schema).Params(jen.Id("b").Index().Byte(), jen.Id("v").Any()).Index().Byte().Block(
			jen.Return(jen.Qual(g.pkg(EncodeDir), k.Schema).Call(jen.Id("b"), jen.Id("v").Assert(jen.Op("*").Qual(g.api.pkg, k.Schema)))),
		)
	}
	return nil
}

// function emits a builder or constructor: doc, parameters of the plan, options when the plan has any.
func (g *channelGen) function(name, doc string, p *plan, result jen.Code, body []jen.Code) {
	g.f.Comment(doc)
	if len(p.params) > 0 {
		g.f.Comment("")
		for _, prm := range p.params {
			if doc := strings.TrimSpace(prm.doc); doc != "" {
				g.f.Commentf("  - %s: %s", prm.name, strings.ReplaceAll(doc, "\n", " "))
			}
		}
	}
	if len(p.options) > 0 {
		var names []string
		for _, o := range p.options {
			names = append(names, o.name)
		}
		g.f.Comment("")
		g.f.Commentf("Options: %s.", strings.Join(names, ", "))
	}
	var params []jen.Code
	for _, prm := range p.params {
		params = append(params, jen.Id(prm.name).Add(prm.typ))
	}
	if len(p.options) > 0 {
		params = append(params, jen.Id("opts").Op("...").Id(p.typeName+"Option"))
	}
	g.f.Func().Id(name).Params(params...).Add(result).Block(body...)
}

// fill returns the statements that set up v (declared by decl) from the plan's parameters, constants and options,
// and records the plan's options. Options are applied by a type switch, not by calling a method of the option
// interface: that keeps the option values (and a struct returned by value) on the caller's stack.
func (g *channelGen) fill(p *plan, decl jen.Code, v string) []jen.Code {
	body := []jen.Code{decl}
	for _, c := range p.consts {
		body = append(body, fieldPath(v, c.path).Op("=").Add(c.value))
	}
	for _, prm := range p.params {
		body = append(body, fieldPath(v, prm.path).Op("=").Id(prm.name))
	}
	if len(p.options) == 0 {
		return body
	}
	g.targets[p.typeName] = true
	var cases []jen.Code
	usesValue := false
	for _, o := range p.options {
		g.addOption(p.typeName, o)
		cases = append(cases, jen.Case(jen.Id(o.name+"Option")).Block(g.setOption(v, o)...))
		usesValue = usesValue || o.kind != optionFlag
	}
	subject := jen.Id("o").Assert(jen.Type())
	if usesValue {
		subject = jen.Id("o").Op(":=").Add(subject)
	}
	return append(body, jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(
		jen.Switch(subject).Block(cases...),
	))
}

// setOption returns the statements setting the field of an option from o, the option's value.
func (g *channelGen) setOption(v string, use optionUse) []jen.Code {
	field := use.path[len(use.path)-1]
	lhs := fieldPath(v, use.path)
	var value jen.Code
	switch use.kind {
	case optionFlag:
		value = jen.True()
	case optionInObject:
		value = jen.Qual(g.api.pkg, use.wrap.typeName).Values(jen.Dict{jen.Id(use.wrap.field.Name): jen.Id("o").Dot("v")})
	default:
		value = jen.Id("o").Dot("v")
	}
	if !field.Optional() {
		return []jen.Code{lhs.Op("=").Add(value)}
	}
	return []jen.Code{jen.Id("x").Op(":=").Add(value), lhs.Op("=").Op("&").Id("x")}
}

func fieldPath(v string, path []apiField) *jen.Statement {
	s := jen.Id(v)
	for _, f := range path {
		s = s.Dot(f.Name)
	}
	return s
}

func (g *channelGen) addOption(target string, use optionUse) {
	key := ""
	if use.valueType != nil {
		key = fmt.Sprintf("%#v", jen.Null().Add(use.valueType))
	}
	spec, ok := g.options[use.name]
	if !ok {
		spec = &optionSpec{name: use.name, kind: use.kind, valueType: use.valueType, valueKey: key, doc: use.doc, targets: map[string]optionUse{}}
		g.options[use.name] = spec
	}
	spec.targets[target] = use
}

// constructors emits New<Schema> for every object used as a value and New<Variant> for every oneOf variant,
// until no new one is needed.
func (g *channelGen) constructors() error {
	done := map[string]bool{}
	for {
		var todo []string
		for n := range g.pl.needs {
			if !done["obj:"+n] {
				todo = append(todo, "obj:"+n)
			}
		}
		for n := range g.pl.unions {
			if !done["union:"+n] {
				todo = append(todo, "union:"+n)
			}
		}
		if len(todo) == 0 {
			return nil
		}
		sort.Strings(todo)
		for _, t := range todo {
			done[t] = true
			kind, name, _ := strings.Cut(t, ":")
			var err error
			if kind == "obj" {
				err = g.objectConstructor(name)
			} else {
				err = g.unionConstructors(name)
			}
			if err != nil {
				return err
			}
		}
	}
}

func (g *channelGen) objectConstructor(name string) error {
	fn := "New" + name
	if err := g.declare(fn, "the constructor of "+name); err != nil {
		return err
	}
	p, err := g.pl.build(name)
	if err != nil {
		return err
	}
	s, _ := g.pl.schema(name)
	body := g.fill(p, jen.Var().Id("v").Qual(g.api.pkg, name), "v")
	body = append(body, jen.Return(jen.Id("v")))
	g.function(fn, fmt.Sprintf("%s returns %s", fn, sentenceOr(s.Description, "a "+name+".")), p, jen.Qual(g.api.pkg, name), body)
	return nil
}

func (g *channelGen) unionConstructors(union string) error {
	s, err := g.pl.schema(union)
	if err != nil {
		return err
	}
	for _, v := range s.OneOf {
		variant := componentOf(v)
		if variant == "" {
			return fmt.Errorf("oneOf %s: inline variants are not supported", union)
		}
		fn := "New" + variant
		if err := g.declare(fn, "the constructor of "+variant); err != nil {
			return err
		}
		p, err := g.pl.build(variant)
		if err != nil {
			return err
		}
		body := g.fill(p, jen.Var().Id("v").Qual(g.api.pkg, variant), "v")
		body = append(body,
			jen.Var().Id("u").Qual(g.api.pkg, union),
			jen.Comment("Encoding these plain structs cannot fail; an empty value would be reported by Send's validation."),
			jen.Id("_").Op("=").Id("u").Dot("From"+variant).Call(jen.Id("v")),
			jen.Return(jen.Id("u")),
		)
		g.function(fn, fmt.Sprintf("%s returns a %s that is %s", fn, union, sentenceOr(v.Value.Description, "a "+variant+".")), p, jen.Qual(g.api.pkg, union), body)
	}
	return nil
}

func sentenceOr(desc, fallback string) string {
	if s := sentence(desc); s != "" {
		return s
	}
	return fallback
}

// optionTypes emits the <Struct>Option interfaces and, for each option, its type, function and marker methods.
func (g *channelGen) optionTypes() error {
	targets := make([]string, 0, len(g.targets))
	for t := range g.targets {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	byTarget := map[string][]string{}
	names := make([]string, 0, len(g.options))
	for n := range g.options {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for t := range g.options[n].targets {
			byTarget[t] = append(byTarget[t], n)
		}
	}
	for _, t := range targets {
		if err := g.declare(t+"Option", "the option interface of "+t); err != nil {
			return err
		}
		sort.Strings(byTarget[t])
		g.f.Commentf("%sOption sets an optional field of a %s: %s.", t, t, strings.Join(byTarget[t], ", "))
		g.f.Type().Id(t + "Option").Interface(jen.Id(marker(t)).Params())
	}
	for _, n := range names {
		spec := g.options[n]
		for t, use := range spec.targets {
			key := ""
			if use.valueType != nil {
				key = fmt.Sprintf("%#v", jen.Null().Add(use.valueType))
			}
			if use.kind != spec.kind || key != spec.valueKey {
				return fmt.Errorf("option %s sets values of different types (%s and another struct); rename one with %s", n, t, model.OptionNamesExtension)
			}
		}
		if err := g.declare(n, "the option "+n); err != nil {
			return err
		}
		if err := g.declare(n+"Option", "the type of the option "+n); err != nil {
			return err
		}
		typ := n + "Option"
		g.f.Commentf("%s is made by %s.", typ, n)
		doc := sentenceOr(spec.doc, "the "+n+" field.") + g.zeroDoc(spec)
		switch spec.kind {
		case optionFlag:
			g.f.Type().Id(typ).Struct()
			g.f.Commentf("%s sets %s", n, doc)
			g.f.Func().Id(n).Params().Id(typ).Block(jen.Return(jen.Id(typ).Values()))
		case optionVariadic:
			g.f.Type().Id(typ).Struct(jen.Id("v").Index().Add(spec.valueType))
			g.f.Commentf("%s sets %s", n, doc)
			g.f.Func().Id(n).Params(jen.Id("v").Op("...").Add(spec.valueType)).Id(typ).Block(jen.Return(jen.Id(typ).Values(jen.Id("v"))))
		default:
			g.f.Type().Id(typ).Struct(jen.Id("v").Add(spec.valueType))
			g.f.Commentf("%s sets %s", n, doc)
			g.f.Func().Id(n).Params(jen.Id("v").Add(spec.valueType)).Id(typ).Block(jen.Return(jen.Id(typ).Values(jen.Id("v"))))
		}
		tnames := make([]string, 0, len(spec.targets))
		for t := range spec.targets {
			tnames = append(tnames, t)
		}
		sort.Strings(tnames)
		for _, t := range tnames {
			g.f.Func().Params(jen.Id(typ)).Id(marker(t)).Params().Block()
		}
	}
	return nil
}

// zeroDoc tells, for an option whose fields are plain (the schema refuses their zero value), that the zero
// value leaves the field out rather than sending it.
func (g *channelGen) zeroDoc(spec *optionSpec) string {
	var field apiField
	for _, use := range spec.targets {
		field = use.path[len(use.path)-1]
		if field.Optional() || !field.OmitEmpty {
			return ""
		}
	}
	switch {
	case spec.kind == optionVariadic:
		return " With no values, the field is left out."
	case g.api.basic(field.Type) == "string":
		return ` An empty value ("") leaves the field out.`
	case g.api.basic(field.Type) != "":
		return " A zero value leaves the field out."
	}
	return ""
}

// marker is the unexported method that makes an option type an option of the api struct target.
func marker(target string) string {
	return "is" + target + "Option"
}

// from emits the From type and one helper per alias rule, and the `to` helper when there is one.
func (g *channelGen) from() error {
	f := g.f
	f.Commentf("From is the %s channel a message is sent from, built by %s. A malformed value is kept as", g.ch.Name, fromNames(g.ch))
	f.Comment("an error, returned by Err and by Send before anything is sent.")
	f.Type().Id("From").Struct(jen.Id("value").String(), jen.Id("err").Error())
	f.Comment("String returns the value sent as `from`.")
	f.Func().Params(jen.Id("f").Id("From")).Id("String").Params().String().Block(jen.Return(jen.Id("f").Dot("value")))
	f.Comment("Err returns the problem with the value given, or nil.")
	f.Func().Params(jen.Id("f").Id("From")).Id("Err").Params().Error().Block(jen.Return(jen.Id("f").Dot("err")))
	for _, a := range g.ch.From {
		if err := g.declare(a.Helper, "the from helper "+a.Helper); err != nil {
			return err
		}
		arg := "uuid"
		if a.Field != "" {
			arg = local(a.Field)
		} else if a.Shape != model.ShapeUUID {
			arg = "value"
		}
		call, err := g.normalizer(a, "from", arg)
		if err != nil {
			return err
		}
		f.Commentf("%s names the sending channel by %s.", a.Helper, a.Description)
		f.Comment(shapeDoc(a))
		f.Func().Id(a.Helper).Params(jen.Id(arg).String()).Id("From").Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(call),
			jen.Return(jen.Id("From").Values(jen.Dict{jen.Id("value"): jen.Id("v"), jen.Id("err"): jen.Err()})),
		)
	}
	if to := g.ch.To; to != nil {
		if err := g.declare(to.Helper, "the to helper "+to.Helper); err != nil {
			return err
		}
		call, err := g.normalizer(*to, "to", "value")
		if err != nil {
			return err
		}
		f.Commentf("%s returns the recipient as `to` expects it: %s.", to.Helper, to.Description)
		f.Comment(shapeDoc(*to))
		f.Func().Id(to.Helper).Params(jen.Id("value").String()).Params(jen.String(), jen.Error()).Block(jen.Return(call))
	}
	return nil
}

func shapeDoc(a model.Alias) string {
	switch a.Shape {
	case model.ShapeUUID:
		return "The value must be a UUID in its 8-4-4-4-12 form; surrounding spaces are ignored."
	case model.ShapePhone:
		keep := "without it"
		if a.KeepPrefix {
			keep = "with it"
		}
		return fmt.Sprintf("The leading %q is optional; spaces, dashes, dots and parentheses are removed; the digits are sent %s\nand must match %s.", a.Prefix, keep, a.Pattern)
	case model.ShapeHandle:
		return fmt.Sprintf("The leading %q is optional and not sent; the rest must match %s.", a.Prefix, a.Pattern)
	default:
		return fmt.Sprintf("Digits only, matching %s.", a.Pattern)
	}
}

// normalizer returns the call of the core normaliser of an alias rule's shape.
func (g *channelGen) normalizer(a model.Alias, field, arg string) (jen.Code, error) {
	core := g.pkg(CoreDir)
	switch a.Shape {
	case model.ShapeUUID:
		return jen.Qual(core, "NormalizeUUID").Call(jen.Lit(field), jen.Id(arg)), nil
	case model.ShapePhone:
		return jen.Qual(core, "NormalizePhone").Call(jen.Lit(field), jen.Id(arg), jen.Lit(a.Prefix), jen.Lit(a.KeepPrefix), jen.Id(g.patterns.name(a.Pattern))), nil
	case model.ShapeHandle:
		return jen.Qual(core, "NormalizeHandle").Call(jen.Lit(field), jen.Id(arg), jen.Lit(a.Prefix), jen.Id(g.patterns.name(a.Pattern))), nil
	case model.ShapeNumeric:
		return jen.Qual(core, "NormalizeNumeric").Call(jen.Lit(field), jen.Id(arg), jen.Id(g.patterns.name(a.Pattern))), nil
	}
	return nil, fmt.Errorf("alias %s: unknown shape %q", a.Helper, a.Shape)
}

// sender emits the request body, its validation, the send options, MarshalRequest and the Sender.
func (g *channelGen) sender() error {
	core, f := g.pkg(CoreDir), g.f
	input := g.doc.Components.Schemas[g.ch.InputSchema].Value
	extras := make([]string, 0)
	for prop := range input.Properties {
		if prop != "from" && prop != "to" && prop != "content" {
			extras = append(extras, prop)
		}
	}
	sort.Strings(extras)

	fields := []jen.Code{
		jen.Id("From").String(),
		jen.Id("To").String(),
		jen.Id("Content").Any(),
		jen.Id("encodeContent").Func().Params(jen.Index().Byte(), jen.Any()).Index().Byte(),
	}
	encodeBody := []jen.Code{
		jen.Id("buf").Op(":=").Qual(core, "Buffer").Call(),
		jen.Id("b").Op(":=").Append(jen.Op("*").Id("buf"), jen.Lit(`{"from":`).Op("...")),
		jen.Id("b").Op("=").Qual(core, "AppendString").Call(jen.Id("b"), jen.Id("r").Dot("From")),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"to":`).Op("...")),
		jen.Id("b").Op("=").Qual(core, "AppendString").Call(jen.Id("b"), jen.Id("r").Dot("To")),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"content":`).Op("...")),
		jen.Id("b").Op("=").Id("r").Dot("encodeContent").Call(jen.Id("b"), jen.Id("r").Dot("Content")),
	}
	var validateExtras, optionFields, applyOptions []jen.Code
	for _, prop := range extras {
		ref := input.Properties[prop]
		schema := componentOf(ref)
		if schema == "" || !isObject(ref.Value) {
			return fmt.Errorf("%s.%s: send options must be component objects", g.ch.InputSchema, prop)
		}
		goField := exported(prop)
		fields = append(fields, jen.Id(goField).Op("*").Qual(g.api.pkg, schema))
		encodeBody = append(encodeBody, jen.If(jen.Id("r").Dot(goField).Op("!=").Nil()).Block(
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(`,"`+prop+`":`).Op("...")),
			jen.Id("b").Op("=").Qual(g.pkg(EncodeDir), schema).Call(jen.Id("b"), jen.Id("r").Dot(goField)),
		))
		validateExtras = append(validateExtras, jen.If(jen.Id("r").Dot(goField).Op("!=").Nil()).Block(
			jen.Id("p").Op(":=").Qual(core, "Root").Call(jen.Lit(prop)),
			returnIfErr(jen.Qual(g.pkg(ValidateDir), schema).Call(jen.Op("&").Id("p"), jen.Id("r").Dot(goField))),
		))
		name := g.pl.optionName(g.ch.InputSchema, prop)
		if err := g.declare(name, "the send option "+name); err != nil {
			return err
		}
		p, err := g.pl.build(schema)
		if err != nil {
			return err
		}
		if len(p.options) > 0 {
			return fmt.Errorf("send option %s: %s has optional properties, which send options do not support", name, schema)
		}
		body := g.fill(p, jen.Id("v").Op(":=").Op("&").Qual(g.api.pkg, schema).Values(), "v")
		body = append(body, jen.Return(jen.Id("SendOption").Values(jen.Dict{jen.Id(local(prop)): jen.Id("v")})))
		g.function(name, fmt.Sprintf("%s sets `%s`: %s", name, prop, sentenceOr(ref.Value.Description, "")), p, jen.Id("SendOption"), body)
		optionFields = append(optionFields, jen.Id(local(prop)).Op("*").Qual(g.api.pkg, schema))
		applyOptions = append(applyOptions, jen.If(jen.Id("o").Dot(local(prop)).Op("!=").Nil()).Block(jen.Id("r").Dot(goField).Op("=").Id("o").Dot(local(prop))))
	}
	// A struct rather than an interface: applying it does not make the request escape to the heap.
	f.Commentf("SendOption changes one send; build it with %s.", strings.Join(g.sendOptionNames(extras), ", "))
	f.Type().Id("SendOption").Struct(optionFields...)
	f.Comment("request is the body of a send.")
	f.Type().Id("request").Struct(fields...)
	f.Comment("encode writes the body as JSON, in the order of the request schema: from, to, content, then the options.")
	f.Func().Params(jen.Id("r").Op("*").Id("request")).Id("encode").Params().Index().Byte().Block(
		append(encodeBody, jen.Return(jen.Qual(core, "Detach").Call(jen.Id("buf"), jen.Append(jen.Id("b"), jen.LitRune('}')))))...,
	)

	// Validation of from and to against the request schema's own limits.
	var checks []jen.Code
	for _, prop := range []string{"from", "to"} {
		stmts, err := g.checker.checks("p", jen.Id("r").Dot(exported(prop)), nil, identString, input.Properties[prop])
		if err != nil {
			return err
		}
		if len(stmts) > 0 {
			checks = append(checks, jen.Block(append([]jen.Code{jen.Id("p").Op(":=").Qual(core, "Root").Call(jen.Lit(prop))}, stmts...)...))
		}
	}
	var kinds []string
	for _, k := range g.ch.Kinds {
		kinds = append(kinds, k.Name)
	}
	f.Comment("newRequest builds and validates a send body.")
	f.Func().Id("newRequest").Params(jen.Id("from").Id("From"), jen.Id("to").String(), jen.Id("content").Id("Content"), jen.Id("opts").Index().Id("SendOption")).Params(jen.Id("request"), jen.Error()).Block(
		jen.If(jen.Id("from").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Id("request").Values(), jen.Id("from").Dot("err"))),
		jen.If(jen.Id("from").Dot("value").Op("==").Lit("")).Block(jen.Return(jen.Id("request").Values(), jen.Op("&").Qual(core, "ValidationError").Values(jen.Dict{
			jen.Id("Field"): jen.Lit("from"), jen.Id("Problem"): jen.Lit("missing; build it with " + fromNames(g.ch)),
		}))),
		jen.If(jen.Id("content").Dot("value").Op("==").Nil()).Block(jen.Return(jen.Id("request").Values(), jen.Op("&").Qual(core, "ValidationError").Values(jen.Dict{
			jen.Id("Field"): jen.Lit("content"), jen.Id("Problem"): jen.Lit("missing; build it with one of " + strings.Join(kinds, ", ")),
		}))),
		jen.Id("r").Op(":=").Id("request").Values(jen.Dict{jen.Id("From"): jen.Id("from").Dot("value"), jen.Id("To"): jen.Id("to"), jen.Id("Content"): jen.Id("content").Dot("value"), jen.Id("encodeContent"): jen.Id("content").Dot("encode")}),
		applyLoop(applyOptions),
		jen.If(jen.Err().Op(":=").Id("r").Dot("validate").Call(jen.Id("content").Dot("check")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("request").Values(), jen.Err())),
		jen.Return(jen.Id("r"), jen.Nil()),
	)
	validate := append([]jen.Code{}, checks...)
	validate = append(validate, returnIfErr(jen.Id("check").Call(jen.Id("r").Dot("Content"))))
	validate = append(validate, validateExtras...)
	validate = append(validate, jen.Return(jen.Nil()))
	f.Comment("validate checks the body against the limits of the request schema; check validates the content.")
	f.Func().Params(jen.Id("r").Op("*").Id("request")).Id("validate").Params(jen.Id("check").Func().Params(jen.Any()).Error()).Error().Block(validate...)

	f.Comment("MarshalRequest validates a send exactly as Send does and returns the JSON body Send would post; nothing is")
	f.Comment("sent. Use it to log, queue or inspect a message.")
	f.Func().Id("MarshalRequest").Params(jen.Id("from").Id("From"), jen.Id("to").String(), jen.Id("content").Id("Content"), jen.Id("opts").Op("...").Id("SendOption")).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.List(jen.Id("r"), jen.Err()).Op(":=").Id("newRequest").Call(jen.Id("from"), jen.Id("to"), jen.Id("content"), jen.Id("opts")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("r").Dot("encode").Call(), jen.Nil()),
	)

	f.Commentf("Sender sends %s messages; use the one of chatt2me.Client.%s.", g.ch.Name, fieldName(g.ch))
	f.Type().Id("Sender").Struct(jen.Id("t").Op("*").Qual(core, "Transport"))
	f.Comment("NewSender returns a Sender posting through t; chatt2me.New calls it.")
	f.Func().Id("NewSender").Params(jen.Id("t").Op("*").Qual(core, "Transport")).Op("*").Id("Sender").Block(jen.Return(jen.Op("&").Id("Sender").Values(jen.Id("t"))))
	status := "The answer's status is " + g.ch.AcceptedStatus + " when the API accepts the message."
	if g.ch.RequiresSession {
		status += " The recipient needs an open session; without one the API answers status error, returned as an\n*chatt2me.APIError with its Code."
	}
	f.Commentf("Send validates the message against the limits of the OpenAPI document and posts it to %s %s.", g.ch.Method, g.ch.Path)
	f.Comment("A value the document refuses is returned as a *chatt2me.ValidationError before anything is sent; an answer that")
	f.Comment("is not a success, or whose status is error, as a *chatt2me.APIError.")
	f.Comment(status)
	f.Func().Params(jen.Id("s").Op("*").Id("Sender")).Id("Send").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("from").Id("From"), jen.Id("to").String(), jen.Id("content").Id("Content"), jen.Id("opts").Op("...").Id("SendOption")).Params(jen.Qual(g.pkg(SendDir), "Result"), jen.Error()).Block(
		jen.List(jen.Id("r"), jen.Err()).Op(":=").Id("newRequest").Call(jen.Id("from"), jen.Id("to"), jen.Id("content"), jen.Id("opts")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(g.pkg(SendDir), "Result").Values(), jen.Err())),
		jen.Return(jen.Qual(g.pkg(SendDir), "Do").Call(jen.Id("ctx"), jen.Id("s").Dot("t"), jen.Lit(g.ch.Path), jen.Id("r").Dot("encode").Call())),
	)
	return nil
}

// identString is the Go type of from and to.
var identString = ast.NewIdent("string")

func (g *channelGen) sendOptionNames(extras []string) []string {
	if len(extras) == 0 {
		return []string{"none for this channel yet"}
	}
	var out []string
	for _, e := range extras {
		out = append(out, g.pl.optionName(g.ch.InputSchema, e))
	}
	return out
}

// applyLoop applies the send options to the request r; a channel without send options has nothing to apply.
func applyLoop(apply []jen.Code) jen.Code {
	if len(apply) == 0 {
		return jen.Null()
	}
	return jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(apply...)
}

// wrap breaks the lines of a paragraph-separated text at spaces so that none exceeds width.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		var lines []string
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len(line)+1+len(word) > width {
				lines = append(lines, line)
				line = word
				continue
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		out = append(out, strings.Join(append(lines, line), "\n"))
	}
	return strings.Join(out, "\n\n")
}
