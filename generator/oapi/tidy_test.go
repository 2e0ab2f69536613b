package oapi

import (
	"go/ast"
	"go/format"
	"go/token"
	"strconv"
	"testing"
)

// tidy removes the unused imports, whatever their name, keeps the used, blank and dot ones, closes up the lines it
// removes (no group is split), and formats the rest as gofmt does: imports sorted, number literals normalised.
func TestTidy(t *testing.T) {
	src := `// Code generated. DO NOT EDIT.

package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go.yaml.in/yaml/v3"
	"net/http"

	"github.com/oapi-codegen/runtime"
	openapi_types "github.com/oapi-codegen/runtime/types"
	_ "embed"
	"gopkg.in/check.v1"
)

// X is used.
type   X struct{ A json.RawMessage; B *http.Request }

func f() { fmt.Println(runtime.ParamLocationPath) }

const n = 0X1F + 1E5
`
	want := `// Code generated. DO NOT EDIT.

package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	_ "embed"
	"github.com/oapi-codegen/runtime"
)

// X is used.
type X struct {
	A json.RawMessage
	B *http.Request
}

func f() { fmt.Println(runtime.ParamLocationPath) }

const n = 0x1F + 1e5
`
	code, err := tidy([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got, err := code.Format()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("tidy wrote\n%s\nwant\n%s", got, want)
	}
	if formatted, err := format.Source(got); err != nil || string(formatted) != string(got) {
		t.Errorf("gofmt changes tidy's output (%v):\n%s", err, formatted)
	}
	if len(code.File.Imports) != 5 {
		t.Errorf("the syntax tree has %d imports, want the 5 kept", len(code.File.Imports))
	}
}

func TestImportName(t *testing.T) {
	for path, want := range map[string]string{"net/http": "http", "go.yaml.in/yaml/v3": "yaml", "gopkg.in/check.v1": "check",
		"github.com/oapi-codegen/runtime": "runtime", "github.com/x/go-openapi": "openapi"} {
		if got := importName(importSpec(path)); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}

func importSpec(path string) *ast.ImportSpec {
	return &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}}
}
