package plan

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
	"github.com/chatt2me/chatt2me-go/templates"
)

// Build plans the SDK of a merged, validated document and its model, for the output directory whose import path
// is importPath. apiSource is oapi-codegen's output, formatted or not, and apiFile its syntax tree (nil: Build parses
// apiSource). A problem of the document is a located *spec.Error.
func Build(doc *spec.Document, m *model.Model, apiSource []byte, apiFile *ast.File, importPath string) (*SDK, error) {
	api, err := readAPI(apiSource, apiFile, importPath+"/"+APIDir)
	if err != nil {
		return nil, err
	}
	sdk := &SDK{ImportPath: importPath, Output: planOutput(importPath), API: API{api}}
	var scope rootScope
	if sdk.Root, scope, err = planRoot(doc, m); err != nil {
		return nil, err
	}
	if err := checkPackages(doc, m); err != nil {
		return nil, err
	}
	sdk.Webhook = HasWebhookTypes(doc)
	if sdk.Inbound, err = planInbound(doc, api, m, sdk); err != nil {
		return nil, err
	}
	sdk.Operations = planOperationTable(doc, m)
	for _, ch := range m.Channels {
		c, err := planChannel(doc, api, m, ch)
		if err != nil {
			return nil, err
		}
		if c.Operation = operationByID(sdk.Operations, ch.OperationID); c.Operation == nil {
			return nil, doc.ErrorAt("/"+model.ChannelsExtension+"/"+spec.EscapeToken(ch.OperationID), "no operation has this operationId")
		}
		c.Operation.Var = c.Fixed.Operation
		sdk.Channels = append(sdk.Channels, c)
	}
	patterns := newPatterns()
	groups, ops, err := planOperations(doc, api, m, scope, patterns, sdk.Operations, sdk.Import(RootDir))
	if err != nil {
		return nil, err
	}
	sdk.Groups = groups
	sdk.Root.Doc += groupsDoc(groups)
	planAdoptable(sdk)
	if sdk.Reply, err = planReply(doc, api, m, sdk, scope); err != nil {
		return nil, err
	}
	if sdk.RetryFailed, err = planRetryFailed(doc, api, m, groups); err != nil {
		return nil, err
	}
	if err := planValidation(doc, api, m, sdk, ops, patterns); err != nil {
		return nil, err
	}
	sanitizeDocs(sdk)
	return sdk, nil
}

// sdkPackages are the packages of the root directory that are not channels.
var sdkPackages = []string{path.Base(APIDir), path.Base(TransportDir), "internal", "webhook"}

// checkPackages refuses a channel package named like one of the SDK's own.
func checkPackages(doc *spec.Document, m *model.Model) error {
	n := newNames(doc, renamePackage)
	for _, p := range sdkPackages {
		if err := n.declare(p, "the SDK's package "+p, "/"+model.ChannelsExtension); err != nil {
			return err
		}
	}
	for _, ch := range m.Channels {
		at := "/" + model.ChannelsExtension + "/" + spec.EscapeToken(ch.OperationID) + "/package"
		if err := n.declare(ch.Package, "the channel package "+ch.Package, at); err != nil {
			return err
		}
	}
	return nil
}

// HasWebhookTypes reports whether the document defines what the webhook package uses (templates/sdk/api stands in
// for it): the Message and MessageStatus event objects and the EventType enum naming them.
func HasWebhookTypes(doc *spec.Document) bool {
	schemas := doc.T.Components.Schemas
	for _, name := range []string{"Message", "MessageStatus"} {
		if ref := schemas[name]; ref == nil || ref.Value == nil || !isType(ref.Value, "object") {
			return false
		}
	}
	eventType := schemas["EventType"]
	return eventType != nil && eventType.Value != nil &&
		slices.Contains(eventType.Value.Enum, any("Message")) && slices.Contains(eventType.Value.Enum, any("MessageStatus"))
}

// sanitizeDocs keeps the documentation taken from the documents from ending a /* */ comment early.
func sanitizeDocs(sdk *SDK) {
	clean := func(s *string) { *s = strings.ReplaceAll(*s, "*/", "* /") }
	clean(&sdk.Root.Doc)
	for _, ch := range sdk.Channels {
		clean(&ch.Doc)
		for _, b := range ch.AllBuilders() {
			clean(&b.Doc)
			for _, p := range b.Params {
				clean(&p.Doc)
			}
		}
		for _, o := range ch.Options {
			clean(&o.Doc)
		}
		for _, m := range ch.Mirrors {
			clean(&m.Doc)
			for _, f := range m.Fields {
				clean(&f.Doc)
			}
		}
		for _, h := range append(append([]*Helper{}, ch.From...), ch.To) {
			for i := 0; h != nil && i < len(h.Doc); i++ {
				clean(&h.Doc[i])
			}
		}
	}
}

// planOutput plans the package at the root of the output directory, its go:generate line running the generator
// of this version from the module proxy.
func planOutput(importPath string) Output { return OutputFor(importPath, RunAtVersion) }

// OutputFor plans the package at the root of the output directory whose import path is importPath, its go:generate
// line running the generator as runner says (this repository's generated/ runs the generator of its workspace).
func OutputFor(importPath string, runner Runner) Output {
	name := path.Base(importPath)
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' && b.Len() > 0 {
			b.WriteRune(r)
		}
	}
	pkg := b.String()
	if pkg == "" || token.IsKeyword(pkg) {
		pkg = "sdk"
	}
	if importPath == DefaultImportPath {
		return Output{Package: pkg, Own: true, Generate: "go run " + Command + " -out ."}
	}
	command := "go run " + Command + "@v" + Version
	if runner == RunTool { // the regeneration writes the same line
		command = "go tool " + path.Base(Command) + " -go-generate " + string(RunTool)
	}
	// go generate takes a double-quoted argument as a Go string: the import path is one argument, whatever it holds.
	return Output{Package: pkg, Generate: command + " -out . -import-path " + strconv.Quote(importPath)}
}

// planValidation plans internal/validate and internal/encode: a function per component schema reachable from a
// channel's content kinds or send options (but those holding a oneOf, which the channel packages mirror), or from a
// request body of the facade; and the validators of the facade's parameters structs.
func planValidation(doc *spec.Document, api *apiTable, m *model.Model, sdk *SDK, ops *opPlanner, ps *patterns) error {
	roots := append([]string{}, ops.bodies...)
	for _, ch := range m.Channels {
		for _, k := range ch.Kinds {
			roots = append(roots, k.Schema)
		}
		if ch.ReplySchema != "" {
			roots = append(roots, ch.ReplySchema)
		}
	}
	c := &checker{doc: doc, api: api, patterns: ps}
	for _, name := range reachable(doc.T, roots) {
		if api.holdsUnion(name) {
			continue // its mirrors, in the channel packages, validate and encode it
		}
		if s := doc.T.Components.Schemas[name].Value; isObject(s) {
			v, err := c.object(name, s)
			if err != nil {
				return err
			}
			sdk.Validators = append(sdk.Validators, v)
		}
		if api.structs[name] != nil {
			sdk.Encoders = append(sdk.Encoders, api.encoder(name))
		}
	}
	sdk.Validators = append(sdk.Validators, ops.queries...)
	sort.Slice(sdk.Validators, func(i, j int) bool { return sdk.Validators[i].Name < sdk.Validators[j].Name })
	sdk.ValidatePatterns = ps.list
	return nil
}

// reachable lists, sorted, the component schemas reachable from the given ones.
func reachable(t *openapi3.T, roots []string) []string {
	seen := map[string]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		if name := componentOf(ref); name != "" {
			if seen[name] {
				return
			}
			seen[name] = true
		}
		s := ref.Value
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		for _, o := range s.OneOf {
			walk(o)
		}
	}
	for _, r := range roots {
		walk(&openapi3.SchemaRef{Ref: "#/components/schemas/" + r, Value: t.Components.Schemas[r].Value})
	}
	return sortedKeys(seen)
}

// sendAnswerFields are the properties of the send result and of the error body that transport's decoder reads
// (templates/sdk/transport/send.go).
var sendAnswerFields = map[string][]string{
	"result": {"messageId", "status", "errorCode", "errorMessage"},
	"error":  {"errorCode", "errorMessage"},
}

// rootScope is the names of the root package: its declarations, and the Client's fields and methods.
type rootScope struct {
	names, fields *names
}

// planRoot plans the root package: its documentation, base URL and the send statuses.
func planRoot(doc *spec.Document, m *model.Model) (Root, rootScope, error) {
	t := doc.T
	if len(t.Servers) == 0 {
		return Root{}, rootScope{}, doc.ErrorAt("/servers", "the document has no servers: the SDK needs a default base URL")
	}
	result, err := checkSendAnswers(doc, m)
	if err != nil {
		return Root{}, rootScope{}, err
	}
	root := Root{BaseURL: t.Servers[0].URL, Version: Version, Doc: rootDoc(t.Info.Title, m)}
	scope, err := rootNames(doc, m)
	if err != nil {
		return Root{}, rootScope{}, err
	}
	status := t.Components.Schemas[result].Value.Properties["status"]
	statusPointer := writtenAt(t.Components.Schemas, status, propPointer(result, "status")) + "/enum/"
	for i, v := range status.Value.Enum {
		s := Status{Name: "Status" + exported(fmt.Sprint(v)), Value: fmt.Sprint(v)}
		if err := scope.names.declare(s.Name, fmt.Sprintf("the status %q", s.Value), statusPointer+strconv.Itoa(i)); err != nil {
			return Root{}, rootScope{}, err
		}
		root.Statuses = append(root.Statuses, s)
	}
	return root, scope, nil
}

// rootNames declares the names of the root package that do not come from the document: those of its static file
// (templates/sdk/options.go) and of its generated file, and the client's fields (one per channel) and methods.
func rootNames(doc *spec.Document, m *model.Model) (rootScope, error) {
	n := newNames(doc, renameValue)
	static, err := templates.SDK()
	if err != nil {
		return rootScope{}, err
	}
	file, err := parser.ParseFile(token.NewFileSet(), "options.go", static["options.go"], parser.SkipObjectResolution)
	if err != nil {
		return rootScope{}, err
	}
	fixed := append([]string{"DefaultBaseURL", "Version", "Client", "New"}, declaredNames(file)...)
	sort.Strings(fixed)
	for _, name := range fixed {
		if err := n.declare(name, "the package's "+name, "/"+model.ChannelsExtension); err != nil {
			return rootScope{}, err
		}
	}
	fields := newNames(doc, renameChannel)
	for _, name := range []string{"API", "String", "GoString"} {
		if err := fields.declare(name, "the client's "+name, "/"+model.ChannelsExtension); err != nil {
			return rootScope{}, err
		}
	}
	for _, ch := range m.Channels {
		at := "/" + model.ChannelsExtension + "/" + spec.EscapeToken(ch.OperationID) + "/name"
		if err := fields.declare(clientField(ch), "the client field of "+ch.Package, at); err != nil {
			return rootScope{}, err
		}
	}
	return rootScope{names: n, fields: fields}, nil
}

// declaredNames lists the exported top-level names a file declares.
func declaredNames(file *ast.File) []string {
	var exported []string
	for _, n := range topLevelNames(file) {
		if ast.IsExported(n) {
			exported = append(exported, n)
		}
	}
	return exported
}

// topLevelNames lists the top-level names a file declares: functions (not methods), types, constants and variables.
func topLevelNames(file *ast.File) []string {
	var out []string
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					out = append(out, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}

func rootDoc(title string, m *model.Model) string {
	var names, packages []string
	for _, ch := range m.Channels {
		names = append(names, ch.Name)
		packages = append(packages, ch.Package)
	}
	return fmt.Sprintf(`Package chatt2me is the Go SDK of the %s: one client that sends messages through %s.

	c, err := chatt2me.New(chatt2me.WithAPIKey(os.Getenv("CHATT2ME_API_KEY")))
	res, err := c.WhatsApp.Send(ctx, whatsapp.FromPhone("+55 11 99398-6082"), "5511993986082", whatsapp.Text("Hello!"))

Each channel has its own package (%s) with the builders of the content kinds the channel accepts and the
helpers for its forms of `+"`from`"+`. Everything is validated against the OpenAPI document before it is sent: a refused
value is a *ValidationError naming the field; an answer of the API that is not a success is an *APIError.`,
		title, strings.Join(names, ", "), strings.Join(packages, ", "))
}

// groupsDoc is the root package's paragraph on the facade of the other operations, and on the low-level client.
func groupsDoc(groups []*Group) string {
	var fields []string
	for _, g := range groups {
		if g.Type != "" && len(g.Methods) > 0 {
			fields = append(fields, fmt.Sprintf("Client.%s (%s)", g.Field, g.Methods[0].Name+", …"))
		}
	}
	doc := "\n\n"
	if len(fields) > 0 {
		doc += wrap("The other operations are methods of "+strings.Join(fields, ", ")+", one per operation of the tag: "+
			"they check their arguments the same way, return the typed answer or the same errors, are retried by idempotency "+
			"(GET, PUT and DELETE after any failure that may pass; POST and PATCH only when they cannot have been delivered), "+
			"and each list has a method walking every page as an iter.Seq2.", 116) + "\n\n"
	}
	return doc + "Client.API is the low-level client generated by oapi-codegen, with the same key, user agent, timeout and redirect rules."
}

// checkSendAnswers makes sure the send operations share one result schema and one error schema, and that they have
// the properties transport reads. It returns the result schema's name.
func checkSendAnswers(doc *spec.Document, m *model.Model) (string, error) {
	var result, errorBody string
	for _, ch := range m.Channels {
		op := doc.T.Paths.Value(ch.Path).GetOperation(ch.Method)
		at := "/paths/" + spec.EscapeToken(ch.Path) + "/" + strings.ToLower(ch.Method) + "/responses"
		r, eb := responseSchema(op, "200"), responseSchema(op, "400")
		if r == "" || eb == "" {
			return "", doc.ErrorAt(at, fmt.Sprintf("operation %s needs JSON component schemas for its 200 and 400 responses", ch.OperationID))
		}
		if (result != "" && r != result) || (errorBody != "" && eb != errorBody) {
			return "", doc.ErrorAt(at, fmt.Sprintf("operation %s answers %s/%s, others %s/%s: the send facade needs one result schema",
				ch.OperationID, r, eb, result, errorBody))
		}
		result, errorBody = r, eb
	}
	if result == "" {
		return "", doc.ErrorAt("/"+model.ChannelsExtension, "no channel send operation")
	}
	for _, role := range []struct{ name, schema string }{{"result", result}, {"error", errorBody}} {
		role, schema := role.name, role.schema
		for _, prop := range sendAnswerFields[role] {
			if doc.T.Components.Schemas[schema].Value.Properties[prop] == nil {
				return "", doc.ErrorAt(schemaPointer(schema)+"/properties",
					fmt.Sprintf("the send %s schema %s has no property %q, which the SDK's transport reads", role, schema, prop))
			}
		}
	}
	return result, nil
}

func responseSchema(op *openapi3.Operation, status string) string {
	if op == nil || op.Responses == nil {
		return ""
	}
	resp := op.Responses.Value(status)
	if resp == nil || resp.Value == nil || resp.Value.Content.Get("application/json") == nil {
		return ""
	}
	return componentOf(resp.Value.Content.Get("application/json").Schema)
}
