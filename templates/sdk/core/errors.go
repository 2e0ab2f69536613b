package core

import (
	"fmt"
	"strconv"
	"strings"
)

// APIError is an answer of the API that is not a successful send: a non-2xx HTTP status, or a 200 whose status is
// `error`. Use errors.As to get it.
type APIError struct {
	// HTTPStatus is the HTTP status code of the answer (200 for a send refused by the channel).
	HTTPStatus int
	// Code is the `errorCode` of the answer, often the platform's own code, such as "session_not_found".
	Code string
	// Message is the `errorMessage` of the answer.
	Message string
	// MessageID is the id the API gave the message, if any.
	MessageID string
	// RequestID is the request id header of the answer, if any.
	RequestID string
	// OutcomeUnknown is set when the API may have sent the message anyway: a 5xx other than 503, or a success
	// whose body could not be read. errors.Is(err, ErrOutcomeUnknown) is then true.
	OutcomeUnknown bool
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true when the outcome is unknown.
func (e *APIError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// Error describes the answer: its HTTP status (or "send refused"), message and code.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("chatt2me: ")
	if e.HTTPStatus != 200 {
		b.WriteString("HTTP " + strconv.Itoa(e.HTTPStatus) + ": ")
	} else {
		b.WriteString("send refused: ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString("no error message")
	}
	if e.Code != "" {
		b.WriteString(" (errorCode " + e.Code + ")")
	}
	return b.String()
}

// ValidationError is an argument the SDK refused before sending anything: Field is the path of the offending value
// in the request body, such as "content.interactive.action.buttons".
type ValidationError struct {
	Field   string
	Problem string
}

// Error names the field and the problem.
func (e *ValidationError) Error() string {
	return "chatt2me: invalid " + e.Field + ": " + e.Problem
}

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
	return &ValidationError{Field: p.String(), Problem: fmt.Sprintf(format, args...)}
}
