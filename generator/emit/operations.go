package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// operations renders the facade of the operations that are not channel sends (chatt2me/operations.gen.go): a type
// per tag, held by a field of the Client, with a method per operation and a paging method per list.
func (r *renderer) operations() error {
	if len(r.sdk.Groups) == 0 {
		return nil
	}
	f := r.newFile(plan.RootDir, "chatt2me", "")
	for _, g := range r.sdk.Groups {
		if g.Type != "" {
			comment(f, g.Doc)
			for _, s := range g.Skipped {
				f.Comment("")
				f.Comment("Left to the low-level client (Client.API." + s.Call + "): " + s.String() + ".")
			}
			f.Type().Id(g.Type).Struct(jen.Id("transport").Op("*").Add(r.transport("Transport")))
		}
		for _, m := range g.Methods {
			r.method(f, g.Receiver, g, m)
			if m.Paging != nil {
				r.pagingMethod(f, g.Receiver, g, m)
			}
		}
	}
	return r.save(plan.RootDir+"/operations.gen.go", f)
}

// comment renders a doc comment of several lines and paragraphs.
func comment(f *jen.File, doc string) {
	for _, line := range strings.Split(doc, "\n") {
		f.Comment(line)
	}
}

// groupReceiver renders the receiver of a group's methods, and its transport.
func groupReceiver(recv string, g *plan.Group) (jen.Code, *jen.Statement) {
	typeName := g.Type
	if typeName == "" {
		typeName = "Client"
	}
	return jen.Id(recv).Op("*").Id(typeName), jen.Id(recv).Dot("transport")
}

// params renders the method's parameters after ctx, and the arguments that pass them on.
func (r *renderer) params(m *plan.Method) (params, args []jen.Code) {
	for _, p := range m.PathParams {
		params = append(params, jen.Id(p.Arg).Add(typ(p.Type)))
		args = append(args, jen.Id(p.Arg))
	}
	if m.Query != nil {
		params = append(params, jen.Id("params").Op("*").Add(r.api(m.Query.Type)))
		args = append(args, jen.Id("params"))
	}
	if m.Body != nil {
		params = append(params, jen.Id("body").Op("*").Add(r.api(m.Body.Type)))
		args = append(args, jen.Id("body"))
	}
	return params, args
}

// method renders the method of one operation and the function checking its arguments.
func (r *renderer) method(f *jen.File, recv string, g *plan.Group, m *plan.Method) {
	rcv, t := groupReceiver(recv, g)
	params, args := r.params(m)
	r.checkFunc(f, m.Check, m, params)

	var results []jen.Code
	zero := jen.Nil()
	if m.Result != nil {
		res := typ(*m.Result)
		if m.ResultPointer {
			res = jen.Op("*").Add(res)
		}
		results = append(results, res)
	}
	fail := func(err jen.Code) jen.Code {
		if m.Result == nil {
			return jen.Return(err)
		}
		return jen.Return(zero.Clone(), err)
	}
	if m.Result != nil && !m.ResultPointer && m.Result.Kind != plan.Slice && m.Result.Kind != plan.Map {
		zero = jen.Add(typ(*m.Result)).Values()
	}
	build := []jen.Code{t.Clone().Dot("BaseURL").Call()}
	for _, p := range m.PathParams {
		build = append(build, jen.Id(p.Arg))
	}
	if m.Query != nil {
		build = append(build, jen.Id("params"))
	}
	if m.Body != nil {
		build = append(build, jen.Lit("application/json"), jen.Nil())
	}
	body := []jen.Code{
		jen.If(jen.Err().Op(":=").Id(m.Check).Call(args...), jen.Err().Op("!=").Nil()).Block(fail(t.Clone().Dot("RedactError").Call(jen.Err()))),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Add(r.api(m.Request)).Call(build...),
		jen.If(jen.Err().Op("!=").Nil()).Block(fail(t.Clone().Dot("RedactError").Call(
			jen.Qual("fmt", "Errorf").Call(jen.Lit("chatt2me: "+m.OperationID+": %w"), jen.Err())))),
	}
	data := jen.Nil()
	if m.Body != nil {
		data = jen.Id("data")
		body = append(body, jen.Var().Id("data").Index().Byte(), jen.If(jen.Id("body").Op("!=").Nil()).Block(
			jen.Id("data").Op("=").Qual(r.pkg(plan.EncodeDir), m.Body.Type).Call(jen.Nil(), jen.Id("body"))))
	}
	body = append(body,
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Add(t.Clone()).Dot("Call").Call(jen.Id("ctx"), jen.Op("&").Id(m.Operation.Var.GoName),
			jen.Id("req"), data),
		jen.If(jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
	)
	switch {
	case m.Result == nil:
		body = append(body, jen.Return(t.Clone().Dot("Answer").Call(jen.Id("resp"))))
	case m.ResultPointer:
		body = append(body, jen.Return(r.transport("Decode").Index(typ(*m.Result)).Call(t.Clone(), jen.Id("resp"))))
	default:
		body = append(body,
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(r.transport("Decode")).Index(typ(*m.Result)).Call(t.Clone(), jen.Id("resp")),
			jen.If(jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
			jen.Return(jen.Op("*").Id("v"), jen.Nil()))
	}
	results = append(results, jen.Error())
	f.Commentf("%s is %s, as the requests of %s carry it.", m.Operation.Var.GoName, m.OperationID, m.Name)
	f.Var().Id(m.Operation.Var.GoName).Op("=").Add(r.operationValue(m.Operation))
	comment(f, m.Doc)
	f.Func().Params(rcv).Id(m.Name).Params(append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, params...)...).
		Params(results...).Block(body...)
}

// checkFunc renders the function checking a method's arguments: the path parameters, the parameters struct and the
// body, against the OpenAPI document; the first problem is a *ValidationError.
func (r *renderer) checkFunc(f *jen.File, name string, m *plan.Method, params []jen.Code) {
	c := checkRenderer{renderer: r}
	var body []jen.Code
	for _, p := range m.PathParams {
		if len(p.Checks) == 0 {
			continue
		}
		stmts := c.checks("p", jen.Id(p.Arg), nil, p.Checks)
		body = append(body, jen.Block(append([]jen.Code{jen.Id("p").Op(":=").Add(r.core("Root")).Call(jen.Lit(p.Name))}, stmts...)...))
	}
	missing := func(field, problem string) jen.Code {
		return jen.Return(jen.Op("&").Add(r.transport("ValidationError")).Values(jen.Dict{
			jen.Id("Field"): jen.Lit(field), jen.Id("Problem"): jen.Lit(problem)}))
	}
	validate := func(v, validator string, required bool) jen.Code {
		stmts := []jen.Code{jen.Id("p").Op(":=").Add(r.core("Root")).Call(jen.Lit("")),
			returnIfErr(jen.Qual(r.pkg(plan.ValidateDir), validator).Call(jen.Op("&").Id("p"), jen.Id(v)))}
		if required {
			return jen.Block(stmts...)
		}
		return jen.If(jen.Id(v).Op("!=").Nil()).Block(stmts...)
	}
	if q := m.Query; q != nil {
		if q.Required {
			body = append(body, jen.If(jen.Id("params").Op("==").Nil()).Block(missing("params", "missing: a parameter is required")))
		}
		if q.Validator {
			body = append(body, validate("params", q.Type, q.Required))
		}
	}
	if b := m.Body; b != nil {
		if b.Required {
			body = append(body, jen.If(jen.Id("body").Op("==").Nil()).Block(missing("body", "missing: "+m.OperationID+" needs a body")))
		}
		body = append(body, validate("body", b.Type, b.Required))
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Commentf("%s checks the arguments of %s against the OpenAPI document.", name, m.OperationID)
	f.Func().Id(name).Params(params...).Error().Block(body...)
}

// pagingMethod renders the method walking every page of a list operation with transport.Paginate.
func (r *renderer) pagingMethod(f *jen.File, recv string, g *plan.Group, m *plan.Method) {
	rcv, t := groupReceiver(recv, g)
	p := m.Paging
	params, _ := r.params(m)
	page := r.transport("Page").Index(typ(p.Item))
	var listArgs []jen.Code
	for _, pp := range m.PathParams {
		listArgs = append(listArgs, jen.Id(pp.Arg))
	}
	listArgs = append([]jen.Code{jen.Id("ctx")}, append(listArgs, jen.Op("&").Id("q"))...)
	fetch := []jen.Code{jen.Id("q").Op(":=").Id("p")}
	for _, x := range []struct {
		field plan.Field
		v     string
	}{{p.Offset, "offset"}, {p.Limit, "limit"}} {
		value := jen.Add(typ(x.field.Elem())).Call(jen.Id(x.v))
		if x.field.Optional() {
			fetch = append(fetch, jen.Id(x.v+"Value").Op(":=").Add(value), jen.Id("q").Dot(x.field.Name).Op("=").Op("&").Id(x.v+"Value"))
		} else {
			fetch = append(fetch, jen.Id("q").Dot(x.field.Name).Op("=").Add(value))
		}
	}
	items := fieldPath("answer", p.Items)
	if p.Items[len(p.Items)-1].Optional() {
		fetch = append(fetch, jen.Var().Id("items").Add(typ(p.Items[len(p.Items)-1].Elem())),
			jen.If(items.Clone().Op("!=").Nil()).Block(jen.Id("items").Op("=").Op("*").Add(items.Clone())))
		items = jen.Id("items")
	}
	fetch = append(fetch,
		jen.List(jen.Id("answer"), jen.Err()).Op(":=").Id(recv).Dot(m.Name).Call(listArgs...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(page.Clone().Values(), jen.Err())),
	)
	fetch = append(fetch, r.pageResult(page, items, p)...)
	start := func(field plan.Field, v string, def jen.Code) []jen.Code {
		if !field.Optional() {
			return []jen.Code{jen.Id(v).Op(":=").Int().Call(jen.Id("p").Dot(field.Name))}
		}
		return []jen.Code{jen.Id(v).Op(":=").Add(def),
			jen.If(jen.Id("p").Dot(field.Name).Op("!=").Nil()).Block(jen.Id(v).Op("=").Int().Call(jen.Op("*").Id("p").Dot(field.Name)))}
	}
	body := []jen.Code{
		jen.Var().Id("p").Add(r.api(m.Query.Type)),
		jen.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("p").Op("=").Op("*").Id("params")),
	}
	body = append(body, start(p.Offset, "offset", jen.Lit(0))...)
	body = append(body, start(p.Limit, "limit", jen.Lit(p.PageSize))...)
	body = append(body, jen.Return(r.transport("Paginate").Call(jen.Id("ctx"), t, jen.Id("offset"), jen.Id("limit"),
		jen.Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.List(jen.Id("offset"), jen.Id("limit")).Int()).
			Params(page.Clone(), jen.Error()).Block(fetch...))))
	comment(f, p.Doc)
	f.Func().Params(rcv).Id(p.Name).Params(append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, params...)...).
		Qual("iter", "Seq2").Types(typ(p.Item), jen.Error()).Block(body...)
}

// pageResult renders the return of a page: its items, and the total when the answer has one (nil pointers on the
// way to it mean no total).
func (r *renderer) pageResult(page *jen.Statement, items *jen.Statement, p *plan.Paging) []jen.Code {
	values := jen.Dict{jen.Id("Items"): items}
	if p.Total == nil {
		return []jen.Code{jen.Return(page.Clone().Values(values), jen.Nil())}
	}
	var conds []jen.Code
	access := jen.Id("answer")
	for i, f := range p.Total {
		access = access.Clone().Dot(f.Name)
		if f.Optional() {
			conds = append(conds, access.Clone().Op("!=").Nil())
			if i == len(p.Total)-1 {
				access = jen.Op("*").Add(access)
			}
		}
	}
	if len(conds) == 0 {
		values[jen.Id("Total")] = jen.Int().Call(access)
		values[jen.Id("HasTotal")] = jen.True()
		return []jen.Code{jen.Return(page.Clone().Values(values), jen.Nil())}
	}
	cond := conds[0]
	for _, c := range conds[1:] {
		cond = jen.Add(cond).Op("&&").Add(c)
	}
	return []jen.Code{
		jen.Id("result").Op(":=").Add(page.Clone()).Values(values),
		jen.If(cond).Block(
			jen.List(jen.Id("result").Dot("Total"), jen.Id("result").Dot("HasTotal")).Op("=").List(jen.Int().Call(access), jen.True())),
		jen.Return(jen.Id("result"), jen.Nil()),
	}
}

// operationTable renders the transport's table of the operations of the document (transport/operations.gen.go), in
// the order a request's path is matched against their routes.
func (r *renderer) operationTable() error {
	f := r.newFile(plan.TransportDir, "transport", "")
	values := make([]jen.Code, len(r.sdk.Operations))
	for i, op := range r.sdk.Operations {
		values[i] = operationFields(op)
	}
	f.Comment("operations are the operations of the OpenAPI document, in the order a request's path is matched against")
	f.Comment("their routes: where two fit, the one with a literal segment where the other has a parameter comes first.")
	f.Var().Id("operations").Op("=").Index().Id("Operation").ValuesFunc(func(g *jen.Group) {
		for _, v := range values {
			g.Line().Add(v)
		}
		g.Line()
	})
	return r.save(plan.TransportDir+"/operations.gen.go", f)
}

// operationValue renders a transport.Operation of the plan.
func (r *renderer) operationValue(op *plan.Operation) jen.Code {
	return r.transport("Operation").Add(operationFields(op))
}

// operationFields renders the fields of a transport.Operation, in braces.
func operationFields(op *plan.Operation) *jen.Statement {
	fields := []jen.Code{jen.Id("ID").Op(":").Lit(op.ID), jen.Id("Method").Op(":").Lit(op.Method), jen.Id("Route").Op(":").Lit(op.Route)}
	if op.Channel != "" {
		fields = append(fields, jen.Id("Channel").Op(":").Lit(op.Channel))
	}
	return jen.Values(fields...)
}
