package drift

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/exp/apidiff"
)

const testModule = "example.com/m/generated"

// module type-checks one small package per source (keyed by its path below testModule).
func module(t *testing.T, sources map[string]string) *apidiff.Module {
	t.Helper()
	mod := &apidiff.Module{Path: testModule}
	for path, src := range sources {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		p, err := (&types.Config{}).Check(testModule+"/"+path, fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		mod.Packages = append(mod.Packages, p)
	}
	return mod
}

// TestReportable runs apidiff on two small revisions of an SDK and checks what the report keeps of its changes.
func TestReportable(t *testing.T) {
	base := module(t, map[string]string{
		"chatt2me/sms": `package sms
type Option struct{}
type Content struct{}
func Text(text string) Content { return Content{} }
func Image(url string) Content { return Content{} }
func Count(n int) int { return n }
type Sender struct{}
func (*Sender) Send(to string) error { return nil }
func (Sender) Name(short bool) string { return "" }
type Encoder interface{ Encode(c Content) }
`,
		"chatt2me/internal/encode": `package encode
func Text() {}
`,
	})
	head := module(t, map[string]string{
		"chatt2me/sms": `package sms
type Option struct{}
type Content struct{}
func Text(text string, opts ...Option) Content { return Content{} }
func Image(url int, opts ...Option) Content { return Content{} }
func Count(n int, opts ...Option) string { return "" }
type Sender struct{}
func (*Sender) Send(to string, opts ...Option) error { return nil }
func (Sender) Name(short bool, opts ...Option) string { return "" }
type Encoder interface{ Encode(c Content, opts ...Option) }
`,
		"chatt2me/internal/encode": `package encode
func Text(s string) {}
`,
		"chatt2me/webchatt": `package webchatt
func Text() {}
`,
	})
	changes := apidiff.ModuleChanges(base, head).Changes
	// apidiff may report one item both ways; the report keeps the incompatible verdict.
	changes = append(changes, apidiff.Change{
		Message: "./chatt2me/sms.Encoder.Encode: changed from func(Content) to func(Content, ...Option)", Compatible: true})
	got := map[string]string{}
	for _, c := range reportable(changes, base, head) {
		key := c.Package + " " + c.Message
		if _, twice := got[key]; twice {
			t.Errorf("reported twice: %s", key)
		}
		got[key] = c.verdict()
	}
	want := map[string]string{
		"chatt2me/sms Text: changed from func(string) Content to func(string, ...Option) Content":       "source-compatible for callers",
		"chatt2me/sms (*Sender).Send: changed from func(string) error to func(string, ...Option) error": "source-compatible for callers",
		"chatt2me/sms Sender.Name: changed from func(bool) string to func(bool, ...Option) string":      "source-compatible for callers",
		// An interface's implementations break; a changed parameter or result breaks callers.
		"chatt2me/sms Encoder.Encode: changed from func(Content) to func(Content, ...Option)":   "**incompatible**",
		"chatt2me/sms Image: changed from func(string) Content to func(int, ...Option) Content": "**incompatible**",
		"chatt2me/sms Count: changed from func(int) int to func(int, ...Option) string":         "**incompatible**",
		// Named relative to the module, like the others, though apidiff writes the full path.
		"chatt2me/webchatt package added": "compatible",
	}
	for key, verdict := range want {
		if got[key] != verdict {
			t.Errorf("%s: %q, want %q", key, got[key], verdict)
		}
	}
	for key := range got {
		if strings.Contains(key, "internal") {
			t.Errorf("internal package reported: %s", key)
		}
		if _, ok := want[key]; !ok {
			t.Errorf("unexpected change %s (%s)", key, got[key])
		}
	}
}

func TestVerdictCountsCallerCompatibleApart(t *testing.T) {
	r := &Report{Base: "a", Head: "b", GoChanges: []GoChange{
		{Package: "chatt2me/sms", Message: "Text: changed from func(string) Content to func(string, ...Option) Content", CallerCompatible: true},
		{Package: "chatt2me/sms", Message: "Caption: added", Compatible: true},
	}}
	if r.Breaking() {
		t.Error("a variadic addition made the report breaking")
	}
	md := r.Markdown()
	for _, want := range []string{
		"**Not breaking**: 0 spec change(s), 2 Go API change(s), none incompatible; 1 source-compatible for callers.",
		"- source-compatible for callers: Text: changed from func(string) Content to func(string, ...Option) Content\n",
		"so every existing call still compiles",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	r.GoChanges = append(r.GoChanges, GoChange{Package: "chatt2me/sms", Message: "Video: removed"})
	want := "**Breaking**: 0 breaking spec change(s) of 0, 1 incompatible Go API change(s) of 3; 1 source-compatible for callers."
	if !r.Breaking() || r.Verdict() != want {
		t.Errorf("verdict %q", r.Verdict())
	}
}
