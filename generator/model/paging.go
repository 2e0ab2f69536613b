package model

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// PagingExtension is the top-level extension, in the hand-written fragment, that says how the API pages its lists.
const PagingExtension = "x-chatt2me-paging"

// Paging is the API's paging rule: every operation with both query parameters, whose 2xx answer is an object with
// the Items array, is a list the SDK walks page by page.
type Paging struct {
	Offset string   // query parameter: how many items to skip
	Limit  string   // query parameter: the page size
	Items  string   // property of the answer: the page's items
	Total  []string // property path of the answer: the number of items of the whole list; empty if none
}

// pagingRule is the extension as written: total is a dotted path.
type pagingRule struct {
	Offset string `json:"offset"`
	Limit  string `json:"limit"`
	Items  string `json:"items"`
	Total  string `json:"total,omitempty"`
}

// readPaging reads PagingExtension; nil when the fragment has none (the SDK then has no paging methods).
func readPaging(doc *spec.Document) (*Paging, error) {
	raw, ok := doc.T.Extensions[PagingExtension]
	if !ok {
		return nil, nil
	}
	at := "/" + PagingExtension
	data, err := json.Marshal(raw)
	if err != nil {
		return nil, doc.ErrorAt(at, err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r pagingRule
	if err := dec.Decode(&r); err != nil {
		return nil, doc.ErrorAt(at, "invalid paging rule: "+strings.TrimPrefix(err.Error(), "json: "))
	}
	for _, f := range []struct{ name, value string }{{"offset", r.Offset}, {"limit", r.Limit}, {"items", r.Items}} {
		if f.value == "" {
			return nil, doc.ErrorAt(at+"/"+f.name, "missing")
		}
	}
	p := &Paging{Offset: r.Offset, Limit: r.Limit, Items: r.Items}
	if r.Total != "" {
		p.Total = strings.Split(r.Total, ".")
		for _, part := range p.Total {
			if part == "" {
				return nil, doc.ErrorAt(at+"/total", "total must be a property path such as pagination.total")
			}
		}
	}
	return p, nil
}
