package plan

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Group is the facade of the operations of one tag (every operation that is not a channel send): a type of the root
// package, such as Webhooks, held by the client's field of the same name. The operations without a tag are methods
// of the Client itself (Type "").
type Group struct {
	Type, Field string
	Tag         string
	Doc         string
	Receiver    string // the methods' receiver: "c" for the Client, else the type's initial, such as "w"
	// Methods are sorted by operationId.
	Methods []*Method
	// Skipped are the operations the facade leaves to the low-level client.
	Skipped []*SkippedOperation
}

// SkippedOperation is an operation the facade leaves to the low-level client (Client.API), and why.
type SkippedOperation struct {
	OperationID, HTTPMethod, Path string
	Call                          string // the low-level client's method, such as "TestWebhookWithResponse"
	Why                           string
}

func (s *SkippedOperation) String() string {
	return fmt.Sprintf("%s (%s %s): %s", s.OperationID, s.HTTPMethod, s.Path, s.Why)
}

// Method is the facade method of one operation.
type Method struct {
	Name        string // such as "ListLogs"
	OperationID string // as the document writes it
	Doc         string
	HTTPMethod  string
	Path        string
	Idempotent  bool   // retried after any failure that may pass (transport.Idempotent)
	Check       string // the root package's function checking the arguments, such as "checkWebhooksListLogs"
	Request     string // the api function building the request, such as "NewGetWebhookRequest"
	PathParams  []*PathParam
	Query       *Query // nil without query, header or cookie parameters
	Body        *Body  // nil without a request body
	// Result is the type of the 2xx body (nil when the success has none: the method returns an error only);
	// ResultPointer says the method returns *Result (a struct), else Result itself.
	Result        *Type
	ResultPointer bool
	Paging        *Paging
	// Operation is the operation, as the method's requests carry it; its Var is a variable of the root package.
	Operation *Operation
}

// PathParam is one path parameter: an argument of the method, checked before anything is sent.
type PathParam struct {
	Name   string // as the document writes it, such as "webhookId"
	Arg    string // the Go argument, such as "webhookID"
	Type   Type
	Checks []*Check
}

// Query is the parameters struct of an operation (oapi-codegen's <Operation>Params), passed by pointer.
type Query struct {
	Type      string // the api struct, such as "ListWebhooksParams"; also its validator's name
	Required  bool   // a parameter is required: a nil pointer is refused
	Validator bool   // some parameter has limits: validate.<Type> checks them
}

// Body is the JSON request body of an operation: a component schema, validated and encoded by the SDK.
type Body struct {
	Type     string // the api struct and the name of its validator and encoder
	Required bool
}

// Paging is the method of a list operation that walks every page (see model.Paging).
type Paging struct {
	Name   string // such as "AllLogs"
	Item   Type   // the type of an item
	Offset Field  // the parameters struct's fields
	Limit  Field
	Items  []Field // the answer's items, from the result
	Total  []Field // the answer's total, from the result; nil when the answer has none
	// PageSize is the largest page the limit parameter allows.
	PageSize int
	Doc      string
}

// opPlanner plans the facade of one document.
type opPlanner struct {
	doc     *spec.Document
	api     *apiTable
	paging  *model.Paging
	checker *checker
	// bodies are the request body schemas, which internal/validate and internal/encode cover.
	bodies []string
	// queries are the validators of the parameters structs.
	queries []*Validator
	// table is the table of operations; rootPkg the root package's import path, where the facade's are declared.
	table   []*Operation
	rootPkg string
}

// operation is one operation of the document.
type operation struct {
	method, path string
	item         *openapi3.PathItem
	op           *openapi3.Operation
}

func (o operation) pointer() string {
	return "/paths/" + spec.EscapeToken(o.path) + "/" + strings.ToLower(o.method)
}

// planOperations plans the groups of every operation that is not a channel send, and returns the schemas of their
// request bodies and the validators of their parameters structs.
func planOperations(doc *spec.Document, api *apiTable, m *model.Model, scope rootScope, patterns *patterns, table []*Operation,
	rootPkg string) ([]*Group, *opPlanner, error) {
	sends := map[string]bool{}
	for _, ch := range m.Channels {
		sends[ch.OperationID] = true
	}
	op := &opPlanner{doc: doc, api: api, paging: m.Paging, checker: &checker{doc: doc, api: api, patterns: patterns}, table: table,
		rootPkg: rootPkg}
	byTag := map[string][]operation{}
	for _, path := range doc.T.Paths.InMatchingOrder() {
		item := doc.T.Paths.Value(path)
		for method, o := range item.Operations() {
			if !sends[o.OperationID] {
				tag := ""
				if len(o.Tags) > 0 {
					tag = o.Tags[0]
				}
				byTag[tag] = append(byTag[tag], operation{method: method, path: path, item: item, op: o})
			}
		}
	}
	var groups []*Group
	for _, tag := range sortedKeys(byTag) {
		g, err := op.group(tag, byTag[tag], scope)
		if err != nil {
			return nil, nil, err
		}
		groups = append(groups, g)
	}
	return groups, op, nil
}

// group plans the facade of the operations of one tag.
func (op *opPlanner) group(tag string, ops []operation, scope rootScope) (*Group, error) {
	sort.Slice(ops, func(i, j int) bool { return operationName(ops[i]) < operationName(ops[j]) })
	g := &Group{Tag: tag, Receiver: "c"}
	at := ops[0].pointer() + "/tags/0"
	if tag != "" {
		g.Type, g.Field = exported(tag), exported(tag)
		g.Receiver = strings.ToLower(g.Type[:1])
		g.Doc = wrap(fmt.Sprintf("%s calls the operations of the tag %s: %s\n\n"+
			"Its methods check their arguments against the OpenAPI document before sending anything (a refused one is a "+
			"*ValidationError), and return the typed answer, or an *APIError for an answer that is not a success.",
			g.Type, tag, sentenceOr(tagDescription(op.doc.T, tag), "")), docWidth)
		if err := scope.names.declare(g.Type, "the type of the tag "+tag, at); err != nil {
			return nil, err
		}
		if err := scope.fields.declare(g.Field, "the client field of the tag "+tag, at); err != nil {
			return nil, err
		}
	}
	methods := scope.fields
	if tag != "" {
		methods = newNames(op.doc, "give the operations other operationIds")
	}
	for _, o := range ops {
		m, skip, err := op.method(o, g.Type)
		if err != nil {
			return nil, err
		}
		if skip != "" {
			g.Skipped = append(g.Skipped, &SkippedOperation{OperationID: o.op.OperationID, HTTPMethod: o.method, Path: o.path,
				Call: op.api.operations[o.method+" "+o.path] + "WithResponse", Why: skip})
			continue
		}
		if methods.what[m.Name] != "" {
			m.Name = op.api.operations[o.method+" "+o.path] // a short name taken: the operation's own
		}
		if err := methods.declare(m.Name, "the method of "+o.op.OperationID, o.pointer()+"/operationId"); err != nil {
			return nil, err
		}
		m.Check = "check" + g.Type + m.Name
		what := "the function checking the arguments of " + o.op.OperationID
		if err := scope.names.declare(m.Check, what, o.pointer()+"/operationId"); err != nil {
			return nil, err
		}
		if m.Operation = operationByID(op.table, o.op.OperationID); m.Operation == nil {
			return nil, op.doc.ErrorAt(o.pointer()+"/operationId", "not in the table of operations")
		}
		m.Operation.Var = GoIdent{GoImportPath: op.rootPkg, GoName: "operation" + g.Type + m.Name}
		what = "the operation " + o.op.OperationID + " of the facade"
		if err := scope.names.declare(m.Operation.Var.GoName, what, o.pointer()+"/operationId"); err != nil {
			return nil, err
		}
		if err := op.planPaging(o, m, methods); err != nil {
			return nil, err
		}
		m.Doc = wrap(methodDoc(o, m), docWidth)
		g.Methods = append(g.Methods, m)
	}
	return g, nil
}

func operationName(o operation) string { return o.op.OperationID + " " + o.method + " " + o.path }

func tagDescription(t *openapi3.T, name string) string {
	if tag := t.Tags.Get(name); tag != nil {
		return tag.Description
	}
	return ""
}

// method plans the method of one operation, or says why the facade leaves it to the low-level client.
func (op *opPlanner) method(o operation, group string) (*Method, string, error) {
	name := op.api.operations[o.method+" "+o.path]
	if name == "" {
		return nil, "", op.doc.ErrorAt(o.pointer(), "oapi-codegen emitted no client method for this operation")
	}
	m := &Method{Name: methodName(name, group), OperationID: o.op.OperationID, HTTPMethod: o.method, Path: o.path,
		Idempotent: idempotent(o.method), Request: "New" + name + "Request"}
	if o.op.RequestBody != nil {
		m.Request += "WithBody"
	}
	sig, ok := op.api.funcs[m.Request]
	if !ok {
		return nil, "", op.doc.ErrorAt(o.pointer(), "oapi-codegen emitted no "+m.Request)
	}
	if skip, err := op.parameters(o, m, sig.params); skip != "" || err != nil {
		return nil, skip, err
	}
	if skip := op.body(o, m); skip != "" {
		return nil, skip, nil
	}
	if skip := op.result(o, m, name); skip != "" {
		return nil, skip, nil
	}
	return m, "", nil
}

// idempotent mirrors transport.Idempotent (RFC 9110, section 9.2.2).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// methodName is the operation's name less the group's noun: the tag ("Webhooks") or its singular ("Webhook"), as
// a whole word: ListWebhooks → List, ListWebhookLogs → ListLogs. Without the noun, or with nothing left, it is the
// operation's name.
func methodName(operation, group string) string {
	if group == "" {
		return operation
	}
	for _, noun := range []string{group, strings.TrimSuffix(group, "s")} {
		for i := strings.Index(operation, noun); i >= 0 && noun != ""; {
			end := i + len(noun)
			if end == len(operation) || isUpper(operation[end]) {
				if short := operation[:i] + operation[end:]; short != "" && isUpper(short[0]) {
					return short
				}
			}
			next := strings.Index(operation[i+1:], noun)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return operation
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// parameters plans the path parameters (from the function's parameters after the server, in the path's order) and
// the parameters struct.
func (op *opPlanner) parameters(o operation, m *Method, params []Field) (string, error) {
	var inPath []*openapi3.Parameter
	var others []*openapi3.Parameter
	for _, p := range append(append(openapi3.Parameters{}, o.item.Parameters...), o.op.Parameters...) {
		if p.Value == nil {
			continue
		}
		if p.Value.In == openapi3.ParameterInPath {
			inPath = append(inPath, p.Value)
		} else {
			others = append(others, p.Value)
		}
	}
	sort.SliceStable(inPath, func(i, j int) bool {
		return strings.Index(o.path, "{"+inPath[i].Name+"}") < strings.Index(o.path, "{"+inPath[j].Name+"}")
	})
	if len(params) < 1+len(inPath) {
		return "", op.doc.ErrorAt(o.pointer(), fmt.Sprintf("oapi-codegen's %s does not take the %d path parameters", m.Request, len(inPath)))
	}
	for i, p := range inPath {
		pp, err := op.pathParam(o, p, params[1+i])
		if err != nil {
			return "", err
		}
		m.PathParams = append(m.PathParams, pp)
	}
	if len(others) == 0 {
		return "", nil
	}
	next := params[1+len(inPath)]
	if next.Name != "params" || next.Type.Kind != Pointer || next.Type.Elem.Kind != Named {
		return "", op.doc.ErrorAt(o.pointer(), "oapi-codegen's "+m.Request+" takes no parameters struct")
	}
	q, err := op.query(o, next.Type.Elem.Name, others)
	m.Query = q
	return "", err
}

// pathParam plans one path parameter: its checks, and that it is not empty (the path would name another resource).
func (op *opPlanner) pathParam(o operation, p *openapi3.Parameter, arg Field) (*PathParam, error) {
	typ := op.api.plain(arg.Type)
	if p.Schema == nil || p.Schema.Value == nil {
		return nil, op.doc.ErrorAt(o.pointer(), fmt.Sprintf("path parameter %s has no schema", p.Name))
	}
	checks, err := op.checker.checks(typ, p.Schema, o.pointer()+"/parameters")
	if err != nil {
		return nil, err
	}
	if typ.Kind == Builtin && typ.Name == "string" && p.Schema.Value.MinLength == 0 {
		checks = append([]*Check{{Rule: StringLength, Min: 1, Max: -1}}, checks...)
	}
	return &PathParam{Name: p.Name, Arg: local(p.Name), Type: typ, Checks: checks}, nil
}

// query plans the parameters struct of an operation and, when a parameter has limits, its validator.
func (op *opPlanner) query(o operation, typeName string, params []*openapi3.Parameter) (*Query, error) {
	q := &Query{Type: typeName}
	v := &Validator{Name: typeName, Doc: fmt.Sprintf("%s checks the parameters of %s against the limits of the OpenAPI document.",
		typeName, o.op.OperationID)}
	sort.Slice(params, func(i, j int) bool { return params[i].Name < params[j].Name })
	for _, p := range params {
		q.Required = q.Required || p.Required
		field, err := op.api.field(typeName, p.Name)
		if err != nil {
			return nil, op.doc.ErrorAt(o.pointer()+"/parameters", err.Error())
		}
		if p.Schema == nil {
			continue
		}
		checks, err := op.checker.checks(field.Elem(), p.Schema, o.pointer()+"/parameters")
		if err != nil {
			return nil, err
		}
		if len(checks) > 0 {
			v.Fields = append(v.Fields, &FieldCheck{JSON: p.Name, PathVar: "p" + exported(p.Name), Field: field, Checks: checks})
		}
	}
	if len(v.Fields) > 0 {
		q.Validator = true
		op.queries = append(op.queries, v)
	}
	return q, nil
}

// body plans the request body: a JSON component schema, or the operation is left to the low-level client.
func (op *opPlanner) body(o operation, m *Method) string {
	rb := o.op.RequestBody
	if rb == nil {
		return ""
	}
	if rb.Value == nil || rb.Value.Content.Get("application/json") == nil || len(rb.Value.Content) != 1 {
		return "its request body is not only application/json"
	}
	name := componentOf(rb.Value.Content.Get("application/json").Schema)
	if name == "" || !isObject(op.doc.T.Components.Schemas[name].Value) || op.api.structs[name] == nil {
		return "its request body is not a component object schema"
	}
	if op.api.holdsUnion(name) {
		return "its request body holds a oneOf, which only the channel packages' builders encode"
	}
	m.Body = &Body{Type: name, Required: rb.Value.Required}
	op.bodies = append(op.bodies, name)
	return ""
}

// result plans the typed answer: the JSON body of the lowest 2xx status, as oapi-codegen's response type holds it.
func (op *opPlanner) result(o operation, m *Method, name string) string {
	success := 0
	for code := range o.op.Responses.Map() {
		if n, err := strconv.Atoi(code); err == nil && n >= 200 && n <= 299 && (success == 0 || n < success) {
			success = n
		}
	}
	if success == 0 {
		return "it has no 2xx response"
	}
	sig := op.api.funcs["ClientWithResponses."+name+"WithResponse"]
	if len(sig.results) == 0 || sig.results[0].Kind != Pointer {
		return "oapi-codegen emitted no " + name + "WithResponse"
	}
	field, ok := op.api.goFields[sig.results[0].Elem.Name]["JSON"+strconv.Itoa(success)]
	if !ok {
		return "" // no JSON body: the method returns an error only
	}
	if field.Kind != Pointer {
		return "oapi-codegen's answer type is not a pointer"
	}
	result := *field.Elem
	m.Result, m.ResultPointer = &result, op.api.isStruct(result)
	return ""
}

// methodDoc documents a method: what it calls, the operation's own words, and when it is retried.
func methodDoc(o operation, m *Method) string {
	doc := fmt.Sprintf("%s calls %s (%s %s): %s", m.Name, o.op.OperationID, o.method, o.path, sentenceOr(o.op.Summary, ""))
	if d := strings.TrimSpace(o.op.Description); d != "" {
		doc += "\n\n" + d
	}
	if m.Idempotent {
		doc += "\n\nIt is idempotent: a failed connection, a timeout, 429 and any 5xx but 501 are retried."
	} else {
		doc += "\n\nIt is not idempotent: only what cannot have reached the API (a connection refused, 429, 503) is retried; " +
			"an error after it may have is an unknown outcome (ErrOutcomeUnknown)."
	}
	return doc
}
