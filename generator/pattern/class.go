package pattern

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// class is a set of runes: ranges (sorted, disjoint pairs lo, hi) and RE2 property classes such as \p{Greek},
// negated as a whole when negated is set.
type class struct {
	ranges  []rune
	props   []string
	negated bool
	source  string // the class as written, when RE2 reads it the same way
}

// Sets where ECMA-262 and RE2 differ, spelled out.
var (
	// space is ECMA's \s: WhiteSpace (tab, vertical tab, form feed, space, U+00A0, U+FEFF and the Zs category) and
	// LineTerminator (\n, \r, U+2028, U+2029). RE2's \s is [\t\n\f\r ].
	space = class{ranges: []rune{
		'\t', '\r', ' ', ' ', 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029,
		0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
	}}
	// dot is ECMA's . without the s flag: any code point but the line terminators. RE2's excludes \n only.
	dot    = class{ranges: []rune{'\n', '\n', '\r', '\r', 0x2028, 0x2029}, negated: true}
	digit  = class{ranges: []rune{'0', '9'}}
	word   = class{ranges: []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}}
	anyOne = class{ranges: []rune{0, unicode.MaxRune}}
)

// IsSpace reports whether r is in ECMA-262's \s: white space or a line terminator.
func IsSpace(r rune) bool {
	for i := 0; i < len(space.ranges); i += 2 {
		if space.ranges[i] <= r && r <= space.ranges[i+1] {
			return true
		}
	}
	return false
}

// classOf is the set of one rune.
func classOf(r rune) class { return class{ranges: []rune{r, r}} }

// complement returns the runes outside c's ranges (c must have no props and not be negated).
func (c class) complement() class {
	var out []rune
	next := rune(0)
	for i := 0; i < len(c.ranges); i += 2 {
		if c.ranges[i] > next {
			out = append(out, next, c.ranges[i]-1)
		}
		next = c.ranges[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return class{ranges: out}
}

// add puts the runes of o into c (o must not be negated).
func (c *class) add(o class) {
	c.props = append(c.props, o.props...)
	if len(o.ranges) == 0 {
		return
	}
	all := append(slices.Clone(c.ranges), o.ranges...)
	pairs := make([][2]rune, 0, len(all)/2)
	for i := 0; i < len(all); i += 2 {
		pairs = append(pairs, [2]rune{all[i], all[i+1]})
	}
	slices.SortFunc(pairs, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	merged := []rune{pairs[0][0], pairs[0][1]}
	for _, p := range pairs[1:] {
		if last := len(merged) - 1; p[0] <= merged[last]+1 {
			merged[last] = max(merged[last], p[1])
		} else {
			merged = append(merged, p[0], p[1])
		}
	}
	c.ranges = merged
}

// String writes c in RE2 syntax: one rune as a literal, otherwise a bracketed class, negated where that is shorter.
func (c class) String() string {
	if c.source != "" {
		return c.source
	}
	if len(c.props) == 0 {
		ranges, negated := c.ranges, c.negated
		if comp := (class{ranges: ranges}).complement().ranges; len(comp) < len(ranges) {
			ranges, negated = comp, !negated
		}
		if !negated && len(ranges) == 2 && ranges[0] == ranges[1] {
			return literal(ranges[0])
		}
		c = class{ranges: ranges, negated: negated}
	}
	if len(c.ranges) == 0 && len(c.props) == 0 {
		c = class{ranges: anyOne.ranges, negated: !c.negated} // [] matches nothing, [^] any one rune
	}
	var b strings.Builder
	b.WriteByte('[')
	if c.negated {
		b.WriteByte('^')
	}
	for i := 0; i < len(c.ranges); i += 2 {
		lo, hi := c.ranges[i], c.ranges[i+1]
		b.WriteString(classChar(lo))
		if hi > lo+1 {
			b.WriteByte('-')
		}
		if hi > lo {
			b.WriteString(classChar(hi))
		}
	}
	for _, p := range c.props {
		b.WriteString(p)
	}
	b.WriteByte(']')
	return b.String()
}

// classChar writes one rune inside an RE2 class.
func classChar(r rune) string {
	switch {
	case r < utf8.RuneSelf && strings.ContainsRune(`]-^[`, r):
		return `\` + string(r)
	case r > ' ' && r < 0x7f && r != '\\':
		return string(r)
	}
	return fmt.Sprintf(`\x{%x}`, r)
}

// isGraphic reports whether a non-ASCII rune is written as itself rather than as \x{…}.
func isGraphic(r rune) bool { return unicode.IsPrint(r) && !unicode.Is(unicode.Mn, r) }

// class translates a character class; t.pos is just after [. A class without escapes that RE2 reads as the same set
// (such as [A-Za-z0-9._]) is kept as written.
func (t *translator) class() class {
	start := t.pos - 1
	var c class
	if t.more() && t.peek() == '^' {
		t.pos++
		c.negated = true
	}
	for t.more() && t.peek() != ']' {
		atStart := t.pos
		lo, loChar, set := t.classAtom()
		if t.more() && t.peek() == '-' && t.pos+1 < len(t.src) && t.src[t.pos+1] != ']' {
			t.pos++
			hi, hiChar, _ := t.classAtom()
			switch {
			case t.err != nil:
			case !loChar || !hiChar:
				t.fail(atStart, "a class escape such as \\d cannot bound a range in ECMA-262 (u mode)")
			case lo > hi:
				t.fail(atStart, "range out of order in the class")
			default:
				c.add(class{ranges: []rune{lo, hi}})
			}
			continue
		}
		c.add(set)
	}
	if !t.more() {
		t.fail(start, "missing ] for this [")
		return c
	}
	t.pos++
	if source := t.src[start:t.pos]; !strings.ContainsRune(source, '\\') && readsTheSame(source, c) {
		c.source = source
	}
	return c
}

// readsTheSame reports whether RE2 reads source as the class c.
func readsTheSame(source string, c class) bool {
	re, err := syntax.Parse(source, syntax.Perl)
	if err != nil || len(c.props) > 0 {
		return false
	}
	want := c.ranges
	if c.negated {
		want = (class{ranges: c.ranges}).complement().ranges
	}
	switch re.Op {
	case syntax.OpCharClass:
		return slices.Equal(re.Rune, want)
	case syntax.OpLiteral:
		return len(re.Rune) == 1 && slices.Equal([]rune{re.Rune[0], re.Rune[0]}, want)
	}
	return false
}

// classAtom reads one member of a class: a rune (char is true) or a class escape such as \d.
func (t *translator) classAtom() (r rune, char bool, set class) {
	if t.peek() != '\\' {
		r = t.next()
		return r, true, classOf(r)
	}
	start := t.pos
	t.pos++
	if !t.more() {
		t.fail(start, "\\ at the end of the pattern")
		return 0, false, class{}
	}
	switch t.peek() {
	case 'b':
		t.pos++
		return '\b', true, classOf('\b')
	case '-':
		t.pos++
		return '-', true, classOf('-')
	}
	set, ok := t.escape(start, true)
	if ok && len(set.props) == 0 && len(set.ranges) == 2 && set.ranges[0] == set.ranges[1] && !t.isClassEscape(start) {
		return set.ranges[0], true, set
	}
	return 0, false, set
}

// isClassEscape reports whether the escape at start (\d, \p{…}, …) stands for a set rather than one rune.
func (t *translator) isClassEscape(start int) bool {
	return strings.IndexByte("dDsSwWpP", t.src[start+1]) >= 0
}

// escape translates the escape at start (t.pos is after the backslash) into the runes it stands for.
func (t *translator) escape(start int, inClass bool) (class, bool) {
	c := t.src[t.pos]
	t.pos++
	switch c {
	case 'd':
		return digit, true
	case 'D':
		return digit.complement(), true
	case 'w':
		return word, true
	case 'W':
		return word.complement(), true
	case 's':
		return space, true
	case 'S':
		return space.complement(), true
	case 'p', 'P':
		return t.property(start, c == 'P')
	case 'f', 'n', 'r', 't', 'v':
		return classOf(controls[c]), true
	case 'c':
		if t.more() && (t.peek()|0x20 >= 'a' && t.peek()|0x20 <= 'z') {
			return classOf(rune(t.next()) % 32), true
		}
		t.fail(start, "\\c must be followed by a letter")
	case '0':
		if t.more() && t.peek() >= '0' && t.peek() <= '9' {
			t.fail(start, "\\0 followed by a digit is a syntax error in ECMA-262 (u mode)")
			break
		}
		return classOf(0), true
	case 'x':
		if n, ok := t.hex(2); ok {
			return classOf(n), true
		}
		t.fail(start, "\\x must be followed by two hexadecimal digits")
	case 'u':
		return t.unicodeEscape(start)
	default:
		if strings.IndexByte(`^$\.*+?()[]{}|/`, c) >= 0 {
			return classOf(rune(c)), true
		}
		what := "an escape"
		if inClass {
			what = "an escape in a class"
		}
		r, _ := utf8.DecodeRuneInString(t.src[t.pos-1:])
		t.fail(start, "\\%c is not %s ECMA-262 knows (u mode)", r, what)
	}
	return class{}, false
}

var controls = map[byte]rune{'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}

// hex reads exactly n hexadecimal digits.
func (t *translator) hex(n int) (rune, bool) {
	if t.pos+n > len(t.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(t.src[t.pos:t.pos+n], 16, 32)
	if err != nil || strings.ContainsAny(t.src[t.pos:t.pos+n], "+-") {
		return 0, false
	}
	t.pos += n
	return rune(v), true
}

// unicodeEscape reads uXXXX (a surrogate pair \uD83D\uDE00 is one code point) or u{…}; t.pos is after the u.
func (t *translator) unicodeEscape(start int) (class, bool) {
	var r rune
	if t.more() && t.peek() == '{' {
		end := strings.IndexByte(t.src[t.pos:], '}')
		v, err := strconv.ParseUint(t.src[t.pos+1:t.pos+max(end, 1)], 16, 32)
		if end < 2 || err != nil || v > unicode.MaxRune || strings.ContainsAny(t.src[t.pos+1:t.pos+end], "+-") {
			t.fail(start, "\\u{…} must hold a code point, at most 10FFFF, in hexadecimal")
			return class{}, false
		}
		t.pos += end + 1
		r = rune(v)
	} else {
		v, ok := t.hex(4)
		if !ok {
			t.fail(start, "\\u must be followed by four hexadecimal digits or {code point}")
			return class{}, false
		}
		r = v
		if utf16High(r) && strings.HasPrefix(t.src[t.pos:], `\u`) {
			save := t.pos
			t.pos += 2
			if lo, ok := t.hex(4); ok && utf16Low(lo) {
				r = (r-0xd800)<<10 + (lo - 0xdc00) + 0x10000
			} else {
				t.pos = save
			}
		}
	}
	if utf16High(r) || utf16Low(r) {
		t.fail(start, "a lone surrogate (U+%04X) never occurs in a Go string, so it cannot be matched", r)
		return class{}, false
	}
	return classOf(r), true
}

func utf16High(r rune) bool { return r >= 0xd800 && r <= 0xdbff }
func utf16Low(r rune) bool  { return r >= 0xdc00 && r <= 0xdfff }
