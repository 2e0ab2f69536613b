package pattern

import (
	"strings"
	"unicode"
)

// property translates \p{…} or \P{…} (t.pos is after the p): a General_Category value, short or long
// (\p{Lu}, \p{Letter}, \p{gc=Nd}), a script by its long name (\p{Script=Greek}, \p{sc=Latin}), or one of the binary
// properties Any, ASCII and ASCII_Hex_Digit. Go's tables are Unicode 15.0; a JavaScript engine may know a later
// version, so characters assigned since then can differ. Other properties are refused.
func (t *translator) property(start int, negated bool) (class, bool) {
	end := -1
	if t.more() && t.peek() == '{' {
		end = strings.IndexByte(t.src[t.pos:], '}')
	}
	if end < 0 {
		t.fail(start, "\\p and \\P must be followed by {property}")
		return class{}, false
	}
	body := t.src[t.pos+1 : t.pos+end]
	t.pos += end + 1
	name, value, hasValue := strings.Cut(body, "=")
	var (
		set class
		ok  bool
	)
	switch {
	case hasValue && (name == "General_Category" || name == "gc"):
		set, ok = category(value)
	case hasValue && (name == "Script" || name == "sc"):
		if _, ok = unicode.Scripts[value]; ok {
			set = class{props: []string{`\p{` + value + `}`}}
		}
	case !hasValue:
		if set, ok = category(name); !ok {
			set, ok = binaryProperties[name]
		}
	}
	if !ok {
		t.fail(start, "\\p{%s}: only General_Category values, scripts by their long name (Script=Greek) and Any, ASCII, "+
			"ASCII_Hex_Digit are translated", body)
		return class{}, false
	}
	if !negated {
		return set, true
	}
	if len(set.props) > 0 {
		return class{props: []string{`\P` + strings.TrimPrefix(set.props[0], `\p`)}}, true
	}
	return set.complement(), true
}

// category is the class of a General_Category value, by its short name (as RE2 knows it) or its long one.
func category(name string) (class, bool) {
	if short, ok := categoryAliases[name]; ok {
		name = short
	}
	if _, ok := unicode.Categories[name]; !ok {
		return class{}, false
	}
	return class{props: []string{`\p{` + name + `}`}}, true
}

// categoryAliases are the long names of the General_Category values ECMA-262 accepts.
var categoryAliases = map[string]string{
	"Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Unassigned": "Cn", "Private_Use": "Co",
	"Surrogate": "Cs", "Letter": "L", "Cased_Letter": "LC", "Lowercase_Letter": "Ll", "Modifier_Letter": "Lm",
	"Other_Letter": "Lo", "Titlecase_Letter": "Lt", "Uppercase_Letter": "Lu", "Mark": "M", "Combining_Mark": "M",
	"Spacing_Mark": "Mc", "Enclosing_Mark": "Me", "Nonspacing_Mark": "Mn", "Number": "N", "Decimal_Number": "Nd",
	"digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No", "Punctuation": "P", "punct": "P",
	"Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd", "Close_Punctuation": "Pe", "Final_Punctuation": "Pf",
	"Initial_Punctuation": "Pi", "Other_Punctuation": "Po", "Open_Punctuation": "Ps", "Symbol": "S",
	"Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Math_Symbol": "Sm", "Other_Symbol": "So", "Separator": "Z",
	"Line_Separator": "Zl", "Paragraph_Separator": "Zp", "Space_Separator": "Zs",
}

// binaryProperties are the binary properties translated, as sets.
var binaryProperties = map[string]class{
	"Any":             anyOne,
	"ASCII":           {ranges: []rune{0, 0x7f}},
	"ASCII_Hex_Digit": {ranges: []rune{'0', '9', 'A', 'F', 'a', 'f'}},
	"AHex":            {ranges: []rune{'0', '9', 'A', 'F', 'a', 'f'}},
}
