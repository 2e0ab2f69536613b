package env

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
)

// Show prints a send (its label, the JSON body, the answer) and returns its result; body is the request as
// MarshalRequest returns it, send posts it.
func Show(w io.Writer, label string, body func() ([]byte, error), send func(context.Context) (chatt2me.Result, error)) (chatt2me.Result, error) {
	b, err := body()
	if err != nil {
		return chatt2me.Result{}, fmt.Errorf("%s: %w", label, err)
	}
	fmt.Fprintf(w, "%s\n  sent:   %s\n", label, b)
	res, err := send(context.Background())
	var apiErr *chatt2me.APIError
	switch {
	case errors.As(err, &apiErr):
		fmt.Fprintf(w, "  answer: HTTP %d, errorCode %q: %s\n", apiErr.HTTPStatus, apiErr.Code, apiErr.Message)
	case err != nil:
		return res, fmt.Errorf("%s: %w", label, err)
	default:
		fmt.Fprintf(w, "  answer: messageId %s, status %s\n", res.MessageID, res.Status)
	}
	return res, err
}
