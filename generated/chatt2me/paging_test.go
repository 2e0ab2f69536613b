package chatt2me_test

// Tests of the walks over a list (Webhooks.All) against servers whose pages do not add up.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
)

// pagesOf serves listWebhooks with answer(offset, limit), which gives the number of items of the page and its total,
// and counts the requests.
func pagesOf(t *testing.T, answer func(offset, limit int) (items, total int)) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		items, total := answer(offset, limit)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":[%s],"pagination":{"offset":%d,"limit":%d,"total":%d,"totalPages":1}}`,
			strings.TrimSuffix(strings.Repeat(webhookJSON+",", items), ","), offset, limit, total)
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

// A server that never ends its list (every page full, a total of 2^60) is walked WithMaxPages pages, then the walk
// ends with a *PagingError; the test gives up past that many items, so that a walk that does not end fails it.
func TestAWalkOfAnEndlessListEnds(t *testing.T) {
	srv, requests := pagesOf(t, func(_, limit int) (int, int) { return limit, 1 << 60 })
	c := quickClient(t, srv.URL, chatt2me.WithMaxPages(5))
	items := 0
	var walkErr error
	for _, err := range c.Webhooks.All(context.Background(), nil) {
		if err != nil {
			walkErr = err
			break
		}
		if items++; items > 5*50 {
			t.Fatalf("the walk did not end after %d items (%d requests)", items, requests.Load())
		}
	}
	var pe *chatt2me.PagingError
	want := "chatt2me: paging at offset 250: the walk reached its limit of 5 pages (WithMaxPages) before the end of the list"
	if items != 250 || requests.Load() != 5 || !errors.As(walkErr, &pe) || walkErr.Error() != want {
		t.Errorf("%d items, %d requests, error %v; want 250 items, 5 requests, then %q", items, requests.Load(), walkErr, want)
	}
}

// A walk ends with a *PagingError when the server's pages do not add up, before it yields an item of the page at
// fault.
func TestAWalkRefusesPagesThatDoNotAddUp(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(offset, limit int) (items, total int)
		items  int
		want   string
	}{
		{"a page larger than the limit", func(_, limit int) (int, int) { return limit + 1, 1000 }, 0,
			"chatt2me: paging at offset 0: the page has 11 items, more than the 10 asked for"},
		{"a total that changes", func(offset, limit int) (int, int) { return limit, 100 + offset }, 10,
			"chatt2me: paging at offset 10: the total changed from 100 (the first page's) to 110"},
		{"an empty page before the total", func(offset, limit int) (int, int) { return limit * (1 - offset/20), 1 << 60 }, 20,
			"chatt2me: paging at offset 20: the page is empty before the total of 1152921504606846976: the walk would make no progress"},
		{"items past the total", func(_, limit int) (int, int) { return limit, 15 }, 10,
			"chatt2me: paging at offset 10: the items run to offset 20, past the total of 15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := pagesOf(t, tc.answer)
			c := quickClient(t, srv.URL)
			items := 0
			var walkErr error
			for _, err := range c.Webhooks.All(context.Background(), &api.ListWebhooksParams{Limit: ptr(10)}) {
				if err != nil {
					walkErr = err
					break
				}
				if items++; items > 100 {
					t.Fatalf("the walk did not end after %d items", items)
				}
			}
			var pe *chatt2me.PagingError
			if items != tc.items || !errors.As(walkErr, &pe) || walkErr.Error() != tc.want {
				t.Errorf("%d items, error %v; want %d items, then %q", items, walkErr, tc.items, tc.want)
			}
		})
	}
}
