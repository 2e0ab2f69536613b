package transport

import (
	"errors"
	"net/http"
	"testing"
)

// FuzzDecodeSend: the decoder of answers (results and error bodies) never panics, and returns either a result or an
// *APIError.
func FuzzDecodeSend(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{200, `{"messageId":"m","status":"sent"}`}, {200, `{"messageId":null,"status":"error","errorCode":"130472"}`},
		{200, `{"status":7}`}, {400, `{"errorMessage":"bad"}`}, {429, ``}, {500, `<html>`}, {201, `[]`}, {200, `null`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	t, err := New("https://api.chatt2.me", "test", WithAPIKey("test-api-key-0001"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(tt *testing.T, status int, body []byte) {
		res, err := t.decodeSend(&Response{StatusCode: status, Header: http.Header{}, Body: body})
		var apiErr *APIError
		if err != nil && !errors.As(err, &apiErr) {
			tt.Fatalf("error %v (%T) is not an *APIError", err, err)
		}
		if err == nil && (status < 200 || status > 299) {
			tt.Fatalf("status %d accepted: %+v", status, res)
		}
	})
}
