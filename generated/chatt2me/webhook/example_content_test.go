package webhook_test

import (
	"fmt"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webhook"
)

// The content of a Message event is typed: switch on it. A kind the SDK does not know is kept, raw.
func ExampleDecode_content() {
	for _, body := range []string{
		`{"eventType":"Message","channelId":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","messageId":"m-1","from":"5511987654321",` +
			`"content":{"type":"text","text":"Where is my order?"}}`,
		`{"eventType":"Message","channelId":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","messageId":"m-2","from":"5511987654321",` +
			`"content":{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Talk to support"}}}}`,
		`{"eventType":"Message","channelId":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","messageId":"m-3","from":"5511987654321",` +
			`"content":{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}}`,
		`{"eventType":"Message","channelId":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","messageId":"m-4","from":"5511987654321",` +
			`"content":{"type":"sticker","stickerUrl":"https://cdn.example.com/thanks.webp"}}`,
	} {
		ev, err := webhook.Decode([]byte(body))
		if err != nil {
			panic(err)
		}
		switch c := ev.Message.Content.(type) {
		case webhook.Text:
			fmt.Printf("%s wrote %q\n", ev.Message.From, c.Text)
		case webhook.Interactive:
			if b, ok := c.Interactive.(webhook.ButtonReply); ok {
				fmt.Printf("%s pressed %s\n", ev.Message.From, b.ButtonReply.Id)
			}
		case webhook.Location:
			fmt.Printf("%s is at %.4f, %.4f\n", ev.Message.From, c.Location.Latitude, c.Location.Longitude)
		case webhook.UnknownContent:
			fmt.Printf("%s sent a %s: %s\n", ev.Message.From, c.Kind(), c.Raw)
		}
	}
	// Output:
	// 5511987654321 wrote "Where is my order?"
	// 5511987654321 pressed SUPPORT
	// 5511987654321 is at -23.5505, -46.6333
	// 5511987654321 sent a sticker: {"type":"sticker","stickerUrl":"https://cdn.example.com/thanks.webp"}
}
