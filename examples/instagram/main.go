// Command instagram answers an Instagram user from the account's username: a text, an image, quick-reply buttons,
// and marks the conversation as seen. It runs against an in-process sandbox unless CHATT2ME_BASE_URL and
// CHATT2ME_API_KEY are set.
package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/instagram"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	e, err := env.New()
	if err != nil {
		return err
	}
	defer e.Close()
	_, username := e.Channel("instagram")
	from := instagram.FromUsername("@" + username)
	const igsid = "847495124317323" // from the inbound Message event
	for _, s := range []struct {
		label   string
		content instagram.Content
	}{
		{"mark as seen", instagram.MarkSeen()},
		{"text", instagram.Text("Thanks for writing! How can we help?")},
		{"image", instagram.Image("https://example.com/catalogue.jpg", instagram.Caption("Our new collection"))},
		{"buttons", instagram.Buttons("Pick a topic", []api.ReplyButton{instagram.NewReplyButton("ORDERS", "Orders"), instagram.NewReplyButton("RETURNS", "Returns")})},
	} {
		if _, err := env.Show(w, "instagram: "+s.label,
			func() ([]byte, error) { return instagram.MarshalRequest(from, igsid, s.content) },
			func(ctx context.Context) (chatt2me.Result, error) {
				return e.Client.Instagram.Send(ctx, from, igsid, s.content)
			}); err != nil {
			return err
		}
	}
	return nil
}
