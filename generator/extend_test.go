package generator_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// The steps of openapi/README.md's "How to add a content kind" and "How to add a channel", as edits of the
// documents.
const (
	// Step 1 of a kind: its schema, named <Kind>Content, with its main field as its one required property.
	pollSchemas = `
PollContent:
  type: object
  description: A poll the recipient answers by choosing one of its options.
  additionalProperties: false
  required: [poll]
  properties:
    poll:
      $ref: '#/components/schemas/Poll'
Poll:
  type: object
  additionalProperties: false
  required: [question, options]
  properties:
    question: {type: string, minLength: 1, maxLength: 300, description: The question.}
    options:
      type: array
      minItems: 2
      maxItems: 10
      items: {type: string, minLength: 1, maxLength: 100}
      description: The answers to choose from.
    multipleAnswers: {type: boolean, description: Whether the recipient may choose several answers.}
    id:
      type: string
      pattern: '^[a-z0-9-]{1,64}$'
      description: 'Our own id of the poll, echoed in the answers. (Reconstructed: the field; fact sheet §4.4.)'
`
	// Step 3 of a kind: what is reconstructed is also a row of openapi/README.md's table.
	pollRow = "| `Poll` | the poll's `id` | §4.4 |\n"
	// Steps 1 and 2 of a channel: its send operation, and its request and content schemas.
	linePath = `
post:
  tags: [Communication]
  operationId: sendLineMessage
  summary: Send a LINE message
  requestBody:
    required: true
    content:
      application/json:
        schema:
          $ref: '#/components/schemas/SendLineMessageInput'
  responses:
    '200': {$ref: '#/components/responses/SendMessageResult'}
    '400': {$ref: '#/components/responses/BadRequest'}
`
	lineSchemas = `
SendLineMessageInput:
  type: object
  description: Body of a LINE send.
  additionalProperties: false
  required: [from, to, content]
  properties:
    from: {type: string, minLength: 1, description: The sending channel's UUID.}
    to: {type: string, minLength: 1, description: The LINE user id.}
    content:
      $ref: '#/components/schemas/SendLineMessageContent'
SendLineMessageContent:
  oneOf:
    - $ref: '#/components/schemas/TextContent'
    - $ref: '#/components/schemas/ImageContent'
`
	// Step 3 of a channel: its rule in the fragment.
	lineRule = `
package: line
name: LINE
webhookChannel: line
acceptedStatus: sent
from:
  - helper: FromChannel
    shape: uuid
    description: the LINE channel's UUID
`
)

// TestExtendingTheDocuments follows the README's steps on a copy of openapi/: a new content kind for the first
// channel and a whole new channel, editing only the documents. It regenerates into a temporary module, builds it,
// sends through the new builders to the sandbox answering by the new documents, and runs the generator's own
// tests against the copy.
func TestExtendingTheDocuments(t *testing.T) {
	if testing.Short() || !testspec.Repository() {
		t.Skip("builds and runs the generator's tests (and does not nest)")
	}
	first := testspec.Model(t).Channels[0]
	dir := extendedDocuments(t, first)
	sdk := testspec.Render(t, filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml"))
	vet(t, sdk)
	line, kind := channelOf(t, sdk.Result.Plan, "line"), channelOf(t, sdk.Result.Plan, first.Package)
	if builder(kind, "Poll") == nil || builder(line, "Text") == nil {
		t.Fatalf("no Poll builder in %s, or no Text builder in line", first.Package)
	}
	sendThroughSandbox(t, sdk, line, kind)

	packages, err := exec.Command("go", "list", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"test", "-count=1"}
	for _, p := range strings.Fields(string(packages)) {
		if !strings.HasSuffix(p, "/drift") { // drift replays the revisions of openapi/testdata, not the documents under test
			args = append(args, p)
		}
	}
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), testspec.EnvDir+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the generator's tests fail against the extended documents: %v\n%s", err, out)
	}
}

// extendedDocuments writes the extended copy of openapi/ and returns its directory.
func extendedDocuments(t *testing.T, first model.Channel) string {
	bundle, fragment := testspec.Read(t)
	bundle = testspec.Edit(t, bundle, func(root *yaml.Node) {
		schemas := testspec.Get(root, "components", "schemas")
		for _, text := range []string{pollSchemas, lineSchemas} {
			added := testspec.Node(t, text)
			schemas.Content = append(schemas.Content, added.Content...)
		}
		// Step 2 of a kind: list it in the content oneOf of each channel that accepts it.
		oneOf := testspec.Get(schemas, first.ContentSchema, "oneOf")
		oneOf.Content = append(oneOf.Content, testspec.Node(t, "$ref: '#/components/schemas/PollContent'"))
		testspec.Set(testspec.Get(root, "paths"), "/v1/communication/line/message", testspec.Node(t, linePath))
		// Step 3 of a channel: its webhookChannel is a channel of the Message events.
		channels := testspec.Get(schemas, "WebhookChannel", "enum")
		channels.Content = append(channels.Content, testspec.Node(t, "line"))
	})
	fragment = testspec.Edit(t, fragment, func(root *yaml.Node) {
		testspec.Set(testspec.Get(root, model.ChannelsExtension), "sendLineMessage", testspec.Node(t, lineRule))
	})
	data, err := os.ReadFile(filepath.Join(testspec.Root(), "openapi", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	header := "| Where | What is reconstructed | Fact sheet |\n|---|---|---|\n"
	if !strings.Contains(readme, header) {
		t.Fatal("openapi/README.md has no table of what is reconstructed")
	}
	dir := t.TempDir()
	testspec.WriteFile(t, filepath.Join(dir, "chatt2me.yaml"), []byte(bundle))
	testspec.WriteFile(t, filepath.Join(dir, "webchatt.yaml"), []byte(fragment))
	testspec.WriteFile(t, filepath.Join(dir, "README.md"), []byte(strings.Replace(readme, header, header+pollRow, 1)))
	return dir
}

// sendThroughSandbox runs a program of the SDK's module that sends a sample of LINE's Text and of the new Poll
// to a sandbox answering by the extended documents, and expects both accepted.
func sendThroughSandbox(t *testing.T, sdk *testspec.SDK, line, kind *plan.Channel) {
	sb, err := sandbox.New(sandbox.Config{APIKey: "test-api-key-0001", Contract: sdk.Result.Files["openapi.yaml"]})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	uuids := map[string]string{}
	for _, c := range sb.Channels() {
		uuids[c.Kind] = c.UUID
	}
	var sends []string
	imports := map[string]bool{sdk.ImportPath + "/chatt2me": true}
	for _, ch := range []*plan.Channel{line, kind} {
		imports[sdk.ImportPath+"/"+ch.Package.Dir] = true
	}
	for _, s := range []struct {
		ch      *plan.Channel
		builder string
	}{{line, "Text"}, {kind, "Poll"}} {
		fx := fixture.For(sdk.Result.Plan, s.ch)
		sample := samples(fx, s.builder)
		content := testspec.GoSource(s.ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &sample}, imports)
		sends = append(sends, fmt.Sprintf("\tsend(c.%s.Send(ctx, %s.FromChannel(%q), %q, %s))\n",
			s.ch.Field, s.ch.Package.Name, uuids[s.ch.Package.Name], fx.To, content))
	}
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"os\"\n")
	for imp := range imports {
		fmt.Fprintf(&src, "\t%q\n", imp)
	}
	fmt.Fprintf(&src, ")\n\nfunc main() {\n\tctx := context.Background()\n"+
		"\tc, err := chatt2me.New(chatt2me.WithAPIKey(\"test-api-key-0001\"), chatt2me.WithBaseURL(%q))\n"+
		"\tif err != nil {\n\t\tpanic(err)\n\t}\n"+
		"\tsend := func(res chatt2me.Result, err error) {\n\t\tif err != nil {\n\t\t\tfmt.Println(err)\n\t\t\tos.Exit(1)\n\t\t}\n"+
		"\t\tfmt.Println(res.Status)\n\t}\n%s}\n", srv.URL, strings.Join(sends, ""))
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "send", "main.go"), []byte(src.String()))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/send")
	if err != nil {
		t.Fatalf("sending through the new builders: %v\n%s\n%s", err, out, src.String())
	}
	if want := line.AcceptedStatus + "\n" + kind.AcceptedStatus + "\n"; string(out) != want {
		t.Errorf("the sandbox answered %q, want %q", out, want)
	}
	// The sandbox knows the new channel and kind from the documents alone: the kinds of what was sent, and rules.
	var kinds []string
	for _, m := range sb.Messages() {
		kinds = append(kinds, m.Channel+" "+m.Kind())
	}
	if got, want := strings.Join(kinds, ", "), "line text, "+kind.Package.Name+" poll"; got != want {
		t.Errorf("the sandbox recorded the kinds %q, want %q", got, want)
	}
	err = sb.Script(sandbox.Rule{Channel: "line", Status: 503}, sandbox.Rule{Channel: kind.Package.Name, Kind: "poll", Status: 400})
	if err != nil {
		t.Errorf("a rule for the new channel or kind: %v", err)
	}
	err = sb.Script(sandbox.Rule{Channel: "line", Kind: "poll", Status: 400})
	if err == nil || !strings.Contains(err.Error(), `kind "poll" is not a content kind of channel line`) {
		t.Errorf("a rule for a kind the new channel lacks: %v", err)
	}
}

func samples(fx *fixture.Channel, builder string) fixture.Call {
	for _, s := range fx.Samples {
		if s.Builder == builder && s.Full && s.Err == nil {
			return s.Content
		}
	}
	panic("no sample of " + builder)
}

func channelOf(t *testing.T, p *plan.SDK, pkg string) *plan.Channel {
	for _, ch := range p.Channels {
		if ch.Package.Name == pkg {
			return ch
		}
	}
	t.Fatalf("no channel package %s", pkg)
	return nil
}

func builder(ch *plan.Channel, name string) *plan.ContentBuilder {
	for _, b := range ch.Builders {
		if b.Name.GoName == name {
			return b
		}
	}
	return nil
}
