package generator_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
)

// The trial's extension of the documents, as the recipes of openapi/README.md write it: new schemas, the RCS send
// and its channel rule go into webchatt.yaml; what changes the vendor's lists and enums is an action of the
// overlay. chatt2me.yaml, which update-spec replaces, is not touched.
const (
	// New schemas (webchatt.yaml): a Poll kind; each channel's own variant of the shared StickerContent; the RCS
	// send's request and content.
	extensionSchemas = `
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
      description: 'Our own id of the poll, echoed in the answers. (Reconstructed: the field; not found in the published documentation.)'
WhatsAppStickerContent:
  type: object
  description: A sticker, which WhatsApp can show animated.
  additionalProperties: false
  required: [stickerUrl]
  properties:
    stickerUrl:
      $ref: '#/components/schemas/MediaURL'
    animated: {type: boolean, description: Whether the sticker is animated.}
TelegramStickerContent:
  type: object
  description: A sticker, with the emoji Telegram shows for it.
  additionalProperties: false
  required: [stickerUrl]
  properties:
    stickerUrl:
      $ref: '#/components/schemas/MediaURL'
    emoji: {type: string, minLength: 1, maxLength: 8, description: The emoji the sticker stands for.}
SendRCSMessageInput:
  type: object
  description: Body of an RCS send.
  additionalProperties: false
  required: [from, to, content]
  properties:
    from: {type: string, minLength: 1, description: The sending channel's UUID.}
    to: {type: string, pattern: '^\+[1-9][0-9]{7,14}$', description: The recipient's phone number in E.164 form.}
    content:
      $ref: '#/components/schemas/SendRCSMessageContent'
SendRCSMessageContent:
  description: What an RCS message carries; exactly one kind.
  oneOf:
    - $ref: '#/components/schemas/TextContent'
    - $ref: '#/components/schemas/ImageContent'
`
	// The RCS send (webchatt.yaml's paths).
	rcsPath = `
post:
  tags: [Communication]
  operationId: sendRCSMessage
  summary: Send an RCS message
  requestBody:
    required: true
    content:
      application/json:
        schema:
          $ref: '#/components/schemas/SendRCSMessageInput'
  responses:
    '200': {$ref: '#/components/responses/SendMessageResult'}
    '400': {$ref: '#/components/responses/BadRequest'}
`
	// The RCS channel's rule (webchatt.yaml's x-chatt2me-channels).
	rcsRule = `
package: rcs
name: RCS
webhookChannel: rcs
acceptedStatus: sent
from:
  - helper: FromChannel
    shape: uuid
    description: the RCS channel's UUID
`
	// The changes to the vendor's lists and enums (actions of the overlay): Poll added to Instagram's kinds, each
	// sticker variant in the place of StickerContent on its channel, rcs added to the webhook channels.
	extensionActions = `
- target: $.components.schemas.SendInstagramMessageContent.oneOf
  update:
    $ref: '#/components/schemas/PollContent'
- target: $.components.schemas.SendWhatsAppMessageContent.oneOf[?@['$ref'] == '#/components/schemas/StickerContent']
  update:
    $ref: '#/components/schemas/WhatsAppStickerContent'
- target: $.components.schemas.SendTelegramMessageContent.oneOf[?@['$ref'] == '#/components/schemas/StickerContent']
  update:
    $ref: '#/components/schemas/TelegramStickerContent'
- target: $.components.schemas.WebhookChannel.enum
  update: rcs
`
	// What is reconstructed is a row of openapi/README.md's table.
	pollRow = "| `Poll` | the poll's `id` | not found | §4.4 |\n"
)

// extensionProgram sends one message through each part of the extension. It is the one place this test names what
// the extension generates, the names openapi/README.md's recipes give: the client's field, the builders, their
// options and the types of those options, and the webhook channel's constant.
const extensionProgram = `package main

import (
	"context"
	"fmt"
	"os"

	"example.com/sdktest/chatt2me"
	"example.com/sdktest/chatt2me/api"
	"example.com/sdktest/chatt2me/instagram"
	"example.com/sdktest/chatt2me/rcs"
	"example.com/sdktest/chatt2me/telegram"
	"example.com/sdktest/chatt2me/whatsapp"
)

func main() {
	ctx := context.Background()
	c, err := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(os.Args[1]))
	if err != nil {
		panic(err)
	}
	var (
		animated whatsapp.StickerOption = whatsapp.Animated(true)
		emoji    telegram.StickerOption = telegram.Emoji("\u2764")
		multiple instagram.PollOption = instagram.MultipleAnswers(true)
		caption  rcs.ImageOption = rcs.Caption("Hi")
	)
	send := func(res chatt2me.Result, err error) {
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println(res.Status)
	}
	send(c.RCS.Send(ctx, rcs.FromChannel(os.Args[2]), "+5511993986082", rcs.Image("https://example.com/a.png", caption)))
	send(c.WhatsApp.Send(ctx, whatsapp.FromChannel(os.Args[3]), "5511993986082", whatsapp.Sticker("https://example.com/s.webp", animated)))
	send(c.Telegram.Send(ctx, telegram.FromChannel(os.Args[4]), "85412345", telegram.Sticker("https://example.com/s.webp", emoji)))
	send(c.Instagram.Send(ctx, instagram.FromChannel(os.Args[5]), "1", instagram.Poll("Lunch?", []string{"Pizza", "Sushi"}, multiple)))
	fmt.Println(api.WebhookChannelRcs)
}
`

// TestExtendingTheDocuments follows the recipes of openapi/README.md on a copy of openapi/, changing only the
// overlay and webchatt.yaml: a Poll kind on Instagram, a variant of the shared sticker on WhatsApp and Telegram, and
// an RCS channel of text and image with its webhook channel value. The SDK of the copy builds and sends through the
// new names to the sandbox answering by it. Then, in a copy of the repository with the extended openapi/, the
// extension survives update-spec of the unmodified bundle, and every package's tests pass against it (all but
// processTests).
func TestExtendingTheDocuments(t *testing.T) {
	if testing.Short() || !testspec.Repository() {
		t.Skip("builds and runs every test of the repository (and does not nest)")
	}
	bundle, _ := testspec.Paths()
	original, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	dir := extendedDocuments(t)
	if extended, err := os.ReadFile(filepath.Join(dir, "chatt2me.yaml")); err != nil || !bytes.Equal(extended, original) {
		t.Fatalf("the extension changed chatt2me.yaml (%v)", err)
	}
	sdk := testspec.Render(t, filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml"))
	vet(t, sdk)
	sendThroughSandbox(t, sdk)

	for _, name := range processTests {
		declaration := "^func " + name + "(t \\*testing.T)"
		if out, err := exec.Command("grep", "-rlq", "--include=*_test.go", declaration, testspec.Root()).CombinedOutput(); err != nil {
			t.Fatalf("processTests names %s, which no test file declares (%v %s)", name, err, out)
		}
	}
	repo := repositoryCopy(t, dir)
	updateSpecKeepsTheExtension(t, repo, original)
	skip := "^(" + strings.Join(processTests, "|") + ")$"
	cmd := exec.Command("go", "test", "-count=1", "-timeout=60m", "-skip", skip, "./...", "./generated/...")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), testspec.EnvDir+"="+filepath.Join(repo, "openapi"), "GOPROXY=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the repository's tests fail against the extended documents: %v\n%s", err, out)
	}
}

// processTests are the slow tests of how the SDK is taken, released and regenerated (scratch consumers, scratch
// clones, killed and concurrent runs, a synthetic large document): they read the documents, but what they check does
// not depend on them, so the copy of the repository leaves them to make test-all of the repository itself, and CI
// stays within its time.
var processTests = []string{"TestConsumers", "TestConsumersBeforeATag", "TestConcurrentRunsDoNotMix",
	"TestKilledRunIsRolledBackByTheNextRun", "TestALargeDocumentStaysNearTheMemoryLimit", "TestGoGenerateAtTheRoot",
	"TestGateTargetsExitWithTheCommandsStatus", "TestReleaseInAScratchClone"}

// extendedDocuments writes the extended copy of openapi/ and returns its directory.
func extendedDocuments(t *testing.T) string {
	bundle, fragment := testspec.Read(t)
	fragment = testspec.Edit(t, fragment, func(root *yaml.Node) {
		schemas := testspec.Get(root, "components", "schemas")
		schemas.Content = append(schemas.Content, testspec.Node(t, extensionSchemas).Content...)
		testspec.Set(testspec.Get(root, "paths"), "/v1/communication/rcs/message", testspec.Node(t, rcsPath))
		testspec.Set(testspec.Get(root, model.ChannelsExtension), "sendRCSMessage", testspec.Node(t, rcsRule))
	})
	overlay := testspec.WithActions(t, testspec.ReadOverlay(t), extensionActions)
	readme := string(readFile(t, filepath.Join(testspec.Root(), "openapi", "README.md")))
	header := "| Where | What is reconstructed | Documentation | Fact sheet |\n|---|---|---|---|\n"
	if !strings.Contains(readme, header) {
		t.Fatal("openapi/README.md has no table of what is reconstructed")
	}
	dir := t.TempDir()
	testspec.WriteFile(t, filepath.Join(dir, "chatt2me.yaml"), []byte(bundle))
	testspec.WriteFile(t, filepath.Join(dir, "webchatt.yaml"), []byte(fragment))
	testspec.WriteFile(t, filepath.Join(dir, testspec.OverlayFile), []byte(overlay))
	testspec.WriteFile(t, filepath.Join(dir, "README.md"), []byte(strings.Replace(readme, header, header+pollRow, 1)))
	return dir
}

// sendThroughSandbox runs extensionProgram against a sandbox answering by the extended documents: each send is
// accepted with its channel's status, and the sandbox received each content (which it records with sorted keys).
func sendThroughSandbox(t *testing.T, sdk *testspec.SDK) {
	sb, err := sandbox.New(sandbox.Config{APIKey: "test-api-key-0001", Contract: sdk.Result.Files["openapi.yaml"]})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	args := []string{"run", "./cmd/extension", srv.URL}
	var want strings.Builder
	for _, pkg := range []string{"rcs", "whatsapp", "telegram", "instagram"} {
		for _, c := range sb.Channels() {
			if c.Kind == pkg {
				args = append(args, c.UUID)
			}
		}
		for _, ch := range sdk.Result.Plan.Channels {
			if ch.Package.Name == pkg {
				want.WriteString(ch.AcceptedStatus + "\n")
			}
		}
	}
	want.WriteString("rcs\n")
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "extension", "main.go"), []byte(extensionProgram))
	out, err := testspec.Go(t, sdk.Dir, args...)
	if err != nil || string(out) != want.String() {
		t.Fatalf("sending through the extension's names: %v\n%s\nwant\n%s", err, out, want.String())
	}
	var got []string
	for _, m := range sb.Messages() {
		got = append(got, m.Channel+" "+string(m.Content))
	}
	wantContent := []string{`rcs {"imageUrl":"https://example.com/a.png","text":"Hi"}`,
		`whatsapp {"animated":true,"stickerUrl":"https://example.com/s.webp"}`,
		`telegram {"emoji":"` + "\u2764" + `","stickerUrl":"https://example.com/s.webp"}`,
		`instagram {"poll":{"multipleAnswers":true,"options":["Pizza","Sushi"],"question":"Lunch?"}}`}
	if strings.Join(got, "\n") != strings.Join(wantContent, "\n") {
		t.Errorf("the sandbox received\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantContent, "\n"))
	}
}

// repositoryCopy copies the repository's files (those git has or would add: not the ignored ones) into a new
// temporary directory, with the documents and README.md of dir in openapi/.
func repositoryCopy(t *testing.T, dir string) string {
	root := testspec.Root()
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	for _, rel := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		info, err := os.Stat(filepath.Join(root, rel))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		testspec.WriteFile(t, filepath.Join(repo, rel), readFile(t, filepath.Join(root, rel)))
		if err := os.Chmod(filepath.Join(repo, rel), info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"chatt2me.yaml", "webchatt.yaml", testspec.OverlayFile, "README.md"} {
		testspec.WriteFile(t, filepath.Join(repo, "openapi", name), readFile(t, filepath.Join(dir, name)))
	}
	return repo
}

// updateSpecKeepsTheExtension regenerates generated/ in the copy of the repository, commits it, and runs
// update-spec with the unmodified bundle: the overlay is reapplied, no action is left out, nothing drifts, and
// generated/ keeps the extension.
func updateSpecKeepsTheExtension(t *testing.T, repo string, original []byte) {
	gen := filepath.Join(t.TempDir(), "chatt2me-gen")
	run := func(name string, args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
	}
	for _, c := range [][]string{{"go", "build", "-o", gen, "./cmd/chatt2me-gen"}, {gen}, {"git", "init", "-q"}, {"git", "add", "."},
		{"git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "extended"}} {
		if code, stdout, stderr := run(c[0], c[1:]...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", c, code, stdout, stderr)
		}
	}
	generated := readTree(t, filepath.Join(repo, "generated"))
	if !strings.Contains(generated["chatt2me/chatt2me.gen.go"], "\n\tRCS *rcs.Sender\n") {
		t.Fatal("the repository's generated/ has no RCS channel")
	}
	vendor := filepath.Join(t.TempDir(), "chatt2me.yaml")
	testspec.WriteFile(t, vendor, original)
	code, stdout, stderr := run(gen, "update-spec", vendor)
	if code != 0 || strings.Contains(stderr, "left out") ||
		!strings.Contains(stdout, "**Not breaking**: 0 spec change(s), 0 Go API change(s)") {
		t.Fatalf("update-spec of the unmodified bundle: exit %d\n%s%s", code, stdout, stderr)
	}
	if after := readTree(t, filepath.Join(repo, "generated")); fmt.Sprint(after) != fmt.Sprint(generated) {
		t.Error("update-spec of the unmodified bundle changed generated/")
	}
}

// readTree reads every file under dir, by its slash-separated path relative to dir.
func readTree(t *testing.T, dir string) map[string]string {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(readFile(t, p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
