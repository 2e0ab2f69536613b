// Command webchatt answers a website visitor through the Web Chatt widget: a reply to the visitor's message, and a
// send to a visitor whose widget is closed, which the API refuses with errorCode session_not_found. Against the
// in-process sandbox it opens the first visitor's session itself; against the real API the visitor must have the
// widget open (CHATT2ME_WEBCHATT_VISITOR names them).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
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
	uuid, _ := e.Channel("webchatt")
	from := webchatt.FromChannel(uuid) // Web Chatt accepts the channel UUID only
	visitor := os.Getenv("CHATT2ME_WEBCHATT_VISITOR")
	if visitor == "" {
		visitor = "visitor-8f14e45f"
	}
	if e.Sandbox != nil {
		e.Sandbox.OpenSession(visitor)
	}
	reply := webchatt.Text("Hi! An agent will be with you in a minute.")
	res, err := env.Show(w, "webchatt: reply to an open session",
		func() ([]byte, error) {
			return webchatt.MarshalRequest(from, visitor, reply, webchatt.Reply("inbound-message-id"))
		},
		func(ctx context.Context) (chatt2me.Result, error) {
			return e.Client.WebChatt.Send(ctx, from, visitor, reply, webchatt.Reply("inbound-message-id"))
		})
	if err != nil {
		return err
	}
	if res.Status != chatt2me.StatusSent {
		return fmt.Errorf("status %s, want sent", res.Status)
	}
	if e.Sandbox == nil {
		return nil // the session check below needs a visitor known to be gone
	}
	_, err = env.Show(w, "webchatt: a visitor without a session",
		func() ([]byte, error) { return webchatt.MarshalRequest(from, "visitor-gone", reply) },
		func(ctx context.Context) (chatt2me.Result, error) {
			return e.Client.WebChatt.Send(ctx, from, "visitor-gone", reply)
		})
	var apiErr *chatt2me.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "session_not_found" {
		return fmt.Errorf("want an APIError with code session_not_found, got %v", err)
	}
	return nil
}
