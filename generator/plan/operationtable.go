package plan

import (
	"sort"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Operation is one operation of the document as the SDK's requests carry it in their context
// (transport.Operation, which chatt2me.OperationFromContext returns): the transport's table holds every one, and
// each call of a sender or of the facade names its own (Channel.Operation, Method.Operation).
type Operation struct {
	ID     string // the operationId, as the document writes it
	Method string // the HTTP method, such as "POST"
	Route  string // the path template, such as "/v1/organization/webhook/{webhookId}"
	// Channel is the package of the channel whose send it is, empty for the other operations.
	Channel string
	// Var is the package-level variable of a sender or of the facade holding it (zero for an operation the facade
	// leaves to the low-level client).
	Var GoIdent
}

// planOperationTable lists every operation of the document in the order the transport matches a request's path
// against their routes: the first that fits is the request's operation (see routeLess).
func planOperationTable(doc *spec.Document, m *model.Model) []*Operation {
	channels := map[string]string{}
	for _, ch := range m.Channels {
		channels[ch.OperationID] = ch.Package
	}
	var ops []*Operation
	for _, path := range doc.T.Paths.InMatchingOrder() {
		for method, o := range doc.T.Paths.Value(path).Operations() {
			ops = append(ops, &Operation{ID: o.OperationID, Method: method, Route: path, Channel: channels[o.OperationID]})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Route != ops[j].Route {
			return routeLess(ops[i].Route, ops[j].Route)
		}
		return ops[i].Method < ops[j].Method
	})
	return ops
}

// routeLess orders routes so that where two fit one path, the more specific comes first, as OpenAPI matches them
// (concrete paths before templated ones): segment by segment, a literal segment before one with a parameter, then
// in the order of their text.
func routeLess(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		at, bt := strings.Contains(as[i], "{"), strings.Contains(bs[i], "{")
		if at != bt {
			return !at
		}
		return as[i] < bs[i]
	}
	return len(as) < len(bs)
}

// operationByID returns the operation of the table with this operationId, or nil.
func operationByID(ops []*Operation, id string) *Operation {
	for _, op := range ops {
		if op.ID == id {
			return op
		}
	}
	return nil
}
