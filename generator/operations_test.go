package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// A list operation added to a copy of the bundle, with the offset and limit parameters and a paged answer.
const (
	listChannelsPath = `
get:
  tags: [Channels]
  operationId: listChannels
  summary: List channels
  parameters:
    - $ref: '#/components/parameters/Offset'
    - $ref: '#/components/parameters/Limit'
    - {name: kind, in: query, schema: {type: string, enum: [whatsapp, sms]}}
  responses:
    '200':
      description: One page of channels.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ListChannelsOutput'}
    '400': {$ref: '#/components/responses/BadRequest'}
`
	listChannelsSchemas = `
ChannelInfo:
  type: object
  required: [id, kind]
  properties:
    id: {type: string, format: uuid}
    kind: {type: string}
ListChannelsOutput:
  type: object
  required: [data, pagination]
  properties:
    data:
      type: array
      items: {$ref: '#/components/schemas/ChannelInfo'}
    pagination: {$ref: '#/components/schemas/Pagination'}
`
	// walkChannels is a program of the SDK's module: it walks 23 channels served in pages of at most 10.
	walkChannels = `package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"example.com/sdktest/chatt2me"
	"example.com/sdktest/chatt2me/api"
)

func main() {
	var pages []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		pages = append(pages, r.URL.RawQuery)
		var items []string
		for i := offset; i < min(offset+min(limit, 10), 23); i++ {
			items = append(items, fmt.Sprintf("{\"id\":\"00000000-0000-4000-8000-%012d\",\"kind\":\"sms\"}", i))
		}
		fmt.Fprintf(w, "{\"data\":[%s],\"pagination\":{\"offset\":%d,\"limit\":%d,\"total\":23,\"totalPages\":3}}",
			strings.Join(items, ","), offset, limit)
	}))
	defer srv.Close()
	c, err := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	kind := "sms"
	n := 0
	for ch, err := range c.Channels.All(context.Background(), &api.ListChannelsParams{Kind: (*api.ListChannelsParamsKind)(&kind)}) {
		if err != nil {
			panic(err)
		}
		if ch.Id != fmt.Sprintf("00000000-0000-4000-8000-%012d", n) {
			panic("out of order: " + ch.Id)
		}
		n++
	}
	fmt.Println(n, strings.Join(pages, " "))
}
`
)

// TestANewListOperationGetsAPagingMethod adds a list operation, under a new tag, to a copy of the documents: the
// plan gives the new group its method and paging method, without any change to generator/; in the full run, the
// generated SDK walks every page of it (the server caps pages at 10, below the limit asked for).
func TestANewListOperationGetsAPagingMethod(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	bundle = testspec.Edit(t, bundle, func(root *yaml.Node) {
		schemas := testspec.Get(root, "components", "schemas")
		schemas.Content = append(schemas.Content, testspec.Node(t, listChannelsSchemas).Content...)
		testspec.Set(testspec.Get(root, "paths"), "/v1/organization/channel", testspec.Node(t, listChannelsPath))
	})
	bundlePath, fragmentPath := testspec.Write(t, bundle, fragment)
	sdk := testspec.Render(t, bundlePath, fragmentPath)
	var group *plan.Group
	for _, g := range sdk.Result.Plan.Groups {
		if g.Tag == "Channels" {
			group = g
		}
	}
	if group == nil || len(group.Methods) != 1 || group.Methods[0].Name != "List" || group.Methods[0].Paging == nil {
		t.Fatalf("no Channels group with a List and its paging method: %+v", group)
	}
	p := group.Methods[0].Paging
	if p.Name != "All" || p.Item.String() != "api.ChannelInfo" || p.PageSize != 50 || fieldNames(p.Total) != "Pagination.Total" {
		t.Errorf("paging %+v", p)
	}
	const all = "func (c *Channels) All(ctx context.Context, params *api.ListChannelsParams) iter.Seq2[api.ChannelInfo, error]"
	if !strings.Contains(string(sdk.Result.Files["chatt2me/operations.gen.go"]), all) {
		t.Errorf("operations.gen.go has no All method of Channels")
	}
	if testing.Short() {
		return
	}
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "walk", "main.go"), []byte(walkChannels))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/walk")
	if err != nil {
		t.Fatalf("walking the new list: %v\n%s", err, out)
	}
	if want := "23 offset=0&limit=50&kind=sms offset=10&limit=50&kind=sms offset=20&limit=50&kind=sms\n"; string(out) != want {
		t.Errorf("the walk printed %q, want %q", out, want)
	}
}

func fieldNames(fields []plan.Field) string {
	var names []string
	for _, f := range fields {
		names = append(names, f.Name)
	}
	return strings.Join(names, ".")
}

// TestREADMERetryTable: the README's table of retries lists every operation of the documents, with its Go method
// and HTTP method, and says it is retried after any failure that may pass exactly when it is idempotent. One row
// covers the sends of all channels, so that a channel added to the documents needs no edit of the README; an
// operation the facade leaves to the low-level client (which retries nothing) needs a row of its own.
func TestREADMERetryTable(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(testspec.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	sdk := testspec.UnderTest(t).Result.Plan
	for _, ch := range sdk.Channels {
		if id := operationIDOf(t, ch); !sendOperationID.MatchString(id) {
			t.Errorf("the README names every channel's send send<Channel>Message, but %s's is %s", ch.Package.Name, id)
		}
	}
	want["`send<Channel>Message`, every channel's send"] = "`c.<Channel>.Send` | POST | yes | no: `ErrOutcomeUnknown`"
	for _, g := range sdk.Groups {
		for _, m := range g.Methods {
			recv := "c." + g.Field + "."
			if g.Type == "" {
				recv = "c."
			}
			goNames := "`" + recv + m.Name + "`"
			if m.Paging != nil {
				goNames += ", `" + recv + m.Paging.Name + "`"
			}
			again := "no: `ErrOutcomeUnknown`"
			if m.Idempotent {
				again = "yes"
			}
			want["`"+m.OperationID+"`"] = fmt.Sprintf("%s | %s | yes | %s", goNames, m.HTTPMethod, again)
		}
		for _, s := range g.Skipped {
			want["`"+s.OperationID+"`"] = fmt.Sprintf("`c.API.%s` (left to the low-level client) | %s | no | no", s.Call, s.HTTPMethod)
		}
	}
	got := map[string]string{}
	_, table, _ := strings.Cut(string(readme), "| Operation | Go | HTTP |")
	for _, line := range strings.Split(table, "\n")[2:] {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			break
		}
		op, rest, _ := strings.Cut(strings.Trim(line, "| "), " | ")
		got[op] = rest
	}
	for op, row := range want {
		if got[op] != row {
			t.Errorf("README row of %s: %q, want %q", op, got[op], row)
		}
	}
	for op := range got {
		if _, ok := want[op]; !ok {
			t.Errorf("README lists %s, which the documents do not have", op)
		}
	}
}

// sendOperationID is the form of the sends' operationIds that the README's table names.
var sendOperationID = regexp.MustCompile(`^send[A-Z][A-Za-z0-9]*Message$`)

// operationIDOf is the send operation of a channel, as the document writes it.
func operationIDOf(t *testing.T, ch *plan.Channel) string {
	for _, c := range testspec.Model(t).Channels {
		if c.Package == ch.Package.Name {
			return c.OperationID
		}
	}
	t.Fatalf("no channel %s in the model", ch.Package.Name)
	return ""
}
