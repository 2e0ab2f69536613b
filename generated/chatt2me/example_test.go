package chatt2me_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/instagram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// fakeAPI stands in for the API in the examples: it prints each body it receives and answers like the API.
func fakeAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("POST %s %s\n", r.URL.Path, body)
		switch {
		case strings.Contains(r.URL.Path, "web-chatt2me"):
			_, _ = io.WriteString(w, `{"messageId":null,"status":"error","errorMessage":"The visitor has no active widget session.","errorCode":"session_not_found"}`)
		case strings.Contains(r.URL.Path, "whatsapp"):
			_, _ = io.WriteString(w, `{"messageId":"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e","status":"enqueued"}`)
		default:
			_, _ = io.WriteString(w, `{"messageId":"m-1","status":"sent"}`)
		}
	}))
}

// Send a WhatsApp text from the channel's phone number.
func Example() {
	srv := fakeAPI()
	defer srv.Close()

	c, err := chatt2me.New(chatt2me.WithAPIKey("CHATT2ME_API_KEY value"), chatt2me.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	res, err := c.WhatsApp.Send(context.Background(), whatsapp.FromPhone("+55 11 99398-6082"), "5511993986082", whatsapp.Text("Hello!"))
	if err != nil {
		panic(err)
	}
	fmt.Println(res.MessageID, res.Status, res.Status == chatt2me.StatusEnqueued)
	// Output:
	// POST /v1/communication/whatsapp/message {"from":"5511993986082","to":"5511993986082","content":{"text":"Hello!"}}
	// 9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e enqueued true
}

// An interactive list with a header, and a reply to an inbound message.
func Example_whatsAppList() {
	srv := fakeAPI()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))

	menu := whatsapp.List("What would you like?", "View options", []api.ListSection{
		whatsapp.NewListSection([]api.ListRow{
			whatsapp.NewListRow("lasagna", "Lasagna", whatsapp.Description("With salad")),
			whatsapp.NewListRow("risotto", "Risotto"),
		}, whatsapp.Title("Main courses")),
	}, whatsapp.Header(whatsapp.NewInteractiveTextHeader("Menu")))
	_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromChannel("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"), "5511993986082", menu,
		whatsapp.Reply("wamid.HBgL"))
	fmt.Println(err)
	// Output:
	// POST /v1/communication/whatsapp/message {"from":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","to":"5511993986082","content":{"interactive":{"action":{"button":"View options","sections":[{"rows":[{"description":"With salad","id":"lasagna","title":"Lasagna"},{"id":"risotto","title":"Risotto"}],"title":"Main courses"}]},"body":{"text":"What would you like?"},"header":{"text":"Menu","type":"text"},"type":"list"}},"replyTo":{"messageId":"wamid.HBgL"}}
	// <nil>
}

// A PIX payment request: each payment method has its own builder, so the method's details are always present.
func Example_pixPayment() {
	srv := fakeAPI()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))

	charge := whatsapp.PixPayment("Order #987654344", "order-987654344",
		"00020101021226...", "Acme LTDA", "39580525000189", api.PixDetailsKeyTypeCNPJ,
		50000, []api.PaymentItem{whatsapp.NewPaymentItem("prod-001", "Product A", 50000, 1)},
		whatsapp.Offset(100))
	_, err := c.WhatsApp.Send(context.Background(), whatsapp.FromPhone("5511993986082"), "5511987654321", charge)
	fmt.Println(err)
	// Output:
	// POST /v1/communication/whatsapp/message {"from":"5511993986082","to":"5511987654321","content":{"paymentRequest":{"bodyText":"Order #987654344","items":[{"amountCents":50000,"name":"Product A","quantity":1,"retailerId":"prod-001"}],"offset":100,"paymentMethod":"pix","pix":{"code":"00020101021226...","key":"39580525000189","keyType":"CNPJ","merchantName":"Acme LTDA"},"referenceId":"order-987654344","totalAmountCents":50000}}}
	// <nil>
}

// Mark an Instagram conversation as seen, sending from the account's username.
func Example_instagramMarkSeen() {
	srv := fakeAPI()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))

	res, err := c.Instagram.Send(context.Background(), instagram.FromUsername("@acme.store"), "847495124317323", instagram.MarkSeen())
	fmt.Println(res.Status, err)
	// Output:
	// POST /v1/communication/instagram/message {"from":"acme.store","to":"847495124317323","content":{"markSeen":true}}
	// sent <nil>
}

// A Web Chatt visitor without an open widget session: the API's error code comes back in an *APIError.
func Example_webChattSessionNotFound() {
	srv := fakeAPI()
	defer srv.Close()
	c, _ := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))

	_, err := c.WebChatt.Send(context.Background(), webchatt.FromChannel("0f6a2d1e-7b1c-4c1e-9a55-3d2f1b7e8c90"), "visitor-42", webchatt.Text("Are you still there?"))
	var apiErr *chatt2me.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "session_not_found" {
		fmt.Println("no open session:", apiErr.Message)
	}
	// Output:
	// POST /v1/communication/web-chatt2me/message {"from":"0f6a2d1e-7b1c-4c1e-9a55-3d2f1b7e8c90","to":"visitor-42","content":{"text":"Are you still there?"}}
	// no open session: The visitor has no active widget session.
}

// A value the OpenAPI document refuses never leaves the process.
func Example_validationError() {
	_, err := whatsapp.MarshalRequest(whatsapp.FromPhone("+55 11 99398-6082"), "5511993986082",
		whatsapp.Buttons("Pick one", []api.ReplyButton{whatsapp.NewReplyButton("yes", "Yes, please send it now")}))
	var ve *chatt2me.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Field)
		fmt.Println(ve.Problem)
	}
	// Output:
	// content.interactive.action.buttons[0].reply.title
	// must have at most 20 characters (has 23)
}
