package transport

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"testing"
)

// pager returns a Transport with the options given, to walk lists with.
func pager(t *testing.T, opts ...Option) *Transport {
	t.Helper()
	tr, err := New("https://api.chatt2.me", "test", append([]Option{WithAPIKey("test-api-key-0001")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

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
// else a short page; an empty page always.
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
	} {
		items, errs := walk(Paginate(context.Background(), pager(t), 0, tc.limit, tc.l.fetch))
		if len(errs) != 0 || len(items) != tc.items || !slices.Equal(tc.l.asked, tc.asked) {
			t.Errorf("%s: %d items, errors %v, offsets %v; want %d items, offsets %v", tc.name, len(items), errs, tc.l.asked, tc.items, tc.asked)
		}
		for i, v := range items {
			if v != i {
				t.Fatalf("%s: item %d is %d", tc.name, i, v)
			}
		}
	}
	l := &list{n: 5, max: 50, total: 5, hasTotal: true}
	if items, errs := walk(Paginate(context.Background(), pager(t), 10, 50, l.fetch)); len(items) != 0 || len(errs) != 0 {
		t.Errorf("from an offset past the total: %d items, errors %v", len(items), errs)
	}
}

// A walk run twice starts over each time; breaking fetches nothing more; an error is yielded once and ends it; a
// cancelled context is an error before the next page.
func TestPaginateIsLazyAndRestartable(t *testing.T) {
	l := &list{n: 30, max: 50, total: 30, hasTotal: true}
	seq := Paginate(context.Background(), pager(t), 5, 10, l.fetch)
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
	items, errs := walk(Paginate(context.Background(), pager(t), 0, 2, failing))
	if len(items) != 2 || len(errs) != 1 || errs[0] != boom || calls != 2 {
		t.Errorf("failing page: %v, %v after %d calls", items, errs, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l = &list{n: 30, max: 50, total: 30, hasTotal: true}
	n := 0
	for _, err := range Paginate(ctx, pager(t), 0, 10, l.fetch) {
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

// pages answers the pages of a list that does not add up, one per call, and then ends it with an empty page.
type pages []Page[int]

func (p *pages) fetch(_ context.Context, _, _ int) (Page[int], error) {
	if len(*p) == 0 {
		return Page[int]{}, nil
	}
	page := (*p)[0]
	*p = (*p)[1:]
	return page, nil
}

// none is a total n leaves out.
const none = math.MinInt

// n returns a page of count items with the total given, if not none.
func n(count, total int) Page[int] {
	if total == none {
		return Page[int]{Items: make([]int, count)}
	}
	return Page[int]{Items: make([]int, count), Total: total, HasTotal: true}
}

// A walk whose answers do not add up ends with a *PagingError before it yields any item of the page at fault: a
// page larger than the limit, a total that is not the first page's, an empty page before the total, items past it.
func TestPaginateRefusesPagesThatDoNotAddUp(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pages pages
		items int
		want  string
	}{
		{"a page larger than the limit", pages{n(10, 100), n(11, 100)}, 10,
			"chatt2me: paging at offset 10: the page has 11 items, more than the 10 asked for"},
		{"a total that grows", pages{n(10, 100), n(10, 101)}, 10,
			"chatt2me: paging at offset 10: the total changed from 100 (the first page's) to 101"},
		{"a total that goes", pages{n(10, 100), n(10, none)}, 10,
			"chatt2me: paging at offset 10: the first page gave a total (100), this one none"},
		{"a total that comes", pages{n(10, none), n(10, 30)}, 10,
			"chatt2me: paging at offset 10: the first page gave no total, this one 30"},
		{"an empty page before the total", pages{n(10, 1<<60), n(0, 1<<60)}, 10,
			"chatt2me: paging at offset 10: the page is empty before the total of 1152921504606846976: the walk would make no progress"},
		{"items past the total", pages{n(10, 15), n(10, 15)}, 10,
			"chatt2me: paging at offset 10: the items run to offset 20, past the total of 15"},
		{"a negative total", pages{n(10, -5)}, 0, "chatt2me: paging at offset 0: the items run to offset 10, past the total of -5"},
		{"an empty first page before the total", pages{n(0, 3)}, 0,
			"chatt2me: paging at offset 0: the page is empty before the total of 3: the walk would make no progress"},
	} {
		items, errs := walk(Paginate(context.Background(), pager(t), 0, 10, tc.pages.fetch))
		var pe *PagingError
		if len(items) != tc.items || len(errs) != 1 || !errors.As(errs[0], &pe) || errs[0].Error() != tc.want {
			t.Errorf("%s: %d items, errors %v; want %d items, then %q", tc.name, len(items), errs, tc.items, tc.want)
		}
	}
}

// The walk of a server that never ends its list (50 items a page, a total of 2^60) stops after DefaultMaxPages
// pages, or WithMaxPages's count; WithMaxPages(0) removes the cap, so that only the context ends it. A list that
// ends on the last page allowed is not an error.
func TestPaginateStopsAtTheMostPages(t *testing.T) {
	endless := func(_ context.Context, offset, limit int) (Page[int], error) {
		return Page[int]{Items: make([]int, limit), Total: 1 << 60, HasTotal: true}, nil
	}
	for _, tc := range []struct {
		opts  []Option
		pages int
	}{{nil, DefaultMaxPages}, {[]Option{WithMaxPages(3)}, 3}} {
		calls := 0
		counting := func(ctx context.Context, offset, limit int) (Page[int], error) {
			calls++
			return endless(ctx, offset, limit)
		}
		items, errs := walk(Paginate(context.Background(), pager(t, tc.opts...), 0, 50, counting))
		want := "chatt2me: paging at offset " + itoa(50*tc.pages) + ": the walk reached its limit of " + itoa(tc.pages) +
			" pages (WithMaxPages) before the end of the list"
		if calls != tc.pages || len(items) != 50*tc.pages || len(errs) != 1 || errs[0].Error() != want {
			t.Errorf("%d calls, %d items, errors %v; want %d calls, then %q", calls, len(items), errs, tc.pages, want)
		}
	}
	l := &list{n: 30, max: 50, total: 30, hasTotal: true}
	if items, errs := walk(Paginate(context.Background(), pager(t, WithMaxPages(3)), 0, 10, l.fetch)); len(items) != 30 || len(errs) != 0 {
		t.Errorf("a list of exactly the most pages: %d items, errors %v", len(items), errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	items := 0
	for _, err := range Paginate(ctx, pager(t, WithMaxPages(0)), 0, 50, endless) {
		if err != nil {
			if !errors.Is(err, context.Canceled) || items != 50*(DefaultMaxPages+1) {
				t.Errorf("uncapped: error %v after %d items", err, items)
			}
			break
		}
		if items++; items == 50*(DefaultMaxPages+1) {
			cancel()
		}
	}
	if _, err := New("https://api.chatt2.me", "test", WithAPIKey("test-api-key-0001"), WithMaxPages(-1)); err == nil ||
		err.Error() != "chatt2me: WithMaxPages: negative count -1" {
		t.Errorf("WithMaxPages(-1): %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
