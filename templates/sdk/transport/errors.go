package transport

import (
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
