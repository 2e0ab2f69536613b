package spec_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// overlayBundle is a small bundle with what the overlays below change: an enum, a oneOf and a property.
const overlayBundle = `openapi: 3.0.3
info:
  title: mini
  version: "1"
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Content'
      responses:
        '200':
          description: ok
components:
  schemas:
    Content:
      oneOf:
        - $ref: '#/components/schemas/Text'
        - $ref: '#/components/schemas/Image'
    Text:
      type: object
      properties:
        text: {type: string}
    Image:
      type: object
      properties:
        imageUrl: {type: string}
    Channel:
      type: string
      enum:
        - a
        - b
`

// overlayHeader starts a small overlay; its actions follow.
const overlayHeader = "overlay: 1.1.0\ninfo:\n  title: ours\n  version: \"1\"\nactions:\n"

// stickerFragment defines the schema the overlay below puts in the place of Image.
const stickerFragment = fragmentHeader + `components:
  schemas:
    Sticker:
      type: object
      properties:
        stickerUrl: {type: string}
`

// mergeOverlay merges overlayBundle (bundle.yaml), an overlay (overlay.yaml) and a fragment (fragment.yaml).
func mergeOverlay(overlay, fragment string) (*spec.Document, error) {
	return spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(overlayBundle)},
		spec.Source{Name: "fragment.yaml", Data: []byte(fragment)}, spec.Source{Name: "overlay.yaml", Data: []byte(overlay)})
}

// lineOf is the line of text where substring first starts.
func lineOf(t *testing.T, text, substring string) int {
	t.Helper()
	i := strings.Index(text, substring)
	if i < 0 {
		t.Fatalf("%q is not in the text", substring)
	}
	return strings.Count(text[:i], "\n") + 1
}

// An overlay's actions change the bundle: a value added to an enum, a oneOf member replaced in place (the target
// filters it by its $ref), a property added, a schema removed. What an action adds or changes is placed in the
// overlay, at the line of its update; the rest stays in the bundle.
func TestAnOverlayChangesTheBundle(t *testing.T) {
	overlay := overlayHeader + `  - target: $.components.schemas.Channel.enum
    update: c
  - target: $.components.schemas.Content.oneOf[?@['$ref'] == '#/components/schemas/Image']
    update:
      $ref: '#/components/schemas/Sticker'
  - target: $.components.schemas.Text.properties
    update:
      caption: {type: string, maxLength: 10}
  - target: $.components.schemas.Image
    remove: true
`
	doc, err := mergeOverlay(overlay, stickerFragment)
	if err != nil {
		t.Fatal(err)
	}
	schemas := doc.T.Components.Schemas
	if got := fmt.Sprint(schemas["Channel"].Value.Enum); got != "[a b c]" {
		t.Errorf("Channel's enum is %s, want [a b c]", got)
	}
	var refs []string
	for _, m := range schemas["Content"].Value.OneOf {
		refs = append(refs, m.Ref)
	}
	if want := []string{"#/components/schemas/Text", "#/components/schemas/Sticker"}; !slices.Equal(refs, want) {
		t.Errorf("Content's oneOf is %v, want %v", refs, want)
	}
	if c := schemas["Text"].Value.Properties["caption"]; c == nil || c.Value.MaxLength == nil || *c.Value.MaxLength != 10 {
		t.Errorf("Text has no caption of at most 10 characters: %+v", schemas["Text"].Value.Properties)
	}
	if schemas["Image"] != nil {
		t.Error("Image was not removed")
	}
	for _, tc := range []struct {
		pointer, file string
		line          int
	}{
		{"/components/schemas/Channel/enum/2", "overlay.yaml", lineOf(t, overlay, "update: c")},
		{"/components/schemas/Channel/enum/1", "bundle.yaml", lineOf(t, overlayBundle, "- b")},
		{"/components/schemas/Content/oneOf/1/$ref", "overlay.yaml", lineOf(t, overlay, "$ref: '#/components/schemas/Sticker'")},
		{"/components/schemas/Content/oneOf/0/$ref", "bundle.yaml", lineOf(t, overlayBundle, "- $ref: '#/components/schemas/Text'")},
		{"/components/schemas/Text/properties/caption/maxLength", "overlay.yaml", lineOf(t, overlay, "caption:")},
		{"/components/schemas/Text/properties/text", "bundle.yaml", lineOf(t, overlayBundle, "text: {type: string}")},
	} {
		if file, line, ok := doc.Where(tc.pointer); !ok || file != tc.file || line != tc.line {
			t.Errorf("%s is placed at %s:%d, want %s:%d", tc.pointer, file, line, tc.file, tc.line)
		}
	}
	if merged := string(doc.YAML); strings.Contains(merged, "&") || !strings.Contains(merged, "        caption:\n          type: string\n") {
		t.Errorf("the merged document has an anchor, or the added property is not written in block style:\n%s", merged)
	}
}

// Every problem of an overlay, or of what it adds, is a *spec.Error placed in the overlay: the file, the line and the
// JSON pointer of the action (or of the node it added).
func TestOverlayErrorsAreLocated(t *testing.T) {
	for _, tc := range overlayErrorCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mergeOverlay(tc.overlay, fragmentHeader)
			var got *spec.Error
			if !errors.As(err, &got) || *got != tc.want {
				t.Fatalf("error %v\nwant  %v", err, &tc.want)
			}
		})
	}
}

type overlayErrorCase struct {
	name, overlay string
	want          spec.Error
}

// overlayErrorCases are broken overlays, each with the error it gets.
func overlayErrorCases(t *testing.T) []overlayErrorCase {
	action := func(body string) string { return overlayHeader + body }
	var cases []overlayErrorCase
	add := func(name, overlay, text, pointer, problem string) {
		cases = append(cases, overlayErrorCase{name, overlay,
			spec.Error{File: "overlay.yaml", Line: lineOf(t, overlay, text), Pointer: pointer, Problem: problem}})
	}
	o := action("  - target: $.components.schemas.Nothing.enum\n    update: c\n")
	add("a target that matches nothing", o, "target:", "/actions/0/target",
		"the target $.components.schemas.Nothing.enum matches nothing in bundle.yaml; fix the target, or delete the action if the "+
			"document no longer needs it")
	o = action("  - target: $.components.schemas.Channel.enum\n    update: [b]\n")
	add("an update the bundle holds already", o, "target:", "/actions/0/target",
		"bundle.yaml holds this action's update already, at each of the 1 places the target $.components.schemas.Channel.enum "+
			"matches (the vendor took the change in?); delete the action")
	o = action("  - target: $.components.schemas['Text','Image'].type\n    update: object\n")
	add("a scalar the bundle holds already", o, "target:", "/actions/0/target",
		"bundle.yaml holds this action's update already, at each of the 2 places the target $.components.schemas['Text','Image'].type "+
			"matches (the vendor took the change in?); delete the action")
	o = action("  - target: $.components.schemas['Text','Image'].properties\n    update: {text: {type: string}}\n")
	add("an update some places hold", o, "target:", "/actions/0/target",
		"bundle.yaml holds this action's update at 1 of the 2 places the target $.components.schemas['Text','Image'].properties "+
			"matches; split the action, so that each target matches only where the change is missing")
	o = "overlay: 1.0.0\ninfo:\n  title: ours\n  version: \"1\"\nactions:\n  - target: $.info\n    remove: true\n"
	add("another version", o, "overlay:", "/overlay",
		"the overlay must declare `overlay: 1.1.0`, the version of the OpenAPI Overlay Specification it follows")
	o = "overlay: 1.1.0\nactions:\n  - target: $.info\n    remove: true\n"
	add("no info", o, "overlay:", "/info", "the overlay must have an info with a title and a version")
	o = overlayHeader + "  - target: $.info\n    remove: true\nx-ok: 1\nservers: []\n"
	add("a key an overlay does not have", o, "servers:", "/servers",
		`an overlay has no key "servers" (it has overlay, info, extends, actions and x- extensions)`)
	o = overlayHeader[:len(overlayHeader)-len("actions:\n")] + "actions: []\n"
	add("no actions", o, "actions:", "/actions", "the overlay must have a sequence of at least one action")
	o = action("  - target: $.components.schemas.Text\n    copy: $.components.schemas.Image\n")
	add("a copy action", o, "copy:", "/actions/0/copy", "copy actions are not supported: write the value out in an update")
	o = action("  - target: $.components.schemas.Text\n    remove: false\n")
	add("remove: false", o, "remove:", "/actions/0/remove", "remove must be true, or left out")
	o = action("  - target: $.components.schemas.Text\n    remove: true\n    update: {}\n")
	add("remove and update", o, "remove:", "/actions/0/remove",
		"an action either removes what its target matches or updates it, not both")
	o = action("  - target: $.components.schemas.Text\n    description: nothing to do\n")
	add("neither remove nor update", o, "target:", "/actions/0", "an action must have an update, or remove: true")
	o = action("  - update: {}\n")
	add("no target", o, "update:", "/actions/0/target", "an action must have a target, a JSONPath expression")
	o = action("  - target: $..enum\n    update: c\n")
	add("a descendant segment", o, "target:", "/actions/0/target",
		"the target $..enum has a descendant segment (..): name the place the action changes")
	long := "$.components" + strings.Repeat(".x", spec.MaxTargetLength/2)
	o = action("  - target: " + long + "\n    remove: true\n")
	add("a long target", o, "target:", "/actions/0/target",
		fmt.Sprintf("the target is %d bytes long, over %d, the limit for a target", len(long), spec.MaxTargetLength))
	o = action("  - target: components.schemas\n    remove: true\n")
	add("not a JSONPath expression", o, "target:", "/actions/0/target",
		"the target components.schemas is not a JSONPath expression (RFC 9535): Error at line 1, column 0: expected '$'")
	o = action("  - target: $.components.schemas.Text\n    update: [1]\n")
	add("an update of another kind", o, "target:", "/actions/0/target",
		"applying the action: target is object but update is array")
	o = action("  - target: $.components.schemas.Content.oneOf\n    update:\n      $ref: '#/components/schemas/Missing'\n")
	add("a reference it adds that resolves to nothing", o, "$ref:", "/components/schemas/Content/oneOf/2",
		`unresolved reference "#/components/schemas/Missing": nothing at /components/schemas/Missing in the merged document`)
	o = action("  - target: $.components.schemas.Text.properties.text\n    update:\n      maxLength: -5\n")
	add("a keyword it adds of the wrong kind", o, "maxLength:", "/components/schemas/Text/properties/text/maxLength",
		"maxLength must be a whole number from 0 to 18446744073709551615, not -5")
	return cases
}

// The fragment's conflict with what the overlay added names the overlay.
func TestAFragmentConflictingWithTheOverlayNamesIt(t *testing.T) {
	overlay := overlayHeader + "  - target: $\n    update:\n      x-rules: {a: 1}\n"
	fragment := fragmentHeader + "x-rules: {a: 2}\n"
	_, err := mergeOverlay(overlay, fragment)
	want := fmt.Sprintf("fragment.yaml:%d: /x-rules: also defined, differently, in overlay.yaml:%d", lineOf(t, fragment, "x-rules"),
		lineOf(t, overlay, "x-rules"))
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant  %s", err, want)
	}
}

// update-spec's path: StaleActions lists the actions a bundle has taken in, and WithoutActions leaves them out,
// so that the others still apply; with them, merging refuses.
func TestStaleActionsAreListedAndLeftOut(t *testing.T) {
	overlay := overlayHeader + `  - target: $.components.schemas.Channel.enum
    update: b
  - target: $.components.schemas.Channel.enum
    update: c
  - target: $.components.schemas.Gone
    remove: true
`
	bundle := spec.Source{Name: "bundle.yaml", Data: []byte(overlayBundle)}
	src := spec.Source{Name: "overlay.yaml", Data: []byte(overlay)}
	stale, err := spec.StaleActions(bundle, src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range stale {
		got = append(got, fmt.Sprintf("%d %v", s.Index, s.Err))
	}
	want := []string{
		fmt.Sprintf("0 overlay.yaml:%d: /actions/0/target: bundle.yaml holds this action's update already, at each of the 1 places the "+
			"target $.components.schemas.Channel.enum matches (the vendor took the change in?); delete the action", lineOf(t, overlay, "target:")),
		fmt.Sprintf("2 overlay.yaml:%d: /actions/2/target: the target $.components.schemas.Gone matches nothing in bundle.yaml; fix the "+
			"target, or delete the action if the document no longer needs it", lineOf(t, overlay, "target: $.components.schemas.Gone")),
	}
	if !slices.Equal(got, want) {
		t.Fatalf("stale actions\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fragment := spec.Source{Name: "fragment.yaml", Data: []byte(fragmentHeader)}
	if _, err := spec.Merge(bundle, fragment, src); err == nil || err.Error() != want[0][2:] {
		t.Errorf("merging with the stale actions: %v", err)
	}
	doc, err := spec.Merge(bundle, fragment, src.WithoutActions(stale[0].Index, stale[1].Index))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(doc.T.Components.Schemas["Channel"].Value.Enum); got != "[a b c]" {
		t.Errorf("Channel's enum is %s, want [a b c]", got)
	}
}

// An overlay is an input document, with the limits of one (size, YAML nodes, keys of a mapping), and what it
// makes of the bundle has them too: an action that would take it over MaxDocumentNodes, or a mapping over
// MaxMappingKeys, is refused; so is an overlay of more than MaxOverlayActions actions.
func TestOverlayLimits(t *testing.T) {
	ones := strings.Repeat("1,", spec.MaxDocumentNodes/4) + "1"
	growing := overlayHeader + "  - target: $.components.schemas[*]\n    update:\n      x-pad: [" + ones + "]\n"
	var keys strings.Builder
	for i := range spec.MaxMappingKeys - 3 {
		fmt.Fprintf(&keys, "      K%d: {type: string}\n", i)
	}
	wide := overlayHeader + "  - target: $.components.schemas\n    update:\n" + keys.String()
	many := overlayHeader + strings.Repeat("  - target: $.info\n    update: {}\n", spec.MaxOverlayActions+1)
	huge := overlayHeader + "x-pad: " + strings.Repeat("a", spec.MaxDocumentSize) + "\n"
	for _, tc := range []struct {
		name, overlay string
		want          spec.Error
	}{
		{"a bundle grown over the node limit", growing, spec.Error{File: "overlay.yaml", Line: lineOf(t, growing, "target:"),
			Pointer: "/actions/0/target", Problem: fmt.Sprintf("with this action, the bundle would hold more than %d YAML nodes, the "+
				"limit for an input document", spec.MaxDocumentNodes)}},
		{"a mapping grown over the key limit", wide, spec.Error{File: "bundle.yaml", Line: lineOf(t, overlayBundle, "  schemas:") + 1,
			Pointer: "/components/schemas", Problem: fmt.Sprintf("with the overlay, the mapping has %d keys, over %d, the limit for one "+
				"mapping of an input document", spec.MaxMappingKeys+1, spec.MaxMappingKeys)}},
		{"too many actions", many, spec.Error{File: "overlay.yaml", Line: lineOf(t, many, "  - target:"), Pointer: "/actions",
			Problem: fmt.Sprintf("the overlay has %d actions, over %d, the limit for an overlay", spec.MaxOverlayActions+1,
				spec.MaxOverlayActions)}},
		{"an overlay over the size limit", huge, spec.Error{File: "overlay.yaml",
			Problem: fmt.Sprintf("the document is over %d MiB, the limit for an input document", spec.MaxDocumentSize>>20)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mergeOverlay(tc.overlay, fragmentHeader)
			var got *spec.Error
			if !errors.As(err, &got) || *got != tc.want {
				t.Fatalf("error %v\nwant  %v", err, &tc.want)
			}
		})
	}
}
