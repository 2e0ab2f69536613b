package plan

import (
	"fmt"
	"strings"
)

// String prints the plan as text: what SDK the spec gives, package by package, one line per declaration.
func (s *SDK) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sdk %s\n", s.ImportPath)
	fmt.Fprintf(&b, "package %s: DefaultBaseURL %s, Version %s\n", RootDir, s.Root.BaseURL, s.Root.Version)
	for _, st := range s.Root.Statuses {
		fmt.Fprintf(&b, "  const %s Status = %q\n", st.Name, st.Value)
	}
	for _, ch := range s.Channels {
		fmt.Fprintf(&b, "  field %s *%s.%s\n", ch.Field, ch.Package.Name, ch.Fixed.Sender.GoName)
	}
	for _, g := range s.Groups {
		printGroup(&b, g)
	}
	printReply(&b, s.Reply)
	printRetryFailed(&b, s.RetryFailed)
	for _, ch := range s.Channels {
		printChannel(&b, ch)
	}
	fmt.Fprintf(&b, "package validate\n")
	for _, v := range s.Validators {
		printValidator(&b, v)
	}
	printPatterns(&b, s.ValidatePatterns)
	fmt.Fprintf(&b, "package encode\n")
	for _, e := range s.Encoders {
		printEncoder(&b, e)
	}
	if s.Inbound != nil {
		printInbound(&b, s.Inbound)
	}
	return b.String()
}

func printChannel(b *strings.Builder, ch *Channel) {
	fmt.Fprintf(b, "package %s: %s, %s %s, accepted %s", ch.Package.Name, ch.Name, ch.Method, ch.Path, ch.AcceptedStatus)
	if ch.RequiresSession {
		b.WriteString(", requires a session")
	}
	b.WriteString("\n")
	for _, h := range ch.From {
		printHelper(b, "from", h)
	}
	if ch.To != nil {
		printHelper(b, "to", ch.To)
	}
	for _, bl := range ch.Builders {
		printBuilder(b, "builder", &bl.Builder, ch.Fixed.Content.GoName)
	}
	for _, bl := range ch.SendOptions {
		printBuilder(b, "send option", &bl.Builder, ch.Fixed.SendOption.GoName)
	}
	var adoptable []string
	for _, bl := range ch.Adoptable {
		adoptable = append(adoptable, bl.Name.GoName)
	}
	fmt.Fprintf(b, "  func %s(v any) (%s, bool): %s\n", ch.Fixed.ContentOf.GoName, ch.Fixed.Content.GoName,
		orNone(strings.Join(adoptable, ", ")))
	for _, c := range ch.Constructors {
		result := "api." + c.Core().Type.GoName
		switch c := c.(type) {
		case *ObjectConstructor:
			if c.Mirror != nil {
				result = c.Mirror.Name.GoName
			}
		case *VariantConstructor:
			result = "api." + c.Union.GoName
			if c.UnionMirror != nil {
				result = c.UnionMirror.Name.GoName
			}
		}
		printBuilder(b, "constructor", c.Core(), result)
	}
	for _, m := range ch.Mirrors {
		printMirror(b, m)
	}
	for _, set := range ch.OptionSets {
		var options []string
		for _, o := range set.Options {
			options = append(options, o.Name.GoName)
		}
		fmt.Fprintf(b, "  option set %s of %s: %s\n", set.Name.GoName, set.Target.GoName, strings.Join(options, ", "))
	}
	for _, o := range ch.Options {
		value := o.Value.String()
		if o.Kind == OptionVariadic {
			value = "..." + value
		}
		var sets []string
		for _, set := range o.Sets {
			sets = append(sets, set.Name.GoName)
		}
		fmt.Fprintf(b, "  option %s(%s) in %s\n", o.Name.GoName, value, strings.Join(sets, ", "))
	}
	req := ch.Request
	var extras []string
	for _, x := range req.Extras {
		extras = append(extras, x.JSON+" by "+x.Option.Name.GoName)
	}
	if len(extras) == 0 {
		extras = []string{"none"}
	}
	fmt.Fprintf(b, "  request: from%s; to%s; send options %s\n", orNone(printChecks(req.From)), orNone(printChecks(req.To)),
		strings.Join(extras, ", "))
	printPatterns(b, ch.Patterns)
}

// printMirror prints a mirror: its variants (value → type), or its fields, each with its checks.
func printMirror(b *strings.Builder, m *Mirror) {
	var parts []string
	for _, v := range m.Variants {
		parts = append(parts, v.Value+" → "+v.Type.String())
	}
	if m.Validator != nil {
		checks := map[string]string{}
		for _, fc := range m.Validator.Fields {
			checks[fc.JSON] = printChecks(fc.Checks)
		}
		for _, f := range m.Fields {
			parts = append(parts, f.JSON+" "+f.Type.String()+checks[f.JSON])
		}
	}
	fmt.Fprintf(b, "  type %s for api.%s: %s\n", m.Name.GoName, m.API.GoName, strings.Join(parts, "; "))
}

func printHelper(b *strings.Builder, what string, h *Helper) {
	fmt.Fprintf(b, "  %s %s(%s string): %s", what, h.Name.GoName, h.Arg, h.Shape)
	if h.Prefix != "" {
		fmt.Fprintf(b, ", prefix %q (kept: %v)", h.Prefix, h.KeepPrefix)
	}
	if h.Pattern != nil {
		fmt.Fprintf(b, ", %s", h.Pattern.Var)
	}
	b.WriteString("\n")
}

// printBuilder prints a builder of the role what, which returns result.
func printBuilder(b *strings.Builder, what string, bl *Builder, result string) {
	var params []string
	for _, p := range bl.Params {
		params = append(params, p.Name+" "+p.Type.String()+" ("+jsonPath(p.Path)+")")
	}
	if bl.OptionSet != nil {
		params = append(params, "opts ..."+bl.OptionSet.Name.GoName)
	}
	fmt.Fprintf(b, "  %s %s(%s) %s of %s", what, bl.Name.GoName, strings.Join(params, ", "), result, bl.Type.GoName)
	for _, c := range bl.Consts {
		fmt.Fprintf(b, ", %s = %v", jsonPath(c.Path), c.Value.Value)
	}
	var options []string
	for _, o := range bl.Options {
		options = append(options, o.Option.Name.GoName+" ("+jsonPath(o.Path)+")")
	}
	if len(options) > 0 {
		fmt.Fprintf(b, "; options %s", strings.Join(options, ", "))
	}
	b.WriteString("\n")
}

func printValidator(b *strings.Builder, v *Validator) {
	var fields []string
	for _, fc := range v.Fields {
		fields = append(fields, fc.JSON+printChecks(fc.Checks))
	}
	if len(fields) == 0 {
		fields = []string{"no limits"}
	}
	fmt.Fprintf(b, "  %s: %s\n", v.Name, strings.Join(fields, "; "))
}

// orNone is checks as printChecks gives them, or " unchecked".
func orNone(checks string) string {
	if checks == "" {
		return " unchecked"
	}
	return checks
}

// printChecks prints checks as " rule rule …".
func printChecks(checks []*Check) string {
	var out []string
	for _, c := range checks {
		switch c.Rule {
		case Nested:
			out = append(out, c.Validator)
		case StringLength, Items:
			out = append(out, fmt.Sprintf("%s[%d,%d]", map[Rule]string{StringLength: "length", Items: "items"}[c.Rule], c.Min, c.Max))
		case OneOf:
			out = append(out, "oneof("+strings.Join(c.Values, "|")+")")
		case Format:
			out = append(out, "format("+c.Format+")")
		case Match:
			out = append(out, "match("+c.Pattern.Var+")")
		case Number:
			out = append(out, fmt.Sprintf("number[%s,%s]", bound(c.HasMin, c.MinNum), bound(c.HasMax, c.MaxNum)))
		case Bool:
			out = append(out, fmt.Sprint(c.Bool))
		case Unique:
			out = append(out, "unique")
		case Each:
			out = append(out, "each{"+strings.TrimSpace(printChecks(c.Items))+"}")
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, " ")
}

func bound(has bool, v float64) string {
	if !has {
		return "-"
	}
	return fmt.Sprint(v)
}

func printEncoder(b *strings.Builder, e *Encoder) {
	var fields []string
	for _, ef := range e.Fields {
		fields = append(fields, ef.JSON)
	}
	fmt.Fprintf(b, "  %s: %s\n", e.Name, strings.Join(fields, ", "))
}

func printPatterns(b *strings.Builder, ps []*Pattern) {
	for _, p := range ps {
		fmt.Fprintf(b, "  var %s = %q\n", p.Var, p.Source)
	}
}

func printGroup(b *strings.Builder, g *Group) {
	recv := "Client"
	if g.Type != "" {
		fmt.Fprintf(b, "  field %s *%s (tag %s)\n", g.Field, g.Type, g.Tag)
		recv = g.Type
	}
	for _, m := range g.Methods {
		args := []string{"ctx"}
		for _, p := range m.PathParams {
			args = append(args, p.Arg+" "+p.Type.String()+printChecks(p.Checks))
		}
		if m.Query != nil {
			args = append(args, "params *api."+m.Query.Type)
		}
		if m.Body != nil {
			args = append(args, "body *api."+m.Body.Type)
		}
		result := "error"
		if m.Result != nil {
			r := m.Result.String()
			if m.ResultPointer {
				r = "*" + r
			}
			result = "(" + r + ", error)"
		}
		retry := "retried only if undelivered"
		if m.Idempotent {
			retry = "idempotent"
		}
		fmt.Fprintf(b, "  func (%s) %s(%s) %s: %s %s %s, %s, %s\n", recv, m.Name, strings.Join(args, ", "), result,
			m.OperationID, m.HTTPMethod, m.Path, m.Request, retry)
		if p := m.Paging; p != nil {
			total := "a short page"
			if p.Total != nil {
				total = fieldNames(p.Total)
			}
			fmt.Fprintf(b, "    func (%s) %s(…) iter.Seq2[%s, error]: pages of %d, items %s, ends at %s\n", recv, p.Name, p.Item,
				p.PageSize, fieldNames(p.Items), total)
		}
	}
	for _, s := range g.Skipped {
		fmt.Fprintf(b, "  left to the low-level client (%s): %s\n", s.Call, s)
	}
}

func fieldNames(path []Field) string {
	var names []string
	for _, f := range path {
		names = append(names, f.Name)
	}
	return strings.Join(names, ".")
}
