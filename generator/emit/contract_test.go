package emit_test

import (
	"bytes"
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/instagram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/messenger"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const (
	channelUUID = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"
	templateID  = "2bb28b3a-80c6-4a63-a6f3-48701044e514"
	https       = "https://example.com/"
)

func init() {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122))
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
}

// router validates requests against generated/openapi.yaml, the contract the SDK was generated from.
func router(t *testing.T) routers.Router {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../../generated/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func validateBody(t *testing.T, r routers.Router, path string, body []byte) error {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "https://api.chatt2.me"+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "test-key")
	route, params, err := r.FindRoute(req)
	if err != nil {
		t.Fatalf("no route for %s: %v", path, err)
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	})
}

type sample func() ([]byte, error)

// samples holds one call of every builder of every channel, marshalled by the channel's MarshalRequest (which
// validates it exactly as Send does).
func samples() map[string]map[string]sample {
	wa := func(c whatsapp.Content, opts ...whatsapp.SendOption) sample {
		return func() ([]byte, error) {
			return whatsapp.MarshalRequest(whatsapp.FromPhone("+55 (11) 99398-6082"), "5511993986082", c, opts...)
		}
	}
	ig := func(c instagram.Content) sample {
		return func() ([]byte, error) {
			return instagram.MarshalRequest(instagram.FromUsername("@acme.store"), "847495124317323", c)
		}
	}
	ms := func(c messenger.Content) sample {
		return func() ([]byte, error) {
			return messenger.MarshalRequest(messenger.FromPage("104928371234"), "26203292189261166", c)
		}
	}
	tg := func(c telegram.Content, opts ...telegram.SendOption) sample {
		return func() ([]byte, error) {
			return telegram.MarshalRequest(telegram.FromBot("@acme_bot"), "123456789", c, opts...)
		}
	}
	sm := func(c sms.Content) sample {
		return func() ([]byte, error) {
			to, err := sms.ToPhone("+1 (202) 555-1234")
			if err != nil {
				return nil, err
			}
			return sms.MarshalRequest(sms.FromPhone("+1 202 555 0100"), to, c)
		}
	}
	wc := func(c webchatt.Content, opts ...webchatt.SendOption) sample {
		return func() ([]byte, error) {
			return webchatt.MarshalRequest(webchatt.FromChannel(channelUUID), "visitor-42", c, opts...)
		}
	}
	waItems := []api.PaymentItem{whatsapp.NewPaymentItem("prod-001", "Product A", 50000, 1)}
	return map[string]map[string]sample{
		"whatsapp": {
			"Text":     wa(whatsapp.Text("Hello!"), whatsapp.Reply("wamid.HBgL")),
			"Image":    wa(whatsapp.Image(https+"a.jpg", whatsapp.Caption("A caption"))),
			"Video":    wa(whatsapp.Video(https+"a.mp4", whatsapp.Caption("A video"))),
			"Audio":    wa(whatsapp.Audio(https+"a.ogg", whatsapp.Voice())),
			"Document": wa(whatsapp.Document(https+"a.pdf", whatsapp.Filename("invoice.pdf"), whatsapp.Caption("Your invoice"))),
			"Sticker":  wa(whatsapp.Sticker(https + "a.webp")),
			"Location": wa(whatsapp.Location(-23.5505, -46.6333, whatsapp.Name("Praça da Sé"), whatsapp.Address("São Paulo"))),
			"Contact": wa(whatsapp.Contact("Maria Silva", whatsapp.FirstName("Maria"), whatsapp.LastName("Silva"),
				whatsapp.Phones(whatsapp.NewContactPhone("+5511999999999", whatsapp.Type("CELL"))),
				whatsapp.Emails(whatsapp.NewContactEmail("maria@example.com")),
				whatsapp.Organization(whatsapp.NewContactOrganization(whatsapp.Company("Acme"), whatsapp.Title("CEO"))),
				whatsapp.URLs(whatsapp.NewContactURL(https)))),
			"Contacts": wa(whatsapp.Contacts([]api.Contact{whatsapp.NewContact("Maria Silva"), whatsapp.NewContact("João Souza")})),
			"Buttons": wa(whatsapp.Buttons("How can we help?", []api.ReplyButton{whatsapp.NewReplyButton("SUPPORT", "Support"), whatsapp.NewReplyButton("SALES", "Sales")},
				whatsapp.Header(whatsapp.NewInteractiveImageHeader(https+"banner.png")), whatsapp.Footer("Hub Chatt2.me"))),
			"List": wa(whatsapp.List("Our menu", "View options", []api.ListSection{whatsapp.NewListSection(
				[]api.ListRow{whatsapp.NewListRow("lasagna", "Lasagna", whatsapp.Description("With salad"))}, whatsapp.Title("Main courses"))},
				whatsapp.Header(whatsapp.NewInteractiveTextHeader("Menu")))),
			"CTAURL":          wa(whatsapp.CTAURL("Track your order", "Open", https+"track", whatsapp.Header(whatsapp.NewInteractiveVideoHeader(https+"a.mp4")))),
			"LocationRequest": wa(whatsapp.LocationRequest("Where should we deliver?")),
			"Template": wa(whatsapp.Template(templateID, whatsapp.Components(
				whatsapp.NewTemplateComponent(api.TemplateComponentTypeHeader, []api.TemplateParameter{whatsapp.NewTemplateDocumentParameter(https+"a.pdf", whatsapp.Filename("a.pdf"))}),
				whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody, []api.TemplateParameter{whatsapp.NewTemplateTextParameter("Maria"), whatsapp.NewTemplateImageParameter(https + "a.png"), whatsapp.NewTemplateVideoParameter(https + "a.mp4")}),
				whatsapp.NewTemplateComponent(api.TemplateComponentTypeButton, []api.TemplateParameter{whatsapp.NewTemplatePayloadParameter("YES")}, whatsapp.SubType(api.TemplateComponentSubTypeQuickReply), whatsapp.Index("0"))))),
			"Reaction": wa(whatsapp.Reaction("wamid.HBgL", "👍")),
			"PixPayment": wa(whatsapp.PixPayment("Order #987654344", "order-987654344", "000201010212", "Acme LTDA", "39580525000189", api.PixDetailsKeyTypeCNPJ, 50000, waItems,
				whatsapp.Offset(100), whatsapp.Currency("BRL"))),
			"BoletoPayment": wa(whatsapp.BoletoPayment("Order #1", "order-1", "84660000000123", 50000, waItems, whatsapp.SubtotalCents(50000))),
			"LinkPayment": wa(whatsapp.LinkPayment("Order #2", "order-2", "https://pay.example.com/o/2", 50000, waItems,
				whatsapp.Tax(whatsapp.NewPaymentTax(0, 100, whatsapp.Description("No tax"))))),
			"OrderStatus": wa(whatsapp.OrderStatus("order-987654344", api.OrderStatusStatusShipped, whatsapp.BodyText("On its way"), whatsapp.Description("Left the warehouse"))),
		},
		"instagram": {
			"Text":     ig(instagram.Text("Hello!")),
			"Image":    ig(instagram.Image(https+"a.jpg", instagram.Caption("A caption"))),
			"Video":    ig(instagram.Video(https + "a.mp4")),
			"Audio":    ig(instagram.Audio(https + "a.mp3")),
			"Sticker":  ig(instagram.Sticker(https + "a.webp")),
			"Buttons":  ig(instagram.Buttons("Pick one", []api.ReplyButton{instagram.NewReplyButton("A", "A")})),
			"List":     ig(instagram.List("Menu", "Open", []api.ListSection{instagram.NewListSection([]api.ListRow{instagram.NewListRow("a", "A")})})),
			"CTAURL":   ig(instagram.CTAURL("See it", "Open", https)),
			"Reaction": ig(instagram.Reaction("mid.1", "❤️")),
			"MarkSeen": ig(instagram.MarkSeen()),
		},
		"messenger": {
			"Text":     ms(messenger.Text("Hello!")),
			"Image":    ms(messenger.Image(https + "a.jpg")),
			"Video":    ms(messenger.Video(https+"a.mp4", messenger.Caption("A video"))),
			"Audio":    ms(messenger.Audio(https + "a.mp3")),
			"Buttons":  ms(messenger.Buttons("Pick one", []api.ReplyButton{messenger.NewReplyButton("A", "A")})),
			"List":     ms(messenger.List("Menu", "Open", []api.ListSection{messenger.NewListSection([]api.ListRow{messenger.NewListRow("a", "A")})})),
			"CTAURL":   ms(messenger.CTAURL("See it", "Open", https)),
			"Reaction": ms(messenger.Reaction("mid.1", "")),
			"MarkSeen": ms(messenger.MarkSeen()),
		},
		"telegram": {
			"Text":     tg(telegram.Text("Hello!"), telegram.Reply("42")),
			"Image":    tg(telegram.Image(https + "a.jpg")),
			"Video":    tg(telegram.Video(https + "a.mp4")),
			"Audio":    tg(telegram.Audio(https + "a.mp3")),
			"Document": tg(telegram.Document(https+"a.pdf", telegram.Filename("a.pdf"))),
			"Sticker":  tg(telegram.Sticker(https + "a.webp")),
			"Location": tg(telegram.Location(51.5, -0.12)),
			"Contact":  tg(telegram.Contact("Maria Silva")),
			"Contacts": tg(telegram.Contacts([]api.Contact{telegram.NewContact("Maria Silva")})),
			"List":     tg(telegram.List("Lunch?", "Vote", []api.ListSection{telegram.NewListSection([]api.ListRow{telegram.NewListRow("y", "Yes"), telegram.NewListRow("n", "No")})})),
			"Reaction": tg(telegram.Reaction("42", "🔥")),
		},
		"sms": {
			"Text":  sm(sms.Text("Your code is 123456")),
			"Image": sm(sms.Image(https+"a.jpg", sms.Caption("MMS"))),
		},
		"webchatt": {
			"Text":     wc(webchatt.Text("Hello!"), webchatt.Reply("m-1")),
			"Image":    wc(webchatt.Image(https + "a.jpg")),
			"Video":    wc(webchatt.Video(https + "a.mp4")),
			"Audio":    wc(webchatt.Audio(https + "a.mp3")),
			"Document": wc(webchatt.Document(https + "a.pdf")),
			"Sticker":  wc(webchatt.Sticker(https + "a.webp")),
			"Location": wc(webchatt.Location(0, 0)),
			"Contact":  wc(webchatt.Contact("Maria Silva")),
			"Contacts": wc(webchatt.Contacts([]api.Contact{webchatt.NewContact("Maria Silva")})),
			"Buttons":  wc(webchatt.Buttons("Pick one", []api.ReplyButton{webchatt.NewReplyButton("A", "A")})),
			"List":     wc(webchatt.List("Menu", "Open", []api.ListSection{webchatt.NewListSection([]api.ListRow{webchatt.NewListRow("a", "A")})})),
			"CTAURL":   wc(webchatt.CTAURL("See it", "Open", https)),
			"Reaction": wc(webchatt.Reaction("m-1", "👍")),
		},
	}
}

// repositoryModel is the model of the repository's documents, which generated/ was built from.
func repositoryModel(t *testing.T) *model.Model {
	t.Helper()
	doc, err := spec.Load("../../openapi/chatt2me.yaml", "../../openapi/webchatt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Build(doc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestEveryBuilderMatchesTheContract sends every builder of every channel through openapi3filter's request
// validation, and checks that the samples cover exactly the builders the spec gives each channel.
func TestEveryBuilderMatchesTheContract(t *testing.T) {
	m := repositoryModel(t)
	r := router(t)
	all := samples()
	for _, ch := range m.Channels {
		got := all[ch.Package]
		var want, have []string
		for _, k := range ch.Kinds {
			want = append(want, k.Name)
		}
		for k := range got {
			have = append(have, k)
		}
		sort.Strings(want)
		sort.Strings(have)
		if strings.Join(want, ",") != strings.Join(have, ",") {
			t.Errorf("%s: the samples cover %v, the spec's builders are %v", ch.Package, have, want)
		}
		for _, kind := range have {
			t.Run(ch.Package+"/"+kind, func(t *testing.T) {
				body, err := got[kind]()
				if err != nil {
					t.Fatalf("the SDK refused a valid message: %v", err)
				}
				if err := validateBody(t, r, ch.Path, body); err != nil {
					t.Fatalf("the contract refuses what the SDK sends:\n%s\n%v", body, err)
				}
			})
		}
	}
	// The validation itself refuses what the spec refuses: a kind WhatsApp lacks.
	if err := validateBody(t, r, "/v1/communication/whatsapp/message", []byte(`{"from":"`+channelUUID+`","to":"5511993986082","content":{"markSeen":true}}`)); err == nil {
		t.Error("the contract accepted markSeen on WhatsApp")
	}
	if len(all) != len(m.Channels) {
		t.Errorf("samples for %d channels, the spec has %d", len(all), len(m.Channels))
	}
}
