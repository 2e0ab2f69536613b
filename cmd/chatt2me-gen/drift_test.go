package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/model"
)

const repoSpec = "../../openapi/chatt2me.yaml"

// heldOutRevision is a revision of the bundled document the drift report is replayed on: the current document with
// one edit, as a vendor release might bring it.
type heldOutRevision struct {
	name     string
	old, new string // the edit of openapi/chatt2me.yaml
	exit     int
	verdict  string   // the start of the verdict line
	want     []string // lines of the report
}

var heldOutRevisions = []heldOutRevision{
	{
		name: "a content kind added: Instagram takes documents",
		old:  "        - $ref: '#/components/schemas/MarkSeenContent'\n    SendMessengerMessageContent:",
		new:  "        - $ref: '#/components/schemas/MarkSeenContent'\n        - $ref: '#/components/schemas/DocumentContent'\n    SendMessengerMessageContent:",
		exit: exitOK, verdict: "**Not breaking**:",
		want: []string{"#### `chatt2me/instagram`\n\n- compatible: Document: added\n",
			"- compatible: SendInstagramMessageContent.AsDocumentContent: added\n"},
	},
	{
		name: "a property made required: updateWebhook's requiresSignature",
		old: "      description: Fields to change on a webhook; absent fields stay as they are.\n      additionalProperties: false\n" +
			"      properties:",
		new: "      description: Fields to change on a webhook; absent fields stay as they are.\n      additionalProperties: false\n" +
			"      required:\n        - requiresSignature\n      properties:",
		exit: exitStale, verdict: "**Breaking**:",
		want: []string{"| **breaking** | error | `request-property-became-required` | PATCH /v1/organization/webhook/{webhookId} |",
			"- **incompatible**: UpdateWebhookInput.RequiresSignature: changed from *bool to bool\n"},
	},
	{
		// getWebhook, which no rule of the fragment names (listWebhookLogs is the retry-failed rule's list).
		name: "an operation removed: getWebhook",
		old:  "    get:\n      tags:\n        - Webhooks\n      operationId: getWebhook",
		new:  "    x-removed:\n      tags:\n        - Webhooks\n      operationId: getWebhook",
		exit: exitStale, verdict: "**Breaking**:",
		want: []string{"| **breaking** | error | `api-removed-without-deprecation` | GET /v1/organization/webhook/{webhookId} |",
			"- **incompatible**: (*Client).GetWebhook: removed\n"},
	},
	{
		name: "an enum value added to a request: a PIX key type",
		old:  "            - PHONE\n            - EVP\n",
		new:  "            - PHONE\n            - EVP\n            - RANDOM\n",
		exit: exitOK, verdict: "**Not breaking**: 1 spec change(s), 1 Go API change(s), all compatible.",
		want: []string{"|  | info | `request-property-enum-value-added` | POST /v1/communication/whatsapp/message |",
			"#### `chatt2me/api`\n\n- compatible: PixDetailsKeyTypeRANDOM: added\n"},
	},
	{
		name: "an enum value added to a response: a send status",
		old:  "        - sent\n        - enqueued\n        - error\n",
		new:  "        - sent\n        - enqueued\n        - error\n        - accepted\n",
		exit: exitStale, verdict: "**Breaking**:",
		want: []string{"| **breaking** | error | `response-property-enum-value-added` | POST /v1/communication/sms/message |",
			"- compatible: SendMessageStatusAccepted: added\n"},
	},
	{
		name: "an optional property added: a link preview on texts",
		old:  "            The text to send. (Reconstructed: at most 4096 characters; not found in the published documentation.)\n",
		new: "            The text to send. (Reconstructed: at most 4096 characters; not found in the published documentation.)\n" +
			"        previewUrl:\n          type: boolean\n          description: Show a preview of the first link.\n",
		exit: exitOK, verdict: "**Not breaking**:",
		want: []string{"#### `chatt2me/sms`\n\n- source-compatible for callers: Text: changed from func(string) Content to func(string, ...TextOption) Content\n",
			"so every existing call still compiles",
			"none incompatible; {channels with texts} source-compatible for callers."},
	},
}

// TestDriftHeldOutRevisions replays the report from the current documents to each held-out revision, through the
// command: its exit status, its verdict, the changes that matter, and a report without internal packages, with
// package headings of one form and each item once.
func TestDriftHeldOutRevisions(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks an SDK per revision")
	}
	current := string(mustRead(t, repoSpec))
	res, err := generator.Generate(repoSpec, "../../openapi/webchatt.yaml", generator.DefaultImportPath, overlayBeside(repoSpec))
	if err != nil {
		t.Fatal(err)
	}
	texts := 0 // the channels whose Text builder a new optional property of TextContent changes
	for _, ch := range res.Model.Channels {
		if slices.ContainsFunc(ch.Kinds, func(k model.Kind) bool { return k.Schema == "TextContent" }) {
			texts++
		}
	}
	for _, rev := range heldOutRevisions {
		t.Run(rev.name, func(t *testing.T) {
			if strings.Count(current, rev.old) != 1 {
				t.Fatalf("the edit's text is not in openapi/chatt2me.yaml exactly once:\n%s", rev.old)
			}
			head := filepath.Join(t.TempDir(), "chatt2me.yaml")
			mustWrite(t, head, []byte(strings.Replace(current, rev.old, rev.new, 1)))
			code, stdout, stderr := runCLI(t, "drift", "-base", repoSpec, "-spec", head, "-overlay", overlayBeside(repoSpec))
			if code != rev.exit {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, rev.exit, stderr)
			}
			if !strings.Contains(stdout, "### Verdict\n\n"+rev.verdict) {
				t.Errorf("verdict is not %q:\n%s", rev.verdict, stdout)
			}
			for _, want := range rev.want {
				if want = strings.ReplaceAll(want, "{channels with texts}", strconv.Itoa(texts)); !strings.Contains(stdout, want) {
					t.Errorf("report lacks %q:\n%s", want, stdout)
				}
			}
			checkReport(t, stdout)
		})
	}
}

var goItem = regexp.MustCompile(`(?m)^- (compatible|source-compatible for callers|\*\*incompatible\*\*): (.*)$`)

// checkReport asserts what every report must hold: it starts with its title (nothing echoed before it), names no
// internal package, names packages relative to generated/, and lists each Go change once.
func checkReport(t *testing.T, report string) {
	t.Helper()
	if !strings.HasPrefix(report, "## API drift: ") {
		t.Errorf("the report does not start with its title:\n%s", report)
	}
	if strings.Contains(report, "internal/") {
		t.Errorf("the report names an internal package:\n%s", report)
	}
	seen := map[string]string{}
	for _, section := range strings.Split(report, "\n#### `")[1:] {
		pkg, body, _ := strings.Cut(section, "`\n")
		if !strings.HasPrefix(pkg, "chatt2me") {
			t.Errorf("package heading %q is not relative to generated/", pkg)
		}
		items := goItem.FindAllStringSubmatch(body, -1)
		if len(items) == 0 {
			t.Errorf("no change listed under the heading of %s", pkg)
		}
		for _, m := range items {
			item := pkg + " " + m[2]
			if verdict, ok := seen[item]; ok {
				t.Errorf("%s is listed twice (%s, %s)", item, verdict, m[1])
			}
			seen[item] = m[1]
		}
	}
}

func TestDriftExitCodes(t *testing.T) {
	code, _, stderr := runCLI(t, "drift", "-base", "no-such-revision")
	if code != exitBadInput || !strings.Contains(stderr, "-base no-such-revision: neither a file nor a git revision holding openapi/chatt2me.yaml") {
		t.Errorf("unknown base: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "drift"); code != exitBadInput || !strings.Contains(stderr, "Usage: chatt2me-gen drift") {
		t.Errorf("missing -base: exit %d, stderr %q", code, stderr)
	}
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	mustWrite(t, broken, []byte("openapi: 3.1.0\n"))
	if code, stdout, stderr := runCLI(t, "drift", "-base", broken); code != exitBadInput || stdout != "" ||
		!strings.Contains(stderr, "base "+broken+": "+broken+":1: /openapi") {
		t.Errorf("broken base: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if testing.Short() {
		return
	}
	code, stdout, stderr := runCLI(t, "drift", "-base", repoSpec)
	if code != exitOK || !strings.Contains(stdout, "### Spec changes (oasdiff, merged document)\n\nNo changes.") ||
		!strings.Contains(stdout, "**Not breaking**: 0 spec change(s), 0 Go API change(s), all compatible.") {
		t.Errorf("same documents: exit %d\n%s%s", code, stdout, stderr)
	}
	checkReport(t, stdout)
}

func TestDriftUsage(t *testing.T) {
	code, _, stderr := runCLI(t, "drift", "-h")
	for _, want := range []string{"Exit status: 0 nothing breaking, 1 something breaking, 2 bad input.", "internal packages left out",
		"source-compatible for callers"} {
		if code != exitOK || !strings.Contains(stderr, want) {
			t.Errorf("drift -h (exit %d) lacks %q:\n%s", code, want, stderr)
		}
	}
}

// A BASE that starts with a dash is not handed to git, which would read it as an option (--output=FILE writes
// files): it is refused, and nothing is written.
func TestDriftBaseIsNeverAGitOption(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pw")
	for _, base := range []string{"--output=" + target, "-p"} {
		code, stdout, stderr := runCLI(t, "drift", "-base", base)
		want := fmt.Sprintf("%q is not a git revision: a revision does not start with \"-\"", base)
		if code != exitBadInput || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("-base %s: exit %d, stdout %q, stderr %q, want it to contain %s", base, code, stdout, stderr, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("git wrote %v", entries)
	}
}
