package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// inbound answers POST /sandbox/inbound {"channelId", "from", and "text" or "content"}: it delivers a Message event
// from a connected channel to the Message webhooks. content is the event's content object as the document's
// Message schema describes it (any kind, known to the SDK or not); text is short for a text content.
func (s *Server) inbound(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ChannelID string          `json:"channelId"`
		From      string          `json:"from"`
		Text      *string         `json:"text"`
		Content   json.RawMessage `json:"content"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.ChannelID == "" || req.From == "" ||
		req.Text != nil && req.Content != nil {
		apiError(w, http.StatusBadRequest, `expected {"channelId": "…", "from": "…", and "text": "…" or "content": {…}}`)
		return
	}
	kind := ""
	for _, c := range s.cfg.Channels {
		if c.UUID == req.ChannelID {
			kind = s.byKind[c.Kind].WebhookChannel
		}
	}
	if kind == "" {
		apiError(w, http.StatusNotFound, "no connected channel %s", req.ChannelID)
		return
	}
	content := req.Content
	if content == nil {
		text := ""
		if req.Text != nil {
			text = *req.Text
		}
		content, _ = json.Marshal(map[string]string{"type": "text", "text": text})
	}
	id := newID()
	event, err := json.Marshal(map[string]any{"eventType": "Message", "channelId": req.ChannelID, "messageId": id,
		"from": req.From, "timestamp": s.cfg.Now().Unix(), "channel": kind, "content": json.RawMessage(content)})
	if err != nil {
		apiError(w, http.StatusBadRequest, "invalid content: %v", err)
		return
	}
	if problem := s.checkEvent(event); problem != "" {
		apiError(w, http.StatusBadRequest, "the Message event would not match the document: %s", problem)
		return
	}
	s.deliverAll("Message", event, id)
	writeJSON(w, http.StatusAccepted, map[string]string{"messageId": id})
}

// checkEvent checks a Message event against the document's Message schema, when it has one; it returns the problem,
// or "".
func (s *Server) checkEvent(event []byte) string {
	if s.message == nil {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err.Error()
	}
	if err := s.message.VisitJSON(v, s.formats...); err != nil {
		return s.describe(err)
	}
	return ""
}
