package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// messageEvent is a Message event carrying content (a JSON object, or "" for none).
func messageEvent(content string) string {
	ev := `{"eventType":"Message","channelId":"ac30ca70-30fb-51b4-8ecc-532701bb88cd","messageId":"wamid.HBgL","from":"5511993986082",` +
		`"timestamp":1790000000,"channel":"whatsapp"`
	if content != "" {
		ev += `,"content":` + content
	}
	return ev + "}"
}

func decodeContent(t *testing.T, content string) webhook.Content {
	t.Helper()
	ev, err := webhook.Decode([]byte(messageEvent(content)))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if ev.Message == nil || ev.Message.Content == nil {
		t.Fatalf("no typed content: %+v", ev.Message)
	}
	return ev.Message.Content
}

func ptr[T any](v T) *T { return &v }

// Every kind the documents list decodes into its own type: the examples of the event types page (text, button
// reply, location: https://docs.chatt2.me/docs/1.0/webhooks/event-types/) and our reconstruction of the others,
// with their companions present and absent.
func TestContentKinds(t *testing.T) {
	cases := []struct {
		name, content string
		want          webhook.Content
	}{
		{"text (event types page)", `{"type":"text","text":"…"}`, webhook.Text{Text: "…"}},
		{"button reply (event types page)", `{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}`,
			webhook.Interactive{Interactive: webhook.ButtonReply{ButtonReply: api.InboundReply{Id: "SUPPORT", Title: ptr("Support")}}}},
		{"location (event types page)", `{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}`,
			webhook.Location{Location: api.InboundLocation{Latitude: -23.5505, Longitude: -46.6333}}},
		{"location with name and address", `{"type":"location","location":{"latitude":1,"longitude":2,"name":"Shop","address":"Av. Paulista, 1"}}`,
			webhook.Location{Location: api.InboundLocation{Latitude: 1, Longitude: 2, Name: ptr("Shop"), Address: ptr("Av. Paulista, 1")}}},
		{"list reply", `{"type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"lasagna","title":"Lasagna","description":"With salad"}}}`,
			webhook.Interactive{Interactive: webhook.ListReply{ListReply: api.InboundReply{Id: "lasagna", Title: ptr("Lasagna"),
				Description: ptr("With salad")}}}},
		{"image with a caption", `{"type":"image","imageUrl":"https://cdn.example/a.jpg","text":"Look"}`,
			webhook.Image{ImageUrl: "https://cdn.example/a.jpg", Text: "Look"}},
		{"image without a caption", `{"type":"image","imageUrl":"https://cdn.example/a.jpg"}`, webhook.Image{ImageUrl: "https://cdn.example/a.jpg"}},
		{"video", `{"type":"video","videoUrl":"https://cdn.example/v.mp4","text":"Clip"}`,
			webhook.Video{VideoUrl: "https://cdn.example/v.mp4", Text: "Clip"}},
		{"audio", `{"type":"audio","audioUrl":"https://cdn.example/a.ogg"}`, webhook.Audio{AudioUrl: "https://cdn.example/a.ogg"}},
		{"document", `{"type":"document","documentUrl":"https://cdn.example/d.pdf","text":"Invoice"}`,
			webhook.Document{DocumentUrl: "https://cdn.example/d.pdf", Text: "Invoice"}},
		{"a property of another kind is ignored", `{"type":"text","text":"hi","imageUrl":"https://cdn.example/a.jpg"}`, webhook.Text{Text: "hi"}},
		{"an unknown field is ignored (it stays in Event.Raw)", `{"type":"audio","audioUrl":"https://x/a.ogg","voice":true}`,
			webhook.Audio{AudioUrl: "https://x/a.ogg"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := decodeContent(t, tc.content)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("content %#v, want %#v", got, tc.want)
			}
			var head struct{ Type string }
			_ = json.Unmarshal([]byte(tc.content), &head)
			if got.Kind() != head.Type {
				t.Errorf("Kind() = %q, want %q", got.Kind(), head.Type)
			}
		})
	}
}

// A type the SDK does not know is kept, byte for byte, in an UnknownContent: not lost, not an error.
func TestUnknownContentIsKeptRaw(t *testing.T) {
	content := "{ \"type\" : \"sticker\",\n  \"stickerUrl\":\"https:\\/\\/cdn.example\\/s.webp\", \"size\": 1.50e0 }"
	body := []byte(messageEvent(content))
	ev, err := webhook.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	u, ok := ev.Message.Content.(webhook.UnknownContent)
	if !ok || u.Type != "sticker" || u.Kind() != "sticker" || string(u.Raw) != content {
		t.Fatalf("content %#v, want UnknownContent of type sticker with Raw %q", ev.Message.Content, content)
	}
	for i := range body {
		body[i] = 'x' // Raw is a copy: the caller may reuse the body
	}
	if string(u.Raw) != content {
		t.Errorf("Raw changed with the body: %q", u.Raw)
	}
	if ev.Message.Message.Content.Type != "sticker" {
		t.Errorf("oapi-codegen's struct lost the type: %+v", ev.Message.Message.Content)
	}
}

// A known type without its main property is kept raw too, as an UnknownContent of that type; so is an event
// without content.
func TestKnownKindWithoutItsMainProperty(t *testing.T) {
	for _, content := range []string{
		`{"type":"image","text":"a caption, but no image"}`,
		`{"type":"text"}`,
		`{"type":"text","text":null}`,
		`{"type":"interactive"}`,
		`{"type":"location","location":null}`,
		`{"text":"no type"}`,
	} {
		var head struct{ Type string }
		_ = json.Unmarshal([]byte(content), &head)
		want := webhook.UnknownContent{Type: head.Type, Raw: json.RawMessage(content)}
		if got := decodeContent(t, content); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %#v, want %#v", content, got, want)
		}
	}
	if got := decodeContent(t, ""); !reflect.DeepEqual(got, webhook.UnknownContent{}) {
		t.Errorf("an event without content: %#v, want an empty UnknownContent", got)
	}
}

// An interactive answer of a type the SDK does not know is an Interactive holding an UnknownReply, with the
// interactive object's JSON; a known reply type without its object is one too.
func TestUnknownReplyIsKeptRaw(t *testing.T) {
	for _, interactive := range []string{
		`{"type":"nfm_reply","nfm_reply":{"response_json":"{\"a\":1}","name":"flow"}}`,
		`{"type":"button_reply","list_reply":{"id":"x"}}`,
		`{ "type": "list_reply" }`,
	} {
		var head struct{ Type string }
		_ = json.Unmarshal([]byte(interactive), &head)
		got := decodeContent(t, `{"type":"interactive","interactive":`+interactive+`}`)
		want := webhook.Interactive{Interactive: webhook.UnknownReply{Type: head.Type, Raw: json.RawMessage(interactive)}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %#v, want %#v", interactive, got, want)
		}
	}
}

// A kind the SDK does not know whose fields have the names, but not the JSON types, of the known kinds' fields (an
// object where api.InboundContent has a string, a string where it has an object) is kept raw too: the event is
// neither refused nor lost, through Decode or a Handler, and the rest of the event is read.
func TestUnknownKindWithClashingFieldsIsKeptRaw(t *testing.T) {
	// Every event here has the same messageId: the deduplication by event is off.
	h := &webhook.Handler{Secret: secret, Now: func() time.Time { return now }, AllowDuplicates: true}
	var delivered []webhook.Content
	h.OnMessage = func(_ context.Context, m *webhook.Message) error {
		delivered = append(delivered, m.Content)
		return nil
	}
	for content, want := range map[string]webhook.Content{
		`{"type":"reaction","text":{"emoji":"+1","messageId":"m0"}}`: webhook.UnknownContent{Type: "reaction",
			Raw: json.RawMessage(`{"type":"reaction","text":{"emoji":"+1","messageId":"m0"}}`)},
		`{"type":"contacts","location":"Sao Paulo"}`: webhook.UnknownContent{Type: "contacts",
			Raw: json.RawMessage(`{"type":"contacts","location":"Sao Paulo"}`)},
		`{"type":"order","interactive":[1,2]}`: webhook.UnknownContent{Type: "order", Raw: json.RawMessage(`{"type":"order","interactive":[1,2]}`)},
		`{"type":"interactive","interactive":{"type":"nfm_reply","button_reply":"flow"}}`: webhook.Interactive{
			Interactive: webhook.UnknownReply{Type: "nfm_reply", Raw: json.RawMessage(`{"type":"nfm_reply","button_reply":"flow"}`)}},
		`"not an object"`: webhook.UnknownContent{Raw: json.RawMessage(`"not an object"`)},
	} {
		ev, err := webhook.Decode([]byte(messageEvent(content)))
		if err != nil {
			t.Errorf("%s: %v", content, err)
			continue
		}
		if !reflect.DeepEqual(ev.Message.Content, want) {
			t.Errorf("%s: %#v, want %#v", content, ev.Message.Content, want)
		}
		if ev.Message.From != "5511993986082" || ev.Message.MessageId != "wamid.HBgL" || ev.Message.Timestamp == nil || *ev.Message.Timestamp != 1790000000 {
			t.Errorf("%s: the rest of the event was not read: %+v", content, ev.Message.Message)
		}
		delivered = nil
		body := messageEvent(content)
		if rec := deliver(h, body, webhook.Sign(secret, now, []byte(body))); rec.Code != http.StatusOK ||
			len(delivered) != 1 || !reflect.DeepEqual(delivered[0], want) {
			t.Errorf("%s: the handler answered %d %s and passed %#v", content, rec.Code, rec.Body, delivered)
		}
	}
	// A field outside content with the wrong type is still an error: only the unions are tolerant.
	if _, err := webhook.Decode([]byte(strings.Replace(messageEvent(`{"type":"text","text":"hi"}`), "1790000000", `"soon"`, 1))); err == nil {
		t.Error("a string timestamp was accepted")
	}
}

// A Handler passes a signed Message event to OnMessage with its content typed, and the content switch of the
// README works on it.
func TestHandlerPassesTypedContent(t *testing.T) {
	var got []string
	h := &webhook.Handler{
		Secret:          secret,
		AllowDuplicates: true, // every event here has the same messageId
		Now:             func() time.Time { return now },
		OnMessage: func(_ context.Context, m *webhook.Message) error {
			switch c := m.Content.(type) {
			case webhook.Text:
				got = append(got, m.From+" wrote "+c.Text)
			case webhook.Interactive:
				if r, ok := c.Interactive.(webhook.ButtonReply); ok {
					got = append(got, m.From+" pressed "+r.ButtonReply.Id+" in answer to "+m.MessageId)
				}
			default:
				got = append(got, m.From+" sent a "+c.Kind())
			}
			return nil
		},
	}
	for _, content := range []string{
		`{"type":"text","text":"Hello"}`,
		`{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}`,
		`{"type":"sticker","stickerUrl":"https://cdn.example/s.webp"}`,
	} {
		body := messageEvent(content)
		if rec := deliver(h, body, webhook.Sign(secret, now, []byte(body))); rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", content, rec.Code, rec.Body)
		}
	}
	want := "5511993986082 wrote Hello|5511993986082 pressed SUPPORT in answer to wamid.HBgL|5511993986082 sent a sticker"
	if strings.Join(got, "|") != want {
		t.Errorf("the callback saw %q, want %q", strings.Join(got, "|"), want)
	}
}

// FuzzDecodeContent: no body makes Decode panic; a decoded Message always has typed content, whose Kind is the
// type oapi-codegen's struct read, at both levels, and whose Raw, when kept, is JSON.
func FuzzDecodeContent(f *testing.F) {
	for _, content := range []string{
		`{"type":"text","text":"hi"}`,
		`{"type":"image","imageUrl":"https://x/a.jpg","text":"c"}`,
		`{"type":"video","videoUrl":"https://x/v.mp4"}`,
		`{"type":"audio","audioUrl":"https://x/a.ogg"}`,
		`{"type":"document","documentUrl":"https://x/d.pdf","text":"d"}`,
		`{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}`,
		`{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}`,
		`{"type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"a"}}}`,
		`{"type":"interactive","interactive":{"type":"nfm_reply"}}`,
		`{"type":"interactive","interactive":null}`,
		`{"type":"sticker","stickerUrl":"https://x/s.webp"}`,
		`{"type":5}`, `null`, `[]`, `"text"`,
	} {
		f.Add([]byte(messageEvent(content)))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := webhook.Decode(body)
		if err != nil || ev.Message == nil {
			return
		}
		m := ev.Message
		if m.Content == nil {
			t.Fatal("a Message without typed content")
		}
		if m.Content.Kind() != m.Message.Content.Type {
			t.Fatalf("Kind() %q, oapi-codegen's type %q", m.Content.Kind(), m.Message.Content.Type)
		}
		if u, ok := m.Content.(webhook.UnknownContent); ok && u.Raw != nil && !json.Valid(u.Raw) {
			t.Fatalf("Raw is not JSON: %q", u.Raw)
		}
		if i, ok := m.Content.(webhook.Interactive); ok {
			if i.Interactive == nil || m.Message.Content.Interactive == nil || i.Interactive.Kind() != m.Message.Content.Interactive.Type {
				t.Fatalf("reply %#v, oapi-codegen's %+v", i.Interactive, m.Message.Content.Interactive)
			}
			if u, ok := i.Interactive.(webhook.UnknownReply); ok && !bytes.HasPrefix(bytes.TrimSpace(u.Raw), []byte("{")) {
				t.Fatalf("an UnknownReply of %q, not an object", u.Raw)
			}
		}
	})
}

// encoding/json sees a webhook.Message as the api.Message it embeds: it marshals to the same JSON (the typed content
// is not written in its Go shape), and unmarshals without tripping on the interface.
func TestMessageJSONIsTheAPIStruct(t *testing.T) {
	ev, err := webhook.Decode([]byte(messageEvent(`{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT"}}}`)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(ev.Message)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(ev.Message.Message)
	if string(got) != string(want) {
		t.Errorf("json.Marshal of a Message:\n%s\nwant that of its api.Message:\n%s", got, want)
	}
	var back webhook.Message
	if err := json.Unmarshal(got, &back); err != nil || back.Message.Content.Interactive.ButtonReply.Id != "SUPPORT" {
		t.Errorf("json.Unmarshal into a Message: %v, %+v", err, back.Message)
	}
}
