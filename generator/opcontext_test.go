package generator_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// docOperation is an operation as the documents under test define it, read with kin-openapi: what
// chatt2me.OperationFromContext must return for its requests (the channel from the channel rules of the fragment).
type docOperation struct {
	ID      string `json:"ID"`
	Method  string `json:"Method"`
	Route   string `json:"Route"`
	Channel string `json:"Channel"`
	Attempt int    `json:"Attempt"`
}

// documentOperations reads every operation of the documents under test, by operationId.
func documentOperations(t *testing.T) map[string]docOperation {
	doc := testspec.Document(t)
	channels := map[string]string{}
	for _, ch := range testspec.Model(t).Channels {
		channels[ch.OperationID] = ch.Package
	}
	ops := map[string]docOperation{}
	for route, item := range doc.T.Paths.Map() {
		for method, o := range item.Operations() {
			ops[o.OperationID] = docOperation{ID: o.OperationID, Method: method, Route: route, Channel: channels[o.OperationID]}
		}
	}
	return ops
}

// The plan's table of operations, which the transport matches the low-level client's requests against and the
// senders and the facade take their operation from, is every operation of the documents, each once, a route with a
// literal segment before one with a parameter in the same place.
func TestTheOperationTableIsTheDocuments(t *testing.T) {
	want := documentOperations(t)
	table := testspec.UnderTest(t).Result.Plan.Operations
	seen := map[string]bool{}
	for i, op := range table {
		got := docOperation{ID: op.ID, Method: op.Method, Route: op.Route, Channel: op.Channel}
		if got != want[op.ID] || seen[op.ID] {
			t.Errorf("the table's %+v, the documents' %+v (seen before: %v)", got, want[op.ID], seen[op.ID])
		}
		seen[op.ID] = true
		for _, later := range table[i+1:] {
			if later.Method == op.Method && routePattern(op.Route).MatchString(strings.NewReplacer("{", "", "}", "").Replace(later.Route)) &&
				strings.Count(later.Route, "{") < strings.Count(op.Route, "{") {
				t.Errorf("%s (%s) comes before %s (%s), which is more specific", op.ID, op.Route, later.ID, later.Route)
			}
		}
	}
	if len(seen) != len(want) {
		t.Errorf("the table has %d operations, the documents %d", len(seen), len(want))
	}
}

// routePattern matches the paths of a route: a parameter is any text of a segment.
func routePattern(route string) *regexp.Regexp {
	parts := regexp.MustCompile(`\{[^}]*\}`).Split(route, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, "[^/]+") + "$")
}

// observation is a line of the program of TestEveryOperationCarriesItsOperation: an attempt as a middleware saw it,
// or a call as a hook saw it.
type observation struct {
	Path    string        `json:"path"`
	Call    *docOperation `json:"call"`
	Attempt *docOperation `json:"attempt"`
	Found   bool          `json:"found"`
	Method  string        `json:"method"`
	URL     string        `json:"url"`
}

// Every operation of the documents carries its operation, through every way the SDK calls it: each channel's
// Sender, each method of the facade and every method of the low-level client (found by reflection, every one being
// called): a middleware sees it in each attempt's context, with attempt 1, and a hook gets it for the call. What
// they see is checked against the documents as kin-openapi reads them, and against the request that was sent.
func TestEveryOperationCarriesItsOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program of the SDK's module")
	}
	sdk := testspec.UnderTest(t)
	src := operationsProgram(t, sdk)
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "operations", "main.go"), []byte(src))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/operations")
	if err != nil {
		t.Fatalf("the program: %v\n%s\n%s", err, out, src)
	}
	want := documentOperations(t)
	reached := map[string]map[string]bool{"sender": {}, "facade": {}, "api": {}}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var o observation
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		switch {
		case o.Call != nil:
			if w := want[o.Call.ID]; *o.Call != w {
				t.Errorf("%s: a hook got %+v, the documents say %+v", o.Path, *o.Call, w)
			}
		case !o.Found:
			t.Errorf("%s: %s %s carried no operation", o.Path, o.Method, o.URL)
		default:
			w := want[o.Attempt.ID]
			w.Attempt = 1
			if *o.Attempt != w || o.Method != w.Method || !routePattern(w.Route).MatchString(o.URL) {
				t.Errorf("%s: %s %s carried %+v, the documents say %+v", o.Path, o.Method, o.URL, *o.Attempt, w)
			}
			reached[o.Path][o.Attempt.ID] = true
		}
	}
	for path, ids := range expectedPaths(sdk.Result.Plan, want) {
		if got := sortedSet(reached[path]); got != ids {
			t.Errorf("through the %s, the operations %s; want %s", path, got, ids)
		}
	}
}

// expectedPaths are the operations each way reaches: the senders the channels' sends, the facade its methods', the
// low-level client every one.
func expectedPaths(p *plan.SDK, want map[string]docOperation) map[string]string {
	sets := map[string]map[string]bool{"sender": {}, "facade": {}, "api": {}}
	for id, op := range want {
		sets["api"][id] = true
		if op.Channel != "" {
			sets["sender"][id] = true
		}
	}
	for _, g := range p.Groups {
		for _, m := range g.Methods {
			sets["facade"][m.OperationID] = true
		}
	}
	out := map[string]string{}
	for path, set := range sets {
		out[path] = sortedSet(set)
	}
	return out
}

func sortedSet(set map[string]bool) string {
	var ids []string
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return strings.Join(ids, " ")
}

// operationsProgram is a program of the SDK's module that calls every operation through every way, against a
// server answering {}, and prints what a middleware and a hook see, as JSON lines.
func operationsProgram(t *testing.T, sdk *testspec.SDK) string {
	p := sdk.Result.Plan
	imports := map[string]bool{sdk.ImportPath + "/chatt2me": true}
	var calls strings.Builder
	calls.WriteString("\tway = \"sender\"\n")
	for _, ch := range p.Channels {
		imports[sdk.ImportPath+"/"+ch.Package.Dir] = true
		fx := fixture.For(p, ch)
		if fx.Samples[0].Err != nil {
			t.Fatalf("%s: no sample of %s: %v", ch.Package.Name, fx.Samples[0].Builder, fx.Samples[0].Err)
		}
		content := testspec.GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fx.Samples[0].Content}, imports)
		from := testspec.GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fx.From}, imports)
		fmt.Fprintf(&calls, "\t_, _ = c.%s.%s(ctx, %s, %q, %s)\n", ch.Field, ch.Fixed.Send, from, fx.To, content)
	}
	calls.WriteString("\tway = \"facade\"\n")
	schemas := testspec.Document(t).T.Components.Schemas
	for _, g := range p.Groups {
		recv := "c."
		if g.Type != "" {
			recv = "c." + g.Field + "."
		}
		for _, m := range g.Methods {
			args := []string{"ctx"}
			for range m.PathParams {
				args = append(args, fmt.Sprintf("%q", uuidSample))
			}
			if m.Query != nil {
				args = append(args, "nil")
				if m.Query.Required {
					args[len(args)-1] = "&api." + m.Query.Type + "{}"
				}
			}
			if m.Body != nil {
				args = append(args, fmt.Sprintf("decode[api.%s](%q)", m.Body.Type, sampleJSON(t, m.Body.Type, schemas[m.Body.Type].Value)))
			}
			fmt.Fprintf(&calls, "\t_, _ = call(%s%s(%s))\n", recv, m.Name, strings.Join(args, ", "))
		}
	}
	imports[sdk.ImportPath+"/chatt2me/api"] = true
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n")
	for _, imp := range append([]string{"context", "encoding/json", "fmt", "io", "net/http", "net/http/httptest", "reflect", "strings"},
		sortedKeysOf(imports)...) {
		fmt.Fprintf(&src, "\t%q\n", imp)
	}
	src.WriteString(")\n" + strings.Replace(operationsMain, "\t// CALLS\n", calls.String(), 1))
	return src.String()
}

func sortedKeysOf(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// uuidSample is the value of every path parameter and string argument of the program.
const uuidSample = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"

// operationsMain is the body of the program of operationsProgram; the calls of the senders and the facade replace
// its CALLS line.
const operationsMain = `
// way is the way the calls go: sender, facade or api.
var way string

func show(v map[string]any) {
	v["path"] = way
	line, _ := json.Marshal(v)
	fmt.Println(string(line))
}

// call drops a method's result, whatever its count.
func call(v ...any) (any, any) { return nil, nil }

func decode[T any](s string) *T {
	v := new(T)
	if err := json.Unmarshal([]byte(s), v); err != nil {
		panic(err)
	}
	return v
}

// sample is an argument of a method of the low-level client: a UUID for a string, a JSON object for a body.
func sample(t reflect.Type) reflect.Value {
	switch {
	case t.Kind() == reflect.String:
		return reflect.ValueOf("` + uuidSample + `").Convert(t)
	case t == reflect.TypeOf((*io.Reader)(nil)).Elem():
		return reflect.ValueOf(strings.NewReader("{}"))
	}
	return reflect.Zero(t)
}

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	defer srv.Close()
	record := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		op, ok := chatt2me.OperationFromContext(req.Context())
		show(map[string]any{"attempt": op, "found": ok, "method": req.Method, "url": req.URL.Path})
		return next(req)
	}
	hook := func(ctx context.Context, op chatt2me.Operation, call func(context.Context) chatt2me.CallResult) {
		show(map[string]any{"call": op})
		call(ctx)
	}
	c, err := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL), chatt2me.WithMaxRetries(0),
		chatt2me.WithMiddleware(record), chatt2me.WithCallHook(hook))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	// CALLS
	way = "api"
	low := reflect.ValueOf(c.API)
	for i := 0; i < low.NumMethod(); i++ {
		if !strings.HasSuffix(low.Type().Method(i).Name, "WithResponse") {
			continue
		}
		m := low.Method(i)
		args := []reflect.Value{reflect.ValueOf(ctx)}
		for j := 1; j < m.Type().NumIn() && !(m.Type().IsVariadic() && j == m.Type().NumIn()-1); j++ {
			args = append(args, sample(m.Type().In(j)))
		}
		m.Call(args)
	}
}
`

// sampleJSON is a JSON value the schema accepts, for a body of the facade: its required properties (every one when
// that is not enough), the first value of an enum, a value of each string format.
func sampleJSON(t *testing.T, name string, s *openapi3.Schema) string {
	for _, all := range []bool{false, true} {
		v := sampleOf(s, all)
		if err := s.VisitJSON(v); err == nil {
			data, _ := json.Marshal(v)
			return string(data)
		}
	}
	t.Fatalf("the test samples no valid %s: give its schema an example", name)
	return ""
}

func sampleOf(s *openapi3.Schema, all bool) any {
	switch {
	case s.Example != nil:
		return s.Example
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is(openapi3.TypeObject):
		names := s.Required
		if all {
			names = nil
			for n := range s.Properties {
				names = append(names, n)
			}
		}
		obj := map[string]any{}
		for _, n := range names {
			obj[n] = sampleOf(s.Properties[n].Value, all)
		}
		return obj
	case s.Type.Is(openapi3.TypeArray):
		items := make([]any, max(int(s.MinItems), 1))
		for i := range items {
			items[i] = sampleOf(s.Items.Value, all)
		}
		return items
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		if s.Min != nil {
			return *s.Min + 1
		}
		return 1
	case s.Type.Is(openapi3.TypeBoolean):
		return true
	}
	switch s.Format {
	case "uuid":
		return uuidSample
	case "uri":
		return "https://example.com/hooks"
	case "email":
		return "maria@example.com"
	case "date-time":
		return "2026-01-01T00:00:00Z"
	}
	return strings.Repeat("x", max(int(s.MinLength), 1))
}
