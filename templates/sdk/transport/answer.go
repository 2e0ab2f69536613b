package transport

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// errorBody is the body of an error answer: both properties are optional.
type errorBody struct {
	ErrorCode    *string `json:"errorCode"`
	ErrorMessage *string `json:"errorMessage"`
}

// Answer returns nil for a 2xx answer, and an *APIError for any other (a redirect included), with the errorCode and
// errorMessage of its body when it has them. The outcome is unknown (APIError.OutcomeUnknown) when a request that is
// not idempotent got a 5xx other than 503, or a 303 See Other: the API may have acted on it. Every string taken
// from the answer is redacted.
func (t *Transport) Answer(resp *Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	var body errorBody
	_ = json.Unmarshal(resp.Body, &body)
	msg := deref(body.ErrorMessage)
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	e := &APIError{
		HTTPStatus:     resp.StatusCode,
		Code:           t.Redact(deref(body.ErrorCode)),
		Message:        t.Redact(msg),
		RequestID:      t.Redact(resp.Header.Get("X-Request-Id")),
		OutcomeUnknown: !Idempotent(resp.Method) && outcomeUnknown(resp.StatusCode),
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Location = t.Redact(resp.Header.Get("Location"))
	}
	return e
}

// Decode reads the answer of a call: a 2xx JSON body into a new T, any other answer as Answer's *APIError. A body
// that is not a T, or is larger than 1 MiB, is an *APIError too, whose outcome is unknown when the request was not
// idempotent. The API key is removed from the body before it is decoded, should the answer echo it.
func Decode[T any](t *Transport, resp *Response) (*T, error) {
	if err := t.Answer(resp); err != nil {
		return nil, err
	}
	unread := func(problem string) error {
		return &APIError{HTTPStatus: resp.StatusCode, Message: t.Redact(problem), RequestID: t.Redact(resp.Header.Get("X-Request-Id")),
			OutcomeUnknown: !Idempotent(resp.Method)}
	}
	if resp.Truncated {
		return nil, unread("the answer is larger than 1 MiB")
	}
	v := new(T)
	if err := json.Unmarshal(t.redactBody(resp.Body), v); err != nil {
		return nil, unread("the answer is not what the OpenAPI document describes: " + jsonProblem(err))
	}
	return v, nil
}

// redactBody returns body with the API key replaced by "[redacted]" (body itself, without allocating, when it holds
// none): every JSON string (object keys included) that holds it, as it is, percent-encoded or JSON-escaped
// (\u0063k_live…, \/), is written again redacted, so that no decoded string keeps it; anywhere else (a number, an
// unterminated string) it is replaced as it stands, and json.Unmarshal refuses what is left. A string that is not
// valid JSON is left for json.Unmarshal to refuse.
func (t *Transport) redactBody(body []byte) []byte {
	r := t.apiKey.redactor
	if bytes.IndexByte(body, '\\') < 0 && !r.in(body) {
		return body
	}
	var out []byte // nil until something changes
	copied := 0    // body[:copied] is in out
	replace := func(start, end int, with []byte) {
		out = append(append(out, body[copied:start]...), with...)
		copied = end
	}
	for i := 0; i < len(body); {
		start, end, escaped := len(body), len(body), false // the next string, if any
		if q := bytes.IndexByte(body[i:], '"'); q >= 0 {
			if e, esc := stringEnd(body, i+q); e >= 0 {
				start, end, escaped = i+q, e, esc
			}
		}
		if r.in(body[i:start]) {
			replace(i, start, []byte(r.apply(string(body[i:start]))))
		}
		if quoted, ok := r.redactString(body[start:end], escaped); ok {
			replace(start, end, quoted)
		}
		i = end
	}
	if out == nil {
		return body
	}
	return append(out, body[copied:]...)
}

// redactString returns the JSON string str (quotes included; escaped when it holds a backslash escape) written
// again without the secrets, and true; false when it holds none, or is not valid JSON.
func (r redactor) redactString(str []byte, escaped bool) ([]byte, bool) {
	if len(str) < 2 || !escaped && !r.in(str) {
		return nil, false
	}
	var s string
	if json.Unmarshal(str, &s) != nil {
		return nil, false
	}
	if redacted := r.apply(s); redacted != s {
		quoted, _ := json.Marshal(redacted) // a string always encodes
		return quoted, true
	}
	return nil, false
}

// stringEnd returns the index just past the JSON string that starts with the quote at body[start] (-1 when it is not
// closed), and whether the string holds a backslash escape.
func stringEnd(body []byte, start int) (end int, escaped bool) {
	for j := start + 1; j < len(body); j++ {
		switch body[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped
		}
	}
	return -1, escaped
}
