package plan

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// names are the names of one scope (a package, the client's fields): two things of the same name, or a name that
// is not a Go name, are a located spec error, whose hint says how to fix it.
type names struct {
	doc  *spec.Document
	hint string
	what map[string]string
	// numbered are the prefixes of families of names (pattern1, pattern2...), with what they are: every prefix
	// followed by digits is taken, however many the package has.
	numbered map[string]string
}

// Hints of the scopes.
var (
	renameOption  = "rename one with " + model.OptionNamesExtension
	renameValue   = "the document must not give two values that differ only by case or punctuation"
	renamePackage = "choose another package name in " + model.ChannelsExtension
	renameChannel = "choose another channel name in " + model.ChannelsExtension
)

func newNames(doc *spec.Document, hint string) *names {
	return &names{doc: doc, hint: hint, what: map[string]string{}, numbered: map[string]string{}}
}

// declareNumbered reserves for what every name made of prefix and a number.
func (n *names) declareNumbered(prefix, what string) { n.numbered[prefix] = what }

// declare reserves name for what, which the JSON pointer at defines.
func (n *names) declare(name, what, at string) error { return n.declareHinted(name, what, at, n.hint) }

// declareHinted is declare, its error ending with hint instead of the scope's.
func (n *names) declareHinted(name, what, at, hint string) error {
	if !token.IsIdentifier(name) {
		hint = strings.Replace(hint, "rename one", "rename it", 1)
		return n.doc.ErrorAt(at, fmt.Sprintf("%s would be named %q, which is not a Go name; %s", what, name, hint))
	}
	if other, ok := n.lookup(name); ok {
		return n.doc.ErrorAt(at, fmt.Sprintf("%s and %s are both named %s; %s", other, what, name, hint))
	}
	n.what[name] = what
	return nil
}

// lookup returns what name is, when it is declared or one of a family of numbered names.
func (n *names) lookup(name string) (string, bool) {
	what, ok := n.what[name]
	if prefix := strings.TrimRight(name, "0123456789"); !ok && prefix != name {
		what, ok = n.numbered[prefix]
	}
	return what, ok
}

// sentence makes a description usable after "X builds …": the first letter in lower case, a final period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) > 1 && !(s[1] >= 'A' && s[1] <= 'Z') {
		s = strings.ToLower(s[:1]) + s[1:]
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ".)") {
		s += "."
	}
	return s
}

func sentenceOr(desc, fallback string) string {
	if s := sentence(desc); s != "" {
		return s
	}
	return fallback
}

// wrap breaks the lines of a paragraph-separated text at spaces so that none exceeds width.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		var lines []string
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len(line)+1+len(word) > width {
				lines = append(lines, line)
				line = word
				continue
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		out = append(out, strings.Join(append(lines, line), "\n"))
	}
	return strings.Join(out, "\n\n")
}
