// Command telegram sends from a Telegram bot by its username: a text, a document, a list (sent as a poll) and a
// reply. It runs against an in-process sandbox unless CHATT2ME_BASE_URL and CHATT2ME_API_KEY are set.
package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
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
	_, bot := e.Channel("telegram")
	from := telegram.FromBot("@" + bot)
	const chatID = "123456789"
	first, err := send(w, e, "text", from, chatID, telegram.Text("Hello from the bot!"))
	if err != nil {
		return err
	}
	if _, err := send(w, e, "document", from, chatID, telegram.Document("https://example.com/invoice.pdf", telegram.Filename("invoice.pdf"), telegram.Caption("Your invoice"))); err != nil {
		return err
	}
	if _, err := send(w, e, "list, sent as a poll", from, chatID, telegram.List("Lunch today?", "Vote", []api.ListSection{
		telegram.NewListSection([]api.ListRow{telegram.NewListRow("yes", "Yes"), telegram.NewListRow("no", "No")}),
	})); err != nil {
		return err
	}
	_, err = send(w, e, "reply to the first message", from, chatID, telegram.Text("And a follow-up."), telegram.Reply(first.MessageID))
	return err
}

func send(w io.Writer, e *env.Env, label string, from telegram.From, to string, c telegram.Content, opts ...telegram.SendOption) (chatt2me.Result, error) {
	return env.Show(w, "telegram: "+label,
		func() ([]byte, error) { return telegram.MarshalRequest(from, to, c, opts...) },
		func(ctx context.Context) (chatt2me.Result, error) {
			return e.Client.Telegram.Send(ctx, from, to, c, opts...)
		})
}
