package plan

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// planPaging gives a list operation (see model.Paging) its method walking every page: List → All, ListLogs →
// AllLogs, any other name N → NAll. An operation with the paging parameters whose answer does not fit the rule
// gets none, and the plan says why.
func (op *opPlanner) planPaging(o operation, m *Method, methods *names) error {
	rule := op.paging
	if rule == nil || m.Query == nil || m.Result == nil || !m.ResultPointer {
		return nil
	}
	offset, limit := findParam(o, rule.Offset), findParam(o, rule.Limit)
	if offset == nil || limit == nil {
		return nil
	}
	at := o.pointer()
	items, err := op.api.fieldPath(m.Result.Name, []string{rule.Items})
	if err != nil || items[0].Elem().Kind != Slice {
		return op.doc.ErrorAt(at, fmt.Sprintf("operation %s has the paging parameters %s and %s, but its answer %s has no array %q "+
			"(see x-chatt2me-paging)", o.op.OperationID, rule.Offset, rule.Limit, m.Result.Name, rule.Items))
	}
	p := &Paging{Name: pagingName(m.Name), Item: *items[0].Elem().Elem, Items: items}
	if len(rule.Total) > 0 {
		if p.Total, err = op.api.fieldPath(m.Result.Name, rule.Total); err != nil || !isInteger(op.api.basic(p.Total[len(p.Total)-1].Elem())) {
			return op.doc.ErrorAt(at, fmt.Sprintf("operation %s: its answer %s has no integer %s (see x-chatt2me-paging)",
				o.op.OperationID, m.Result.Name, strings.Join(rule.Total, ".")))
		}
	}
	if p.Offset, err = op.api.field(m.Query.Type, rule.Offset); err != nil {
		return op.doc.ErrorAt(at, err.Error())
	}
	if p.Limit, err = op.api.field(m.Query.Type, rule.Limit); err != nil {
		return op.doc.ErrorAt(at, err.Error())
	}
	if p.PageSize, err = pageSize(limit); err != nil {
		return op.doc.ErrorAt(at+"/parameters", fmt.Sprintf("operation %s: %v", o.op.OperationID, err))
	}
	if err := methods.declare(p.Name, "the paging method of "+o.op.OperationID, at+"/operationId"); err != nil {
		return err
	}
	p.Doc = wrap(pagingDoc(m, p), docWidth)
	m.Paging = p
	return nil
}

// pagingDoc documents a paging method, and the end-of-pages rule.
func pagingDoc(m *Method, p *Paging) string {
	end := "as the answer gives no total, at a page shorter than the limit"
	if p.Total != nil {
		var names []string
		for _, f := range p.Total {
			names = append(names, f.JSON)
		}
		end = "once the items received reach the answer's " + strings.Join(names, ".")
	}
	faults := "a page larger than the limit"
	if p.Total != nil {
		faults += ", a total other than the first page's, an empty page before the total, items past it"
	}
	return fmt.Sprintf("%s walks every page of %s, lazily: one call of %s per page, from the offset of params (0 if unset), with "+
		"pages of its limit (if unset, %d: the largest the OpenAPI document allows). The next page starts after the items "+
		"received so far; the list ends at an empty page and, %s. Answers that do not add up end the walk with a "+
		"*PagingError (%s), and so does reaching the client's WithMaxPages (DefaultMaxPages). The client's timeout "+
		"bounds each page; ctx bounds the whole walk. A loop that breaks makes no further request; an error (a page "+
		"refused, the context ended) is yielded once and ends the walk. Items added or removed while it walks may be "+
		"missed or seen twice, as with any offset paging.", p.Name, m.Name, m.Name, p.PageSize, end, faults)
}

func isInteger(basic string) bool {
	return strings.HasPrefix(basic, "int") || strings.HasPrefix(basic, "uint")
}

// pagingName names the paging method of a list method.
func pagingName(list string) string {
	if rest, ok := strings.CutPrefix(list, "List"); ok && (rest == "" || isUpper(rest[0])) {
		return "All" + rest
	}
	return list + "All"
}

// findParam returns the operation's query parameter of that name, or nil.
func findParam(o operation, name string) *openapi3.Parameter {
	for _, p := range append(append(openapi3.Parameters{}, o.item.Parameters...), o.op.Parameters...) {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == name {
			return p.Value
		}
	}
	return nil
}

// pageSize is the largest page the limit parameter allows: its maximum, else its default.
func pageSize(limit *openapi3.Parameter) (int, error) {
	s := limit.Schema
	if s == nil || s.Value == nil || !isType(s.Value, openapi3.TypeInteger) {
		return 0, fmt.Errorf("the paging parameter %s is not an integer", limit.Name)
	}
	if s.Value.Max != nil && *s.Value.Max >= 1 && *s.Value.Max <= 1<<20 {
		return int(*s.Value.Max), nil
	}
	if d, ok := s.Value.Default.(float64); ok && d >= 1 && d <= 1<<20 {
		return int(d), nil
	}
	return 0, fmt.Errorf("the paging parameter %s has neither a maximum nor a default between 1 and 1048576", limit.Name)
}

// fieldPath returns the Go fields of a property path from an api struct.
func (t *apiTable) fieldPath(typeName string, path []string) ([]Field, error) {
	var out []Field
	for i, prop := range path {
		f, err := t.field(typeName, prop)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
		if i < len(path)-1 {
			if next := f.Elem(); next.Kind == Named && t.structs[next.Name] != nil {
				typeName = next.Name
			} else {
				return nil, fmt.Errorf("%s of %s is not an object", prop, typeName)
			}
		}
	}
	return out, nil
}
