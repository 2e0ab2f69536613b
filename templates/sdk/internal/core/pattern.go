package core

import (
	"regexp"
	"regexp/syntax"
	"unicode"
)

// Regexp is a pattern of the OpenAPI document. Anchored patterns made of literals and character classes with
// bounded repetition (most of them: phone numbers, handles, https URLs, codes) are matched by a small backtracking
// matcher, several times faster than package regexp on short values; any other pattern uses package regexp.
type Regexp struct {
	source string
	steps  []step // nil when re is used
	re     *regexp.Regexp
}

// step matches between min and max runes (max < 0: no limit) of a class.
type step struct {
	ranges   []rune // pairs lo, hi, as regexp/syntax gives them
	min, max int
}

// MustCompile compiles a pattern of the document: source is its text in the document (ECMA-262 syntax, shown in
// errors), expr its translation into Go's syntax with the same meaning (written by the generator, which compiled
// it). It panics on an expr package regexp rejects, like regexp.MustCompile.
func MustCompile(source, expr string) *Regexp {
	r := &Regexp{source: source, re: regexp.MustCompile(expr)}
	if re, err := syntax.Parse(expr, syntax.Perl); err == nil {
		r.steps = simple(re)
	}
	return r
}

// String returns the pattern's source.
func (r *Regexp) String() string { return r.source }

// MatchString reports whether s matches.
func (r *Regexp) MatchString(s string) bool {
	if r.steps == nil {
		return r.re.MatchString(s)
	}
	var runes [64]rune
	rs := runes[:0]
	for _, c := range s {
		rs = append(rs, c)
	}
	return match(r.steps, rs)
}

// simple turns ^…$ made of literals, classes and repeats (at most one of them unbounded) into steps, or returns nil.
func simple(re *syntax.Regexp) (steps []step) {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText {
		return nil
	}
	unbounded := 0
	defer func() {
		if unbounded > 1 {
			steps = nil // backtracking over two unbounded runs can take quadratic time: leave it to package regexp
		}
	}()
	for _, sub := range re.Sub[1 : len(re.Sub)-1] {
		switch sub.Op {
		case syntax.OpLiteral:
			for _, r := range sub.Rune {
				steps = append(steps, step{ranges: literal(r, sub.Flags&syntax.FoldCase != 0), min: 1, max: 1})
			}
		case syntax.OpCharClass:
			steps = append(steps, step{ranges: sub.Rune, min: 1, max: 1})
		case syntax.OpRepeat, syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
			if len(sub.Sub) != 1 || sub.Sub[0].Op != syntax.OpCharClass && !(sub.Sub[0].Op == syntax.OpLiteral && len(sub.Sub[0].Rune) == 1) {
				return nil
			}
			ranges := sub.Sub[0].Rune
			if sub.Sub[0].Op == syntax.OpLiteral {
				ranges = literal(ranges[0], sub.Sub[0].Flags&syntax.FoldCase != 0)
			}
			min, max := sub.Min, sub.Max
			switch sub.Op {
			case syntax.OpStar:
				min, max = 0, -1
			case syntax.OpPlus:
				min, max = 1, -1
			case syntax.OpQuest:
				min, max = 0, 1
			}
			if max < 0 {
				unbounded++
			}
			steps = append(steps, step{ranges: ranges, min: min, max: max})
		default:
			return nil
		}
	}
	return steps
}

// literal is the class of one rune, or of all its case variants.
func literal(r rune, fold bool) []rune {
	ranges := []rune{r, r}
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			ranges = append(ranges, f, f)
		}
	}
	return ranges
}

func (s step) has(r rune) bool {
	for i := 0; i+1 < len(s.ranges); i += 2 {
		if s.ranges[i] <= r && r <= s.ranges[i+1] {
			return true
		}
	}
	return false
}

// match reports whether the steps consume exactly rs, trying the longest run of each step first.
func match(steps []step, rs []rune) bool {
	if len(steps) == 0 {
		return len(rs) == 0
	}
	s := steps[0]
	n := 0
	for n < len(rs) && (s.max < 0 || n < s.max) && s.has(rs[n]) {
		n++
	}
	for ; n >= s.min; n-- {
		if match(steps[1:], rs[n:]) {
			return true
		}
	}
	return false
}
