package emit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// word is a Go identifier in a text, and what follows it: a name followed by "…" is a family of names (oapi-codegen's
// From… methods), not the name.
var word = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(…)?`)

// TestNoFixedNameIsWrittenTwice: the names every channel package declares whatever the document (plan.Fixed) are
// written once, in the plan. No string literal of the renderer (emit/*.go) and no text of the channel templates
// (templates/channel, outside their actions) holds one as a word, in code or in documentation: they read the plan's.
// In prose (a text with spaces), only the exported names count: the unexported ones (request) are English words too.
func TestNoFixedNameIsWrittenTwice(t *testing.T) {
	fixed := map[string]bool{}
	for _, name := range plan.FixedNames() {
		fixed[name] = true
	}
	if len(fixed) < 8 {
		t.Fatalf("plan.FixedNames: %v", plan.FixedNames())
	}
	found := func(where string, text string) {
		prose := strings.Contains(strings.TrimSpace(text), " ")
		for _, w := range word.FindAllString(text, -1) {
			if fixed[w] && (!prose || token.IsExported(w)) {
				t.Errorf("%s: %q writes the fixed name %s", where, text, w)
			}
		}
	}
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range sources {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				text, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				found(fset.Position(lit.Pos()).String(), text)
			}
			return true
		})
	}
	templates, err := filepath.Glob(filepath.Join(testspec.Root(), "templates", "channel", "*.tmpl"))
	if err != nil || len(templates) == 0 {
		t.Fatalf("no channel templates: %v", err)
	}
	// Outside the actions, a word after a dot is a member of another package or value (s.t.Send is the transport's).
	action, member := regexp.MustCompile(`(?s){{.*?}}`), regexp.MustCompile(`\.[A-Za-z_][A-Za-z0-9_]*`)
	for _, file := range templates {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			found(filepath.Base(file)+":"+strconv.Itoa(i+1), member.ReplaceAllString(action.ReplaceAllString(line, " "), " "))
		}
	}
}
