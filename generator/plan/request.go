package plan

import (
	"fmt"
	"sort"
)

// request plans the send body: the checks of from and to, and one send option per other optional property.
func (cp *channelPlanner) request() error {
	inputName := cp.ch.InputSchema
	input := cp.doc.T.Components.Schemas[inputName].Value
	var extras []string
	for prop := range input.Properties {
		if prop != "from" && prop != "to" && prop != "content" {
			extras = append(extras, prop)
		}
	}
	sort.Strings(extras)
	r := &cp.out.Request
	for _, prop := range extras {
		if err := cp.sendOption(inputName, prop); err != nil {
			return err
		}
	}
	for _, prop := range []string{"from", "to"} {
		checks, err := cp.checker.checks(BuiltinType("string"), input.Properties[prop], propPointer(inputName, prop))
		if err != nil {
			return err
		}
		if prop == "from" {
			r.From = checks
		} else {
			r.To, r.ToSchema = checks, input.Properties[prop]
		}
	}
	r.FromHelpers = fromNames(cp.ch)
	for _, b := range cp.out.Builders {
		r.KindNames = append(r.KindNames, b.Name.GoName)
	}
	return nil
}

// sendOption plans the send option setting the optional property prop of the send body.
func (cp *channelPlanner) sendOption(inputName, prop string) error {
	at := propPointer(inputName, prop)
	ref := cp.doc.T.Components.Schemas[inputName].Value.Properties[prop]
	schema := componentOf(ref)
	if schema == "" || !isObject(ref.Value) {
		return cp.doc.ErrorAt(at, fmt.Sprintf("%s.%s: send options must be component objects", inputName, prop))
	}
	name := cp.pl.optionName(inputName, prop)
	if err := cp.names.declare(name, "the send option "+name, cp.pl.optionPointer(inputName, prop)); err != nil {
		return err
	}
	core, err := cp.build(schema)
	if err != nil {
		return err
	}
	if len(core.Options) > 0 {
		return cp.doc.ErrorAt(schemaPointer(schema),
			fmt.Sprintf("send option %s: %s has optional properties, which send options do not support", name, schema))
	}
	core.Name = cp.ident(name)
	core.Doc = fmt.Sprintf("%s sets `%s`: %s", name, prop, sentenceOr(ref.Value.Description, ""))
	b := &SendOptionBuilder{Builder: *core, Field: local(prop)}
	cp.out.SendOptions = append(cp.out.SendOptions, b)
	cp.out.Request.Extras = append(cp.out.Request.Extras, &Extra{JSON: prop, Field: exported(prop), Option: b, Validator: schema,
		Encoder: schema})
	return nil
}
