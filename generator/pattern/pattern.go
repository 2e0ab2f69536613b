// Package pattern translates the regular expressions of an OpenAPI document, which follow ECMA-262 (as JSON Schema
// says, and as the JavaScript validators such as Prism's ajv run them, with the u flag), into Go's RE2 syntax with
// the same meaning: Translate(`^https://[^\s]+$`) keeps out U+00A0 and the other Unicode spaces, as ECMA's \s does
// and Go's does not.
//
// Where the dialects differ, the translation spells the ECMA meaning out: \s and \S (ECMA's Unicode white space and
// line terminators), . (anything but \n, \r, U+2028 and U+2029), \uXXXX (surrogate pairs joined), \u{…}, \cX, \0,
// [^] and [], \b in a class (backspace), named groups (plain groups: names do not change what matches). \d, \w, \b,
// \B, ^ and $ (without the m flag) mean the same in both and are kept. What RE2 cannot express (lookahead,
// lookbehind, backreferences), what ECMA-262 refuses in u mode (a lone { or ], an unknown escape) and what Go's
// regexp package refuses (a repetition count over 1000) is an *Error, never changed silently.
package pattern

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a pattern that cannot be translated: the pattern, the byte offset of the construct and the problem.
type Error struct {
	Pattern string
	Offset  int
	Problem string
}

// Error formats the problem as "pattern `…`, at byte N: problem".
func (e *Error) Error() string {
	return fmt.Sprintf("pattern `%s`, at byte %d: %s", e.Pattern, e.Offset, e.Problem)
}

// Translate returns the Go (RE2) pattern that matches exactly the strings the ECMA-262 pattern matches.
func Translate(ecma string) (string, error) {
	if !utf8.ValidString(ecma) {
		return "", &Error{Pattern: ecma, Problem: "the pattern is not valid UTF-8"}
	}
	t := &translator{src: ecma, names: map[string]bool{}}
	t.disjunction()
	if t.err == nil && t.pos < len(t.src) {
		t.fail(t.pos, "unmatched )")
	}
	if t.err != nil {
		return "", t.err
	}
	out := t.out.String()
	if _, err := regexp.Compile(out); err != nil {
		return "", &Error{Pattern: ecma, Problem: "Go's regexp package refuses the translation " + out + ": " + err.Error()}
	}
	return out, nil
}

// Compile translates an ECMA-262 pattern and compiles it.
func Compile(ecma string) (*regexp.Regexp, error) {
	re, err := Translate(ecma)
	if err != nil {
		return nil, err
	}
	return regexp.MustCompile(re), nil
}

// translator is a recursive-descent parser of ECMA-262 patterns (u mode) that writes the RE2 equivalent as it goes.
type translator struct {
	src   string
	pos   int
	out   strings.Builder
	names map[string]bool // group names seen
	err   *Error
}

func (t *translator) fail(at int, format string, args ...any) {
	if t.err == nil {
		t.err = &Error{Pattern: t.src, Offset: at, Problem: fmt.Sprintf(format, args...)}
	}
}

func (t *translator) more() bool { return t.err == nil && t.pos < len(t.src) }

func (t *translator) peek() byte { return t.src[t.pos] }

func (t *translator) next() rune {
	r, n := utf8.DecodeRuneInString(t.src[t.pos:])
	t.pos += n
	return r
}

// disjunction translates Alternative ( | Alternative )*, up to an unmatched ) or the end.
func (t *translator) disjunction() {
	for t.more() {
		switch t.peek() {
		case ')':
			return
		case '|':
			t.pos++
			t.out.WriteByte('|')
		default:
			t.term()
		}
	}
}

// term translates an assertion, or an atom and its quantifier.
func (t *translator) term() {
	start := t.pos
	quantifiable := true
	switch c := t.peek(); c {
	case '^', '$':
		t.pos++
		t.out.WriteByte(c)
		quantifiable = false
	case '(':
		t.group()
	case '[':
		t.pos++
		t.out.WriteString(t.class().String())
	case '.':
		t.pos++
		t.out.WriteString(dot.String())
	case '\\':
		quantifiable = t.atomEscape()
	case '*', '+', '?', '{':
		t.fail(start, "nothing to repeat before %c", c)
	case ']', '}':
		t.fail(start, "a lone %c is a syntax error in ECMA-262 (u mode); escape it as \\%c", c, c)
	default:
		t.out.WriteString(literal(t.next()))
	}
	if t.err == nil {
		t.quantifier(start, quantifiable)
	}
}

// group translates ( … ), (?: … ) and (?<name> … ); lookarounds are refused.
func (t *translator) group() {
	start := t.pos
	t.pos++
	rest := t.src[t.pos:]
	switch {
	case strings.HasPrefix(rest, "?:"):
		t.pos += 2
		t.out.WriteString("(?:")
	case strings.HasPrefix(rest, "?="), strings.HasPrefix(rest, "?!"):
		t.fail(start, "lookahead (%s) cannot be expressed in RE2", rest[:2])
		return
	case strings.HasPrefix(rest, "?<="), strings.HasPrefix(rest, "?<!"):
		t.fail(start, "lookbehind (%s) cannot be expressed in RE2", rest[:3])
		return
	case strings.HasPrefix(rest, "?<"):
		t.pos += 2
		t.groupName(start)
		t.out.WriteByte('(')
	case strings.HasPrefix(rest, "?"):
		t.fail(start, "(? must start (?:, (?<name>, a lookahead or a lookbehind")
		return
	default:
		t.out.WriteByte('(')
	}
	t.disjunction()
	if !t.more() {
		t.fail(start, "missing ) for this (")
		return
	}
	t.pos++
	t.out.WriteByte(')')
}

// groupName reads name> after (?<; names must be identifiers and unique.
func (t *translator) groupName(start int) {
	end := strings.IndexByte(t.src[t.pos:], '>')
	if end < 0 {
		t.fail(start, "missing > after the group name")
		return
	}
	name := t.src[t.pos : t.pos+end]
	if !groupName.MatchString(name) {
		t.fail(start, "invalid group name %q", name)
		return
	}
	if t.names[name] {
		t.fail(start, "the group name %q is used twice", name)
		return
	}
	t.names[name] = true
	t.pos += end + 1
}

// groupName is the identifier syntax of group names (ECMA-262 also allows \u escapes in them, which this refuses).
var groupName = regexp.MustCompile(`^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$\x{200C}\x{200D}]*$`)

// quantifier translates * + ? {n} {n,} {n,m}, each optionally followed by ? (lazy), after the atom at start.
func (t *translator) quantifier(start int, quantifiable bool) {
	if !t.more() {
		return
	}
	at := t.pos
	switch t.peek() {
	case '*', '+', '?':
		t.out.WriteByte(t.src[t.pos])
		t.pos++
	case '{':
		m := braces.FindStringSubmatch(t.src[t.pos:])
		if m == nil {
			t.fail(at, "a { that does not start a quantifier {n}, {n,} or {n,m} is a syntax error in ECMA-262 (u mode)")
			return
		}
		if m[3] != "" && mustAtoi(m[1]) > mustAtoi(m[3]) {
			t.fail(at, "numbers out of order in the quantifier %s", m[0])
			return
		}
		for _, n := range []string{m[1], m[3]} {
			if n != "" && mustAtoi(n) > 1000 {
				t.fail(at, "RE2 allows repetition counts up to 1000, not %s", n)
				return
			}
		}
		t.out.WriteString(m[0])
		t.pos += len(m[0])
	default:
		return
	}
	if !quantifiable {
		t.fail(at, "%s cannot be quantified", t.src[start:at])
		return
	}
	if t.more() && t.peek() == '?' {
		t.pos++
		t.out.WriteByte('?')
	}
	if t.more() && strings.IndexByte("*+?{", t.peek()) >= 0 {
		t.fail(t.pos, "nothing to repeat before %c", t.peek())
	}
}

var braces = regexp.MustCompile(`^\{([0-9]+)(,([0-9]*))?\}`)

// mustAtoi reads a count matched by braces; a count too large for an int is over any limit.
func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return int(^uint(0) >> 1)
	}
	return n
}

// atomEscape translates an escape outside a class; it reports whether the result may be quantified.
func (t *translator) atomEscape() bool {
	start := t.pos
	t.pos++
	if !t.more() {
		t.fail(start, "\\ at the end of the pattern")
		return false
	}
	switch c := t.peek(); {
	case c == 'b' || c == 'B':
		t.pos++
		t.out.WriteString(`\` + string(c))
		return false
	case c >= '1' && c <= '9', c == 'k':
		t.fail(start, "backreferences (\\%c) cannot be expressed in RE2", c)
		return false
	case c == '-':
		t.fail(start, "\\- is allowed only inside a class in ECMA-262 (u mode)")
		return false
	}
	s, ok := t.escape(start, false)
	if ok {
		t.out.WriteString(s.String())
	}
	return true
}

// literal writes one rune for RE2: metacharacters escaped, invisible runes as \x{…}. A backslash is written \x{5c},
// so that no output holds \u (kin-openapi rewrites \uXXXX in the patterns it compiles).
func literal(r rune) string {
	switch {
	case r == '\\':
		return `\x{5c}`
	case r < utf8.RuneSelf && strings.ContainsRune(`.+*?()|[]{}^$`, r):
		return `\` + string(r)
	case r == ' ' || r > ' ' && r < utf8.RuneSelf && r != 0x7f:
		return string(r)
	case r >= utf8.RuneSelf && isGraphic(r):
		return string(r)
	}
	return fmt.Sprintf(`\x{%x}`, r)
}
