package transport

import (
	"strconv"
	"strings"
)

// APIError is an answer of the API that is not a success: a non-2xx HTTP status, a send answered 200 with status
// `error`, or a 2xx whose body is not what the OpenAPI document describes. Use errors.As to get it. Its strings come
// from the answer, with the API key removed.
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
	// Location is the Location header of a redirect (3xx) answer that was not followed.
	Location string
	// OutcomeUnknown is set when the API may have acted on a request that is not idempotent (a send, a POST or a
	// PATCH) anyway: a 5xx other than 503, a 303 (See Other, which follows a processed request), or a success whose
	// body could not be read. errors.Is(err, ErrOutcomeUnknown) is then true.
	OutcomeUnknown bool

	refused bool // a send answered with status error
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true when the outcome is unknown.
func (e *APIError) Is(target error) bool { return target == ErrOutcomeUnknown && e.OutcomeUnknown }

// Error describes the answer: its HTTP status (or "send refused" for a send answered with status error), whether
// the outcome is unknown, the message, the code, and the Location of a redirect.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("chatt2me: ")
	switch {
	case e.OutcomeUnknown:
		b.WriteString("HTTP " + strconv.Itoa(e.HTTPStatus) + ", outcome unknown (the request may have taken effect): ")
	case e.refused:
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
		b.WriteString(" (redirected to " + e.Location + "; only a GET or HEAD follows a redirect, within the API's origin)")
	}
	return b.String()
}

// ValidationError is an argument the SDK refused before sending anything: Field is the path of the offending value,
// in the request body (such as "content.interactive.action.buttons") or a parameter (such as "webhookId" or
// "limit").
type ValidationError struct {
	Field   string
	Problem string
}

// Error names the field and the problem.
func (e *ValidationError) Error() string {
	return "chatt2me: invalid " + e.Field + ": " + e.Problem
}
