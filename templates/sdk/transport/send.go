package transport

import (
	"context"
	"encoding/json"
	"errors"
)

// Status is the status of a send as the API answers it, such as "sent" or "enqueued". Values the SDK does not know
// are kept as they came.
type Status string

// StatusError is the status of an answer that refuses the message; Send returns it as an *APIError.
const StatusError Status = "error"

// Result is the outcome of an accepted send.
type Result struct {
	// MessageID identifies the message; MessageStatus webhook events carry it.
	MessageID string
	// Status is sent or enqueued (an answer with status error is returned as an *APIError).
	Status Status
}

// sendAnswer is the body of a send's answer: a send result, or an error body. The generator checks that the send
// operations' result and error schemas have these properties.
type sendAnswer struct {
	MessageID    *string `json:"messageId"`
	Status       Status  `json:"status"`
	ErrorCode    *string `json:"errorCode"`
	ErrorMessage *string `json:"errorMessage"`
}

// Send posts body, the JSON of a send, to the route of op (a send's, which has no parameters) with Call's retries,
// and decodes the answer into a Result. A non-2xx answer (a redirect included: a send never follows one), and a 2xx
// whose status is error, are an *APIError; the API key is removed from every string taken from the answer. The
// channel packages' Senders call it.
func (t *Transport) Send(ctx context.Context, op *Operation, body []byte) (Result, error) {
	resp, err := t.call(ctx, &request{op: op, method: op.Method, target: t.baseURL + op.Route, body: body})
	if err != nil {
		return Result{}, err
	}
	return t.decodeSend(resp)
}

// decodeSend reads the answer of a send. Every string taken from it is redacted.
func (t *Transport) decodeSend(resp *Response) (Result, error) {
	if err := t.Answer(resp); err != nil {
		return Result{}, err
	}
	requestID := t.Redact(resp.Header.Get("X-Request-Id"))
	var answer sendAnswer
	if resp.Truncated {
		return Result{}, &APIError{HTTPStatus: resp.StatusCode, Message: "the answer is larger than 1 MiB", RequestID: requestID, OutcomeUnknown: true}
	}
	if err := json.Unmarshal(resp.Body, &answer); err != nil {
		return Result{}, &APIError{
			HTTPStatus:     resp.StatusCode,
			Message:        t.Redact("the answer is not a send result: " + jsonProblem(err)),
			RequestID:      requestID,
			OutcomeUnknown: true,
		}
	}
	res := Result{MessageID: t.Redact(deref(answer.MessageID)), Status: Status(t.Redact(string(answer.Status)))}
	if res.Status == "" { // {}, null, or a body without its one required field: not a result to report as a success
		return Result{}, &APIError{HTTPStatus: resp.StatusCode, Message: "the answer is not a send result: it has no status",
			RequestID: requestID, OutcomeUnknown: true}
	}
	if res.Status == StatusError {
		return res, &APIError{
			HTTPStatus: resp.StatusCode,
			Code:       t.Redact(deref(answer.ErrorCode)),
			Message:    t.Redact(deref(answer.ErrorMessage)),
			MessageID:  res.MessageID,
			RequestID:  requestID,
			refused:    true,
		}
	}
	return res, nil
}

// jsonProblem describes why an answer did not decode, without the SDK's own type names.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field != "" {
			return "its " + typeErr.Field + " is a JSON " + typeErr.Value
		}
		return "it is a JSON " + typeErr.Value + ", not an object"
	}
	return err.Error()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
