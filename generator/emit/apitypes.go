package emit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/dave/jennifer/jen"
)

// apiTypes is what oapi-codegen emitted, read back from its source: for each type, its Go fields by JSON name.
// The emitters address oapi-codegen's models through this table instead of guessing its naming rules.
type apiTypes struct {
	pkg     string // import path of the api package
	structs map[string]map[string]apiField
	order   map[string][]string // JSON names of each struct's fields, in declaration order
	aliases map[string]ast.Expr // type X = Y
	named   map[string]ast.Expr // type X Y, for non-struct Y (enums)
	unions  map[string]bool     // oneOf types: struct{ union json.RawMessage }
}

type apiField struct {
	Name      string
	JSON      string
	Type      ast.Expr
	OmitEmpty bool
}

// Optional reports whether the field is a pointer, which is how oapi-codegen marks an optional property.
func (f apiField) Optional() bool {
	_, ok := f.Type.(*ast.StarExpr)
	return ok
}

// Elem is the field's type without the pointer of an optional property.
func (f apiField) Elem() ast.Expr {
	if s, ok := f.Type.(*ast.StarExpr); ok {
		return s.X
	}
	return f.Type
}

// present returns the condition under which omitempty writes a field, or nil when it always does.
func (t *apiTypes) present(f apiField, access *jen.Statement) jen.Code {
	if !f.OmitEmpty {
		return nil
	}
	switch id := f.Type.(type) {
	case *ast.StarExpr, *ast.MapType, *ast.InterfaceType:
		return access.Clone().Op("!=").Nil()
	case *ast.ArrayType:
		return jen.Len(access.Clone()).Op("!=").Lit(0)
	case *ast.Ident:
		switch t.basic(id) {
		case "string":
			return access.Clone().Op("!=").Lit("")
		case "bool":
			return access.Clone()
		case "":
			return nil
		default:
			return access.Clone().Op("!=").Lit(0)
		}
	}
	return nil
}

func parseAPITypes(src []byte, importPath string) (*apiTypes, error) {
	file, err := parser.ParseFile(token.NewFileSet(), "api.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("reading oapi-codegen's output: %w", err)
	}
	t := &apiTypes{pkg: importPath, structs: map[string]map[string]apiField{}, order: map[string][]string{}, aliases: map[string]ast.Expr{}, named: map[string]ast.Expr{}, unions: map[string]bool{}}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE {
			continue
		}
		for _, spec := range gen.Specs {
			ts := spec.(*ast.TypeSpec)
			if ts.Assign.IsValid() {
				t.aliases[ts.Name.Name] = ts.Type
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				t.named[ts.Name.Name] = ts.Type
				continue
			}
			fields := map[string]apiField{}
			for _, f := range st.Fields.List {
				if len(f.Names) == 1 && f.Names[0].Name == "union" {
					t.unions[ts.Name.Name] = true
				}
				if f.Tag == nil || len(f.Names) != 1 {
					continue
				}
				tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json")
				name, opts, _ := strings.Cut(tag, ",")
				if name != "" && name != "-" {
					fields[name] = apiField{Name: f.Names[0].Name, JSON: name, Type: f.Type, OmitEmpty: strings.Contains(","+opts+",", ",omitempty,")}
					t.order[ts.Name.Name] = append(t.order[ts.Name.Name], name)
				}
			}
			t.structs[ts.Name.Name] = fields
		}
	}
	return t, nil
}

// field returns the Go field of a JSON property of an api struct.
func (t *apiTypes) field(typeName, property string) (apiField, error) {
	fields, ok := t.structs[typeName]
	if !ok {
		return apiField{}, fmt.Errorf("oapi-codegen emitted no struct %s", typeName)
	}
	f, ok := fields[property]
	if !ok {
		return apiField{}, fmt.Errorf("oapi-codegen's %s has no field for property %q", typeName, property)
	}
	return f, nil
}

// code renders a type expression of the api package for use in another package, qualifying its named types.
func (t *apiTypes) code(e ast.Expr) jen.Code {
	switch e := e.(type) {
	case *ast.Ident:
		if isBuiltin(e.Name) {
			return jen.Id(e.Name)
		}
		return jen.Qual(t.pkg, e.Name)
	case *ast.StarExpr:
		return jen.Op("*").Add(t.code(e.X))
	case *ast.ArrayType:
		return jen.Index().Add(t.code(e.Elt))
	case *ast.MapType:
		return jen.Map(t.code(e.Key)).Add(t.code(e.Value))
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && x.Name == "openapi_types" {
			return jen.Qual("github.com/oapi-codegen/runtime/types", e.Sel.Name)
		}
	case *ast.InterfaceType:
		return jen.Interface()
	}
	return jen.Id(fmt.Sprintf("/* unsupported %T */", e))
}

// plain is code, with aliases of builtin types (type MediaURL = string) resolved, for parameters users pass.
func (t *apiTypes) plain(e ast.Expr) jen.Code {
	if id, ok := e.(*ast.Ident); ok {
		if target, ok := t.aliases[id.Name]; ok {
			if tid, ok := target.(*ast.Ident); ok && isBuiltin(tid.Name) {
				return jen.Id(tid.Name)
			}
		}
	}
	if a, ok := e.(*ast.ArrayType); ok {
		return jen.Index().Add(t.plain(a.Elt))
	}
	return t.code(e)
}

func isBuiltin(name string) bool {
	switch name {
	case "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
		"float32", "float64", "byte", "rune", "any", "error":
		return true
	}
	return false
}

// basic resolves aliases and named non-struct types to a builtin type name ("string", "float64", …), or "".
func (t *apiTypes) basic(e ast.Expr) string {
	for i := 0; i < 10; i++ {
		id, ok := e.(*ast.Ident)
		if !ok {
			return ""
		}
		if isBuiltin(id.Name) {
			return id.Name
		}
		if target, ok := t.aliases[id.Name]; ok {
			e = target
			continue
		}
		if target, ok := t.named[id.Name]; ok {
			e = target
			continue
		}
		return ""
	}
	return ""
}
