package model_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/model"
)

// unionLine summarises a union of the model in one line.
func unionLine(u model.Union) string {
	var kinds []string
	for _, k := range u.Kinds {
		kinds = append(kinds, k.Value+"="+strings.Join(k.Properties, "+"))
	}
	return fmt.Sprintf("%s %s by %s: %s", u.Schema, u.Interface, u.Discriminator, strings.Join(kinds, ","))
}

// TestModelReadsTheInboundRules reads the inbound rules again, straight from the fragment's YAML, and expects the
// model to have read the same.
func TestModelReadsTheInboundRules(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	m, err := build(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	testspec.Edit(t, fragment, func(root *yaml.Node) {
		rules := testspec.Get(root, model.InboundExtension)
		for _, schema := range testspec.Keys(rules) {
			rule := testspec.Get(rules, schema)
			var kinds []string
			kindsNode := testspec.Get(rule, "kinds")
			values := testspec.Keys(kindsNode)
			for _, v := range sortedCopy(values) {
				var props []string
				for _, p := range testspec.Get(kindsNode, v).Content {
					props = append(props, p.Value)
				}
				kinds = append(kinds, v+"="+strings.Join(props, "+"))
			}
			want = append(want, fmt.Sprintf("%s %s by %s: %s", schema, testspec.Get(rule, "interface").Value,
				testspec.Get(rule, "discriminator").Value, strings.Join(kinds, ",")))
		}
	})
	var got []string
	for _, u := range m.Unions {
		got = append(got, unionLine(u))
	}
	if strings.Join(got, "\n") != strings.Join(sortedCopy(want), "\n") {
		t.Errorf("the model:\n%s\nthe fragment:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if testspec.Get(testspec.Node(t, fragment), model.InboundExtension) == nil && len(m.Unions) != 0 {
		t.Errorf("no rule, but unions %v", got)
	}
}

func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

// Schemas the rule tests add to a copy of the bundle: a union that contains itself, and two that contain each other.
const cycleSchemas = `
Tree:
  type: object
  required: [type]
  properties:
    type: {type: string}
    node: {$ref: '#/components/schemas/Tree'}
Ping:
  type: object
  required: [type]
  properties:
    type: {type: string}
    pong: {$ref: '#/components/schemas/Pong'}
Pong:
  type: object
  required: [type]
  properties:
    type: {type: string}
    ping: {$ref: '#/components/schemas/Ping'}
Plain:
  type: string
`

// TestInboundRuleErrors breaks the inbound rules in ways the model must refuse, each with its message, located in
// the fragment at the part of the rule at fault.
func TestInboundRuleErrors(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	m, err := build(t, bundle, fragment)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Unions) == 0 {
		t.Fatal("the documents under test have no x-chatt2me-inbound rule, which this test breaks")
	}
	u := m.Unions[0]
	kind := u.Kinds[0]
	rule := "/" + model.InboundExtension + "/" + u.Schema
	valid := fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {%s: [%s]}}", u.Interface, u.Discriminator, kind.Value,
		kind.Properties[0])
	cases := []struct {
		name, schema, rule, want string
	}{
		{"no such schema", "NoSuchSchema", valid, "/" + model.InboundExtension + `/NoSuchSchema: no component schema is named "NoSuchSchema"`},
		{"not an object", "Plain", valid, "/" + model.InboundExtension + "/Plain: Plain is not an object schema (type: object)"},
		{"unknown field", u.Schema, "{interface: X, discriminator: d, kinds: {}, colour: blue}",
			rule + `: invalid inbound rule: unknown field "colour"`},
		{"interface not exported", u.Schema, strings.Replace(valid, "interface: "+u.Interface, "interface: content", 1),
			rule + `/interface: interface "content" must be an exported Go name`},
		{"no such discriminator", u.Schema, strings.Replace(valid, "discriminator: "+u.Discriminator, "discriminator: nope", 1),
			rule + fmt.Sprintf(`/discriminator: %s has no string property "nope" to be its discriminator`, u.Schema)},
		{"no kinds", u.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {}}", u.Interface, u.Discriminator),
			rule + "/kinds: at least one kind is needed"},
		{"a kind without properties", u.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {k: []}}", u.Interface, u.Discriminator),
			rule + `/kinds/k: kind "k" lists no property; the first one listed is its main property`},
		{"no such property", u.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {k: [%s, nope]}}", u.Interface, u.Discriminator,
			kind.Properties[0]), rule + fmt.Sprintf(`/kinds/k/1: %s has no property "nope"`, u.Schema)},
		{"the discriminator as a property", u.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {k: [%s]}}", u.Interface,
			u.Discriminator, u.Discriminator),
			rule + fmt.Sprintf(`/kinds/k/0: %q is the discriminator, not a property of kind "k"`, u.Discriminator)},
		{"a property twice", u.Schema, fmt.Sprintf("{interface: %s, discriminator: %s, kinds: {k: [%s, %s]}}", u.Interface, u.Discriminator,
			kind.Properties[0], kind.Properties[0]), rule + fmt.Sprintf(`/kinds/k/1: property %q is listed twice`, kind.Properties[0])},
		{"a name for no kind", u.Schema, strings.TrimSuffix(valid, "}") + ", names: {nope: Nope}}",
			rule + `/names/nope: no kind has the value "nope"`},
		{"a name that is not Go", u.Schema, strings.TrimSuffix(valid, "}") + fmt.Sprintf(", names: {%s: lower}}", kind.Value),
			rule + fmt.Sprintf(`/names/%s: the name "lower" of kind %q must be an exported Go name`, kind.Value, kind.Value)},
	}
	_, fragmentPath := testspec.Paths()
	b := withCycleSchemas(t, bundle)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := testspec.Edit(t, fragment, func(root *yaml.Node) {
				testspec.Set(testspec.Get(root, model.InboundExtension), tc.schema, testspec.Node(t, tc.rule))
			})
			_, err := build(t, b, f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), filepath.Base(fragmentPath)+":") {
				t.Errorf("error %v is not placed in the fragment", err)
			}
		})
	}
	t.Run("not a mapping", func(t *testing.T) {
		f := testspec.Edit(t, fragment, func(root *yaml.Node) { testspec.Set(root, model.InboundExtension, testspec.Node(t, "[]")) })
		_, err := build(t, bundle, f)
		want := "/" + model.InboundExtension + ": expected a mapping from component schema to its inbound rule"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	})
}

// withCycleSchemas adds cycleSchemas to a bundle.
func withCycleSchemas(t *testing.T, bundle string) string {
	return testspec.Edit(t, bundle, func(root *yaml.Node) {
		schemas := testspec.Get(root, "components", "schemas")
		schemas.Content = append(schemas.Content, testspec.Node(t, cycleSchemas).Content...)
	})
}

// TestInboundUnionCycles: a union may not contain itself, directly or through another union; the error names the
// way back, at the property that closes it.
func TestInboundUnionCycles(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	bundle = withCycleSchemas(t, bundle)
	cases := []struct {
		name  string
		rules map[string]string
		want  string
	}{
		{"a union containing itself", map[string]string{"Tree": "{interface: Tree, discriminator: type, kinds: {node: [node]}}"},
			"/" + model.InboundExtension + "/Tree/kinds/node/0: Tree.node leads back to Tree (Tree → Tree): a union may not contain itself"},
		{"two unions containing each other", map[string]string{
			"Ping": "{interface: Ping, discriminator: type, kinds: {pong: [pong]}}",
			"Pong": "{interface: Pong, discriminator: type, kinds: {ping: [ping]}}"},
			"/" + model.InboundExtension + "/Pong/kinds/ping/0: Pong.ping leads back to Ping (Ping → Pong → Ping)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := testspec.Edit(t, fragment, func(root *yaml.Node) {
				for _, schema := range slices.Sorted(maps.Keys(tc.rules)) {
					testspec.Set(testspec.Get(root, model.InboundExtension), schema, testspec.Node(t, tc.rules[schema]))
				}
			})
			_, err := build(t, bundle, f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestNoInboundRule: the rules are optional; without them the model has no unions.
func TestNoInboundRule(t *testing.T) {
	bundle, fragment := testspec.Read(t)
	f := testspec.Edit(t, fragment, func(root *yaml.Node) { testspec.Delete(root, model.InboundExtension) })
	m, err := build(t, bundle, f)
	if err != nil || len(m.Unions) != 0 {
		t.Errorf("without rules: %v, unions %v", err, m.Unions)
	}
}
