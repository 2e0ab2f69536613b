package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// eventIdentity renders package webhook's identity.gen.go: the function returning the EventStore key of an event's
// identity, as the document's identity rules give it.
func (r *renderer) eventIdentity(in *plan.Inbound) error {
	f := r.newFile(plan.WebhookDir, "webhook", "")
	var cases, described []jen.Code
	for _, id := range in.Identities {
		if id.Event != "" {
			cases = append(cases, jen.Case(jen.Id("ev").Dot(id.Event).Op("!=").Nil()).Block(r.identityOf(in, id)...))
		} else {
			described = append(described, jen.Case(jen.Id("ev").Dot("Type").Op("==").Lit(id.EventType)).Block(r.identityOf(in, id)...))
		}
	}
	doc(f, in.IdentityDoc)
	f.Func().Id(in.IdentityFunc).Params(jen.Id("ev").Op("*").Id("Event")).Params(jen.String(), jen.Bool()).Block(
		jen.Switch().Block(append(cases, described...)...),
		jen.Return(jen.Lit(""), jen.False()),
	)
	return r.save(plan.WebhookDir+"/identity.gen.go", f)
}

// identityOf renders the statements that return the identity of one rule's events.
func (r *renderer) identityOf(in *plan.Inbound, id *plan.EventIdentity) []jen.Code {
	var out []jen.Code
	var lacks []jen.Code
	switch id.Event {
	case "Message":
		out = append(out, jen.Id("v").Op(":=").Op("&").Id("ev").Dot("Message").Dot(id.Schema))
	case "":
		out = append(out, jen.Id("v").Op(":=").New(r.api(id.Schema)))
		lacks = append(lacks, jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("ev").Dot("Raw"), jen.Id("v")).Op("!=").Nil())
	default:
		out = append(out, jen.Id("v").Op(":=").Id("ev").Dot(id.Event))
	}
	values := []jen.Code{jen.Lit(id.EventType)}
	for i, fd := range id.Fields {
		field := jen.Id("v").Dot(fd.Name)
		if fd.Optional() {
			lacks = append(lacks, field.Clone().Op("==").Nil())
			field = jen.Op("*").Add(field)
		}
		switch {
		case id.Basics[i] == "string":
			lacks = append(lacks, field.Clone().Op("==").Lit(""))
			if fd.Elem().Kind == plan.Named {
				field = jen.String().Call(field)
			}
		default:
			field = jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(field), jen.Lit(10))
		}
		values = append(values, field)
	}
	if len(lacks) > 0 {
		cond := lacks[0]
		for _, c := range lacks[1:] {
			cond = jen.Add(cond).Op("||").Add(c)
		}
		out = append(out, jen.If(cond).Block(jen.Return(jen.Lit(""), jen.False())))
	}
	return append(out, jen.Return(jen.Id(in.IdentityKey).Call(values...), jen.True()))
}
