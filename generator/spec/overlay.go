package spec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/speakeasy-api/jsonpath/pkg/jsonpath"
	"github.com/speakeasy-api/jsonpath/pkg/jsonpath/config"
	"github.com/speakeasy-api/jsonpath/pkg/jsonpath/token"
	"go.yaml.in/yaml/v3"
)

// OverlayVersion is the version of the OpenAPI Overlay Specification an overlay declares: 1.1.0, whose targets are
// RFC 9535 JSONPath and whose update of a sequence appends to it.
const OverlayVersion = "1.1.0"

// MaxOverlayActions is the most actions an overlay may hold. Each action queries the bundle (three times: once to
// see whether it is stale, twice in the overlay package), so that an overlay's cost grows with its actions times
// the nodes its targets visit: 100 actions that each filter a sequence of 120,000 items, on a bundle at
// MaxDocumentNodes, take about 5 s of CPU (the bundle alone 1.2 s). The repository's overlay has 1.
const MaxOverlayActions = 100

// MaxTargetLength is the longest target an action may have, in bytes: parsing one takes about 10 µs per level of
// nested parentheses. The repository's targets are under 100 bytes.
const MaxTargetLength = 1_000

// overlayKeys are the keys of an overlay document besides x- extensions; actionKeys those of an action.
var (
	overlayKeys = map[string]bool{"overlay": true, "info": true, "extends": true, "actions": true}
	actionKeys  = map[string]bool{"target": true, "description": true, "update": true, "remove": true}
)

// parsedOverlay is an overlay whose actions were read and checked.
type parsedOverlay struct {
	name    string
	actions []overlayAction
}

// overlayAction is one action of an overlay.
type overlayAction struct {
	index  int
	target *yaml.Node // the target's scalar, for its text and line
	path   *jsonpath.JSONPath
	update *yaml.Node // nil for a remove action
}

// pointer is the JSON pointer of the action's target in the overlay.
func (a overlayAction) pointer() string { return "/actions/" + strconv.Itoa(a.index) + "/target" }

// parseOverlay reads an overlay: an OpenAPI Overlay 1.1.0 document whose actions update or remove what their
// targets match. It is decoded with the limits of every input document. Actions src.skip names are left out.
func parseOverlay(src Source) (*parsedOverlay, error) {
	doc, err := decode(src)
	if err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{File: src.Name, Line: 1, Problem: "the overlay is not a YAML mapping"}
	}
	root := doc.Content[0]
	if err := checkOverlayHeader(src.Name, root); err != nil {
		return nil, err
	}
	actions := get(root, "actions")
	at := func(n *yaml.Node, problem string) error {
		return &Error{File: src.Name, Line: n.Line, Pointer: "/actions", Problem: problem}
	}
	switch {
	case actions == nil:
		return nil, at(root, "the overlay must have a sequence of at least one action")
	case actions.Kind != yaml.SequenceNode || len(actions.Content) == 0:
		return nil, at(actions, "the overlay must have a sequence of at least one action")
	case len(actions.Content) > MaxOverlayActions:
		return nil, at(actions, fmt.Sprintf("the overlay has %d actions, over %d, the limit for an overlay",
			len(actions.Content), MaxOverlayActions))
	}
	o := &parsedOverlay{name: src.Name}
	for i, n := range actions.Content {
		a, err := parseAction(src.Name, i, n)
		if err != nil {
			return nil, err
		}
		if !src.skip[i] {
			o.actions = append(o.actions, a)
		}
	}
	return o, nil
}

// checkOverlayHeader checks the keys of an overlay, its version and its info (a title and a version).
func checkOverlayHeader(file string, root *yaml.Node) error {
	at := func(n *yaml.Node, pointer, problem string) error {
		return &Error{File: file, Line: n.Line, Pointer: pointer, Problem: problem}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; !overlayKeys[k.Value] && !strings.HasPrefix(k.Value, "x-") {
			return at(k, "/"+EscapeToken(k.Value),
				fmt.Sprintf("an overlay has no key %q (it has overlay, info, extends, actions and x- extensions)", k.Value))
		}
	}
	if v := get(root, "overlay"); v == nil || v.Kind != yaml.ScalarNode || v.Value != OverlayVersion {
		n := root
		if v != nil {
			n = v
		}
		return at(n, "/overlay",
			"the overlay must declare `overlay: "+OverlayVersion+"`, the version of the OpenAPI Overlay Specification it follows")
	}
	info := get(root, "info")
	if info == nil || info.Kind != yaml.MappingNode {
		return at(root, "/info", "the overlay must have an info with a title and a version")
	}
	for _, key := range []string{"title", "version"} {
		if v := get(info, key); v == nil || v.Kind != yaml.ScalarNode || v.Value == "" {
			return at(info, "/info/"+key, "the overlay's info must have a "+key)
		}
	}
	return nil
}

// parseAction reads action i of an overlay: a target, and an update or remove: true.
func parseAction(file string, i int, n *yaml.Node) (overlayAction, error) {
	pointer := "/actions/" + strconv.Itoa(i)
	at := func(n *yaml.Node, pointer, problem string) error {
		return &Error{File: file, Line: n.Line, Pointer: pointer, Problem: problem}
	}
	if n.Kind != yaml.MappingNode {
		return overlayAction{}, at(n, pointer, "an action must be a mapping with a target, and an update or remove: true")
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		k := n.Content[j]
		switch {
		case k.Value == "copy":
			return overlayAction{}, at(k, pointer+"/copy", "copy actions are not supported: write the value out in an update")
		case !actionKeys[k.Value] && !strings.HasPrefix(k.Value, "x-"):
			return overlayAction{}, at(k, pointer+"/"+EscapeToken(k.Value),
				fmt.Sprintf("an action has no key %q (it has target, description, update, remove and x- extensions)", k.Value))
		}
	}
	a := overlayAction{index: i, target: get(n, "target"), update: get(n, "update")}
	if a.target == nil || a.target.Kind != yaml.ScalarNode || a.target.Value == "" {
		return a, at(n, pointer+"/target", "an action must have a target, a JSONPath expression")
	}
	path, err := parseTarget(a.target.Value)
	if err != nil {
		return a, at(a.target, a.pointer(), err.Error())
	}
	a.path = path
	remove := get(n, "remove")
	switch {
	case remove != nil && (remove.ShortTag() != "!!bool" || remove.Value != "true"):
		return a, at(remove, pointer+"/remove", "remove must be true, or left out")
	case remove != nil && a.update != nil:
		return a, at(remove, pointer+"/remove", "an action either removes what its target matches or updates it, not both")
	case remove == nil && a.update == nil:
		return a, at(n, pointer, "an action must have an update, or remove: true")
	}
	return a, nil
}

// parseTarget parses a target as the overlay package does (RFC 9535 JSONPath, with the ~ of property names). A
// descendant segment (..) is refused: a target names the place it changes, and each descendant segment multiplies
// the nodes a query visits by the depth of the document.
func parseTarget(target string) (*jsonpath.JSONPath, error) {
	if len(target) > MaxTargetLength {
		return nil, fmt.Errorf("the target is %d bytes long, over %d, the limit for a target", len(target), MaxTargetLength)
	}
	path, err := jsonpath.NewPath(target, config.WithPropertyNameExtension())
	if err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n") // the parser draws the place below it
		return nil, fmt.Errorf("the target %s is not a JSONPath expression (RFC 9535): %s", target, first)
	}
	for _, t := range token.NewTokenizer(target, config.WithPropertyNameExtension()).Tokenize() {
		if t.Token == token.RECURSIVE {
			return nil, fmt.Errorf("the target %s has a descendant segment (..): name the place the action changes", target)
		}
	}
	return path, nil
}
