package transport

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// list serves n items in pages of at most max, with or without a total, and records the offsets asked for.
type list struct {
	n, max   int
	total    int // the total the answer gives
	hasTotal bool
	asked    []int
}

func (l *list) fetch(_ context.Context, offset, limit int) (Page[int], error) {
	l.asked = append(l.asked, offset)
	var items []int
	for i := offset; i < min(offset+min(limit, l.max), l.n); i++ {
		items = append(items, i)
	}
	return Page[int]{Items: items, Total: l.total, HasTotal: l.hasTotal}, nil
}

func walk(seq func(func(int, error) bool)) (items []int, errs []error) {
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

// The end of a list: the total when the answer gives one (even when the server caps the page below the limit),
// else a short page; an empty page always; a total that lies is never followed past an empty page.
func TestPaginateEndsWhereTheListEnds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		l     list
		limit int
		asked []int
		items int
	}{
		{"total, full pages", list{n: 120, max: 50, total: 120, hasTotal: true}, 50, []int{0, 50, 100}, 120},
		{"total, exact multiple", list{n: 100, max: 50, total: 100, hasTotal: true}, 50, []int{0, 50}, 100},
		{"total, pages capped below the limit", list{n: 23, max: 10, total: 23, hasTotal: true}, 50, []int{0, 10, 20}, 23},
		{"no total, short last page", list{n: 23, max: 50}, 10, []int{0, 10, 20}, 23},
		{"no total, exact multiple: one empty page more", list{n: 20, max: 50}, 10, []int{0, 10, 20}, 20},
		{"empty list", list{n: 0, max: 50, hasTotal: true}, 50, []int{0}, 0},
		{"a total larger than the list", list{n: 5, max: 50, total: 1 << 60, hasTotal: true}, 50, []int{0, 5}, 5},
		{"a negative total", list{n: 70, max: 50, total: -1, hasTotal: true}, 50, []int{0}, 50},
	} {
		items, errs := walk(Paginate(context.Background(), 0, tc.limit, tc.l.fetch))
		if len(errs) != 0 || len(items) != tc.items || !slices.Equal(tc.l.asked, tc.asked) {
			t.Errorf("%s: %d items, errors %v, offsets %v; want %d items, offsets %v", tc.name, len(items), errs, tc.l.asked, tc.items, tc.asked)
		}
		for i, v := range items {
			if v != i {
				t.Fatalf("%s: item %d is %d", tc.name, i, v)
			}
		}
	}
}

// A walk run twice starts over each time; breaking fetches nothing more; an error is yielded once and ends it; a
// cancelled context is an error before the next page.
func TestPaginateIsLazyAndRestartable(t *testing.T) {
	l := &list{n: 30, max: 50, total: 30, hasTotal: true}
	seq := Paginate(context.Background(), 5, 10, l.fetch)
	first, _ := walk(seq)
	second, _ := walk(seq)
	if len(first) != 25 || !slices.Equal(first, second) || !slices.Equal(l.asked, []int{5, 15, 25, 5, 15, 25}) {
		t.Errorf("two walks: %v / %v, offsets %v", first, second, l.asked)
	}
	l.asked = nil
	for v := range seq {
		if v == 7 {
			break
		}
	}
	if !slices.Equal(l.asked, []int{5}) {
		t.Errorf("breaking in the first page asked for %v", l.asked)
	}
	boom := errors.New("boom")
	calls := 0
	failing := func(ctx context.Context, offset, limit int) (Page[int], error) {
		if calls++; calls == 2 {
			return Page[int]{}, boom
		}
		return Page[int]{Items: []int{1, 2}, Total: 10, HasTotal: true}, nil
	}
	items, errs := walk(Paginate(context.Background(), 0, 2, failing))
	if len(items) != 2 || len(errs) != 1 || errs[0] != boom || calls != 2 {
		t.Errorf("failing page: %v, %v after %d calls", items, errs, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l = &list{n: 30, max: 50, total: 30, hasTotal: true}
	n := 0
	for _, err := range Paginate(ctx, 0, 10, l.fetch) {
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v", err)
			}
			continue
		}
		if n++; n == 1 {
			cancel()
		}
	}
	if n != 10 || len(l.asked) != 1 {
		t.Errorf("cancelled: %d items, offsets %v", n, l.asked)
	}
}
