package core

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// Regexp is a pattern of the OpenAPI document. Anchored patterns made of literals and character classes with
// bounded repetition (most of them: phone numbers, handles, https URLs, codes) are matched by a small backtracking
// matcher, several times faster than package regexp on short values; any other pattern uses package regexp.
type Regexp struct {
	source string
	prefix string // the ASCII literal the steps start with, matched as a string
	steps  []step // the others; nil when re is used
	re     *regexp.Regexp
}

// step matches between min and max runes (max < 0: no limit) of a class.
type step struct {
	ranges   []rune    // pairs lo, hi, as regexp/syntax gives them
	ascii    [256]bool // the ASCII runes of ranges, by byte (a byte from 128 up is never in it)
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
	for len(r.steps) > 1 { // one step stays, so that steps is not nil
		s := r.steps[0]
		if s.min != 1 || s.max != 1 || len(s.ranges) != 2 || s.ranges[0] != s.ranges[1] || s.ranges[0] >= utf8.RuneSelf {
			break
		}
		r.prefix += string(s.ranges[0])
		r.steps = r.steps[1:]
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
	if len(s) < len(r.prefix) || s[:len(r.prefix)] != r.prefix {
		return false
	}
	s = s[len(r.prefix):]
	if matchASCII(r.steps, s) {
		return true // the usual case; only a string of ASCII characters matches here
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf { // the steps may still match its other characters
			var runes [64]rune
			rs := runes[:0]
			for _, c := range s {
				rs = append(rs, c)
			}
			return match(r.steps, rs)
		}
	}
	return false
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
				steps = append(steps, newStep(literal(r, sub.Flags&syntax.FoldCase != 0), 1, 1))
			}
		case syntax.OpCharClass:
			steps = append(steps, newStep(sub.Rune, 1, 1))
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
			steps = append(steps, newStep(ranges, min, max))
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

func newStep(ranges []rune, min, max int) step {
	s := step{ranges: ranges, min: min, max: max}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		s.ascii[r] = s.inRanges(r)
	}
	return s
}

func (s *step) has(r rune) bool {
	if r < utf8.RuneSelf {
		return s.ascii[r]
	}
	return s.inRanges(r)
}

func (s *step) inRanges(r rune) bool {
	for i := 0; i+1 < len(s.ranges); i += 2 {
		if s.ranges[i] <= r && r <= s.ranges[i+1] {
			return true
		}
	}
	return false
}

// matchASCII is match for a string of ASCII characters.
func matchASCII(steps []step, s string) bool {
	// Steps of a fixed count have one way to match: in a loop, without backtracking.
	for len(steps) > 0 && steps[0].min == steps[0].max {
		st := &steps[0]
		if len(s) < st.min {
			return false
		}
		for _, c := range []byte(s[:st.min]) {
			if !st.ascii[c] {
				return false
			}
		}
		steps, s = steps[1:], s[st.min:]
	}
	if len(steps) == 0 {
		return len(s) == 0
	}
	st := &steps[0]
	n := 0
	for n < len(s) && (st.max < 0 || n < st.max) && st.ascii[s[n]] {
		n++
	}
	for ; n >= st.min; n-- {
		if matchASCII(steps[1:], s[n:]) {
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
	s := &steps[0]
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
