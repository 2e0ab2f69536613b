package transport

import (
	"context"
	"iter"
	"strconv"
)

// DefaultMaxPages is the most pages a walk fetches (50,000 items at the largest page the document allows) unless
// WithMaxPages says otherwise.
const DefaultMaxPages = 1000

// Page is one page of a list: its items, and the number of items in the whole list when the answer gives it.
type Page[T any] struct {
	Items    []T
	Total    int
	HasTotal bool
}

// PagingError ends a walk over a list (Paginate) whose answers do not add up, or that reached WithMaxPages: Offset
// is the offset of the page at fault (or of the page the walk did not fetch), Problem says what happened.
type PagingError struct {
	Offset  int
	Problem string
}

// Error names the offset and the problem.
func (e *PagingError) Error() string {
	return "chatt2me: paging at offset " + strconv.Itoa(e.Offset) + ": " + e.Problem
}

// Paginate walks a list lazily, one page per call of fetch, from start with pages of limit items. The next page
// starts after the items received so far. The list ends at an empty page, at the total once the answer gives one,
// and otherwise at a page shorter than limit. A page is fetched only when the loop needs its first item, so a
// loop that breaks fetches nothing more. An error (the context's included, checked before each page) is yielded
// once, and ends the walk.
//
// The walk ends with a *PagingError, before any item of the page at fault, when the answers do not add up (a page
// larger than limit; a total other than the first page's; an empty page before the total; items past it), and
// when it has fetched t's most pages (WithMaxPages) before the end of the list. The timeout of t bounds each page
// (each call of fetch), not the walk: ctx bounds the walk.
func Paginate[T any](ctx context.Context, t *Transport, start, limit int, fetch func(ctx context.Context, offset, limit int) (Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		offset := start     // each walk starts over
		var first pageShape // the first page's, which the others must agree with
		for pages := 0; ; pages++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if t.maxPages > 0 && pages == t.maxPages {
				yield(zero, &PagingError{Offset: offset, Problem: "the walk reached its limit of " + strconv.Itoa(t.maxPages) +
					" pages (WithMaxPages) before the end of the list"})
				return
			}
			page, err := fetch(ctx, offset, limit)
			if err != nil {
				yield(zero, err)
				return
			}
			shape := pageShape{items: len(page.Items), total: page.Total, hasTotal: page.HasTotal}
			if pages == 0 {
				first = shape
			}
			if problem := shape.check(first, offset, limit); problem != "" {
				yield(zero, &PagingError{Offset: offset, Problem: problem})
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			offset += len(page.Items)
			if len(page.Items) == 0 || page.HasTotal && offset >= page.Total || !page.HasTotal && len(page.Items) < limit {
				return
			}
		}
	}
}

// pageShape is what Paginate checks of a page: how many items it has, and the total it gives.
type pageShape struct {
	items    int
	total    int
	hasTotal bool
}

// check returns what does not add up in the page at offset, given the first page of the walk and the limit asked
// for, or "".
func (p pageShape) check(first pageShape, offset, limit int) string {
	switch {
	case p.items > limit:
		return "the page has " + strconv.Itoa(p.items) + " items, more than the " + strconv.Itoa(limit) + " asked for"
	case first.hasTotal && !p.hasTotal:
		return "the first page gave a total (" + strconv.Itoa(first.total) + "), this one none"
	case !first.hasTotal && p.hasTotal:
		return "the first page gave no total, this one " + strconv.Itoa(p.total)
	case p.hasTotal && p.total != first.total:
		return "the total changed from " + strconv.Itoa(first.total) + " (the first page's) to " + strconv.Itoa(p.total)
	case p.hasTotal && p.items == 0 && offset < p.total:
		return "the page is empty before the total of " + strconv.Itoa(p.total) + ": the walk would make no progress"
	case p.hasTotal && p.items > 0 && offset+p.items > p.total:
		return "the items run to offset " + strconv.Itoa(offset+p.items) + ", past the total of " + strconv.Itoa(p.total)
	}
	return ""
}
