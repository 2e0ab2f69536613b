package transport

import (
	"context"
	"iter"
)

// Page is one page of a list: its items, and the number of items in the whole list when the answer gives it.
type Page[T any] struct {
	Items    []T
	Total    int
	HasTotal bool
}

// Paginate walks a list lazily, one page per call of fetch, from start with pages of limit items. The next page
// starts after the items received so far. The list ends at an empty page, at the total once the answer gives one,
// and otherwise at a page shorter than limit. A page is fetched only when the loop needs its first item, so a
// loop that breaks fetches nothing more. An error (the context's included, checked before each page) is yielded
// once, and ends the walk.
func Paginate[T any](ctx context.Context, start, limit int, fetch func(ctx context.Context, offset, limit int) (Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		offset := start // each walk starts over
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, offset, limit)
			if err != nil {
				yield(zero, err)
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
