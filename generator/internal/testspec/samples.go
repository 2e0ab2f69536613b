package testspec

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// Body is what one sample of the plan marshals to.
type Body struct {
	Channel *plan.Channel
	Name    string // such as "Text" or "Text, full"
	JSON    []byte
	Err     string // the SDK's error, when it refused the sample
}

// MarshalSamples builds, in the SDK's module, a program that marshals every sample of the plan (with the
// channel's MarshalRequest, which validates exactly as Send does), runs it and returns the bodies, channel by
// channel. A sample the plan could not make fails the test.
func MarshalSamples(t testing.TB, sdk *SDK) []Body {
	t.Helper()
	var src strings.Builder
	imports := map[string]bool{"fmt": true}
	var calls []string
	var bodies []Body
	for _, ch := range sdk.Result.Plan.Channels {
		imports[sdk.ImportPath+"/"+ch.Package.Dir] = true
		fx := fixture.For(sdk.Result.Plan, ch)
		opts := ""
		for _, o := range fx.SendOptions {
			opts += ", " + GoSource(ch.Package.Name, o, imports)
		}
		for _, s := range fx.Samples {
			name := s.Builder
			if s.Full {
				name += ", full"
			}
			if s.Err != nil {
				t.Errorf("%s: no sample of %s: %v", ch.Package.Name, name, s.Err)
				continue
			}
			sendOpts := ""
			if s.Full {
				sendOpts = opts
			}
			content := GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &s.Content}, imports)
			from := GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fx.From}, imports)
			calls = append(calls, fmt.Sprintf("\tshow(%s.MarshalRequest(%s, %q, %s%s))\n", ch.Package.Name, from, fx.To, content, sendOpts))
			bodies = append(bodies, Body{Channel: ch, Name: name})
		}
	}
	src.WriteString("package main\n\nimport (\n")
	for _, imp := range sortedKeys(imports) {
		fmt.Fprintf(&src, "\t%q\n", imp)
	}
	src.WriteString(")\n\n// show prints a body or an error on one line.\nfunc show(body []byte, err error) {\n" +
		"\tif err != nil {\n\t\tfmt.Printf(\"ERR %v\\n\", err)\n\t\treturn\n\t}\n\tfmt.Printf(\"OK %s\\n\", body)\n}\n\nfunc main() {\n")
	for _, c := range calls {
		src.WriteString(c)
	}
	src.WriteString("}\n")
	WriteFile(t, filepath.Join(sdk.Dir, "cmd", "samples", "main.go"), []byte(src.String()))
	out, err := Go(t, sdk.Dir, "run", "./cmd/samples")
	if err != nil {
		t.Fatalf("the samples program: %v\n%s\n%s", err, out, src.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(bodies) {
		t.Fatalf("the samples program printed %d lines for %d samples:\n%s", len(lines), len(bodies), out)
	}
	for i, line := range lines {
		if rest, ok := strings.CutPrefix(line, "OK "); ok {
			bodies[i].JSON = []byte(rest)
		} else {
			bodies[i].Err = strings.TrimPrefix(line, "ERR ")
		}
	}
	return bodies
}

// GoSource renders a sample value as Go source in a program importing the channel package pkg; it adds to
// imports the packages the value needs.
func GoSource(pkg string, v fixture.Value, imports map[string]bool) string {
	switch v.Kind {
	case fixture.CallValue:
		args := make([]string, len(v.Call.Args))
		for i, a := range v.Call.Args {
			args[i] = GoSource(pkg, a, imports)
		}
		return pkg + "." + v.Call.Func.GoName + "(" + strings.Join(args, ", ") + ")"
	case fixture.SliceValue:
		if v.Type.Elem.Kind == plan.Named {
			imports[v.Type.Elem.Pkg] = true
		}
		items := make([]string, len(v.Items))
		for i, item := range v.Items {
			items[i] = GoSource(pkg, item, imports)
		}
		return v.Type.String() + "{" + strings.Join(items, ", ") + "}"
	}
	switch lit := v.Lit.(type) {
	case string:
		return strconv.Quote(lit)
	case float64:
		return strconv.FormatFloat(lit, 'g', -1, 64)
	default:
		return fmt.Sprint(lit)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
