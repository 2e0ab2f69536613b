package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// serveWebhooks answers the webhook management operations (the request is already validated).
func (s *Server) serveWebhooks(w http.ResponseWriter, r *http.Request, op string, params map[string]string, body []byte) {
	switch op {
	case "createWebhook":
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		now := s.cfg.Now().UTC().Format(time.RFC3339)
		data := map[string]any{"id": newID(), "applicationId": ApplicationID, "active": true, "numberOfErrors": 0,
			"isVerified": false, "verifiedAt": nil, "scope": nil, "createdDate": now, "lastModifiedDate": now}
		for k, v := range in {
			data[k] = v
		}
		h := &hook{data: data}
		if data["requiresSignature"] == true {
			h.secret = newSecret()
		}
		s.verify(h)
		s.mu.Lock()
		s.webhooks[data["id"].(string)] = h
		s.order = append(s.order, data["id"].(string))
		out := h.view(true)
		s.mu.Unlock()
		writeJSON(w, http.StatusCreated, out)
	case "listWebhooks":
		s.mu.Lock()
		items := make([]any, 0, len(s.order))
		for _, id := range s.order {
			items = append(items, s.webhooks[id].view(false))
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, page(items, r))
	case "getWebhook", "updateWebhook", "deleteWebhook", "listWebhookLogs", "retryWebhookLog", "retryWebhookLogs":
		s.mu.Lock()
		h, ok := s.webhooks[params["webhookId"]]
		s.mu.Unlock()
		if !ok {
			apiError(w, http.StatusNotFound, "webhook %s not found", params["webhookId"])
			return
		}
		s.serveWebhook(w, r, op, h, params, body)
	default:
		apiError(w, http.StatusNotImplemented, "the sandbox does not implement %s", op)
	}
}

func (s *Server) serveWebhook(w http.ResponseWriter, r *http.Request, op string, h *hook, params map[string]string, body []byte) {
	id := params["webhookId"]
	switch op {
	case "getWebhook":
		s.mu.Lock()
		out := h.view(false)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	case "updateWebhook":
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		s.mu.Lock()
		oldEndpoint := h.data["endpoint"]
		for k, v := range in {
			h.data[k] = v
		}
		h.data["lastModifiedDate"] = s.cfg.Now().UTC().Format(time.RFC3339)
		enabled := in["requiresSignature"] == true && h.secret == ""
		if enabled {
			h.secret = newSecret()
		}
		if in["requiresSignature"] == false {
			h.secret = ""
		}
		s.mu.Unlock()
		if in["endpoint"] != nil && in["endpoint"] != oldEndpoint {
			s.verify(h)
		}
		s.mu.Lock()
		out := h.view(enabled)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	case "deleteWebhook":
		s.mu.Lock()
		delete(s.webhooks, id)
		for i, x := range s.order {
			if x == id {
				s.order = append(s.order[:i], s.order[i+1:]...)
				break
			}
		}
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case "listWebhookLogs":
		status := r.URL.Query().Get("status")
		s.mu.Lock()
		var items []any
		for _, lid := range h.logIDs {
			if e := s.logs[lid]; status == "" || e.data["status"] == status {
				items = append(items, e.data)
			}
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, page(items, r))
	case "retryWebhookLog":
		writeJSON(w, http.StatusOK, s.retry(h, params["webhookLogId"]))
	case "retryWebhookLogs":
		var in struct {
			WebhookLogIDs []string `json:"webhookLogIds"`
		}
		_ = json.Unmarshal(body, &in)
		results := make([]any, 0, len(in.WebhookLogIDs))
		for _, lid := range in.WebhookLogIDs {
			res := s.retry(h, lid)
			res["webhookLogId"] = lid
			results = append(results, res)
		}
		writeJSON(w, http.StatusOK, map[string]any{"results": results})
	}
}

// retry delivers a logged event again; an unknown log entry gives success false.
func (s *Server) retry(h *hook, logID string) map[string]any {
	s.mu.Lock()
	e, ok := s.logs[logID]
	s.mu.Unlock()
	if !ok || e.data["webhookId"] != h.data["id"] {
		return map[string]any{"success": false, "newLogId": nil}
	}
	entry := s.deliver(h, e.event, stringOf(e.data["messageId"]))
	return map[string]any{"success": true, "newLogId": entry["id"]}
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// verify runs the endpoint check: a POST with X-Validation-Token, passed when the answer is 200 with the token as
// the body (or as a JSON string).
func (s *Server) verify(h *hook) {
	s.mu.Lock()
	endpoint, _ := h.data["endpoint"].(string)
	s.mu.Unlock()
	token := newSecret()
	ok := false
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, endpoint, bytes.NewReader(nil))
	if err == nil {
		req.Header.Set(webhook.ValidationTokenHeader, token)
		if resp, err := s.cfg.HTTPClient.Do(req); err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			got := strings.TrimSpace(string(body))
			ok = resp.StatusCode == http.StatusOK && (got == token || got == strconv.Quote(token))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h.data["isVerified"] = ok
	if ok {
		h.data["verifiedAt"] = s.cfg.Now().UTC().Format(time.RFC3339)
	}
}

// view is the Webhook object; the signing secret only when signing was just enabled, as the API does.
func (h *hook) view(withSecret bool) map[string]any {
	out := make(map[string]any, len(h.data)+1)
	for _, k := range sortedKeys(h.data) {
		out[k] = h.data[k]
	}
	if withSecret && h.secret != "" {
		out["signingSecret"] = h.secret
	}
	return out
}

// page applies offset and limit (already validated) to items.
func page(items []any, r *http.Request) map[string]any {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit := 20
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil {
		limit = l
	}
	total := len(items)
	data := []any{}
	if offset < total {
		data = items[offset:min(offset+limit, total)]
	}
	return map[string]any{"data": data, "pagination": map[string]any{"offset": offset, "limit": limit, "total": total,
		"totalPages": (total + limit - 1) / limit}}
}

func newSecret() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return "whsec_" + hex.EncodeToString(b[:])
}
