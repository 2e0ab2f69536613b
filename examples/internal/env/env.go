// Package env gives the examples a client: against the real API when CHATT2ME_BASE_URL and CHATT2ME_API_KEY are
// set, otherwise against a sandbox started in the process. The sending channels come from
// CHATT2ME_<KIND>_FROM (such as CHATT2ME_WHATSAPP_FROM) and default to the sandbox's channels.
package env

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
)

// Env is what an example needs.
type Env struct {
	Client *chatt2me.Client
	// Sandbox is the in-process sandbox, nil against a real API.
	Sandbox *sandbox.Server
	// BaseURL is where requests go.
	BaseURL string
	// APIKey is the key requests carry.
	APIKey   string
	channels map[string]sandbox.Channel
	close    func()
}

// New starts an environment; call Close when done.
func New() (*Env, error) { return NewWithWebhookClient(nil) }

// NewWithWebhookClient is New, with the HTTP client the in-process sandbox delivers webhooks with (a client that
// trusts a local HTTPS receiver, for example).
func NewWithWebhookClient(webhooks *http.Client) (*Env, error) {
	e := &Env{channels: map[string]sandbox.Channel{}, close: func() {}}
	for _, c := range sandbox.DefaultChannels() {
		e.channels[c.Kind] = c
	}
	e.BaseURL, e.APIKey = os.Getenv("CHATT2ME_BASE_URL"), os.Getenv("CHATT2ME_API_KEY")
	if e.BaseURL == "" {
		e.APIKey = "sandbox-api-key-0001"
		sb, err := sandbox.New(sandbox.Config{APIKey: e.APIKey, DeliverStatuses: true, HTTPClient: webhooks})
		if err != nil {
			return nil, err
		}
		srv := httptest.NewServer(sb)
		e.Sandbox, e.BaseURL, e.close = sb, srv.URL, srv.Close
	} else if e.APIKey == "" {
		return nil, errors.New("CHATT2ME_BASE_URL is set but CHATT2ME_API_KEY is not")
	}
	c, err := chatt2me.New(chatt2me.WithAPIKey(e.APIKey), chatt2me.WithBaseURL(e.BaseURL), chatt2me.WithUserAgent("chatt2me-examples"))
	if err != nil {
		e.close()
		return nil, err
	}
	e.Client = c
	return e, nil
}

// Channel returns the UUID of the sending channel of a kind and its alternate `from` (empty when there is none):
// CHATT2ME_<KIND>_FROM and CHATT2ME_<KIND>_ALIAS when set, else the sandbox's.
func (e *Env) Channel(kind string) (uuid, alias string) {
	c := e.channels[kind]
	if v := os.Getenv("CHATT2ME_" + strings.ToUpper(kind) + "_FROM"); v != "" {
		c.UUID = v
	}
	if v := os.Getenv("CHATT2ME_" + strings.ToUpper(kind) + "_ALIAS"); v != "" {
		c.Alias = v
	}
	return c.UUID, c.Alias
}

// Close stops the in-process sandbox, if any.
func (e *Env) Close() {
	if e.Sandbox != nil {
		e.Sandbox.Wait()
	}
	e.close()
}
