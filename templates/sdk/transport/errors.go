package transport

import (
	"strconv"
	"strings"
)

// APIError is an answer of the API that is not a successful send: a non-2xx HTTP status, or a 200 whose status is
// `error`. Use errors.As to get it. Its strings come from the answer, with the API key removed.
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
	// Location is the Location header of a redirect (3xx) answer: a send is never redirected.
	Location string
	// OutcomeUnknown is set when the API may have sent the message anyway: a 5xx other than 503, a 303 (See
	// Other, which follows a processed request), or a success whose body could not be read. errors.Is(err,
	// ErrOutcomeUnknown) is then true.
	OutcomeUnknown bool
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true when the outcome is unknown.
func (e *APIError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// Error describes the answer: its HTTP status (or "send refused" for a 2xx answer with status error), whether the
// outcome is unknown, the message, the code, and the Location of a redirect.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("chatt2me: ")
	switch {
	case e.OutcomeUnknown:
		b.WriteString("HTTP " + strconv.Itoa(e.HTTPStatus) + ", outcome unknown (the message may have been sent): ")
	case e.HTTPStatus >= 200 && e.HTTPStatus <= 299:
		b.WriteString("send refused: ")
	default:
		b.WriteString("HTTP " + strconv.Itoa(e.HTTPStatus) + ": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString("no error message")
	}
	if e.Code != "" {
		b.WriteString(" (errorCode " + e.Code + ")")
	}
	if e.Location != "" {
		b.WriteString(" (redirected to " + e.Location + "; a send is never redirected)")
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
