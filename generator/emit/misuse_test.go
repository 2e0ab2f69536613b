package emit_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// misuse is a snippet that must not compile, and the compiler message it must produce.
type misuse struct {
	code, want string
}

// TestMisuseDoesNotCompile compiles, in one package of the SDK of the documents under test, snippets that misuse
// it, all derived from the plan: a builder, helper or send option of another channel that this channel lacks;
// content, a from or a send option of one channel given to another; an option given to a builder it does not
// apply to. Each must fail with the expected compiler error, on its own line.
func TestMisuseDoesNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiler")
	}
	sdk := testspec.UnderTest(t)
	channels := sdk.Result.Plan.Channels
	cases := missingNames(channels)
	if len(channels) > 1 {
		cases = append(cases, crossedValues(fixture.For(sdk.Result.Plan, channels[0]), fixture.For(sdk.Result.Plan, channels[1]))...)
	}
	for _, ch := range channels {
		cases = append(cases, misplacedOptions(fixture.For(sdk.Result.Plan, ch))...)
	}
	if len(cases) == 0 {
		t.Fatal("the documents under test have nothing to misuse: no two channels, and no option of one kind to misplace")
	}
	src, lines := misuseSource(sdk, cases)
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "misuse", "misuse.go"), []byte(src))
	out, err := testspec.Go(t, sdk.Dir, "build", "-gcflags=-e", "./misuse")
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

// missingNames are the builders, from helpers and send options of other channels that a channel lacks.
func missingNames(channels []*plan.Channel) []misuse {
	all := map[string]bool{}
	has := map[string]map[string]bool{}
	for _, ch := range channels {
		has[ch.Package.Name] = map[string]bool{}
		for _, name := range exportedNames(ch) {
			all[name] = true
			has[ch.Package.Name][name] = true
		}
	}
	var cases []misuse
	for _, ch := range channels {
		for _, name := range sortedSet(all) {
			if !has[ch.Package.Name][name] {
				cases = append(cases, misuse{fmt.Sprintf("_ = %s.%s", ch.Package.Name, name), fmt.Sprintf("undefined: %s.%s", ch.Package.Name, name)})
			}
		}
	}
	return cases
}

func exportedNames(ch *plan.Channel) []string {
	var names []string
	for _, b := range ch.Builders {
		names = append(names, b.Name.GoName)
	}
	for _, b := range ch.SendOptions {
		names = append(names, b.Name.GoName)
	}
	for _, h := range ch.From {
		names = append(names, h.Name.GoName)
	}
	return names
}

// crossedValues give the content, the from and a send option of channel a to channel b.
func crossedValues(fa, fb *fixture.Channel) []misuse {
	a, b := fa.Plan(), fb.Plan()
	imports := map[string]bool{}
	content := testspec.GoSource(a.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fa.Samples[0].Content}, imports)
	from := testspec.GoSource(a.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fa.From}, imports)
	bContent := testspec.GoSource(b.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fb.Samples[0].Content}, imports)
	bFrom := testspec.GoSource(b.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fb.From}, imports)
	cases := []misuse{
		{fmt.Sprintf("var _ %s.Content = %s", b.Package.Name, content),
			fmt.Sprintf("(value of struct type %s.Content) as %s.Content value in variable declaration", a.Package.Name, b.Package.Name)},
		{fmt.Sprintf("_, _ = %s.MarshalRequest(%s, %q, %s)", b.Package.Name, from, fb.To, bContent),
			fmt.Sprintf("(value of struct type %s.From) as %s.From value", a.Package.Name, b.Package.Name)},
	}
	if len(fa.SendOptions) > 0 {
		opt := testspec.GoSource(a.Package.Name, fa.SendOptions[0], imports)
		cases = append(cases, misuse{fmt.Sprintf("_, _ = %s.MarshalRequest(%s, %q, %s, %s)", b.Package.Name, bFrom, fb.To, bContent, opt),
			fmt.Sprintf("(value of struct type %s.SendOption) as %s.SendOption value", a.Package.Name, b.Package.Name)})
	}
	return cases
}

// misplacedOptions give each builder with options an option of the package it does not take.
func misplacedOptions(fx *fixture.Channel) []misuse {
	ch := fx.Plan()
	var cases []misuse
	for _, s := range fx.Samples {
		b := builderNamed(ch, s.Builder)
		if s.Full || s.Err != nil || b.OptionSet == nil {
			continue
		}
		for _, o := range ch.Options {
			simple := o.Kind == plan.OptionValue && o.Value.Kind == plan.Builtin
			if takes(b, o) || !simple {
				continue
			}
			call := s.Content
			call.Args = append(append([]fixture.Value{}, call.Args...), optionCall(o))
			code := "_ = " + testspec.GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &call}, map[string]bool{})
			want := fmt.Sprintf("%s.%s does not implement %s.%s", ch.Package.Name, o.Type.GoName, ch.Package.Name, b.OptionSet.Name.GoName)
			cases = append(cases, misuse{code, want})
			break
		}
	}
	return cases
}

// optionCall is a call of an option of a builtin type with that type's zero value.
func optionCall(o *plan.Option) fixture.Value {
	var zero any = 0
	switch o.Value.Name {
	case "string":
		zero = ""
	case "bool":
		zero = false
	}
	call := &fixture.Call{Func: o.Name, Args: []fixture.Value{{Kind: fixture.LitValue, Lit: zero}}}
	return fixture.Value{Kind: fixture.CallValue, Call: call}
}

func takes(b *plan.ContentBuilder, option *plan.Option) bool {
	for _, o := range b.Options {
		if o.Option == option {
			return true
		}
	}
	return false
}

func builderNamed(ch *plan.Channel, name string) *plan.ContentBuilder {
	for _, b := range ch.Builders {
		if b.Name.GoName == name {
			return b
		}
	}
	return nil
}

// misuseSource is one package with one function per snippet, and the line of each snippet.
func misuseSource(sdk *testspec.SDK, cases []misuse) (string, map[int]int) {
	var src strings.Builder
	src.WriteString("package misuse\n\nimport (\n")
	var pkgs []string
	for _, ch := range sdk.Result.Plan.Channels {
		pkgs = append(pkgs, ch.Package.Name)
		fmt.Fprintf(&src, "\t%q\n", sdk.ImportPath+"/"+ch.Package.Dir)
	}
	src.WriteString(")\n\n")
	for _, p := range pkgs { // keep every import used
		fmt.Fprintf(&src, "var _ = %s.NewSender\n", p)
	}
	lines := map[int]int{} // line → case
	line := strings.Count(src.String(), "\n") + 1
	for i, c := range cases {
		fmt.Fprintf(&src, "func case%d() {\n\t%s\n}\n", i, c.code)
		lines[line+1] = i
		line += 3
	}
	return src.String(), lines
}

func sortedSet(s map[string]bool) []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
