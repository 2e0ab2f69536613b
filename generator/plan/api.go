package plan

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// apiTable is what oapi-codegen emitted, read back from its source: for each type, its Go fields by JSON name. The
// plan addresses oapi-codegen's models through this table instead of guessing its naming rules. It is the only
// reader of oapi-codegen's output.
type apiTable struct {
	pkg     string // import path of the api package
	structs map[string]map[string]Field
	order   map[string][]string // JSON names of each struct's fields, in declaration order
	aliases map[string]Type     // type X = Y
	named   map[string]Type     // type X Y, for non-struct Y (enums)
	unions  map[string]bool     // oneOf types: struct{ union json.RawMessage }
	imports map[string]string   // the output's imports: package name (or alias) → path
	// goFields are the named fields of each struct by Go name, tagged or not (the responses' JSON200, …).
	goFields map[string]map[string]Type
	// funcs are the functions (and methods, as "Recv.Name"): their parameters, in order (without a variadic last
	// one), and their results.
	funcs map[string]funcSig
	// operations are oapi-codegen's names of the operations, by "METHOD /path", read from its doc comments.
	operations map[string]string
	held       map[string]bool // the types that hold a oneOf (see holdsUnion), computed on first use
	opaque     map[string]bool // structs with fields of no JSON name (unions, additional properties)
}

// readOperations reads oapi-codegen's names of the operations, by "METHOD /path", from the comment it writes above
// the client's method of each: "Corresponds with GET /path (the `Name` operationId)." after a summary, "Name
// performs a GET /path (the `Name` operationId)" without one. (A scan of lines: a regular expression over the whole
// output took a fifth of the plan's time.)
func readOperations(src []byte) map[string]string {
	ops := map[string]string{}
	for line := range bytes.Lines(src) {
		before, after, ok := bytes.Cut(line, []byte(" (the `"))
		if !ok {
			continue
		}
		name, rest, ok := bytes.Cut(after, []byte("` operationId)"))
		if !ok || len(rest) > 0 && rest[0] != '.' && rest[0] != ' ' && rest[0] != '\n' {
			continue
		}
		fields := bytes.Fields(before)
		if n := len(fields); n >= 4 && (string(fields[n-4]) == "Corresponds" && string(fields[n-3]) == "with" ||
			string(fields[n-4]) == "performs" && string(fields[n-3]) == "a") {
			ops[string(fields[n-2])+" "+string(fields[n-1])] = string(name)
		}
	}
	return ops
}

func readAPI(src []byte, file *ast.File, importPath string) (*apiTable, error) {
	if file == nil {
		var err error
		if file, err = parser.ParseFile(token.NewFileSet(), "api.gen.go", src, parser.SkipObjectResolution); err != nil {
			return nil, fmt.Errorf("reading oapi-codegen's output: %w", err)
		}
	}
	t := &apiTable{pkg: importPath, structs: map[string]map[string]Field{}, order: map[string][]string{},
		aliases: map[string]Type{}, named: map[string]Type{}, unions: map[string]bool{}, imports: map[string]string{},
		goFields: map[string]map[string]Type{}, funcs: map[string]funcSig{}, operations: readOperations(src), opaque: map[string]bool{}}
	for _, imp := range file.Imports {
		p := strings.Trim(imp.Path.Value, `"`)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		t.imports[name] = p
	}
	for _, decl := range file.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok {
			t.addFunc(fn)
			continue
		}
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE {
			continue
		}
		for _, spec := range gen.Specs {
			if err := t.add(spec.(*ast.TypeSpec)); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// add records one type declaration.
func (t *apiTable) add(ts *ast.TypeSpec) error {
	st, isStruct := ts.Type.(*ast.StructType)
	if !isStruct || ts.Assign.IsValid() {
		target, err := t.typeOf(ts.Type)
		if err != nil {
			return nil // a function type of the client, say: never a value of a request
		}
		if ts.Assign.IsValid() {
			t.aliases[ts.Name.Name] = target
		} else {
			t.named[ts.Name.Name] = target
		}
		return nil
	}
	fields, goFields := map[string]Field{}, map[string]Type{}
	t.goFields[ts.Name.Name] = goFields
	for _, f := range st.Fields.List {
		if len(f.Names) == 1 && f.Names[0].Name == "union" {
			t.unions[ts.Name.Name] = true
		}
		if typ, err := t.typeOf(f.Type); err == nil && len(f.Names) == 1 {
			goFields[f.Names[0].Name] = typ
		}
		if f.Tag == nil || len(f.Names) != 1 {
			t.opaque[ts.Name.Name] = true
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			t.opaque[ts.Name.Name] = true
			continue
		}
		typ, err := t.typeOf(f.Type)
		if err != nil {
			return fmt.Errorf("oapi-codegen's %s.%s: %w", ts.Name.Name, f.Names[0].Name, err)
		}
		fields[name] = Field{Name: f.Names[0].Name, JSON: name, Type: typ, OmitEmpty: strings.Contains(","+opts+",", ",omitempty,")}
		t.order[ts.Name.Name] = append(t.order[ts.Name.Name], name)
	}
	t.structs[ts.Name.Name] = fields
	return nil
}

// addFunc records a function's parameters (a method as "Recv.Name"); one whose types the SDK cannot use is left out.
func (t *apiTable) addFunc(fn *ast.FuncDecl) {
	name := fn.Name.Name
	if fn.Recv != nil && len(fn.Recv.List) == 1 {
		recv := fn.Recv.List[0].Type
		if star, ok := recv.(*ast.StarExpr); ok {
			recv = star.X
		}
		if id, ok := recv.(*ast.Ident); ok {
			name = id.Name + "." + name
		}
	}
	var sig funcSig
	for _, p := range fn.Type.Params.List {
		if _, variadic := p.Type.(*ast.Ellipsis); variadic {
			continue
		}
		typ, err := t.typeOf(p.Type)
		if err != nil {
			return
		}
		for _, n := range p.Names {
			sig.params = append(sig.params, Field{Name: n.Name, Type: typ})
		}
	}
	for _, r := range resultsOf(fn) {
		typ, err := t.typeOf(r.Type)
		if err != nil {
			return
		}
		sig.results = append(sig.results, typ)
	}
	t.funcs[name] = sig
}

func resultsOf(fn *ast.FuncDecl) []*ast.Field {
	if fn.Type.Results == nil {
		return nil
	}
	return fn.Type.Results.List
}

// funcSig is the signature of a function of oapi-codegen's output.
type funcSig struct {
	params  []Field
	results []Type
}

// typeOf converts a type expression of oapi-codegen's output.
func (t *apiTable) typeOf(e ast.Expr) (Type, error) {
	elem := func(x ast.Expr, kind TypeKind) (Type, error) {
		inner, err := t.typeOf(x)
		return Type{Kind: kind, Elem: &inner}, err
	}
	switch e := e.(type) {
	case *ast.Ident:
		if isBuiltin(e.Name) {
			return BuiltinType(e.Name), nil
		}
		return Type{Kind: Named, Name: e.Name, Pkg: t.pkg}, nil
	case *ast.StarExpr:
		return elem(e.X, Pointer)
	case *ast.ArrayType:
		return elem(e.Elt, Slice)
	case *ast.MapType:
		key, err := t.typeOf(e.Key)
		if err != nil {
			return Type{}, err
		}
		m, err := elem(e.Value, Map)
		m.Key = &key
		return m, err
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && t.imports[x.Name] != "" {
			return Type{Kind: Named, Name: e.Sel.Name, Pkg: t.imports[x.Name]}, nil
		}
	case *ast.InterfaceType:
		return Type{Kind: Interface}, nil
	case *ast.StructType:
		return Type{Kind: Inline}, nil // an inline object schema: the plan refuses it where it is used
	}
	return Type{}, fmt.Errorf("a type the SDK cannot use (%T)", e)
}

// ident is the identifier of a type of the api package.
func (t *apiTable) ident(name string) GoIdent { return GoIdent{GoImportPath: t.pkg, GoName: name} }

// field returns the Go field of a JSON property of an api struct.
func (t *apiTable) field(typeName, property string) (Field, error) {
	fields, ok := t.structs[typeName]
	if !ok {
		return Field{}, fmt.Errorf("oapi-codegen emitted no struct %s", typeName)
	}
	f, ok := fields[property]
	if !ok {
		return Field{}, fmt.Errorf("oapi-codegen's %s has no field for property %q", typeName, property)
	}
	return f, nil
}

// holdsUnion reports whether values of the api type name hold a oneOf: it is one, or a field of it holds one
// (through pointers, slices, maps and aliases). The channel packages mirror such types (see Mirror).
func (t *apiTable) holdsUnion(name string) bool {
	t.findHeld()
	return t.held[name]
}

// typeHoldsUnion reports whether a Go type is, or is made of, an api type that holds a oneOf.
func (t *apiTable) typeHoldsUnion(typ Type) bool {
	t.findHeld()
	return t.refersToHeld(typ)
}

// findHeld finds, once, the api types that hold a oneOf.
func (t *apiTable) findHeld() {
	if t.held == nil {
		// A fixed point rather than a memoized walk, which would get recursive types wrong.
		t.held = map[string]bool{}
		for n := range t.unions {
			t.held[n] = true
		}
		for changed := true; changed; {
			changed = false
			for n, fields := range t.structs {
				for _, f := range fields {
					if !t.held[n] && t.refersToHeld(f.Type) {
						t.held[n], changed = true, true
					}
				}
			}
		}
	}
}

// refersToHeld reports whether a type is, or is made of, a type holdsUnion has found so far.
func (t *apiTable) refersToHeld(typ Type) bool {
	switch typ.Kind {
	case Named:
		if target, ok := t.aliases[typ.Name]; ok && typ.Pkg == t.pkg {
			return t.refersToHeld(target)
		}
		return typ.Pkg == t.pkg && t.held[typ.Name]
	case Pointer, Slice, Map:
		return t.refersToHeld(*typ.Elem)
	}
	return false
}

// structName is the api struct (or oneOf) a Go type is made of, through pointers, slices, maps and aliases, or "".
func (t *apiTable) structName(typ Type) string {
	switch typ.Kind {
	case Named:
		if target, ok := t.aliases[typ.Name]; ok && typ.Pkg == t.pkg {
			return t.structName(target)
		}
		if t.isStruct(typ) {
			return typ.Name
		}
	case Pointer, Slice, Map:
		return t.structName(*typ.Elem)
	}
	return ""
}

// comparable reports whether == on values of typ is deep equality, as uniqueItems means: a builtin value, or a
// struct of them, with no pointer, slice, map or interface inside.
func (t *apiTable) comparable(typ Type) bool {
	switch basic := t.basic(typ); basic {
	case "any", "error":
		return false
	case "":
	default:
		return true
	}
	if !t.isStruct(typ) || t.opaque[typ.Name] {
		return false
	}
	for _, f := range t.structs[typ.Name] {
		if !t.comparable(f.Type) {
			return false
		}
	}
	return true
}

// isStruct reports whether a type is a struct of the api package (unions included).
func (t *apiTable) isStruct(typ Type) bool {
	return typ.Kind == Named && typ.Pkg == t.pkg && t.structs[typ.Name] != nil
}

// plain is the type with aliases of builtin types (type MediaURL = string) resolved, for parameters users pass.
func (t *apiTable) plain(typ Type) Type {
	switch typ.Kind {
	case Named:
		if target, ok := t.aliases[typ.Name]; ok && typ.Pkg == t.pkg && target.Kind == Builtin {
			return target
		}
	case Slice:
		elem := t.plain(*typ.Elem)
		return Type{Kind: Slice, Elem: &elem}
	}
	return typ
}

// basic resolves aliases and named non-struct types to a builtin type name ("string", "float64", …), or "".
func (t *apiTable) basic(typ Type) string {
	for i := 0; i < 10; i++ {
		switch {
		case typ.Kind == Builtin:
			return typ.Name
		case typ.Kind != Named || typ.Pkg != t.pkg:
			return ""
		}
		if target, ok := t.aliases[typ.Name]; ok {
			typ = target
		} else if target, ok := t.named[typ.Name]; ok {
			typ = target
		} else {
			return ""
		}
	}
	return ""
}

// present returns the condition under which omitempty writes a field.
func (t *apiTable) present(f Field) Presence {
	if !f.OmitEmpty {
		return Always
	}
	switch f.Type.Kind {
	case Pointer, Map, Interface:
		return NotNil
	case Slice:
		return NotEmpty
	}
	if f.Type.Kind == Named && f.Type.Pkg != t.pkg {
		return Always
	}
	switch t.basic(f.Type) {
	case "string":
		return NotEmptyString
	case "bool":
		return IsTrue
	case "":
		return Always
	default:
		return NotZero
	}
}

func isBuiltin(name string) bool {
	switch name {
	case "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
		"float32", "float64", "byte", "rune", "any", "error":
		return true
	}
	return false
}

// API is what oapi-codegen emitted into the SDK's api package, as the plan read it: its structs, their fields and
// the types they are made of. Package fixture derives sample values from it.
type API struct{ t *apiTable }

// Import is the api package's import path.
func (a API) Import() string { return a.t.pkg }

// Field returns the Go field of a JSON property of an api struct.
func (a API) Field(typeName, property string) (Field, error) { return a.t.field(typeName, property) }

// Fields returns the fields of an api struct that have a JSON name, in declaration order.
func (a API) Fields(typeName string) []Field {
	out := make([]Field, 0, len(a.t.order[typeName]))
	for _, prop := range a.t.order[typeName] {
		out = append(out, a.t.structs[typeName][prop])
	}
	return out
}

// IsStruct reports whether a type is a struct of the api package (unions included).
func (a API) IsStruct(typ Type) bool { return a.t.isStruct(typ) }

// IsUnion reports whether the api type name is a oneOf.
func (a API) IsUnion(name string) bool { return a.t.unions[name] }

// StructName is the api struct (or oneOf) a Go type is made of, through pointers, slices, maps and aliases, or "".
func (a API) StructName(typ Type) string { return a.t.structName(typ) }

// Plain is the type with aliases of builtin types resolved, as users pass it.
func (a API) Plain(typ Type) Type { return a.t.plain(typ) }

// Basic resolves aliases and named non-struct types to a builtin type name ("string", "float64", …), or "".
func (a API) Basic(typ Type) string { return a.t.basic(typ) }
