package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// RetryFailed is the method of a group that delivers again what a webhook failed to deliver (model.RetryFailedExtension,
// rendered in chatt2me/retryfailed.gen.go): it walks the failed logs with the list's paging method, keeps each log of
// the window once, and retries them, oldest first, in batches, with the retry of several logs.
type RetryFailed struct {
	Name  string // such as "RetryFailed"
	Group *Group // the group of both operations
	List  *Method
	Retry *Method
	// Filter is the list's parameters field selecting logs by outcome, and Failed the value of it selecting failures.
	Filter Field
	Failed Const
	// Status is the log's field named like the filter, checked against Failed too (a server may ignore the filter);
	// nil when the log has none.
	Status *Field
	// Time and ID are the log's fields: the time compared with the start of the window, and the id retried.
	Time, ID Field
	// IDs is the retry body's field of the ids, Results the retry answer's field of the results.
	IDs, Results Field
	// Batch is the most ids of one retry: the maxItems of the ids, else a page of the list.
	Batch int
	// Locals are the variables of the method, which no argument may be named.
	Locals []string
	Doc    string
}

// retryFailedLocals are the variables of the rendered method besides its arguments.
var retryFailedLocals = []string{"ctx", "since", "failed", "logs", "seen", "l", "err", "results", "n", "ids", "i", "answer"}

// retryFailedPlanner plans RetryFailed from its rule.
type retryFailedPlanner struct {
	doc  *spec.Document
	api  *apiTable
	rule *model.RetryFailed
}

func (rp *retryFailedPlanner) fail(field, problem string) error {
	return rp.doc.ErrorAt("/"+model.RetryFailedExtension+"/"+field, problem)
}

// planRetryFailed plans the method of the rule; nil without it.
func planRetryFailed(doc *spec.Document, api *apiTable, m *model.Model, groups []*Group) (*RetryFailed, error) {
	if m.RetryFailed == nil {
		return nil, nil
	}
	rp := &retryFailedPlanner{doc: doc, api: api, rule: m.RetryFailed}
	rf := &RetryFailed{Name: "RetryFailed", Locals: retryFailedLocals}
	var listGroup, retryGroup *Group
	rf.List, listGroup = findMethod(groups, rp.rule.List)
	rf.Retry, retryGroup = findMethod(groups, rp.rule.Retry)
	switch {
	case rf.List == nil || rf.List.Paging == nil:
		return nil, rp.fail("list", fmt.Sprintf("%q is not an operation of the facade with a paging method (see %s)", rp.rule.List,
			model.PagingExtension))
	case rf.Retry == nil || rf.Retry.Body == nil || rf.Retry.Result == nil || !rf.Retry.ResultPointer:
		return nil, rp.fail("retry", fmt.Sprintf("%q is not an operation of the facade with a JSON body and a JSON answer", rp.rule.Retry))
	case retryGroup != listGroup:
		return nil, rp.fail("retry", fmt.Sprintf("%s and %s have different tags: the method is one group's", rp.rule.List, rp.rule.Retry))
	case !samePathParams(rf.List, rf.Retry):
		return nil, rp.fail("retry", fmt.Sprintf("%s does not take the path parameters of %s", rp.rule.Retry, rp.rule.List))
	}
	rf.Group = listGroup
	for _, p := range rf.List.PathParams {
		if slices.Contains(retryFailedLocals, p.Arg) {
			return nil, rp.fail("list", fmt.Sprintf("the path parameter %s would be named %s, like a variable of %s", p.Name, p.Arg, rf.Name))
		}
	}
	for _, m := range listGroup.Methods {
		if m.Name == rf.Name || m.Paging != nil && m.Paging.Name == rf.Name {
			return nil, rp.fail("list", fmt.Sprintf("the method of %s is named %s, as the method of this rule would be", m.OperationID, rf.Name))
		}
	}
	if err := rp.log(rf); err != nil {
		return nil, err
	}
	if err := rp.retry(rf); err != nil {
		return nil, err
	}
	rf.Doc = wrap(retryFailedDoc(rf, rp.rule), docWidth)
	return rf, nil
}

// findMethod returns the method of an operation and its group.
func findMethod(groups []*Group, operationID string) (*Method, *Group) {
	for _, g := range groups {
		for _, m := range g.Methods {
			if m.OperationID == operationID {
				return m, g
			}
		}
	}
	return nil, nil
}

func samePathParams(a, b *Method) bool {
	if len(a.PathParams) != len(b.PathParams) {
		return false
	}
	for i, p := range a.PathParams {
		if q := b.PathParams[i]; p.Name != q.Name || p.Type != q.Type {
			return false
		}
	}
	return true
}

// log plans the filter and the fields of a log.
func (rp *retryFailedPlanner) log(rf *RetryFailed) error {
	rule, list := rp.rule, rf.List
	if list.Query == nil {
		return rp.fail("filter", fmt.Sprintf("%s has no query parameters", rule.List))
	}
	var err error
	if rf.Filter, err = rp.api.field(list.Query.Type, rule.Filter); err != nil || rp.api.basic(rf.Filter.Elem()) != "string" {
		return rp.fail("filter", fmt.Sprintf("%s has no string query parameter %q", rule.List, rule.Filter))
	}
	if enum := rp.filterEnum(list); len(enum) > 0 && !slices.Contains(enum, any(rule.Failed)) {
		return rp.fail("failed", fmt.Sprintf("%q is not a value of the parameter %s (%v)", rule.Failed, rule.Filter, enum))
	}
	rf.Failed = Const{Value: rule.Failed}
	if elem := rf.Filter.Elem(); elem.Kind != Builtin {
		rf.Failed.Conversion = &elem
	}
	item := list.Paging.Item
	if !rp.api.isStruct(item) {
		return rp.fail("list", fmt.Sprintf("the items of %s are not objects", rule.List))
	}
	if rf.Time, err = rp.api.field(item.Name, rule.Time); err != nil || rf.Time.Type != (Type{Kind: Named, Pkg: "time", Name: "Time"}) {
		return rp.fail("time", fmt.Sprintf("%s has no required date-time property %q", item.Name, rule.Time))
	}
	if rf.ID, err = rp.api.field(item.Name, rule.ID); err != nil || rf.ID.Optional() || rp.api.basic(rf.ID.Type) != "string" {
		return rp.fail("id", fmt.Sprintf("%s has no required string property %q", item.Name, rule.ID))
	}
	if status, err := rp.api.field(item.Name, rule.Filter); err == nil && !status.Optional() && rp.api.basic(status.Type) == "string" {
		rf.Status = &status
	}
	return nil
}

// filterEnum returns the values the filter parameter's schema allows, nil when it does not list them.
func (rp *retryFailedPlanner) filterEnum(list *Method) []any {
	op := rp.doc.T.Paths.Value(list.Path).GetOperation(list.HTTPMethod)
	item := rp.doc.T.Paths.Value(list.Path)
	for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
		if p.Value != nil && p.Value.Name == rp.rule.Filter && p.Value.Schema != nil && p.Value.Schema.Value != nil {
			return p.Value.Schema.Value.Enum
		}
	}
	return nil
}

// retry plans the ids of the retry's body, the results of its answer and the batch size.
func (rp *retryFailedPlanner) retry(rf *RetryFailed) error {
	rule, body := rp.rule, rf.Retry.Body.Type
	props := rp.api.order[body]
	schema := rp.doc.T.Components.Schemas[body]
	if len(props) != 1 || schema == nil || schema.Value == nil {
		return rp.fail("retry", fmt.Sprintf("the body %s of %s must have one property, the array of ids", body, rule.Retry))
	}
	var err error
	rf.IDs, err = rp.api.field(body, props[0])
	if ids := rf.IDs.Type; err != nil || ids.Kind != Slice || rp.api.basic(*ids.Elem) != "string" {
		return rp.fail("retry", fmt.Sprintf("the property %s of %s is not an array of strings", props[0], body))
	}
	rf.Batch = rf.List.Paging.PageSize
	if ids := schema.Value.Properties[props[0]]; ids != nil && ids.Value != nil && ids.Value.MaxItems != nil &&
		*ids.Value.MaxItems >= 1 && *ids.Value.MaxItems <= 1<<20 {
		rf.Batch = int(*ids.Value.MaxItems)
	}
	if rf.Results, err = rp.api.field(rf.Retry.Result.Name, rule.Results); err != nil || rf.Results.Type.Kind != Slice {
		return rp.fail("results", fmt.Sprintf("the answer %s of %s has no array %q", rf.Retry.Result.Name, rule.Retry, rule.Results))
	}
	return nil
}

// retryFailedDoc documents the method.
func retryFailedDoc(rf *RetryFailed, rule *model.RetryFailed) string {
	batch := fmt.Sprintf("at most %d per call (the maxItems of its %s)", rf.Batch, rf.IDs.JSON)
	if max := rf.List.Paging.PageSize; rf.Batch == max {
		batch = fmt.Sprintf("at most %d per call (a page of %s)", rf.Batch, rf.List.Name)
	}
	status := ""
	if rf.Status != nil {
		status = fmt.Sprintf(" (a log whose %s is not %s, which a server ignoring the filter would send, is left out)",
			rf.Status.JSON, rule.Failed)
	}
	return fmt.Sprintf("%s asks Hub to deliver again what the webhook failed to deliver since since. It walks the logs "+
		"with %s, %s %s%s, keeps each log whose %s is since or later, once, and retries them, oldest first (the list's order, newest first, "+
		"reversed where times are equal), with %s, %s. "+
		"It returns the results of %s, one per log: its id, whether it was sent again, and the id of the new attempt, whose "+
		"outcome is a log of its own. A zero since retries every failed log.\n\n"+
		"A page that fails ends the walk before any retry, and returns no result; a retry that fails ends the method "+
		"with the results so far and its error (with ErrOutcomeUnknown, that batch may have been sent). ctx bounds "+
		"the whole method, the client's timeout each call.\n\n"+
		"The API does not mark a log it retried: the log stays %s, and the new attempt is a log of its own. So running "+
		"%s again over the same window asks for the same events again, and for the new attempts that failed too. "+
		"Deduplicate by event at the receiver, so that these deliveries reach a callback once; and run it once the "+
		"endpoint answers again, since each retry that fails is one more failed log.",
		rf.Name, rf.List.Paging.Name, rule.Filter, rule.Failed, status, rule.Time, rf.Retry.Name, batch, rf.Retry.Name,
		rule.Failed, rf.Name)
}

// printRetryFailed prints the method of the retry-failed rule.
func printRetryFailed(b *strings.Builder, rf *RetryFailed) {
	if rf == nil {
		return
	}
	recv := "Client"
	if rf.Group.Type != "" {
		recv = rf.Group.Type
	}
	status := ""
	if rf.Status != nil {
		status = ", checked on " + rf.Status.JSON
	}
	fmt.Fprintf(b, "  func (%s) %s(ctx, …, since time.Time) (%s, error): %s with %s %v%s, since on %s, %s of %s, batches of %d\n",
		recv, rf.Name, rf.Results.Type.String(), rf.List.Paging.Name, rf.Filter.JSON, rf.Failed.Value, status, rf.Time.JSON,
		rf.Retry.Name, rf.ID.JSON, rf.Batch)
}
