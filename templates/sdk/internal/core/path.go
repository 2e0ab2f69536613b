// Package core holds the spec-independent helpers the generated code calls: field paths and checks for validation,
// the matcher of the document's patterns, the normalisers of `from` and `to`, and the JSON appenders of the
// encoders. It is internal: nothing a user calls takes or returns its types.
//
// Its source lives in templates/sdk/internal/core of the generator's repository; chatt2me-gen copies it into every
// SDK it generates.
package core

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chatt2me/chatt2me-go/templates/sdk/transport"
)

// Path is the location of a value in a request body, built without allocating while validation succeeds.
type Path struct {
	parent *Path
	field  string
	index  int
}

// Root returns the path of a top-level field of the body.
func Root(field string) Path { return Path{field: field, index: -1} }

// Field returns the path of a property of the value at p.
func (p *Path) Field(name string) Path { return Path{parent: p, field: name, index: -1} }

// Index returns the path of an item of the array at p.
func (p *Path) Index(i int) Path { return Path{parent: p, index: i} }

// String renders the path as "content.interactive.action.buttons[3]". It copies every name, so that a path built
// on the stack can stay there: validation allocates nothing until it fails.
func (p *Path) String() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p *Path) write(b *strings.Builder) {
	if p == nil {
		return
	}
	p.parent.write(b)
	if p.index >= 0 {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(p.index))
		b.WriteByte(']')
		return
	}
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(p.field)
}

// Invalid returns a *ValidationError for the value at p.
func Invalid(p *Path, format string, args ...any) error {
	return &transport.ValidationError{Field: p.String(), Problem: fmt.Sprintf(format, args...)}
}
