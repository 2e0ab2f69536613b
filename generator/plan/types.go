package plan

import "strings"

// TypeKind is the shape of a Type.
type TypeKind int

// The shapes of types.
const (
	Builtin   TypeKind = iota // string, bool, int, float64, …
	Named                     // a type of a package: the api package's structs, enums and aliases
	Pointer                   // *Elem
	Slice                     // []Elem
	Map                       // map[Key]Elem
	Interface                 // interface{}
	Inline                    // a struct written inline, of an inline object schema
)

// Type is a Go type as the SDK spells it.
type Type struct {
	Kind TypeKind
	// Name is the builtin's or the named type's name; Pkg the named type's import path.
	Name, Pkg string
	Elem, Key *Type
}

// BuiltinType returns the builtin type name.
func BuiltinType(name string) Type { return Type{Kind: Builtin, Name: name} }

// String renders the type with its package's last element, such as "[]api.ListRow".
func (t Type) String() string {
	switch t.Kind {
	case Builtin:
		return t.Name
	case Named:
		return t.Pkg[strings.LastIndex(t.Pkg, "/")+1:] + "." + t.Name
	case Pointer:
		return "*" + t.Elem.String()
	case Slice:
		return "[]" + t.Elem.String()
	case Map:
		return "map[" + t.Key.String() + "]" + t.Elem.String()
	case Inline:
		return "struct{…}"
	default:
		return "interface{}"
	}
}

// Equal reports whether two types are the same.
func (t Type) Equal(u Type) bool {
	if t.Kind != u.Kind || t.Name != u.Name || t.Pkg != u.Pkg || (t.Elem == nil) != (u.Elem == nil) || (t.Key == nil) != (u.Key == nil) {
		return false
	}
	return (t.Elem == nil || t.Elem.Equal(*u.Elem)) && (t.Key == nil || t.Key.Equal(*u.Key))
}

// GoIdent is a Go identifier: the import path of its package and its name there, as protogen's GoIdent. The plan
// decides every name of the SDK as one, once; the renderers qualify it (not inside its own package).
type GoIdent struct {
	GoImportPath string
	GoName       string
}

// Type is the named type the identifier names.
func (id GoIdent) Type() Type { return Type{Kind: Named, Name: id.GoName, Pkg: id.GoImportPath} }
