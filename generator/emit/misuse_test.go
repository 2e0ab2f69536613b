package emit_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// misuse is a snippet that must not compile, and the compiler message it must produce.
type misuse struct {
	code, want string
}

// TestMisuseDoesNotCompile compiles, in one package, snippets that use a content kind, a from helper or the reply
// option on a channel the spec does not give it (derived from the model: every builder name of another channel
// that this channel lacks), content of one channel on another, and an option on a kind it does not apply to. Each
// must fail with the expected compiler error, on its own line.
func TestMisuseDoesNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiler")
	}
	m := repositoryModel(t)
	builders, helpers := map[string]bool{}, map[string]bool{}
	for _, ch := range m.Channels {
		for _, k := range ch.Kinds {
			builders[k.Name] = true
		}
		for _, a := range ch.From {
			helpers[a.Helper] = true
		}
	}
	var cases []misuse
	for _, ch := range m.Channels {
		has := map[string]bool{}
		for _, k := range ch.Kinds {
			has[k.Name] = true
		}
		for _, a := range ch.From {
			has[a.Helper] = true
		}
		for _, name := range sortedKeys(builders, helpers) {
			if !has[name] {
				cases = append(cases, misuse{fmt.Sprintf("_ = %s.%s", ch.Package, name), fmt.Sprintf("undefined: %s.%s", ch.Package, name)})
			}
		}
		if ch.ReplySchema == "" {
			cases = append(cases, misuse{fmt.Sprintf("_ = %s.Reply", ch.Package), fmt.Sprintf("undefined: %s.Reply", ch.Package)})
		}
	}
	if len(cases) < 40 {
		t.Fatalf("only %d missing names derived from the spec; expected the matrix's gaps", len(cases))
	}
	cases = append(cases,
		misuse{`var _ telegram.Content = whatsapp.Text("hi")`, "cannot use whatsapp.Text(\"hi\") (value of struct type whatsapp.Content) as telegram.Content value in variable declaration"},
		misuse{`_ = whatsapp.Audio("https://example.com/a.ogg", whatsapp.Caption("no"))`, "whatsapp.Caption(\"no\") (value of struct type whatsapp.CaptionOption) as whatsapp.WhatsAppAudioContentOption value in argument to whatsapp.Audio: whatsapp.CaptionOption does not implement whatsapp.WhatsAppAudioContentOption"},
		misuse{`_ = instagram.Buttons("b", nil, instagram.Footer("no"))`, "undefined: instagram.Footer"},
		misuse{`_, _ = telegram.MarshalRequest(telegram.FromBot("@a_bot"), "1", telegram.Text("x"), whatsapp.Reply("m"))`, "cannot use whatsapp.Reply(\"m\") (value of struct type whatsapp.SendOption) as telegram.SendOption value"},
		misuse{`_, _ = whatsapp.MarshalRequest(telegram.FromBot("@a_bot"), "1", whatsapp.Text("x"))`, "cannot use telegram.FromBot(\"@a_bot\") (value of struct type telegram.From) as whatsapp.From value"},
	)

	tmp, err := os.MkdirTemp("../..", "_misuse-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	var src strings.Builder
	src.WriteString("package misuse\n\nimport (\n")
	for _, ch := range m.Channels {
		fmt.Fprintf(&src, "\t%q\n", "github.com/chatt2me/chatt2me-go/generated/chatt2me/"+ch.Package)
	}
	src.WriteString(")\n\n")
	for _, ch := range m.Channels { // keep every import used
		fmt.Fprintf(&src, "var _ = %s.NewSender\n", ch.Package)
	}
	lines := map[int]int{} // line → case
	line := strings.Count(src.String(), "\n") + 1
	for i, c := range cases {
		fmt.Fprintf(&src, "func case%d() {\n\t%s\n}\n", i, c.code)
		lines[line+1] = i
		line += 3
	}
	if err := os.WriteFile(filepath.Join(tmp, "misuse.go"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-gcflags=-e", "./"+filepath.Base(tmp))
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the misuse snippets compiled")
	}
	got := map[int][]string{}
	re := regexp.MustCompile(`misuse\.go:(\d+):\d+: (.*)`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[1])
		i, ok := lines[n]
		if !ok {
			t.Errorf("unexpected error outside the snippets: %s", m[0])
			continue
		}
		got[i] = append(got[i], m[2])
	}
	t.Logf("%d snippets, %d compiler errors", len(cases), len(re.FindAllString(string(out), -1)))
	for i, c := range cases {
		if !strings.Contains(strings.Join(got[i], "\n"), c.want) {
			t.Errorf("%s\n  compiler said: %q\n  want: %q", c.code, got[i], c.want)
		}
	}
}

func sortedKeys(sets ...map[string]bool) []string {
	var out []string
	for _, s := range sets {
		for k := range s {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
