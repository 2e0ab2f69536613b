package plan

import (
	"fmt"

	"github.com/chatt2me/chatt2me-go/generator/model"
)

// The benchmark matrix of a channel package (bench.gen_test.go): every content kind, built with representative
// values (every option, of nested values too, arrays of two or three items, the variants of a oneOf in turn),
// validated and encoded by MarshalRequest, beside the same body as a team would write it by hand: plain structs,
// marshalled with encoding/json. The baseline's structs are the document's objects with builtin types and the api
// structs' pointers and omitempty, and each oneOf one struct with the fields of all its variants, in the order of
// their names, as the API receives them. A test of the matrix checks that both sides write the same bytes.

// Bench is one cell of the matrix.
type Bench struct {
	Kind    string // the builder
	Content Call   // the SDK's content
	// Type is the baseline's struct of the content, Body its value: the content the builder call sends.
	Type Type
	Body *Node
	Err  error // why the kind has no cell
}

// BaseType is a struct of the baseline.
type BaseType struct {
	Name   string // such as "baseTemplateComponent"
	API    string // the api type it is written for
	Fields []*BaseField
}

// BaseField is a field of a baseline struct.
type BaseField struct {
	Name, JSON string
	// Type is a builtin, a pointer, slice or map, a type of another package, or a BaseType (Named, in the package of
	// the benchmark file).
	Type      Type
	OmitEmpty bool
}

// Node is a value of a baseline body: a literal (string, int64, float64 or bool), the fields of an object by JSON
// name, or the items of an array.
type Node struct {
	Lit    any
	Fields map[string]*Node
	Items  []*Node
}

// benchPlanner plans the matrix of one channel.
type benchPlanner struct {
	cp    *channelPlanner
	pkg   string              // the package of the benchmark file
	calls map[string]*Builder // the builders and constructors, by name
	types map[string]*BaseType
}

// benches plans the matrix: a cell per builder, the from and to of every send.
func (cp *channelPlanner) benches() {
	s := newSampler(cp.api, cp.out)
	s.bench = true
	bp := &benchPlanner{cp: cp, pkg: cp.channelPkg() + "_test", calls: map[string]*Builder{}, types: map[string]*BaseType{}}
	for _, b := range append(append([]*Builder{}, cp.out.Builders...), cp.out.Constructors...) {
		bp.calls[b.Name] = b
	}
	for _, b := range cp.out.Builders {
		bench := &Bench{Kind: b.Name}
		bench.Content, bench.Err = s.call(b, true)
		if bench.Err == nil {
			bench.Type, bench.Err = bp.baseType(Type{Kind: Named, Name: b.Type, Pkg: cp.api.pkg})
		}
		if bench.Err == nil {
			bench.Body = bp.evalCall(&bench.Content)
		}
		cp.out.Benches = append(cp.out.Benches, bench)
	}
	for _, name := range sortedKeys(bp.types) {
		cp.out.BaseTypes = append(cp.out.BaseTypes, bp.types[name])
	}
	cp.out.BenchFrom, cp.out.BenchFromSent = cp.out.SampleFrom, ""
	for _, h := range cp.out.From {
		if h.Name == cp.out.SampleFrom.Func {
			cp.out.BenchFromSent = fmt.Sprint(cp.out.SampleFrom.Args[0].Lit)
			if h.Shape != model.ShapeUUID {
				var input string
				input, cp.out.BenchFromSent = helperSample(h)
				cp.out.BenchFrom = Call{Func: h.Name, Args: []Value{{Kind: LitValue, Lit: input}}}
			}
		}
	}
}

// baseType is the baseline's type for the api type typ: builtin types for the api's enums and aliases, and a
// BaseType for each object and oneOf.
func (bp *benchPlanner) baseType(typ Type) (Type, error) {
	switch typ.Kind {
	case Pointer, Slice, Map:
		elem, err := bp.baseType(*typ.Elem)
		typ.Elem = &elem
		return typ, err
	case Named:
		if basic := bp.cp.api.basic(typ); basic != "" {
			return BuiltinType(basic), nil
		}
		if name := bp.cp.api.structName(typ); name != "" {
			return Type{Kind: Named, Name: "base" + name, Pkg: bp.pkg}, bp.declare(name)
		}
	}
	return typ, nil // a type of another package, as it is
}

// declare plans the BaseType of an api object or oneOf, once.
func (bp *benchPlanner) declare(name string) error {
	if bp.types[name] != nil {
		return nil
	}
	bt := &BaseType{Name: "base" + name, API: name}
	bp.types[name] = bt
	if !bp.cp.api.unions[name] {
		for _, prop := range bp.cp.api.order[name] {
			f := bp.cp.api.structs[name][prop]
			t, err := bp.baseType(f.Type)
			if err != nil {
				return err
			}
			bt.Fields = append(bt.Fields, &BaseField{Name: f.Name, JSON: prop, Type: t, OmitEmpty: f.OmitEmpty})
		}
		return nil
	}
	// A oneOf by hand: the fields of every variant, each optional, in the order of their names.
	s, err := bp.cp.pl.schema(name)
	if err != nil {
		return err
	}
	byJSON := map[string]*BaseField{}
	for _, ref := range s.OneOf {
		variant := componentOf(ref)
		for _, prop := range bp.cp.api.order[variant] {
			f := bp.cp.api.structs[variant][prop]
			t, err := bp.baseType(f.Type)
			if err != nil {
				return err
			}
			if t.Kind == Named && t.Pkg == bp.pkg {
				elem := t
				t = Type{Kind: Pointer, Elem: &elem}
			}
			if other := byJSON[prop]; other != nil && !other.Type.Equal(t) {
				return fmt.Errorf("the variants of %s give %q different types", name, prop)
			}
			byJSON[prop] = &BaseField{Name: f.Name, JSON: prop, Type: t, OmitEmpty: true}
		}
	}
	for _, prop := range sortedKeys(byJSON) {
		bt.Fields = append(bt.Fields, byJSON[prop])
	}
	return nil
}

// evalCall is the JSON value a sample call of a builder or constructor makes.
func (bp *benchPlanner) evalCall(c *Call) *Node {
	b := bp.calls[c.Func]
	n := &Node{Fields: map[string]*Node{}}
	for _, k := range b.Consts {
		n.set(k.Path, &Node{Lit: k.Value.Value})
	}
	for i, p := range b.Params {
		n.set(p.Path, bp.eval(c.Args[i]))
	}
	for _, arg := range c.Args[len(b.Params):] {
		var use *OptionUse
		for _, o := range b.Options {
			if o.Option == arg.Call.Func {
				use = o
			}
		}
		var v *Node
		switch use.Kind {
		case OptionVariadic:
			v = &Node{Items: []*Node{}}
			for _, a := range arg.Call.Args {
				v.Items = append(v.Items, bp.eval(a))
			}
		case OptionInObject:
			v = &Node{Fields: map[string]*Node{use.Wrap.Field.JSON: bp.eval(arg.Call.Args[0])}}
		default:
			v = bp.eval(arg.Call.Args[0])
		}
		n.set(use.Path, v)
	}
	return n
}

// eval is the JSON value of a sample value.
func (bp *benchPlanner) eval(v Value) *Node {
	switch v.Kind {
	case CallValue:
		return bp.evalCall(v.Call)
	case SliceValue:
		n := &Node{Items: []*Node{}}
		for _, item := range v.Items {
			n.Items = append(n.Items, bp.eval(item))
		}
		return n
	}
	return &Node{Lit: v.Lit}
}

// set puts v at path, making the objects on the way.
func (n *Node) set(path []Field, v *Node) {
	for _, f := range path[:len(path)-1] {
		child := n.Fields[f.JSON]
		if child == nil {
			child = &Node{Fields: map[string]*Node{}}
			n.Fields[f.JSON] = child
		}
		n = child
	}
	n.Fields[path[len(path)-1].JSON] = v
}

// channelPkg is the import path of the channel package.
func (cp *channelPlanner) channelPkg() string {
	return cp.api.pkg[:len(cp.api.pkg)-len(APIDir)] + cp.out.Package.Dir
}
