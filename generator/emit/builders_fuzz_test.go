package emit_test

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/routers"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/sms"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/telegram"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/transport"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/webchatt"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// contractRouter is router, built once for all the fuzz inputs.
var contractRouter struct {
	once sync.Once
	r    routers.Router
}

// builderInput is what one fuzz input gives the builders: a text (for every string field), a URL, two floats and
// two integers.
type builderInput struct {
	text, link  string
	lat, long   float64
	amount, num int
}

// fuzzedBuilders builds, from in, a message with each builder that takes a number (Location, the three payments
// with their items, tax, offset and subtotal) and with the builders of text fields, and marshals it as Send would.
// Each entry is the send's path and its MarshalRequest.
func fuzzedBuilders(in builderInput) map[string]struct {
	path    string
	marshal func() ([]byte, error)
} {
	type entry = struct {
		path    string
		marshal func() ([]byte, error)
	}
	const waPath, tgPath, wcPath, smsPath = "/v1/communication/whatsapp/message", "/v1/communication/telegram/message",
		"/v1/communication/web-chatt2me/message", "/v1/communication/sms/message"
	wa := func(c whatsapp.Content, opts ...whatsapp.SendOption) entry {
		return entry{waPath, func() ([]byte, error) {
			return whatsapp.MarshalRequest(whatsapp.FromChannel(channelUUID), "5511993986082", c, opts...)
		}}
	}
	s := in.text
	items := []api.PaymentItem{whatsapp.NewPaymentItem(s, s, in.amount, in.num)}
	tax := whatsapp.Tax(whatsapp.NewPaymentTax(in.amount, in.num, whatsapp.Description(s)))
	return map[string]entry{
		"whatsapp.Location": wa(whatsapp.Location(in.lat, in.long, whatsapp.Name(s), whatsapp.Address(s))),
		"telegram.Location": {tgPath, func() ([]byte, error) {
			return telegram.MarshalRequest(telegram.FromChannel(channelUUID), "123456789", telegram.Location(in.lat, in.long, telegram.Name(s)))
		}},
		"webchatt.Location": {wcPath, func() ([]byte, error) {
			return webchatt.MarshalRequest(webchatt.FromChannel(channelUUID), "visitor-42", webchatt.Location(in.lat, in.long, webchatt.Address(s)))
		}},
		"whatsapp.PixPayment": wa(whatsapp.PixPayment(s, s, s, s, s, api.PixDetailsKeyTypeCNPJ, in.amount, items,
			whatsapp.Offset(in.num), whatsapp.SubtotalCents(in.amount), tax, whatsapp.Currency(s))),
		"whatsapp.BoletoPayment": wa(whatsapp.BoletoPayment(s, s, s, in.amount, items, whatsapp.SubtotalCents(in.num), whatsapp.Offset(in.amount))),
		"whatsapp.LinkPayment":   wa(whatsapp.LinkPayment(s, s, in.link, in.amount, items, tax)),
		"whatsapp.Text":          wa(whatsapp.Text(s), whatsapp.Reply(s)),
		"whatsapp.Image":         wa(whatsapp.Image(in.link, whatsapp.Caption(s))),
		"whatsapp.Buttons": wa(whatsapp.Buttons(s, []api.ReplyButton{whatsapp.NewReplyButton(s, s)},
			whatsapp.Header(whatsapp.NewInteractiveTextHeader(s)), whatsapp.Footer(s))),
		"whatsapp.List": wa(whatsapp.List(s, s, []api.ListSection{whatsapp.NewListSection(
			[]api.ListRow{whatsapp.NewListRow(s, s, whatsapp.Description(s))}, whatsapp.Title(s))})),
		"whatsapp.CTAURL":        wa(whatsapp.CTAURL(s, s, in.link)),
		"whatsapp.Contact":       wa(whatsapp.Contact(s, whatsapp.FirstName(s), whatsapp.URLs(whatsapp.NewContactURL(in.link, whatsapp.Type(s))))),
		"whatsapp.Contact email": wa(whatsapp.Contact("Maria", whatsapp.Emails(whatsapp.NewContactEmail(s)))),
		"whatsapp.Reaction":      wa(whatsapp.Reaction(s, s)),
		"whatsapp.OrderStatus": wa(whatsapp.OrderStatus(s, api.OrderStatusStatusShipped, whatsapp.BodyText(s),
			whatsapp.Description(s))),
		"whatsapp.Template": wa(whatsapp.Template(templateID, whatsapp.Components(whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody,
			[]api.TemplateParameter{whatsapp.NewTemplateTextParameter(s)}, whatsapp.Index(s))))),
		"telegram.Text": {tgPath, func() ([]byte, error) {
			return telegram.MarshalRequest(telegram.FromChannel(channelUUID), "123456789", telegram.Text(s), telegram.Reply(s))
		}},
		"sms.Text": {smsPath, func() ([]byte, error) {
			return sms.MarshalRequest(sms.FromChannel(channelUUID), "+12025551234", sms.Text(s))
		}},
	}
}

// FuzzBuildersMatchTheContract: whatever values the builders are given, MarshalRequest either refuses them with a
// *ValidationError, before anything could be sent, or returns a body that the contract (generated/openapi.yaml,
// through openapi3filter, as the sandbox checks it) accepts. NaN, infinities, negative amounts and counts, and
// empty, long or odd texts are in the seeds.
func FuzzBuildersMatchTheContract(f *testing.F) {
	seeds := []builderInput{
		{"Hello", "https://example.com/a.jpg", -23.5505, -46.6333, 50000, 1},
		{"", "", math.NaN(), 0, 0, 0},
		{"x", "https://example.com/", 0, math.NaN(), 1, 1},
		{"y", "https://example.com/", math.Inf(1), math.Inf(-1), 1, 1},
		{"z", "https://example.com/", 90, 180, -1, -1},
		{"z", "https://example.com/", -90, -180, math.MaxInt64, math.MinInt64},
		{"z", "https://example.com/", 90.000001, 0, 1, 1},
		{strings.Repeat("ü", 1025), "https://example.com/" + strings.Repeat("a", 3000), 1e-300, math.Copysign(0, -1), 1, 2},
		{"<b>&amp;</b> \u2028 \x00 \xff", "ftp://example.com/a", 45, 90, 10, 3},
		{"tab\there", "::nope", 1, 1, 1, 1},
		{"  ", "https://example.com/a b", 1, 1, 1, 1},
	}
	for _, s := range seeds {
		f.Add(s.text, s.link, s.lat, s.long, int64(s.amount), int64(s.num))
	}
	f.Fuzz(func(t *testing.T, text, link string, lat, long float64, amount, num int64) {
		contractRouter.once.Do(func() { contractRouter.r = router(t) })
		in := builderInput{text, link, lat, long, int(amount), int(num)}
		for name, b := range fuzzedBuilders(in) {
			body, err := b.marshal()
			if err != nil {
				var ve *transport.ValidationError
				if !errors.As(err, &ve) {
					t.Errorf("%s(%+v): error %v (%T) is not a *ValidationError", name, in, err, err)
				}
				continue
			}
			if err := validateBody(t, contractRouter.r, b.path, body); err != nil {
				t.Errorf("%s(%+v): the contract refuses what MarshalRequest accepted:\n%s\n%v", name, in, body, err)
			}
		}
	})
}
