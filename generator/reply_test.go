package generator_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// replyCase is one Reply of the program: a sample content of one builder, answering a message of one channel.
type replyCase struct {
	on      *plan.ReplyChannel
	builder *plan.ContentBuilder
	from    *plan.Channel // the package of the content
	to      string
}

// TestReplyAnswersEveryKindOnEveryChannel builds a program in the SDK of the documents under test that answers a
// Message event of every channel with a sample of every builder of every channel, against a sandbox answering by the
// SDK's document. Every answer is what the plan says: sent when the content is of the channel's package or of an
// api struct its ContentOf takes, on the channel, from its UUID, to the sender, of the kind the document's schema
// gives, as a reply where the channel takes one; otherwise refused before any traffic, naming the kind.
func TestReplyAnswersEveryKindOnEveryChannel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	sdk := testspec.UnderTest(t)
	p := sdk.Result.Plan
	rp := p.Reply
	if rp == nil {
		t.Skip("the documents have no reply rule")
	}
	imports := map[string]bool{"context": true, "fmt": true, "net/http/httptest": true,
		"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox": true, sdk.ImportPath: true,
		sdk.ImportPath + "/chatt2me": true, rp.Message.GoImportPath: true, p.Import(plan.APIDir): true}
	var contents []string
	var cases []replyCase
	for _, ch := range p.Channels {
		imports[p.Import(ch.Package.Dir)] = true
		fx := fixture.For(p, ch)
		for i, s := range fx.Samples {
			if s.Full {
				continue
			}
			if s.Err != nil {
				t.Fatalf("%s: no sample of %s: %v", ch.Package.Name, s.Builder, s.Err)
			}
			content := testspec.GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &s.Content}, imports)
			contents = append(contents, "\t\t"+content+",\n")
			for _, rc := range rp.Channels {
				cases = append(cases, replyCase{on: rc, builder: ch.Builders[i/2], from: ch, to: fixture.For(p, rc.Channel).To})
			}
		}
	}
	src := replyProgram(p, imports, contents)
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "reply", "main.go"), []byte(src))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/reply")
	if err != nil {
		t.Fatalf("the reply program: %v\n%s\n%s", err, out, src)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("the program printed %d lines for %d replies:\n%s", len(lines), len(cases), out)
	}
	// The program answers channel by channel, each with every content; cases are content by content.
	perChannel := len(cases) / len(rp.Channels)
	mainFields := map[string]string{} // the content kind the sandbox records, by schema: its one required property
	for _, ch := range testspec.Model(t).Channels {
		for _, k := range ch.Kinds {
			mainFields[k.Schema] = k.MainField
		}
	}
	sent := 0
	for i, line := range lines {
		c := cases[(i%perChannel)*len(rp.Channels)+i/perChannel]
		want := c.expect(mainFields[c.builder.Type.GoName])
		if line != want {
			t.Errorf("%s.%s answering on %s: %q, want %q", c.from.Package.Name, c.builder.Name.GoName, c.on.Value, line, want)
		}
		if strings.HasPrefix(want, "OK") {
			sent++
		}
	}
	t.Logf("%d replies: %d sent, %d refused", len(cases), sent, len(cases)-sent)
	if sent == 0 || sent == len(cases) {
		t.Errorf("%d of %d replies sent: the matrix has no refusal or no answer", sent, len(cases))
	}
}

// replyProgram is the source of the program: for each channel, a Reply of each content to a Message event of the
// channel, printing what the sandbox recorded or the error.
func replyProgram(p *plan.SDK, imports map[string]bool, contents []string) string {
	rp := p.Reply
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n")
	for _, imp := range slices.Sorted(maps.Keys(imports)) {
		fmt.Fprintf(&src, "\t%q\n", imp)
	}
	fmt.Fprintf(&src, ")\n\nfunc main() {\n\tsb, err := sandbox.New(sandbox.Config{APIKey: \"test-api-key-0001\", Contract: %s.OpenAPI})\n",
		p.Output.Package)
	src.WriteString("\tif err != nil {\n\t\tpanic(err)\n\t}\n\tsrv := httptest.NewServer(sb)\n\tdefer srv.Close()\n" +
		"\tc, err := chatt2me.New(chatt2me.WithAPIKey(\"test-api-key-0001\"), chatt2me.WithBaseURL(srv.URL))\n" +
		"\tif err != nil {\n\t\tpanic(err)\n\t}\n\tuuids := map[string]string{}\n" +
		"\tfor _, ch := range sb.Channels() {\n\t\tuuids[ch.Kind] = ch.UUID\n\t}\n")
	fmt.Fprintf(&src, "\tcontents := []chatt2me.%s{\n%s\t}\n", rp.Content.GoName, strings.Join(contents, ""))
	fmt.Fprintf(&src, "\treply := func(channel, pkg, to string, session bool) {\n\t\tif session {\n\t\t\tsb.OpenSession(to)\n\t\t}\n"+
		"\t\tfor _, x := range contents {\n"+
		"\t\t\tm := &webhook.%s{}\n\t\t\tm.%s, m.%s, m.%s, m.%s = %s(channel), uuids[pkg], to, \"m1\"\n"+
		"\t\t\tbefore := len(sb.Messages())\n"+
		"\t\t\tif _, err := c.%s(context.Background(), m, x); err != nil {\n"+
		"\t\t\t\tfmt.Printf(\"ERR %%d %%v\\n\", len(sb.Messages())-before, err)\n\t\t\t\tcontinue\n\t\t\t}\n"+
		"\t\t\tsent := sb.Messages()\n\t\t\tgot := sent[len(sent)-1]\n"+
		"\t\t\tfrom := got.ChannelID == uuids[pkg] && got.From == uuids[pkg]\n"+
		"\t\t\tfmt.Printf(\"OK %%d %%s from-uuid:%%v %%s %%s %%s\\n\", len(sent)-before, got.Channel, from, got.To, got.Kind(), got.ReplyTo)\n"+
		"\t\t}\n\t}\n",
		rp.Message.GoName, rp.Channel.Name, rp.From.Name, rp.To.Name, rp.MessageID.Name, rp.Channel.Type.String(), rp.Method)
	for _, rc := range rp.Channels {
		fmt.Fprintf(&src, "\treply(%q, %q, %q, %v)\n", rc.Value, rc.Channel.Package.Name, fixture.For(p, rc.Channel).To,
			rc.Channel.RequiresSession)
	}
	src.WriteString("}\n")
	return src.String()
}

// expect is the line the program prints for the case: what was sent, or the error.
func (c replyCase) expect(mainField string) string {
	ch := c.on.Channel
	taken := c.from == ch // else a builder of the channel fills the same api struct, not a mirror of it
	for _, b := range ch.Builders {
		taken = taken || b.Type == c.builder.Type && b.Mirror == nil
	}
	if !taken {
		return fmt.Sprintf("ERR 0 chatt2me: invalid content: %s does not take %s (*%s): build the content with package %s",
			ch.Name, c.builder.Kind, c.builder.Type.Type().String(), ch.Package.Name)
	}
	reply := ""
	if c.on.Reply.GoName != "" {
		reply = `{"messageId":"m1"}`
	}
	return fmt.Sprintf("OK 1 %s from-uuid:true %s %s %s", ch.Package.Name, c.to, mainField, reply)
}
