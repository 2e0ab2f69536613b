package webhook_test

import (
	"errors"
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// The receive cost of a Message event of every inbound kind of the document, beside a hand-written receiver: the
// documentation's text example (fact sheet §5.2), its button reply and location, and our reconstruction of the others.
var messageKinds = []struct {
	name, content string
}{
	{"text", `{"type":"text","text":"Hi! Where is my order?"}`},
	{"image", `{"type":"image","imageUrl":"https://cdn.example.com/parcel.jpg","text":"The parcel arrived like this"}`},
	{"video", `{"type":"video","videoUrl":"https://cdn.example.com/unboxing.mp4","text":"Unboxing"}`},
	{"audio", `{"type":"audio","audioUrl":"https://cdn.example.com/voice.ogg"}`},
	{"document", `{"type":"document","documentUrl":"https://cdn.example.com/invoice.pdf","text":"My invoice"}`},
	{"location", `{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}`},
	{"button_reply", `{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}`},
	{"list_reply", `{"type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"lasagna","title":"Lasagna","description":"With salad"}}}`},
}

// delivery is a signed Message event of one kind.
type delivery struct {
	name, header string
	body         []byte
}

func messageDeliveries() []delivery {
	var out []delivery
	for _, k := range messageKinds {
		body := []byte(`{"eventType":"Message","channelId":"ac30ca70-30fb-51b4-8ecc-532701bb88cd","messageId":"wamid.HBgLNTUxMTk5Mzk4NjA4MhUCABIYIDNBMDY",` +
			`"from":"5511993986082","timestamp":1790000000,"channel":"whatsapp","content":` + k.content + `}`)
		out = append(out, delivery{k.name, webhook.Sign(secret, now, body), body})
	}
	return out
}

func sdkReceiveMessage(header string, body []byte) (*webhook.Message, error) {
	if err := webhook.Verify(secret, header, body, now, 0); err != nil {
		return nil, err
	}
	ev, err := webhook.Decode(body)
	if err != nil {
		return nil, err
	}
	if ev.Message == nil {
		return nil, errors.New("not a Message event")
	}
	return ev.Message, nil
}

// handMessage is a Message event as a team would declare it: one struct for every kind of content.
type handMessage struct {
	EventType string      `json:"eventType"`
	ChannelID string      `json:"channelId"`
	MessageID string      `json:"messageId"`
	From      string      `json:"from"`
	Timestamp *int64      `json:"timestamp,omitempty"`
	Channel   string      `json:"channel,omitempty"`
	Content   handContent `json:"content"`
}

type handContent struct {
	Type        string `json:"type"`
	Text        string `json:"text,omitempty"`
	ImageURL    string `json:"imageUrl,omitempty"`
	VideoURL    string `json:"videoUrl,omitempty"`
	AudioURL    string `json:"audioUrl,omitempty"`
	DocumentURL string `json:"documentUrl,omitempty"`
	Location    *struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		Name      string  `json:"name,omitempty"`
		Address   string  `json:"address,omitempty"`
	} `json:"location,omitempty"`
	Interactive *struct {
		Type        string     `json:"type"`
		ButtonReply *handReply `json:"button_reply,omitempty"`
		ListReply   *handReply `json:"list_reply,omitempty"`
	} `json:"interactive,omitempty"`
}

type handReply struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

func handReceiveMessage(header string, body []byte) (*handMessage, error) {
	var ev handMessage
	if err := handVerifyDecode(header, body, &ev); err != nil {
		return nil, err
	}
	if ev.EventType != "Message" {
		return nil, errors.New("not a Message event")
	}
	return &ev, nil
}

// mainValue is what the SDK's typed content and the hand-written struct must agree on: the kind's main value.
func mainValue(c webhook.Content) string {
	switch c := c.(type) {
	case webhook.Text:
		return c.Text
	case webhook.Image:
		return c.ImageUrl + " " + c.Text
	case webhook.Video:
		return c.VideoUrl + " " + c.Text
	case webhook.Audio:
		return c.AudioUrl
	case webhook.Document:
		return c.DocumentUrl + " " + c.Text
	case webhook.Location:
		return fmt.Sprint(c.Location.Latitude, c.Location.Longitude)
	case webhook.Interactive:
		switch r := c.Interactive.(type) {
		case webhook.ButtonReply:
			return r.ButtonReply.Id + " " + *r.ButtonReply.Title
		case webhook.ListReply:
			return r.ListReply.Id + " " + *r.ListReply.Title + " " + *r.ListReply.Description
		}
	}
	return fmt.Sprintf("untyped %#v", c)
}

func handMainValue(c handContent) string {
	switch {
	case c.Location != nil:
		return fmt.Sprint(c.Location.Latitude, c.Location.Longitude)
	case c.Interactive != nil && c.Interactive.ButtonReply != nil:
		return c.Interactive.ButtonReply.ID + " " + c.Interactive.ButtonReply.Title
	case c.Interactive != nil && c.Interactive.ListReply != nil:
		r := c.Interactive.ListReply
		return r.ID + " " + r.Title + " " + r.Description
	case c.ImageURL != "":
		return c.ImageURL + " " + c.Text
	case c.VideoURL != "":
		return c.VideoURL + " " + c.Text
	case c.AudioURL != "":
		return c.AudioURL
	case c.DocumentURL != "":
		return c.DocumentURL + " " + c.Text
	}
	return c.Text
}

// TestMessageBaselineDoesTheSame keeps the comparison fair: for every kind, both sides accept the delivery with the
// same values, typed by kind, and both refuse it tampered with.
func TestMessageBaselineDoesTheSame(t *testing.T) {
	for _, d := range messageDeliveries() {
		s, err := sdkReceiveMessage(d.header, d.body)
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		h, err := handReceiveMessage(d.header, d.body)
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		if s.MessageId != h.MessageID || s.From != h.From || s.ChannelId != h.ChannelID || *s.Timestamp != *h.Timestamp ||
			string(s.Channel) != h.Channel || s.Content.Kind() != h.Content.Type || mainValue(s.Content) != handMainValue(h.Content) {
			t.Errorf("%s: SDK %+v, by hand %+v", d.name, s, h)
		}
		tampered := append([]byte(nil), d.body...)
		tampered[len(tampered)-3] ^= 1
		if _, err := sdkReceiveMessage(d.header, tampered); err == nil {
			t.Errorf("%s: the SDK accepted a tampered body", d.name)
		}
		if _, err := handReceiveMessage(d.header, tampered); err == nil {
			t.Errorf("%s: the baseline accepted a tampered body", d.name)
		}
	}
}

// receiveAllocs is what one delivery allocates on each side.
func receiveAllocs(d delivery) (sdk, base float64) {
	sdk = testing.AllocsPerRun(200, func() { _, _ = sdkReceiveMessage(d.header, d.body) })
	base = testing.AllocsPerRun(200, func() { _, _ = handReceiveMessage(d.header, d.body) })
	return sdk, base
}

// Receiving a Message event of any kind allocates at most 1.2 times what the hand-written receiver does, and a
// MessageStatus event no more than it.
func TestReceiveAllocations(t *testing.T) {
	if testing.CoverMode() != "" || raceDetector() {
		t.Skip("allocation counts differ under coverage and the race detector")
	}
	for _, d := range messageDeliveries() {
		sdk, base := receiveAllocs(d)
		t.Logf("%s: %v allocations, by hand %v", d.name, sdk, base)
		if sdk > 1.2*base {
			t.Errorf("%s: %v allocations, more than 1.2 times the hand-written %v", d.name, sdk, base)
		}
	}
	sdk := testing.AllocsPerRun(200, func() { _, _ = sdkReceive(statusHeader, statusBody) })
	base := testing.AllocsPerRun(200, func() { _, _ = handReceive(statusHeader, statusBody) })
	if sdk > base {
		t.Errorf("MessageStatus: %v allocations, more than the hand-written %v", sdk, base)
	}
}

// BenchmarkReceiveMessage runs, for each inbound kind, the SDK (webhook.Verify and webhook.Decode) and the
// hand-written receiver in turn, 16 deliveries at a time, timing each side: ns/op is the SDK's, base-ns/op the
// baseline's, ns-ratio the one over the other; sdk-allocs/op and base-allocs/op count the allocations of one delivery.
func BenchmarkReceiveMessage(b *testing.B) {
	for _, d := range messageDeliveries() {
		b.Run(d.name, func(b *testing.B) {
			const chunk = 16
			sdkAllocs, baseAllocs := receiveAllocs(d)
			var sdk, base time.Duration
			b.ResetTimer()
			for n := 0; n < b.N; n += chunk {
				start := time.Now()
				for i := 0; i < chunk; i++ {
					if _, err := sdkReceiveMessage(d.header, d.body); err != nil {
						b.Fatal(err)
					}
				}
				mid := time.Now()
				for i := 0; i < chunk; i++ {
					if _, err := handReceiveMessage(d.header, d.body); err != nil {
						b.Fatal(err)
					}
				}
				sdk, base = sdk+mid.Sub(start), base+time.Since(mid)
			}
			runs := float64((b.N + chunk - 1) / chunk * chunk)
			b.ReportMetric(float64(sdk.Nanoseconds())/runs, "ns/op")
			b.ReportMetric(float64(base.Nanoseconds())/runs, "base-ns/op")
			b.ReportMetric(float64(sdk)/float64(base), "ns-ratio")
			b.ReportMetric(sdkAllocs, "sdk-allocs/op")
			b.ReportMetric(baseAllocs, "base-allocs/op")
		})
	}
}

// raceDetector reports whether the test binary was built with the race detector, which changes allocation counts.
func raceDetector() bool {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return true
			}
		}
	}
	return false
}
