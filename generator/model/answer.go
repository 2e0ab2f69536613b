package model

import (
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// ReplyExtension is the top-level extension, in the hand-written fragment, that says how the SDK answers a Message
// event on the channel it came from: which of the event's properties names the channel (a webhookChannel of the
// channel rules), which is sent as `from` (the channel's UUID), which as `to`, and which is the id of the message a
// reply answers (on the channels whose send body has replyTo).
const ReplyExtension = "x-chatt2me-reply"

// Reply is the rule of ReplyExtension: properties of the Message event.
type Reply struct {
	Channel   string `json:"channel"`
	From      string `json:"from"`
	To        string `json:"to"`
	MessageID string `json:"messageId"`
}

// readReply reads ReplyExtension; nil when the fragment has none (the SDK then has no Client.Reply).
func readReply(doc *spec.Document) (*Reply, error) {
	raw, ok := doc.T.Extensions[ReplyExtension]
	if !ok {
		return nil, nil
	}
	at := "/" + ReplyExtension
	var r Reply
	if err := decodeRule(doc, at, "reply", raw, &r); err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, value string }{{"channel", r.Channel}, {"from", r.From}, {"to", r.To}, {"messageId", r.MessageID}} {
		if f.value == "" {
			return nil, doc.ErrorAt(at+"/"+f.name, "missing")
		}
	}
	return &r, nil
}

// RetryFailedExtension is the top-level extension, in the hand-written fragment, that says how the SDK delivers
// again what a webhook failed to deliver: the list of delivery logs and its filter of the failed ones, the log's
// time and id, and the operation retrying several logs with the array of its answer holding one result per log.
const RetryFailedExtension = "x-chatt2me-retry-failed"

// RetryFailed is the rule of RetryFailedExtension.
type RetryFailed struct {
	List    string `json:"list"`    // operationId of the list of a webhook's delivery logs (a list by PagingExtension)
	Filter  string `json:"filter"`  // its query parameter selecting logs by outcome
	Failed  string `json:"failed"`  // the value of Filter selecting the failed deliveries
	Time    string `json:"time"`    // the date-time property of a log compared with the start of the window
	ID      string `json:"id"`      // the property of a log identifying it to the retry
	Retry   string `json:"retry"`   // operationId of the retry of several logs, whose body's one property takes the ids
	Results string `json:"results"` // the array property of its answer holding one result per log
}

// readRetryFailed reads RetryFailedExtension; nil when the fragment has none (the SDK then has no RetryFailed).
func readRetryFailed(doc *spec.Document) (*RetryFailed, error) {
	raw, ok := doc.T.Extensions[RetryFailedExtension]
	if !ok {
		return nil, nil
	}
	at := "/" + RetryFailedExtension
	var r RetryFailed
	if err := decodeRule(doc, at, "retry-failed", raw, &r); err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, value string }{{"list", r.List}, {"filter", r.Filter}, {"failed", r.Failed},
		{"time", r.Time}, {"id", r.ID}, {"retry", r.Retry}, {"results", r.Results}} {
		if f.value == "" {
			return nil, doc.ErrorAt(at+"/"+f.name, "missing")
		}
	}
	return &r, nil
}
