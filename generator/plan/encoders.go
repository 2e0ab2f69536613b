package plan

// encoding plans how a value of Go type typ is written.
func (t *apiTable) encoding(typ Type) *Encoding {
	switch basic := t.basic(typ); basic {
	case "string":
		return &Encoding{Kind: EncString}
	case "bool":
		return &Encoding{Kind: EncBool}
	case "int", "int8", "int16", "int32", "int64":
		return &Encoding{Kind: EncInt}
	case "float32", "float64":
		bits := 64
		if basic == "float32" {
			bits = 32
		}
		return &Encoding{Kind: EncFloat, Bits: bits}
	}
	switch {
	case t.isStruct(typ) && t.holdsUnion(typ.Name):
		return &Encoding{Kind: EncMirror}
	case t.isStruct(typ):
		return &Encoding{Kind: EncStruct, Encoder: typ.Name}
	case typ.Kind == Pointer:
		return &Encoding{Kind: EncNullable, Elem: t.pointee(*typ.Elem)}
	case typ.Kind == Slice:
		return &Encoding{Kind: EncSlice, Elem: t.encoding(*typ.Elem)}
	}
	return &Encoding{Kind: EncJSON}
}

// pointee plans how what a non-nil pointer points to is written: a struct or a mirror through the pointer itself,
// anything else dereferenced.
func (t *apiTable) pointee(elem Type) *Encoding {
	switch {
	case t.isStruct(elem) && t.holdsUnion(elem.Name):
		return &Encoding{Kind: EncMirror}
	case t.isStruct(elem):
		return &Encoding{Kind: EncStructPtr, Encoder: elem.Name}
	}
	return &Encoding{Kind: EncDeref, Elem: t.encoding(elem)}
}

// encoder plans the encoder of a component object.
func (t *apiTable) encoder(name string) *Encoder {
	enc := &Encoder{Name: name}
	for _, prop := range t.order[name] {
		field := t.structs[name][prop]
		ef := &EncodeField{JSON: prop, Field: field, Present: t.present(field)}
		switch {
		case ef.Present == Always:
			ef.Write = t.encoding(field.Type)
		case field.Optional():
			// Written only when present: the pointer is not nil (the slice it points to may still be nil).
			ef.Write = t.pointee(field.Elem())
		case field.Type.Kind == Slice:
			ef.Write = &Encoding{Kind: EncItems, Elem: t.encoding(*field.Type.Elem)}
		default:
			ef.Write = t.encoding(field.Type)
		}
		enc.Fields = append(enc.Fields, ef)
	}
	return enc
}
