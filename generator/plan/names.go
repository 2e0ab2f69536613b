package plan

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are written in capitals in Go names, as Go's style asks.
var initialisms = map[string]string{"id": "ID", "url": "URL", "urls": "URLs", "uuid": "UUID", "api": "API", "http": "HTTP",
	"json": "JSON", "sms": "SMS", "cta": "CTA"}

// words splits a JSON or schema name into words: at underscores, dashes, spaces and lower-to-upper changes.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = nil
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == ' ' || r == '.':
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1])):
			flush()
			cur = append(cur, r)
		case unicode.IsUpper(r) && i > 0 && unicode.IsUpper(runes[i-1]) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// exported turns a JSON name into an exported Go name: "imageUrl" → "ImageURL", "display_text" → "DisplayText".
func exported(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		if up, ok := initialisms[strings.ToLower(w)]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// local turns a JSON name into a Go parameter name: "imageUrl" → "imageURL", "id" → "id", "type" → "typ".
func local(name string) string {
	ws := words(name)
	if len(ws) == 0 {
		return "v"
	}
	first := strings.ToLower(ws[0])
	rest := exported(strings.Join(ws[1:], "_"))
	out := first + rest
	if token.IsKeyword(out) {
		return out[:len(out)-1]
	}
	switch out {
	case "string", "int", "bool", "error", "len", "cap", "new", "make", "copy", "append", "ctx", "opts", "o", "v":
		return out + "Value"
	}
	return out
}
