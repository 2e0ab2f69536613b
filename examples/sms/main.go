// Command sms sends an SMS and an MMS from the sender number; the recipient is normalised to E.164 with the "+".
// It runs against an in-process sandbox unless CHATT2ME_BASE_URL and CHATT2ME_API_KEY are set.
package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
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
	_, number := e.Channel("sms")
	from := sms.FromPhone(number)
	to, err := sms.ToPhone("+1 (202) 555-1234")
	if err != nil {
		return err
	}
	for _, s := range []struct {
		label   string
		content sms.Content
	}{
		{"text", sms.Text("Your verification code is 482913.")},
		{"MMS with an image", sms.Image("https://example.com/ticket.png", sms.Caption("Your ticket"))},
	} {
		if _, err := env.Show(w, "sms: "+s.label,
			func() ([]byte, error) { return sms.MarshalRequest(from, to, s.content) },
			func(ctx context.Context) (chatt2me.Result, error) { return e.Client.SMS.Send(ctx, from, to, s.content) }); err != nil {
			return err
		}
	}
	return nil
}
