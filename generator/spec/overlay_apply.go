package spec

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/speakeasy-api/openapi/overlay"
	"go.yaml.in/yaml/v3"
	oyaml "gopkg.in/yaml.v3" // the YAML package of the overlay package's trees
)

// A StaleAction is an action of an overlay that would change nothing in the bundle: its target matches nothing,
// or every node it matches holds its update already (the vendor took the change in). Generating refuses one, so
// that the overlay holds only what it changes; update-spec, whose new bundle may have taken changes in, leaves
// them out (Source.WithoutActions) and lists them.
type StaleAction struct {
	Index int    // the action's index in the overlay's actions
	Err   *Error // the action's target in the overlay, and why it is stale
}

// WithoutActions returns the overlay s without the actions of the given indexes: they are not applied, and the
// others keep their places in errors.
func (s Source) WithoutActions(indexes ...int) Source {
	skip := map[int]bool{}
	for i := range s.skip {
		skip[i] = true
	}
	for _, i := range indexes {
		skip[i] = true
	}
	s.skip = skip
	return s
}

// StaleActions applies an overlay to a bundle and lists its stale actions, in order, instead of refusing them.
// Any other problem of either document is an error.
func StaleActions(bundle, overlay Source) ([]StaleAction, error) {
	b, err := parse(bundle)
	if err != nil {
		return nil, err
	}
	o, err := parseOverlay(overlay)
	if err != nil {
		return nil, err
	}
	return applyOverlay(b, o, true)
}

// applyOverlay applies the actions of an overlay, in order, to the bundle's tree with the overlay package. Every
// node an action adds, and every value it changes, is placed in the overlay (b.added). A stale action is an
// error, or with lenient, left out and returned.
func applyOverlay(b *parsed, o *parsedOverlay, lenient bool) ([]StaleAction, error) {
	br := &bridge{originals: map[*oyaml.Node]*yaml.Node{}, changed: map[*oyaml.Node]place{}, added: b.added, file: o.name}
	root := br.up(b.root, false)
	nodes := br.count
	var stale []StaleAction
	for _, a := range o.actions {
		targets := a.path.Query(root)
		var update *oyaml.Node
		if a.update != nil {
			update = br.up(a.update, true)
		}
		why, err := staleness(b.name, o.name, a, targets, update)
		if err != nil {
			return nil, err
		}
		if why != "" {
			s := StaleAction{Index: a.index, Err: &Error{File: o.name, Line: a.target.Line, Pointer: a.pointer(), Problem: why}}
			if !lenient {
				return nil, s.Err
			}
			stale = append(stale, s)
			continue
		}
		if update != nil {
			if nodes += len(targets) * countNodes(update); nodes > MaxDocumentNodes {
				return nil, &Error{File: o.name, Line: a.target.Line, Pointer: a.pointer(), Problem: fmt.Sprintf(
					"with this action, the bundle would hold more than %d YAML nodes, the limit for an input document", MaxDocumentNodes)}
			}
		}
		if err := br.apply(root, a, targets, update); err != nil {
			return nil, err
		}
	}
	b.root = br.down(root)
	return stale, checkMappingSizes(b, b.root, "")
}

// staleness says why an action is stale ("" when it is not): its target matches nothing, or each node it matches
// holds its update. An update that some of the nodes hold and others do not is an error.
func staleness(bundle, overlayName string, a overlayAction, targets []*oyaml.Node, update *oyaml.Node) (string, error) {
	if len(targets) == 0 {
		return fmt.Sprintf("the target %s matches nothing in %s; fix the target, or delete the action if the document no longer needs it",
			a.target.Value, bundle), nil
	}
	if update == nil {
		return "", nil
	}
	holding := 0
	for _, t := range targets {
		if holds(t, update) {
			holding++
		}
	}
	switch holding {
	case 0:
		return "", nil
	case len(targets):
		return fmt.Sprintf("%s holds this action's update already, at each of the %d places the target %s matches "+
			"(the vendor took the change in?); delete the action", bundle, holding, a.target.Value), nil
	}
	return "", &Error{File: overlayName, Line: a.target.Line, Pointer: a.pointer(), Problem: fmt.Sprintf(
		"%s holds this action's update at %d of the %d places the target %s matches; split the action, so that each target "+
			"matches only where the change is missing", bundle, holding, len(targets), a.target.Value)}
}

// holds reports whether applying update to target (as Overlay 1.1.0 merges: a sequence gains the update's items,
// a mapping its keys, a scalar its value) would change nothing.
func holds(target, update *oyaml.Node) bool {
	switch {
	case target.Kind == oyaml.SequenceNode && update.Kind == oyaml.SequenceNode:
		for _, u := range update.Content {
			if !holds(target, u) {
				return false
			}
		}
		return true
	case target.Kind == oyaml.SequenceNode:
		for _, item := range target.Content {
			if sameTree(item, update) {
				return true
			}
		}
		return false
	case target.Kind == oyaml.MappingNode && update.Kind == oyaml.MappingNode:
		for i := 0; i+1 < len(update.Content); i += 2 {
			v := mappingValue(target, update.Content[i].Value)
			if v == nil || v.Kind != update.Content[i+1].Kind || !holds(v, update.Content[i+1]) {
				return false
			}
		}
		return true
	}
	return sameTree(target, update)
}

func mappingValue(m *oyaml.Node, key string) *oyaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// sameTree compares two nodes by the values they decode to.
func sameTree(a, b *oyaml.Node) bool {
	var va, vb any
	if a.Decode(&va) != nil || b.Decode(&vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

func countNodes(n *oyaml.Node) int {
	count := 1
	for _, c := range n.Content {
		count += countNodes(c)
	}
	return count
}

// checkMappingSizes refuses a mapping that the overlay made larger than MaxMappingKeys, where the overlay placed it.
func checkMappingSizes(b *parsed, n *yaml.Node, pointer string) error {
	if n.Kind == yaml.MappingNode && len(n.Content)/2 > MaxMappingKeys {
		p := b.placeOf(n)
		return &Error{File: p.file, Line: p.line, Pointer: pointer, Problem: fmt.Sprintf(
			"with the overlay, the mapping has %d keys, over %d, the limit for one mapping of an input document", len(n.Content)/2, MaxMappingKeys)}
	}
	for i, c := range n.Content {
		p := pointer + "/" + strconv.Itoa(i)
		if n.Kind == yaml.MappingNode {
			if i%2 == 0 {
				continue
			}
			p = pointer + "/" + EscapeToken(n.Content[i-1].Value)
		}
		if err := checkMappingSizes(b, c, p); err != nil {
			return err
		}
	}
	return nil
}

// bridge carries a tree between go.yaml.in/yaml/v3, which the generator reads, and gopkg.in/yaml.v3, which the
// overlay package changes. Nodes of the bundle keep their identity; nodes an overlay adds are new, placed in the
// overlay: the overlay package copies an update without its lines, so up marks each update node with its line in
// its anchor, which the copies keep, and down reads it back.
type bridge struct {
	originals map[*oyaml.Node]*yaml.Node
	changed   map[*oyaml.Node]place // scalars of the bundle whose value an action changed
	added     map[*yaml.Node]place
	file      string // the overlay's name
	count     int    // the nodes up converted from the bundle
}

const lineMark = "chatt2me-line-"

// up converts a tree; fromOverlay marks every node with its line (see bridge).
func (br *bridge) up(n *yaml.Node, fromOverlay bool) *oyaml.Node {
	u := &oyaml.Node{Kind: oyaml.Kind(n.Kind), Style: oyaml.Style(n.Style), Tag: n.Tag, Value: n.Value, Anchor: n.Anchor,
		HeadComment: n.HeadComment, LineComment: n.LineComment, FootComment: n.FootComment, Line: n.Line, Column: n.Column}
	if fromOverlay {
		u.Anchor = lineMark + strconv.Itoa(n.Line)
	} else {
		br.originals[u] = n
		br.count++
	}
	for _, c := range n.Content {
		u.Content = append(u.Content, br.up(c, fromOverlay))
	}
	return u
}

// apply applies one action, with the overlay package, and notes the scalars of the bundle it changes.
func (br *bridge) apply(root *oyaml.Node, a overlayAction, targets []*oyaml.Node, update *oyaml.Node) error {
	if update != nil {
		for _, t := range targets {
			overwritten(t, update, func(s *oyaml.Node) { br.changed[s] = place{br.file, a.update.Line} })
		}
	}
	act := overlay.Action{Target: a.target.Value, Remove: update == nil}
	if update != nil {
		act.Update = *update
	}
	o := &overlay.Overlay{Version: OverlayVersion, Info: overlay.Info{Title: br.file, Version: "1"}, Actions: []overlay.Action{act}}
	if _, err := o.ApplyToStrict(root); err != nil {
		return &Error{File: br.file, Line: a.target.Line, Pointer: a.pointer(), Problem: "applying the action: " + err.Error()}
	}
	return nil
}

// overwritten calls f with each scalar of target whose value merging update into it (as Overlay 1.1.0 merges)
// replaces with another.
func overwritten(target, update *oyaml.Node, f func(*oyaml.Node)) {
	switch {
	case target.Kind == oyaml.MappingNode && update.Kind == oyaml.MappingNode:
		for i := 0; i+1 < len(update.Content); i += 2 {
			if v := mappingValue(target, update.Content[i].Value); v != nil {
				overwritten(v, update.Content[i+1], f)
			}
		}
	case target.Kind == oyaml.ScalarNode && update.Kind == oyaml.ScalarNode && target.Value != update.Value:
		f(target)
	}
}

// down converts the changed tree back: the bundle's own nodes, updated, and new nodes for the overlay's.
func (br *bridge) down(u *oyaml.Node) *yaml.Node {
	n, ok := br.originals[u]
	if !ok {
		line, _ := strconv.Atoi(strings.TrimPrefix(u.Anchor, lineMark))
		n = &yaml.Node{Kind: yaml.Kind(u.Kind), Style: yaml.Style(u.Style) &^ yaml.FlowStyle, Tag: u.Tag, Value: u.Value,
			HeadComment: u.HeadComment, LineComment: u.LineComment, FootComment: u.FootComment, Line: line}
		br.added[n] = place{br.file, line}
	} else if p, changed := br.changed[u]; changed {
		n.Value = u.Value
		if n.ShortTag() != "!!str" {
			n.Tag = "" // the value's tag is resolved again
		}
		br.added[n] = p
	}
	content := make([]*yaml.Node, len(u.Content))
	for i, c := range u.Content {
		content[i] = br.down(c)
		if n.Kind == yaml.MappingNode && i%2 == 1 {
			if p, ok := br.added[content[i]]; ok {
				if _, placed := br.added[content[i-1]]; !placed {
					br.added[content[i-1]] = p // a value the overlay changed is placed with its key
				}
			}
		}
	}
	n.Content = content
	return n
}
