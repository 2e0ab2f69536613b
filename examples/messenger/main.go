// Command messenger sends from a Facebook Page by its page id: a text, a video and a CTA URL button. It runs
// against an in-process sandbox unless CHATT2ME_BASE_URL and CHATT2ME_API_KEY are set.
package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/messenger"
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
	_, pageID := e.Channel("messenger")
	from := messenger.FromPage(pageID)
	const psid = "26203292189261166" // from the inbound Message event
	for _, s := range []struct {
		label   string
		content messenger.Content
	}{
		{"text", messenger.Text("Hi! Your table is booked.")},
		{"video", messenger.Video("https://example.com/tour.mp4", messenger.Caption("A tour of the place"))},
		{"CTA URL", messenger.CTAURL("See your booking", "Open", "https://example.com/bookings/42")},
	} {
		if _, err := env.Show(w, "messenger: "+s.label,
			func() ([]byte, error) { return messenger.MarshalRequest(from, psid, s.content) },
			func(ctx context.Context) (chatt2me.Result, error) {
				return e.Client.Messenger.Send(ctx, from, psid, s.content)
			}); err != nil {
			return err
		}
	}
	return nil
}
