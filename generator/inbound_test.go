package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// generate renders the SDK of edited copies of the documents under test, without writing them.
func generate(t *testing.T, bundle, fragment string) (*generator.Result, error) {
	t.Helper()
	b, f := testspec.Sources(bundle, fragment)
	return generator.GenerateSources(b, f, generator.DefaultImportPath, testspec.OverlaySources(t)...)
}

// inboundUnions returns the plan's unions of the documents under test, skipping when there is none.
func inboundUnions(t *testing.T) []*plan.InboundUnion {
	t.Helper()
	bundle, fragment := testspec.Read(t)
	res, err := generate(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Inbound == nil || len(res.Plan.Inbound.Unions) == 0 {
		t.Fatal("the documents under test have no x-chatt2me-inbound rule, whose kinds this test decodes")
	}
	return res.Plan.Inbound.Unions
}

// TestInboundNames: the names the inbound rules give package webhook's types are refused, located at the rule,
// when they clash with the package's own names or with each other, or are not Go names; a rule's names fix a clash.
func TestInboundNames(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an SDK per case (make test-all runs it)")
	}
	unions := inboundUnions(t)
	first, last := unions[0], unions[len(unions)-1]
	main := first.Kinds[0].Fields[0].Field.JSON
	rule := "/" + model.InboundExtension + "/" + first.Schema
	kinds := func(f string) string { return fmt.Sprintf("kinds: {%s: [%s]}", f, main) }
	cases := []struct {
		name, schema, rule, want string
	}{
		{"a kind named like package webhook's Event", first.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, %s}",
			first.Interface, first.Discriminator.JSON, kinds("event")), rule + `/kinds/event: package webhook's Event and the kind "event" of ` +
			first.Schema + " are both named Event; rename the interface, or name the kind with names, in " + model.InboundExtension},
		{"a kind named by the rule like package webhook's Handler", first.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, %s, "+
			"names: {k: Handler}}", first.Interface, first.Discriminator.JSON, kinds("k")), rule + `/names/k: package webhook's Handler and ` +
			`the kind "k" of ` + first.Schema + " are both named Handler"},
		{"a kind that is not a Go name", first.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, %s}", first.Interface,
			first.Discriminator.JSON, kinds("9lives")), rule + `/kinds/9lives: the kind "9lives" of ` + first.Schema +
			` would be named "9lives", which is not a Go name`},
		{"an interface named like another union's kind", last.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {%s: [%s]}}",
			first.Kinds[0].Type, last.Discriminator.JSON, last.Kinds[0].Value, last.Kinds[0].Fields[0].Field.JSON),
			rule + fmt.Sprintf("/kinds/%s: the interface of %s and the kind %q of %s are both named %s", first.Kinds[0].Value, last.Schema,
				first.Kinds[0].Value, first.Schema, first.Kinds[0].Type)},
		{"a property that would be the method Kind", first.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {k: [kind]}}",
			first.Interface, first.Discriminator.JSON), rule + `/kinds/k/0: property "kind" would be the field Kind, which is a method of every ` +
			first.Interface},
		{"a rule nothing decodes", "Loose", "{interface: Loose, discriminator: type, kinds: {x: [x]}}", "/" + model.InboundExtension +
			"/Loose: nothing decodes Loose: it is not the schema of a property of the Message event, nor of a kind of a union that is"},
	}
	bundle, fragment := testspec.Read(t)
	bundle = testspec.Edit(t, bundle, func(root *yaml.Node) {
		schemas := testspec.Get(root, "components", "schemas")
		testspec.Set(testspec.Get(schemas, first.Schema, "properties"), "kind", testspec.Node(t, "{type: string}"))
		testspec.Set(schemas, "Loose", testspec.Node(t, "{type: object, properties: {type: {type: string}, x: {type: string}}}"))
	})
	_, fragmentPath := testspec.Paths()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := testspec.Edit(t, fragment, func(root *yaml.Node) {
				testspec.Set(testspec.Get(root, model.InboundExtension), tc.schema, testspec.Node(t, tc.rule))
			})
			_, err := generate(t, bundle, f)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), filepath.Base(fragmentPath)+":") {
				t.Errorf("error %v, want %q in the fragment", err, tc.want)
			}
		})
	}
	t.Run("names fix a clash", func(t *testing.T) {
		f := testspec.Edit(t, fragment, func(root *yaml.Node) {
			r := testspec.Get(root, model.InboundExtension, first.Schema)
			testspec.Set(testspec.Get(r, "kinds"), "event", testspec.Node(t, "["+main+"]"))
			testspec.Set(r, "names", testspec.Node(t, "{event: EventKind}"))
		})
		res, err := generate(t, bundle, f)
		if err != nil {
			t.Fatal(err)
		}
		if src := string(res.Files[plan.WebhookDir+"/content.gen.go"]); !strings.Contains(src, "\ntype EventKind struct {") {
			t.Errorf("no EventKind type:\n%s", src)
		}
	})
	t.Run("rules without webhook events", func(t *testing.T) {
		b := testspec.Edit(t, bundle, func(root *yaml.Node) { testspec.Delete(testspec.Get(root, "components", "schemas"), "MessageStatus") })
		f := testspec.Edit(t, fragment, func(root *yaml.Node) { testspec.Delete(root, model.IdentityExtension) })
		_, err := generate(t, b, f)
		want := "/" + model.InboundExtension + ": the document defines no webhook events"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	})
}

// Edits of a copy of the documents under test: a new content kind with its own property, and a new nested reply
// type with its own schema.
const (
	stickerProperty = "{type: string, description: 'Address of the sticker, for `sticker`.'}"
	flowReplySchema = `
type: object
description: The answer to a flow.
required: [name]
properties:
  name: {type: string, description: The flow's name.}
  response_json: {type: string, description: What the user filled in.}
`
)

// withInboundExtensions returns copies of the documents (bundle, overlay, fragment) where the inbound union top has
// a sticker kind, its nested union an nfm_reply kind with its own schema, and a new event type (MessageReaction) its
// identity rule: a property of a bundle's schema is added by an overlay action, the rest in the fragment.
func withInboundExtensions(t *testing.T, top, nested string) (bundle, overlay, fragment string) {
	bundle, fragment = testspec.Read(t)
	overlay = testspec.ReadOverlay(t)
	addProperty := func(schema, name, value string) {
		if testspec.Get(testspec.Node(t, bundle), "components", "schemas", schema) != nil {
			overlay = testspec.WithActions(t, overlay, fmt.Sprintf("[{target: \"$.components.schemas['%s'].properties\", update: {%s: %s}}]",
				schema, name, value))
			return
		}
		fragment = testspec.Edit(t, fragment, func(root *yaml.Node) {
			testspec.Set(testspec.Get(root, "components", "schemas", schema, "properties"), name, testspec.Node(t, value))
		})
	}
	addProperty(top, "stickerUrl", stickerProperty)
	addProperty(nested, "nfm_reply", "{$ref: '#/components/schemas/InboundFlowReply'}")
	bundle = withReactionEvent(t, bundle)
	fragment = testspec.Edit(t, fragment, func(root *yaml.Node) {
		testspec.Set(testspec.Get(root, "components", "schemas"), "InboundFlowReply", testspec.Node(t, flowReplySchema))
		rules := testspec.Get(root, model.InboundExtension)
		testspec.Set(testspec.Get(rules, top, "kinds"), "sticker", testspec.Node(t, "[stickerUrl]"))
		testspec.Set(testspec.Get(rules, nested, "kinds"), "nfm_reply", testspec.Node(t, "[nfm_reply]"))
		testspec.Set(testspec.Get(root, model.IdentityExtension), "MessageReaction", testspec.Node(t, "[messageId, emoji, count]"))
	})
	return bundle, overlay, fragment
}

// TestInboundFollowsTheDocuments adds a content kind (sticker, with a stickerUrl property) and a nested reply type
// (nfm_reply, with a schema of its own) to copies of the documents, as openapi/README.md's recipe does (the new
// schema and the rules in the fragment, the properties of the bundle's schemas with actions of the overlay), and
// expects the plan and the generated webhook package to follow: it decodes a sample of every kind of every union, the new ones
// included, with a program built against the SDK. Without the inbound rules, the SDK still builds and m.Content is
// oapi-codegen's struct.
func TestInboundFollowsTheDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs against generated SDKs")
	}
	unions := inboundUnions(t)
	top, nested := unions[0], nestedUnion(unions[0])
	if nested == nil {
		t.Fatal("the first inbound union of the documents under test has no nested union, which this test extends")
	}
	bundle, overlay, fragment := withInboundExtensions(t, top.Schema, nested.Schema)
	bundlePath, fragmentPath := testspec.WriteDocuments(t, bundle, overlay, fragment)
	sdk := testspec.Render(t, bundlePath, fragmentPath)

	src := string(sdk.Result.Files[plan.WebhookDir+"/content.gen.go"])
	for _, want := range []string{"\ntype Sticker struct {", "\n\tStickerUrl string\n", "\ntype NfmReply struct {",
		"\n\tNfmReply api.InboundFlowReply\n", `case "sticker":`, `case "nfm_reply":`} {
		if !strings.Contains(src, want) {
			t.Errorf("content.gen.go lacks %q after the documents gained it", want)
		}
	}
	// The new event type says its own identity: eventIdentity decodes it from the raw event (the program below
	// builds the package).
	if src := string(sdk.Result.Files[plan.WebhookDir+"/identity.gen.go"]); !strings.Contains(src, reactionIdentity) {
		t.Errorf("identity.gen.go lacks the new event type's identity:\n%s", src)
	}
	doc, err := spec.Load(bundlePath, fragmentPath, testspec.OverlaysOf(bundlePath)...)
	if err != nil {
		t.Fatal(err)
	}
	decodeEveryKind(t, sdk, doc.T)
	handleReactionsOnce(t, sdk)

	t.Run("without inbound rules", func(t *testing.T) {
		f := testspec.Edit(t, fragment, func(root *yaml.Node) { testspec.Delete(root, model.InboundExtension) })
		testspec.WriteFile(t, fragmentPath, []byte(f))
		bare := testspec.Render(t, bundlePath, fragmentPath)
		in := bare.Result.Plan.Inbound
		if in == nil || len(in.Unions) != 0 || len(in.Message.Fields) != 0 {
			t.Fatalf("the plan without rules: %+v", in)
		}
		main := fmt.Sprintf(`package main

import (
	"fmt"

	"%s/chatt2me/webhook"
)

func main() {
	ev, err := webhook.Decode([]byte(%q))
	if err != nil {
		panic(err)
	}
	var content = ev.Message.Content // oapi-codegen's struct: there is no typed content
	fmt.Printf("%%T %%s\n", content, content.Type)
}
`, bare.ImportPath, `{"eventType":"Message","channelId":"c","messageId":"m","from":"f","content":{"type":"sticker"}}`)
		testspec.WriteFile(t, filepath.Join(bare.Dir, "cmd", "bare", "main.go"), []byte(main))
		out, err := testspec.Go(t, bare.Dir, "run", "./cmd/bare")
		if err != nil || string(out) != "api.InboundContent sticker\n" {
			t.Errorf("the SDK without rules: %v\n%s", err, out)
		}
	})
}

// reactionProgram delivers the new event type to a Handler: an event, the same event signed anew, and another.
const reactionProgram = `package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"%s/chatt2me/webhook"
)

func main() {
	calls := 0
	h := &webhook.Handler{Secret: "s", OnOther: func(context.Context, *webhook.Event) error { calls++; return nil }}
	for i, body := range []string{
		` + "`" + `{"eventType":"MessageReaction","messageId":"m","emoji":"👍","count":1}` + "`" + `,
		` + "`" + `{"eventType":"MessageReaction","messageId":"m","emoji":"👍","count":1}` + "`" + `,
		` + "`" + `{"eventType":"MessageReaction","messageId":"m","emoji":"👍","count":2}` + "`" + `,
	} {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, webhook.Sign("s", time.Now().Add(time.Duration(i)*time.Second), []byte(body)))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Printf("%%d %%q\n", rec.Code, rec.Body)
	}
	fmt.Println(calls, "calls")
}
`

// handleReactionsOnce builds a program against the SDK that delivers the new event type, whose rule names its
// identity, to a Handler: the same event signed anew reaches the callback once; another count is another event.
func handleReactionsOnce(t *testing.T, sdk *testspec.SDK) {
	t.Helper()
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "reaction", "main.go"), []byte(fmt.Sprintf(reactionProgram, sdk.ImportPath)))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/reaction")
	want := "200 \"\"\n200 \"webhook: duplicate event, already handled\"\n200 \"\"\n2 calls\n"
	if err != nil || string(out) != want {
		t.Errorf("the new event type delivered again: %v\n%s\nwant\n%s", err, out, want)
	}
}

// nestedUnion is a union some kind of u holds, or nil.
func nestedUnion(u *plan.InboundUnion) *plan.InboundUnion {
	for _, p := range u.Properties {
		if p.Union != nil {
			return p.Union
		}
	}
	return nil
}

// decodeEveryKind builds a program against the SDK that decodes a Message event per kind of every union typed on
// Message (nested kinds inside the first kind that holds them), and an unknown type, and compares what it decoded
// with what the plan says.
func decodeEveryKind(t *testing.T, sdk *testspec.SDK, doc *openapi3.T) {
	t.Helper()
	in := sdk.Result.Plan.Inbound
	var bodies, want []string
	for _, f := range in.Message.Fields {
		for _, s := range unionSamples(doc, f.Union) {
			event := jsonSample(doc, doc.Components.Schemas[in.Message.Schema], nil)
			event.(map[string]any)[f.Field.JSON] = s.value
			data, err := json.Marshal(event)
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, fmt.Sprintf("{%q, %q},", f.Field.Name, data))
			want = append(want, s.describe)
		}
	}
	main := fmt.Sprintf(decodeProgram, sdk.ImportPath, strings.Join(bodies, "\n\t\t"))
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "decode", "main.go"), []byte(main))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/decode")
	if err != nil {
		t.Fatalf("decoding every kind: %v\n%s\n%s", err, out, main)
	}
	if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("decoded:\n%s\nwant, from the plan:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// decodeProgram decodes each event and describes the field named beside it: its type, its string fields, and the
// description of each field holding an interface.
const decodeProgram = `package main

import (
	"fmt"
	"reflect"

	"%s/chatt2me/webhook"
)

func describe(v any) string {
	s := fmt.Sprintf("%%T", v)
	rv := reflect.ValueOf(v)
	for i := 0; rv.Kind() == reflect.Struct && i < rv.NumField(); i++ {
		switch f := rv.Field(i); f.Kind() {
		case reflect.String:
			s += "=" + f.String()
		case reflect.Interface:
			s += "{" + describe(f.Interface()) + "}"
		}
	}
	return s
}

func main() {
	for _, c := range [][2]string{
		%s
	} {
		ev, err := webhook.Decode([]byte(c[1]))
		if err != nil {
			panic(err)
		}
		fmt.Println(describe(reflect.ValueOf(ev.Message).Elem().FieldByName(c[0]).Interface()))
	}
}
`

// sample is a JSON value of a union and how decodeProgram describes its decoding.
type sample struct {
	value    any
	describe string
}

// unionSamples returns a sample of every kind of a union, of a kind holding a union with each of that union's
// samples (its first kind otherwise), and of an unknown type.
func unionSamples(doc *openapi3.T, u *plan.InboundUnion) []sample {
	var out []sample
	for _, k := range u.Kinds {
		out = append(out, kindSample(doc, u, k, nil))
		for _, f := range k.Fields {
			if f.Union == nil {
				continue
			}
			for _, n := range unionSamples(doc, f.Union)[1:] {
				out = append(out, kindSample(doc, u, k, map[string]sample{f.Field.JSON: n}))
			}
		}
	}
	unknown := "no-such-" + u.Discriminator.JSON
	return append(out, sample{map[string]any{u.Discriminator.JSON: unknown}, "webhook." + u.Unknown + "=" + unknown})
}

// kindSample is a sample of one kind: its discriminator and every property it lists, a union-typed one as nested
// gives it or as the union's first kind.
func kindSample(doc *openapi3.T, u *plan.InboundUnion, k *plan.InboundKind, nested map[string]sample) sample {
	value := map[string]any{u.Discriminator.JSON: k.Value}
	describe := "webhook." + k.Type
	for _, f := range k.Fields {
		if f.Union != nil {
			n, ok := nested[f.Field.JSON]
			if !ok {
				n = kindSample(doc, f.Union, f.Union.Kinds[0], nil)
			}
			value[f.Field.JSON], describe = n.value, describe+"{"+n.describe+"}"
			continue
		}
		v := jsonSample(doc, doc.Components.Schemas[u.Schema].Value.Properties[f.Field.JSON], []string{f.Field.JSON})
		value[f.Field.JSON] = v
		if s, ok := v.(string); ok && f.Type.Kind == plan.Builtin && f.Type.Name == "string" {
			describe += "=" + s
		}
	}
	return sample{value, describe}
}

// jsonSample synthesises a JSON value of a schema: its first enum value, or a value of its type, with the required
// properties of an object.
func jsonSample(doc *openapi3.T, ref *openapi3.SchemaRef, path []string) any {
	s := ref.Value
	switch {
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is(openapi3.TypeString):
		return "s-" + strings.Join(path, ".")
	case s.Type.Is(openapi3.TypeInteger), s.Type.Is(openapi3.TypeNumber):
		return 1
	case s.Type.Is(openapi3.TypeBoolean):
		return true
	case s.Type.Is(openapi3.TypeArray):
		return []any{jsonSample(doc, s.Items, path)}
	}
	obj := map[string]any{}
	required := append([]string(nil), s.Required...)
	sort.Strings(required)
	for _, p := range required {
		obj[p] = jsonSample(doc, s.Properties[p], append(append([]string(nil), path...), p))
	}
	return obj
}

// TestREADMENamesEveryInboundType: the README's paragraph on typed content names every interface, kind and unknown
// type of package webhook that the documents give.
func TestREADMENamesEveryInboundType(t *testing.T) {
	if !testspec.Repository() {
		t.Skip("the README describes the repository's documents")
	}
	data, err := os.ReadFile(filepath.Join(testspec.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	_, paragraph, ok := strings.Cut(readme, "\n- **Typed content.**")
	paragraph, _, _ = strings.Cut(paragraph, "\n\n")
	if !ok {
		t.Fatal("README.md has no \"- **Typed content.**\" paragraph")
	}
	for _, u := range inboundUnions(t) {
		names := []string{"webhook." + u.Interface, u.Unknown}
		for _, k := range u.Kinds {
			names = append(names, k.Type)
		}
		for _, name := range names {
			if !strings.Contains(paragraph, "`"+name+"`") {
				t.Errorf("README.md's paragraph on typed content does not name `%s`", name)
			}
		}
	}
}
