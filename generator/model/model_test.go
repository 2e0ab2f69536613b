package model_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

func build(t *testing.T, bundle, fragment string) (*model.Model, error) {
	t.Helper()
	b, f := testspec.Sources(bundle, fragment)
	doc, err := spec.Merge(b, f, testspec.OverlaySources(t)...)
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	return model.Build(doc)
}

// channelLine summarises a channel of the model in one line.
func channelLine(ch model.Channel) string {
	var kinds, from []string
	for _, k := range ch.Kinds {
		kinds = append(kinds, k.Schema)
	}
	for _, a := range ch.From {
		from = append(from, a.Helper)
	}
	line := fmt.Sprintf("%s %s %s: %s | from %s", ch.Package, ch.Method, ch.Path, strings.Join(kinds, ","), strings.Join(from, ","))
	if ch.To != nil {
		line += " | to " + ch.To.Helper
	}
	if ch.ReplySchema != "" {
		line += " | reply " + ch.ReplySchema
	}
	return line + " | " + ch.AcceptedStatus
}

// TestModelReadsTheDocuments reads the channels again, straight from the YAML of the documents under test as the
// merge writes it (the bundle with the overlay applied, and the fragment: the rules of x-chatt2me-channels, each
// operation's request schema, its content oneOf), and expects the model to have read the same.
func TestModelReadsTheDocuments(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	m, err := build(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	want := fromYAML(t, string(testspec.Document(t).YAML))
	var got []string
	for _, ch := range m.Channels {
		got = append(got, channelLine(ch))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the model:\n%s\nthe documents:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// fromYAML summarises the channels of a merged document as channelLine does, sorted by package, reading its YAML.
func fromYAML(t *testing.T, merged string) []string {
	var roots []*yaml.Node
	testspec.Edit(t, merged, func(root *yaml.Node) { roots = append(roots, root) })
	ref := func(n *yaml.Node) string {
		return strings.TrimPrefix(testspec.Get(n, "$ref").Value, "#/components/schemas/")
	}
	schema := func(name string) *yaml.Node {
		for _, r := range roots {
			if s := testspec.Get(r, "components", "schemas", name); s != nil {
				return s
			}
		}
		t.Fatalf("no schema %s", name)
		return nil
	}
	rules := testspec.Get(roots[0], model.ChannelsExtension)
	var lines []string
	for _, id := range testspec.Keys(rules) {
		rule := testspec.Get(rules, id)
		method, path, op := operation(roots, id)
		input := schema(ref(testspec.Get(op, "requestBody", "content", "application/json", "schema")))
		var kinds, from []string
		for _, k := range testspec.Get(schema(ref(testspec.Get(input, "properties", "content"))), "oneOf").Content {
			kinds = append(kinds, ref(k))
		}
		for _, a := range testspec.Get(rule, "from").Content {
			from = append(from, testspec.Get(a, "helper").Value)
		}
		line := fmt.Sprintf("%s %s %s: %s | from %s", testspec.Get(rule, "package").Value, method, path,
			strings.Join(kinds, ","), strings.Join(from, ","))
		if to := testspec.Get(rule, "to"); to != nil {
			line += " | to " + testspec.Get(to, "helper").Value
		}
		if reply := testspec.Get(input, "properties", "replyTo"); reply != nil {
			line += " | reply " + ref(reply)
		}
		lines = append(lines, line+" | "+testspec.Get(rule, "acceptedStatus").Value)
	}
	sort.Strings(lines)
	return lines
}

// operation finds the operation of an operationId in the documents.
func operation(roots []*yaml.Node, id string) (method, path string, op *yaml.Node) {
	for _, r := range roots {
		paths := testspec.Get(r, "paths")
		for _, p := range testspec.Keys(paths) {
			for _, m := range testspec.Keys(testspec.Get(paths, p)) {
				if o := testspec.Get(paths, p, m); o.Kind == yaml.MappingNode && testspec.Get(o, "operationId") != nil &&
					testspec.Get(o, "operationId").Value == id {
					return strings.ToUpper(m), p, o
				}
			}
		}
	}
	return "", "", nil
}

// TestModelFollowsTheSpec changes copies of the documents under test and expects the model to change with them:
// a kind of one channel added to another that lacks it, a channel removed, an alias rule added.
func TestModelFollowsTheSpec(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	before, err := build(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a kind added", func(t *testing.T) {
		target, kind := missingKind(t, before)
		b, f := testspec.AddToOneOf(t, bundle, fragment, target.ContentSchema, kind)
		m, err := build(t, b, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := channel(m, target.Package); got == nil || len(got.Kinds) != len(target.Kinds)+1 ||
			!slices.ContainsFunc(got.Kinds, func(k model.Kind) bool { return k.Schema == kind }) {
			t.Errorf("%s after adding %s to its content: %+v", target.Package, kind, got)
		}
	})
	t.Run("a channel removed", func(t *testing.T) {
		gone := before.Channels[0]
		b := testspec.Edit(t, bundle, func(root *yaml.Node) { testspec.Delete(testspec.Get(root, "paths"), gone.Path) })
		f := testspec.Edit(t, fragment, func(root *yaml.Node) {
			testspec.Delete(testspec.Get(root, "paths"), gone.Path)
			testspec.Delete(testspec.Get(root, model.ChannelsExtension), gone.OperationID)
		})
		m, err := build(t, b, f)
		if err != nil {
			t.Fatal(err)
		}
		if channel(m, gone.Package) != nil || len(m.Channels) != len(before.Channels)-1 {
			t.Errorf("%s still present after removing it, or another channel lost: %d channels, had %d",
				gone.Package, len(m.Channels), len(before.Channels))
		}
	})
	t.Run("an alias rule added", func(t *testing.T) {
		ch := before.Channels[0]
		f := testspec.Edit(t, fragment, func(root *yaml.Node) {
			from := testspec.Get(root, model.ChannelsExtension, ch.OperationID, "from")
			from.Content = append(from.Content, testspec.Node(t, widgetRule))
		})
		m, err := build(t, bundle, f)
		if err != nil {
			t.Fatal(err)
		}
		got := channel(m, ch.Package).From
		if last := got[len(got)-1]; last.Helper != "FromWidget" || last.Pattern != "^[0-9]{6}$" || len(got) != len(ch.From)+1 {
			t.Errorf("%s after adding FromWidget: %+v", ch.Package, got)
		}
	})
}

// widgetRule is an alias rule the documents do not have.
const widgetRule = "{helper: FromWidget, shape: numeric, pattern: '^[0-9]{6}$', description: the widget number}"

// missingKind picks a channel and a content kind of another channel that it lacks.
func missingKind(t *testing.T, m *model.Model) (model.Channel, string) {
	for _, a := range m.Channels {
		for _, b := range m.Channels {
			for _, k := range b.Kinds {
				if !slices.ContainsFunc(a.Kinds, func(x model.Kind) bool { return x.Schema == k.Schema || x.Name == k.Name }) {
					return a, k.Schema
				}
			}
		}
	}
	t.Fatal("every channel of the documents under test has every content kind of the others: this test needs a channel " +
		"without some kind of another, to add it")
	return model.Channel{}, ""
}

func channel(m *model.Model, pkg string) *model.Channel {
	for i := range m.Channels {
		if m.Channels[i].Package == pkg {
			return &m.Channels[i]
		}
	}
	return nil
}

// TestRuleErrors breaks the first channel's rule in ways the model must refuse, each located in the fragment.
func TestRuleErrors(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	m, err := build(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	first, second := m.Channels[0], m.Channels[len(m.Channels)-1]
	rule := "/" + model.ChannelsExtension + "/" + first.OperationID
	cases := []struct {
		name, key, value, want string
	}{
		{"package not a Go name", "package", "Not_A_Package", rule + `/package: package "Not_A_Package" must be a lower-case Go package name`},
		{"package used twice", "package", second.Package, fmt.Sprintf(`package %q is also used by`, second.Package)},
		{"unknown field", "colour", "blue", `invalid channel rule: unknown field "colour"`},
		{"helper not exported", "from", "[{helper: fromX, shape: uuid, description: d}]",
			rule + `/from/0/helper: helper "fromX" must be an exported Go name`},
		{"numeric rule without a pattern", "from", "[{helper: FromX, shape: numeric, description: d}]",
			rule + `/from/0/pattern: a numeric rule needs a pattern`},
		{"unknown shape", "from", "[{helper: FromX, shape: email, description: d}]", rule + `/from/0/shape: unknown shape "email"`},
		// Go's regexp package accepts (?i); ECMA-262, which the rules' patterns follow, does not.
		{"a pattern ECMA-262 refuses", "from", "[{helper: FromX, shape: numeric, pattern: '(?i)^[0-9]+$', description: d}]",
			rule + "/from/0/pattern: pattern `(?i)^[0-9]+$`, at byte 0: (? must start (?:, (?<name>, a lookahead or a lookbehind"},
	}
	_, fragmentPath := testspec.Paths()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if first.Package == second.Package && tc.name == "package used twice" {
				t.Skip("one channel only")
			}
			f := testspec.Edit(t, fragment, func(root *yaml.Node) {
				testspec.Set(testspec.Get(root, model.ChannelsExtension, first.OperationID), tc.key, testspec.Node(t, tc.value))
			})
			_, err := build(t, bundle, f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), filepath.Base(fragmentPath)+":") {
				t.Errorf("error %v is not placed in the fragment", err)
			}
		})
	}
}

// Of several broken channel rules, the first by operationId is reported, on every run (Go's map order once chose
// one at random).
func TestTheFirstBrokenRuleIsReported(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	m, err := build(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ch := range m.Channels {
		ids = append(ids, ch.OperationID)
	}
	slices.Sort(ids)
	f := testspec.Edit(t, fragment, func(root *yaml.Node) {
		for _, id := range ids {
			testspec.Set(testspec.Get(root, model.ChannelsExtension, id), "package", testspec.Node(t, "Not_A_Package"))
		}
	})
	want := "/" + model.ChannelsExtension + "/" + ids[0] + "/package:"
	for range 10 {
		if _, err := build(t, bundle, f); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want the rule of %s (%s)", err, ids[0], want)
		}
	}
}
