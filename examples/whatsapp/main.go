// Command whatsapp sends the common WhatsApp messages: text from the business phone number, an image, an
// interactive list, a template and a PIX payment request. It runs against an in-process sandbox unless
// CHATT2ME_BASE_URL and CHATT2ME_API_KEY are set.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/chatt2me/chatt2me-go/examples/internal/env"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
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
	uuid, phone := e.Channel("whatsapp")
	to, err := whatsapp.ToPhone("+55 (11) 98765-4321") // E.164 without the +, as WhatsApp expects
	if err != nil {
		return err
	}
	sends := []struct {
		label   string
		from    whatsapp.From
		content whatsapp.Content
		opts    []whatsapp.SendOption
	}{
		{"text, from the business phone number", whatsapp.FromPhone("+" + phone), whatsapp.Text("Your order #1234 has shipped."), nil},
		{"image with a caption", whatsapp.FromChannel(uuid), whatsapp.Image("https://example.com/receipt.png", whatsapp.Caption("Your receipt")), nil},
		{"interactive list", whatsapp.FromChannel(uuid), whatsapp.List("What would you like?", "View options", []api.ListSection{
			whatsapp.NewListSection([]api.ListRow{
				whatsapp.NewListRow("lasagna", "Lasagna", whatsapp.Description("With salad")),
				whatsapp.NewListRow("risotto", "Risotto"),
			}, whatsapp.Title("Main courses")),
		}, whatsapp.Header(whatsapp.NewInteractiveTextHeader("Menu"))), nil},
		{"template", whatsapp.FromChannel(uuid), whatsapp.Template("2bb28b3a-80c6-4a63-a6f3-48701044e514", whatsapp.Components(
			whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody, []whatsapp.TemplateParameter{
				whatsapp.NewTemplateTextParameter("Maria"), whatsapp.NewTemplateTextParameter("Order #12345"),
			}))), nil},
		{"PIX payment request", whatsapp.FromChannel(uuid), whatsapp.PixPayment("Order #987654344", "order-987654344",
			"00020101021226830014br.gov.bcb.pix", "Acme LTDA", "39580525000189", api.PixDetailsKeyTypeCNPJ,
			50000, []api.PaymentItem{whatsapp.NewPaymentItem("prod-001", "Product A", 50000, 1)}, whatsapp.Offset(100)), nil},
	}
	for _, s := range sends {
		res, err := env.Show(w, "whatsapp: "+s.label,
			func() ([]byte, error) { return whatsapp.MarshalRequest(s.from, to, s.content, s.opts...) },
			func(ctx context.Context) (chatt2me.Result, error) {
				return e.Client.WhatsApp.Send(ctx, s.from, to, s.content, s.opts...)
			})
		if err != nil {
			return err
		}
		if e.Sandbox != nil && res.Status != chatt2me.StatusEnqueued {
			return fmt.Errorf("%s: status %s, the sandbox answers enqueued for WhatsApp", s.label, res.Status)
		}
	}
	return nil
}
