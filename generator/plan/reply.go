package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Reply is Client.Reply (chatt2me/reply.gen.go): it answers a Message event of package webhook on the channel it came
// from, the channel whose webhookChannel its channel field names, from the channel's UUID, to its sender, as a reply
// to it where the channel's send body has replyTo. The content is a Content of any channel package: one of the
// channel's own, or one whose api struct the channel's ContentOf takes (model.ReplyExtension).
type Reply struct {
	Method  string  // the Client's method, "Reply"
	Content GoIdent // the root package's interface of a content of any channel package, "Content"
	Message GoIdent // webhook.Message, which embeds the api struct of the event
	// Channel, From, To and MessageID are the event's fields (of the api struct): the channel's name, the channel's
	// UUID (sent as from), the sender (sent as to) and the id of the message answered.
	Channel, From, To, MessageID Field
	// Adopt returns the content of a channel package that a Content stands for (generic in the package's Content);
	// Refused is the error of contents a channel does not take.
	Adopt, Refused GoIdent
	// Channels are the channels it answers on, in the order of SDK.Channels.
	Channels []*ReplyChannel
	// Known lists their values, for the error of a channel the SDK does not know.
	Known           string
	Doc, ContentDoc string
}

// ReplyChannel is one channel Reply answers on.
type ReplyChannel struct {
	Channel *Channel
	Value   string  // its webhookChannel, the event's channel value
	From    GoIdent // its helper of the channel's UUID, such as whatsapp.FromChannel
	// Reply is its send option answering a message, such as whatsapp.Reply; zero when its send body has none.
	Reply GoIdent
}

// planAdoptable lists the builders each channel's ContentOf takes the api struct of (those that fill it), and
// documents ContentOf.
func planAdoptable(sdk *SDK) {
	for _, ch := range sdk.Channels {
		var kinds, mirrored []string
		for _, b := range ch.Builders {
			if b.Mirror == nil {
				ch.Adoptable = append(ch.Adoptable, b)
				kinds = append(kinds, b.Name.GoName)
			} else {
				mirrored = append(mirrored, b.Name.GoName)
			}
		}
		f := ch.Fixed
		doc := fmt.Sprintf("%s returns the %s holding v, a pointer to the api struct of one of the kinds %s, as %s.Value of "+
			"any channel package returns it; false for any other value and for a nil pointer. The %s shares v, which %s "+
			"checks and sends as it is then.", f.ContentOf.GoName, f.Content.GoName, strings.Join(kinds, ", "), f.Content.GoName,
			f.Content.GoName, f.Send)
		if len(kinds) == 0 {
			doc = fmt.Sprintf("%s returns false: every kind of the package holds a oneOf, and is built by its builder only.", f.ContentOf.GoName)
		} else if len(mirrored) > 0 {
			doc += fmt.Sprintf(" The kinds holding a oneOf (%s) are built by their builders only.", strings.Join(mirrored, ", "))
		}
		ch.ContentOfDoc = wrap(doc, 110)
	}
}

// planReply plans Client.Reply from the reply rule; nil without it.
func planReply(doc *spec.Document, api *apiTable, m *model.Model, sdk *SDK, scope rootScope) (*Reply, error) {
	rule := m.Reply
	if rule == nil {
		return nil, nil
	}
	at := "/" + model.ReplyExtension
	if !sdk.Webhook {
		return nil, doc.ErrorAt(at, "the document defines no webhook events (Message, MessageStatus and their EventType), "+
			"so there is no Message event to answer")
	}
	r := &Reply{Method: "Reply", Content: GoIdent{GoImportPath: sdk.Import(RootDir), GoName: "Content"},
		Message: GoIdent{GoImportPath: sdk.Import(WebhookDir), GoName: inboundMessage},
		Adopt:   GoIdent{GoImportPath: sdk.Import(RootDir), GoName: "adoptContent"},
		Refused: GoIdent{GoImportPath: sdk.Import(RootDir), GoName: "refusedContent"}}
	for _, f := range []struct {
		rule, property string
		field          *Field
	}{{"channel", rule.Channel, &r.Channel}, {"from", rule.From, &r.From}, {"to", rule.To, &r.To},
		{"messageId", rule.MessageID, &r.MessageID}} {
		field, err := api.field(inboundMessage, f.property)
		if err != nil || field.Optional() || api.basic(field.Type) != "string" {
			return nil, doc.ErrorAt(at+"/"+f.rule, fmt.Sprintf("the %s event has no string property %q (a plain string field of api.%s)",
				inboundMessage, f.property, inboundMessage))
		}
		*f.field = field
	}
	for _, name := range []GoIdent{r.Content, r.Adopt, r.Refused} {
		if err := scope.names.declare(name.GoName, "the package's "+name.GoName+" of Client.Reply", at); err != nil {
			return nil, err
		}
	}
	if err := scope.fields.declare(r.Method, "the client's method answering a Message event", at); err != nil {
		return nil, err
	}
	var values []string
	for i, ch := range sdk.Channels {
		rc, err := replyChannel(doc, api, m.Channels[i], ch)
		if err != nil {
			return nil, err
		}
		r.Channels = append(r.Channels, rc)
		values = append(values, rc.Value)
	}
	sort.Strings(values)
	r.Known = strings.Join(values, ", ")
	r.Doc, r.ContentDoc = replyDoc(r), wrap(fmt.Sprintf("%s is the content of a message, built by a builder of any channel "+
		"package (such as %s.Text): Client.%s sends it on the channel of the message it answers.", r.Content.GoName,
		sdk.Channels[0].Package.Name, r.Method), docWidth)
	return r, nil
}

// replyChannel plans how Reply answers on one channel (mc is its model, ch its plan).
func replyChannel(doc *spec.Document, api *apiTable, mc model.Channel, ch *Channel) (*ReplyChannel, error) {
	rc := &ReplyChannel{Channel: ch, Value: mc.WebhookChannel}
	for _, h := range ch.From {
		if h.Shape.ChannelID() {
			rc.From = h.Name
			break
		}
	}
	rule := "/" + model.ChannelsExtension + "/" + spec.EscapeToken(mc.OperationID)
	if rc.From.GoName == "" {
		return nil, doc.ErrorAt(rule+"/from", fmt.Sprintf("%s has no uuid form of from, which Client.Reply answers from "+
			"(the event's channel UUID); add one", ch.Name))
	}
	if mc.ReplySchema == "" {
		return rc, nil
	}
	for _, so := range ch.SendOptions {
		if so.Type.GoName != mc.ReplySchema {
			continue
		}
		if len(so.Params) != 1 || api.basic(so.Params[0].Type) != "string" {
			return nil, doc.ErrorAt(schemaPointer(mc.ReplySchema)+"/required", fmt.Sprintf("%s's %s takes %d parameters: "+
				"Client.Reply gives it the id of the message answered, one string", ch.Name, so.Name.GoName, len(so.Params)))
		}
		rc.Reply = so.Name
	}
	return rc, nil
}

// replyDoc documents Client.Reply.
func replyDoc(r *Reply) string {
	var with, without []string
	for _, rc := range r.Channels {
		if rc.Reply.GoName != "" {
			with = append(with, fmt.Sprintf("%s (%s.%s)", rc.Channel.Name, rc.Channel.Package.Name, rc.Reply.GoName))
		} else {
			without = append(without, rc.Channel.Name)
		}
	}
	replies := "No channel takes replies: the answer is a plain message."
	if len(with) > 0 {
		replies = fmt.Sprintf("It is a reply to the message, with m.%s when the event has one, on %s", r.MessageID.Name,
			strings.Join(with, ", "))
		if len(without) > 0 {
			replies += fmt.Sprintf("; a plain message on %s, which take no replies", strings.Join(without, ", "))
		}
		replies += "."
	}
	first := r.Channels[0].Channel
	return wrap(fmt.Sprintf("%s answers m, a Message event, on the channel it came from (m.%s), from that channel's UUID "+
		"(m.%s) to the sender (m.%s). %s\n\n"+
		"It sends the first of content and alternatives that the channel takes: a Content of the channel's own package, "+
		"or one of another channel package whose api struct the channel takes too (see %s.%s; a kind holding a oneOf is "+
		"taken from its own package only). Alternatives answer on the channels that lack a kind.\n\n"+
		"Nothing is sent, and the error is a *ValidationError, when no content is given or the channel takes none of "+
		"them (Field content), and when m names no channel or one the SDK does not know (Field %s, quoting it; the SDK "+
		"knows %s: regenerate it from a document that has the channel). Otherwise it returns what the channel's "+
		"Sender.%s returns.",
		r.Method, r.Channel.Name, r.From.Name, r.To.Name, replies, first.Package.Name, first.Fixed.ContentOf.GoName,
		r.Channel.JSON, r.Known, first.Fixed.Send), docWidth)
}

// printReply prints Client.Reply: the event's fields and, per channel, how it answers.
func printReply(b *strings.Builder, r *Reply) {
	if r == nil {
		return
	}
	fmt.Fprintf(b, "  func (Client) %s(ctx, m *webhook.%s, content %s, alternatives ...%s): channel m.%s, from m.%s, to m.%s, "+
		"replying to m.%s\n", r.Method, r.Message.GoName, r.Content.GoName, r.Content.GoName, r.Channel.Name, r.From.Name, r.To.Name,
		r.MessageID.Name)
	for _, rc := range r.Channels {
		reply := "no reply"
		if rc.Reply.GoName != "" {
			reply = "reply " + rc.Reply.GoName
		}
		fmt.Fprintf(b, "    %q: %s.%s, %s, %s\n", rc.Value, rc.Channel.Field, rc.Channel.Fixed.Send, rc.From.GoName, reply)
	}
}
