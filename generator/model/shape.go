package model

import (
	"fmt"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/pattern"
)

// Shape is a form of `from` or `to` that the SDK normalises: the shape of an alias rule. Everything the generator,
// the SDK and the sandbox do that depends on the form comes from the shape's entry in shapes, through the methods
// below, so that a new form is one entry there (and its normaliser in templates/sdk/internal/core). A shape that has
// no entry is refused where the rule names it.
type Shape string

// The shapes of an alias rule.
const (
	ShapeUUID    Shape = "uuid"    // an application channel UUID
	ShapePhone   Shape = "phone"   // digits after an optional prefix, with spaces, dashes, dots and parentheses removed
	ShapeHandle  Shape = "handle"  // a name after an optional prefix
	ShapeNumeric Shape = "numeric" // digits only
)

// NormalizerArg is an argument of a shape's normaliser after the field's name and the value.
type NormalizerArg int

// The arguments of normalisers.
const (
	ArgPrefix     NormalizerArg = iota // the rule's prefix, a string
	ArgKeepPrefix                      // whether the value sent keeps the prefix, a bool
	ArgPattern                         // the rule's pattern, compiled
)

// shapeRule is everything that depends on a shape.
type shapeRule struct {
	shape Shape
	// normalizer is the function of internal/core that normalises a value, args what it takes after the field's
	// name and the value.
	normalizer string
	args       []NormalizerArg
	// format is the function of package format that every normalised value passes, and what it checks, for the
	// shapes whose rule gives no pattern.
	format, formatWhat string
	arg                string // the helper's parameter, when the rule names no field
	// channelID marks the shape of the application channel's UUID, which a Message event gives as its channelId.
	channelID bool
	doc       func(a Alias) string
	// samples are typical values as sent, inputs typical values as users write them, malformed values near the
	// shape's.
	samples, inputs, malformed []string
}

// edgeSeeds start the fuzz seeds of every helper, before those of the shapes.
var edgeSeeds = []string{"", " ", "+", "@"}

// shapes are the entries of the shapes, in the order of their fuzz seeds.
var shapes = []shapeRule{
	{shape: ShapeUUID, normalizer: "NormalizeUUID", format: "IsUUID", formatWhat: "a UUID", arg: "uuid", channelID: true,
		doc: func(Alias) string {
			return "The value must be a UUID in its 8-4-4-4-12 form; surrounding spaces are ignored."
		},
		inputs: []string{"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"}},
	{shape: ShapePhone, normalizer: "NormalizePhone", args: []NormalizerArg{ArgPrefix, ArgKeepPrefix, ArgPattern}, arg: "value",
		doc: func(a Alias) string {
			keep := "without it"
			if a.KeepPrefix {
				keep = "with it"
			}
			return fmt.Sprintf("The leading %q is optional; spaces, dashes, dots and parentheses are removed; the digits are sent %s\n"+
				"and must match %s.", a.Prefix, keep, a.Pattern)
		},
		samples: []string{"5511993986082"}, inputs: []string{"+55 (11) 99398-6082", "5511993986082"},
		malformed: []string{"++5511993986082", "55 11 9939８", "\x00"}},
	{shape: ShapeHandle, normalizer: "NormalizeHandle", args: []NormalizerArg{ArgPrefix, ArgPattern}, arg: "value",
		doc: func(a Alias) string {
			return fmt.Sprintf("The leading %q is optional and not sent; the rest must match %s.", a.Prefix, a.Pattern)
		},
		samples: []string{"acme.store", "acme_bot"}, inputs: []string{"@acme_bot", "acme.store"}, malformed: []string{"@@acme"}},
	{shape: ShapeNumeric, normalizer: "NormalizeNumeric", args: []NormalizerArg{ArgPattern}, arg: "value",
		doc:     func(a Alias) string { return fmt.Sprintf("Digits only, matching %s.", a.Pattern) },
		samples: []string{"104928371234"}, inputs: []string{"104928371234"}},
}

// rule is the shape's entry; a shape without one panics, as the model refuses it (see checkAlias).
func (s Shape) rule() shapeRule {
	for _, r := range shapes {
		if r.shape == s {
			return r
		}
	}
	panic(fmt.Sprintf("unknown shape %q", s))
}

// Known reports whether the generator knows the shape.
func (s Shape) Known() bool {
	for _, r := range shapes {
		if r.shape == s {
			return true
		}
	}
	return false
}

// Patterned reports whether a rule of this shape gives the pattern its values must match (and may give a prefix):
// the forms of an alias of a channel. A shape without a pattern has Format.
func (s Shape) Patterned() bool { return s.rule().format == "" }

// Normalizer returns the function of internal/core that normalises a value of the shape, and the arguments it takes
// after the field's name and the value.
func (s Shape) Normalizer() (function string, args []NormalizerArg) {
	r := s.rule()
	return r.normalizer, r.args
}

// Format returns, for a shape without a pattern, the function of package format that every normalised value passes
// and what it checks, such as "a UUID".
func (s Shape) Format() (function, what string) {
	r := s.rule()
	return r.format, r.formatWhat
}

// ChannelID reports whether a value of the shape is the application channel's UUID, the one form of `from` a
// Message event gives (its channelId), which Client.Reply answers from.
func (s Shape) ChannelID() bool { return s.rule().channelID }

// Arg is the name of a helper's parameter taking a value of the shape, when the rule names no field.
func (s Shape) Arg() string { return s.rule().arg }

// Doc is the paragraph of a helper's documentation that says what the rule a accepts.
func (s Shape) Doc(a Alias) string { return s.rule().doc(a) }

// Sample returns the first typical value of the shape, as sent, that the rule's pattern matches; "" when none does,
// or the shape has no pattern.
func (s Shape) Sample(rulePattern string) string {
	re, err := pattern.Compile(rulePattern)
	for _, v := range s.rule().samples {
		if err == nil && re.MatchString(v) {
			return v
		}
	}
	return ""
}

// FuzzSeeds are the seeds of the fuzz test of every helper, whatever its shape: values of every shape as users write
// them, then values near them.
func FuzzSeeds() []string {
	seeds := append([]string{}, edgeSeeds...)
	var near []string
	for _, r := range shapes {
		seeds = append(seeds, r.inputs...)
		near = append(near, r.malformed...)
	}
	return append(seeds, near...)
}

// shapeNames lists the known shapes, for errors.
func shapeNames() string {
	names := make([]string, len(shapes))
	for i, r := range shapes {
		names[i] = string(r.shape)
	}
	return strings.Join(names, ", ")
}
