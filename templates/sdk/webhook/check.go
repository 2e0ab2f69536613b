package webhook

import (
	"io"
	"net/http"
	"strings"
)

// maxTokenLength bounds the X-Validation-Token of an endpoint check.
const maxTokenLength = 512

// EndpointCheckOnly is an http.Handler for a webhook's URL while the webhook is being created. Hub checks the
// endpoint before the create call returns the signing secret, and a Handler without a Secret refuses the check; this
// answers it as a Handler does, and refuses every delivery with 503, passing none on. Serve a Handler with the
// secret once the create call has returned it.
type EndpointCheckOnly struct{}

// ServeHTTP answers an endpoint check, and refuses anything else.
func (EndpointCheckOnly) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get(ValidationTokenHeader)
	if token == "" {
		http.Error(w, "webhook: this endpoint answers endpoint checks only, its signing secret is not known yet", http.StatusServiceUnavailable)
		return
	}
	echoCheck(w, r, token)
}

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
