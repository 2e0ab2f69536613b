package plan

import (
	"fmt"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// names are the exported names of one package: two things of the same name are a located spec error.
type names struct {
	doc  *spec.Document
	what map[string]string
}

func newNames(doc *spec.Document) *names { return &names{doc: doc, what: map[string]string{}} }

// declare reserves name for what, which the JSON pointer at defines.
func (n *names) declare(name, what, at string) error {
	if other, ok := n.what[name]; ok {
		return n.doc.ErrorAt(at, fmt.Sprintf("%s and %s are both named %s; rename one with %s", other, what, name, model.OptionNamesExtension))
	}
	n.what[name] = what
	return nil
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
