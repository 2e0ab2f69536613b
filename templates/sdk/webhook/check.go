package webhook

import (
	"io"
	"net/http"
	"strings"
)

// maxTokenLength bounds the X-Validation-Token of an endpoint check.
const maxTokenLength = 512

// echoCheck answers an endpoint check with the token as a plain-text body. The token's format is not documented
// (Hub sends "a secret"), so only printable ASCII of at most maxTokenLength bytes is echoed; anything else is 400.
func echoCheck(w http.ResponseWriter, r *http.Request, token string) {
	if r.Method != http.MethodPost {
		http.Error(w, "webhook: POST only", http.StatusMethodNotAllowed)
		return
	}
	if len(token) > maxTokenLength || strings.IndexFunc(token, func(c rune) bool { return c < ' ' || c > '~' }) >= 0 {
		http.Error(w, "webhook: the X-Validation-Token is not printable ASCII of at most 512 bytes", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, token)
}
