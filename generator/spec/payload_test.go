package spec_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const channelUUID = "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"

// bundlePath and fragmentPath are the documents under test: openapi/'s, or those of $CHATT2ME_SPEC_DIR.
var bundlePath, fragmentPath = testspec.Paths()

// loadRepoSpec merges the documents under test; every test in this file works on the result.
func loadRepoSpec(t *testing.T) *spec.Document {
	t.Helper()
	doc, err := spec.Load(bundlePath, fragmentPath, testspec.Overlays()...)
	if err != nil {
		t.Fatalf("loading the documents under test: %v", err)
	}
	return doc
}

// validateSend checks a send body against the request schema of a channel, with format checks on.
func validateSend(t *testing.T, doc *spec.Document, schema, body string) error {
	t.Helper()
	return validateAs(t, doc, schema, body, false)
}

// send wraps content into a send body; to is chosen to suit the channel.
func send(channel, content string, extra ...string) string {
	from, to := `"`+channelUUID+`"`, `"847495124317323"`
	switch channel {
	case "WhatsApp":
		to = `"5511993986082"`
	case "SMS":
		to = `"+5511944574999"`
	case "Telegram":
		to = `"123456789"`
	case "WebChatt":
		to = `"visitor-42"`
	}
	body := `{"from":` + from + `,"to":` + to + `,"content":` + content
	for _, e := range extra {
		body += "," + e
	}
	return body + "}"
}

func schemaOf(channel string) string { return "Send" + channel + "MessageInput" }

// pixExample is the PIX payment request of the fact sheet (section 4.7), with its comments removed.
const pixExample = `{"paymentRequest":{"bodyText":"Order #987654344","referenceId":"order-987654344",` +
	`"paymentMethod":"pix","pix":{"code":"000201010212","merchantName":"Acme LTDA",` +
	`"key":"39580525000189","keyType":"CNPJ"},"totalAmountCents":50000,"offset":100,` +
	`"items":[{"retailerId":"prod-001","name":"Product A","amountCents":50000,"quantity":1}]}}`

// The JSON examples of the fact sheet (sections 3, 4 and 11), each on every channel whose matrix row allows it.
var validContents = []struct {
	name     string
	content  string
	channels []string
}{
	{"text", `{"text":"Hello!"}`, []string{"WhatsApp", "Instagram", "Messenger", "Telegram", "SMS", "WebChatt"}},
	{"image with caption", `{"imageUrl":"https://example.com/photo.jpg","text":"optional caption"}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "SMS", "WebChatt"}},
	{"image alone", `{"imageUrl":"https://example.com/photo.jpg"}`, []string{"WhatsApp", "SMS", "WebChatt"}},
	{"video", `{"videoUrl":"https://example.com/clip.mp4","text":"optional description"}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "WebChatt"}},
	{"audio", `{"audioUrl":"https://example.com/song.mp3"}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "WebChatt"}},
	{"voice note", `{"audioUrl":"https://example.com/note.ogg","voice":true}`, []string{"WhatsApp"}},
	{"document", `{"documentUrl":"https://example.com/invoice.pdf","filename":"invoice.pdf","text":"Your invoice"}`,
		[]string{"WhatsApp", "Telegram", "WebChatt"}},
	{"sticker", `{"stickerUrl":"https://example.com/sticker.webp"}`, []string{"WhatsApp", "Instagram", "Telegram", "WebChatt"}},
	{"location", `{"location":{"latitude":-23.5505,"longitude":-46.6333,"name":"Praça da Sé","address":"São Paulo"}}`,
		[]string{"WhatsApp", "Telegram", "WebChatt"}},
	{"contact", `{"contact":{"name":{"formattedName":"Maria Silva","firstName":"Maria"},` +
		`"phones":[{"phone":"+5511999999999","type":"CELL"}],` +
		`"emails":[{"email":"maria@example.com"}]}}`,
		[]string{"WhatsApp", "Telegram", "WebChatt"}},
	{"contacts", `{"contacts":[{"name":{"formattedName":"Maria Silva"}},` +
		`{"name":{"formattedName":"João Souza"},"organization":{"company":"Acme"}}]}`,
		[]string{"WhatsApp", "Telegram", "WebChatt"}},
	{"buttons (INT example)", `{"interactive":{"type":"button","header":{"type":"text","text":"Help center"},` +
		`"body":{"text":"How can we help?"},"footer":{"text":"Hub Chatt2.me"},` +
		`"action":{"buttons":[{"type":"reply","reply":{"id":"SUPPORT","title":"Support"}}]}}}`,
		[]string{"WhatsApp"}},
	{"buttons with image header", `{"interactive":{"type":"button","header":{"type":"image",` +
		`"image":{"link":"https://example.com/banner.png"}},"body":{"text":"Pick one"},` +
		`"action":{"buttons":[{"type":"reply","reply":{"id":"A","title":"A"}},{"type":"reply",` +
		`"reply":{"id":"B","title":"B"}},{"type":"reply","reply":{"id":"C","title":"C"}}]}}}`,
		[]string{"WhatsApp"}},
	{"buttons, body only", `{"interactive":{"type":"button","body":{"text":"How can we help?"},` +
		`"action":{"buttons":[{"type":"reply","reply":{"id":"SUPPORT","title":"Support"}}]}}}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "WebChatt"}},
	{"list (INT example)", `{"interactive":{"type":"list","body":{"text":"Our menu"},` +
		`"action":{"button":"View options","sections":[{"title":"Main courses",` +
		`"rows":[{"id":"lasagna","title":"Lasagna","description":"With salad"}]}]}}}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "WebChatt"}},
	{"cta url", `{"interactive":{"type":"cta_url","body":{"text":"Track your order"},` +
		`"action":{"name":"cta_url","parameters":{"display_text":"Open",` +
		`"url":"https://example.com/track"}}}}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "WebChatt"}},
	{"location request", `{"interactive":{"type":"location_request_message",` +
		`"body":{"text":"Where should we deliver?"},"action":{"name":"send_location"}}}`,
		[]string{"WhatsApp"}},
	{"template (TPL example 1)", `{"template":{"id":"2bb28b3a-80c6-4a63-a6f3-48701044e514"}}`, []string{"WhatsApp"}},
	{"template with components (TPL example 2)", `{"template":{"id":"0a9d4cbd-1c2d-4e5f-8a9b-0c1d2e3f4a5b","components":[{"type":"body",` +
		`"parameters":[{"type":"text","text":"Maria"},{"type":"text","text":"Order #12345"}]}]}}`,
		[]string{"WhatsApp"}},
	{"template button parameter", `{"template":{"id":"0a9d4cbd-1c2d-4e5f-8a9b-0c1d2e3f4a5b","components":[{"type":"button",` +
		`"sub_type":"url","index":"0","parameters":[{"type":"text","text":"ABC123"}]}]}}`,
		[]string{"WhatsApp"}},
	{"reaction", `{"reaction":{"messageId":"wamid.HBgL","emoji":"👍"}}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "WebChatt"}},
	{"reaction removed", `{"reaction":{"messageId":"wamid.HBgL","emoji":""}}`, []string{"WhatsApp"}},
	{"mark as seen", `{"markSeen":true}`, []string{"Instagram", "Messenger"}},
	{"pix payment (PAY example)", pixExample,
		[]string{"WhatsApp"}},
	{"boleto payment", `{"paymentRequest":{"bodyText":"Order #1","referenceId":"order-1","paymentMethod":"boleto",` +
		`"boleto":{"digitableLine":"84660000000123"},"totalAmountCents":8990,` +
		`"items":[{"retailerId":"prod-002","name":"Product B","amountCents":8990,"quantity":1}]}}`,
		[]string{"WhatsApp"}},
	{"link payment (PAY link example)", `{"paymentRequest":{"bodyText":"Order #2","referenceId":"order-2",` +
		`"paymentMethod":"payment_link","paymentLink":{"url":"https://pay.example.com/o/2"},` +
		`"currency":"BRL","totalAmountCents":8990,"offset":100,"subtotalCents":8990,` +
		`"tax":{"valueCents":0,"offset":100,"description":"No tax"},` +
		`"items":[{"retailerId":"prod-002","name":"Product B","amountCents":8990,"quantity":1}]}}`,
		[]string{"WhatsApp"}},
	{"order status", `{"orderStatus":{"referenceId":"order-987654344","status":"shipped","bodyText":"On its way"}}`, []string{"WhatsApp"}},
}

func TestFactSheetExamplesValidate(t *testing.T) {
	doc := loadRepoSpec(t)
	for _, tc := range validContents {
		for _, channel := range tc.channels {
			t.Run(channel+"/"+tc.name, func(t *testing.T) {
				if err := validateSend(t, doc, schemaOf(channel), send(channel, tc.content)); err != nil {
					t.Fatalf("rejected: %v", err)
				}
			})
		}
	}
}

func TestRepliesAndAliases(t *testing.T) {
	doc := loadRepoSpec(t)
	for _, channel := range []string{"WhatsApp", "Telegram", "WebChatt"} {
		body := send(channel, `{"text":"Thanks!"}`, `"replyTo":{"messageId":"wamid.HBgL"}`)
		if err := validateSend(t, doc, schemaOf(channel), body); err != nil {
			t.Errorf("%s reply rejected: %v", channel, err)
		}
	}
	aliases := map[string]string{"WhatsApp": "+5511993986082", "Instagram": "@acme", "Messenger": "104928371234",
		"Telegram": "@acme_bot", "SMS": "+12025551234"}
	for channel, from := range aliases {
		body := strings.Replace(send(channel, `{"text":"hi"}`), channelUUID, from, 1)
		if err := validateSend(t, doc, schemaOf(channel), body); err != nil {
			t.Errorf("%s alias from %q rejected: %v", channel, from, err)
		}
	}
}

// Each invalid payload names the rule that must reject it: a fragment of kin-openapi's message for that rule.
func TestInvalidPayloadsAreRejected(t *testing.T) {
	doc := loadRepoSpec(t)
	fourButtons := `{"interactive":{"type":"button","body":{"text":"Pick"},"action":{"buttons":[` +
		`{"type":"reply","reply":{"id":"1","title":"One"}},{"type":"reply","reply":{"id":"2","title":"Two"}},` +
		`{"type":"reply","reply":{"id":"3","title":"Three"}},{"type":"reply","reply":{"id":"4","title":"Four"}}]}}}`
	pixWithoutPix := `{"paymentRequest":{"bodyText":"Order","referenceId":"o-1","paymentMethod":"pix",` +
		`"totalAmountCents":100,"items":[{"retailerId":"p","name":"P","amountCents":100,` +
		`"quantity":1}]}}`
	cases := []struct {
		name, channel, body, rule string
	}{
		{"template on Telegram", "Telegram", send("Telegram", `{"template":{"id":"2bb28b3a-80c6-4a63-a6f3-48701044e514"}}`),
			`property "template" is unsupported`},
		{"document on Instagram", "Instagram", send("Instagram", `{"documentUrl":"https://example.com/a.pdf"}`),
			`property "documentUrl" is unsupported`},
		{"markSeen on WhatsApp", "WhatsApp", send("WhatsApp", `{"markSeen":true}`), `property "markSeen" is unsupported`},
		{"two main fields", "WhatsApp", send("WhatsApp", `{"imageUrl":"https://example.com/a.png","videoUrl":"https://example.com/a.mp4"}`),
			`property "videoUrl" is unsupported`},
		{"fourth reply button", "WhatsApp", send("WhatsApp", fourButtons), "maximum number of items is 3"},
		{"21-character button title", "Messenger", send("Messenger",
			`{"interactive":{"type":"button","body":{"text":"Pick"},`+
				`"action":{"buttons":[{"type":"reply","reply":{"id":"1",`+
				`"title":"ABCDEFGHIJKLMNOPQRSTU"}}]}}}`),
			"maximum string length is 20"},
		{"non-UUID from on Web Chatt", "WebChatt", strings.Replace(send("WebChatt", `{"text":"hi"}`), channelUUID, "pk_live_widget", 1),
			"doesn't match the regular expression"},
		{"missing to", "WhatsApp", `{"from":"` + channelUUID + `","content":{"text":"hi"}}`, `property "to" is missing`},
		{"pix payment without pix", "WhatsApp", send("WhatsApp", pixWithoutPix), `property "pix" is missing`},
		{"unknown property in the body", "SMS", send("SMS", `{"text":"hi"}`, `"priority":"high"`), `property "priority" is unsupported`},
		{"unknown property in content", "Telegram", send("Telegram", `{"text":"hi","bold":true}`), `property "bold" is unsupported`},
		{"header outside WhatsApp", "Instagram", send("Instagram",
			`{"interactive":{"type":"button","header":{"type":"text","text":"H"},`+
				`"body":{"text":"Pick"},"action":{"buttons":[{"type":"reply","reply":{"id":"1",`+
				`"title":"One"}}]}}}`),
			`property "header" is unsupported`},
		{"buttons on Telegram", "Telegram", send("Telegram",
			`{"interactive":{"type":"button","body":{"text":"Pick"},"action":{"buttons":[{"type":"reply","reply":{"id":"1","title":"One"}}]}}}`),
			`value is not one of the allowed values ["list"]`},
		{"location request outside WhatsApp", "Messenger", send("Messenger",
			`{"interactive":{"type":"location_request_message","body":{"text":"Where?"},"action":{"name":"send_location"}}}`),
			`value is not one of the allowed values ["button"]`},
		{"voice outside WhatsApp", "Instagram", send("Instagram", `{"audioUrl":"https://example.com/a.ogg","voice":true}`),
			`property "voice" is unsupported`},
		{"reply on Instagram", "Instagram", send("Instagram", `{"text":"hi"}`, `"replyTo":{"messageId":"m"}`),
			`property "replyTo" is unsupported`},
		{"SMS to without +", "SMS", strings.Replace(send("SMS", `{"text":"hi"}`), "+5511944574999", "5511944574999", 1),
			"doesn't match the regular expression"},
		{"WhatsApp to with +", "WhatsApp", strings.Replace(send("WhatsApp", `{"text":"hi"}`), "5511993986082", "+5511993986082", 1),
			"doesn't match the regular expression"},
		{"plain http media", "WhatsApp", send("WhatsApp", `{"imageUrl":"http://example.com/a.png"}`), "doesn't match the regular expression"},
		{"empty text", "WhatsApp", send("WhatsApp", `{"text":""}`), "minimum string length is 1"},
		{"eleven list sections", "WhatsApp", send("WhatsApp", `{"interactive":{"type":"list","body":{"text":"Menu"},"action":{"button":"Open",`+
			`"sections":[`+
			strings.Repeat(`{"rows":[{"id":"r","title":"R"}]},`, 10)+`{"rows":[{"id":"r","title":"R"}]}]}}}`), "maximum number of items is 10"},
		{"latitude out of range", "Telegram", send("Telegram", `{"location":{"latitude":91,"longitude":0}}`), "number must be at most 90"},
		{"unknown PIX key type", "WhatsApp", send("WhatsApp", strings.Replace(
			pixExample, `"CNPJ"`, `"IBAN"`, 1)), `value is not one of the allowed values`},
		{"order status value", "WhatsApp", send("WhatsApp", `{"orderStatus":{"referenceId":"o","status":"lost"}}`),
			`value is not one of the allowed values`},
		{"template id not a UUID", "WhatsApp", send("WhatsApp", `{"template":{"id":"order_update"}}`), `string doesn't match the format "uuid"`},
		{"markSeen false", "Messenger", send("Messenger", `{"markSeen":false}`), `value is not one of the allowed values [true]`},
		{"eleven contacts", "WhatsApp",
			send("WhatsApp", `{"contacts":[`+strings.Repeat(`{"name":{"formattedName":"A"}},`, 10)+`{"name":{"formattedName":"A"}}]}`),
			"maximum number of items is 10"},
		{"video on SMS", "SMS", send("SMS", `{"videoUrl":"https://example.com/a.mp4"}`), `property "videoUrl" is unsupported`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := validateSend(t, doc, schemaOf(tc.channel), tc.body)
			if err == nil {
				t.Fatalf("accepted, want a rejection by %q:\n%s", tc.rule, tc.body)
			}
			if !strings.Contains(err.Error(), tc.rule) {
				t.Fatalf("rejected, but not by %q:\n%v", tc.rule, err)
			}
		})
	}
}

// validateAs checks a payload against a component schema, with format checks on, as a request body or (received)
// as a response.
func validateAs(t *testing.T, doc *spec.Document, schema, body string, received bool) error {
	t.Helper()
	ref := doc.T.Components.Schemas[schema]
	if ref == nil {
		t.Fatalf("no schema %s in the merged document", schema)
	}
	var value any
	if err := json.Unmarshal([]byte(body), &value); err != nil {
		t.Fatalf("the payload is not JSON: %v\n%s", err, body)
	}
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122)),
		openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
	}
	if received {
		opts = append(opts, openapi3.VisitAsResponse())
	}
	return ref.Value.VisitJSON(value, opts...)
}

// The JSON examples of the documentation, exactly as the fact sheet (sections 3 to 5) and the shared copy of the
// overview page show them, "…" included, each against the schema it illustrates; a content example is checked on
// every channel whose matrix row allows it (section 4.1). Every one of them must pass.
//
// Left out, because the documentation does not give them as valid JSON: the base body of section 3.1 and of the
// overview page (placeholders, `{ ... }`); the list action of section 4.5, whose rows are elided (`[ … ]`); the
// second template example of section 4.6, whose id is elided ("0a9d4cbd-…"; its component is checked below); the
// payment example of section 4.7, which carries `//` comments and the fields of all three methods at once; the
// field lists of sections 2.1 and 11; and the older file's payloads of section 5.7, which predate the current
// event shape.
var documentationExamples = []struct {
	source, schema, body string
	channels             []string // for a content: the channels it is sent on
}{
	{"CT, text (4.4)", "content", `{"text": "…"}`, []string{"WhatsApp", "Instagram", "Messenger", "Telegram", "SMS", "WebChatt"}},
	{"CT, image (4.4)", "content", `{"imageUrl": "https://…jpg", "text": "optional caption"}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "SMS", "WebChatt"}},
	{"CT, video (4.4)", "content", `{"videoUrl": "https://…mp4", "text": "optional description"}`,
		[]string{"WhatsApp", "Instagram", "Messenger", "Telegram", "WebChatt"}},
	{"CT, audio (4.4)", "content", `{"audioUrl": "https://…mp3"}`, []string{"WhatsApp", "Instagram", "Messenger", "Telegram", "WebChatt"}},
	{"SMS, MMS (4.4)", "content", `{"text": "…", "imageUrl": "https://…"}`, []string{"SMS"}},
	{"INT, buttons (4.5)", "content", `{ "interactive": {
    "type": "button",
    "header": { "type": "text", "text": "…" },
    "body":   { "text": "…" },
    "footer": { "text": "…" },
    "action": { "buttons": [ { "type": "reply", "reply": { "id": "SUPPORT", "title": "Support" } } ] } } }`, []string{"WhatsApp"}},
	{"INT, image header (4.5)", "InteractiveHeader", `{"type":"image","image":{"link":"https://…"}}`, nil},
	{"INT, video header (4.5)", "InteractiveHeader", `{"type":"video","video":{"link":"https://…"}}`, nil},
	{"TPL, template by id (4.6)", "content", `{ "template": { "id": "2bb28b3a-80c6-4a63-a6f3-48701044e514" } }`, []string{"WhatsApp"}},
	{"TPL, body component (4.6)", "TemplateComponent",
		`{ "type": "body", "parameters": [ { "type": "text", "text": "Maria" }, { "type": "text", "text": "Order #12345" } ] }`, nil},
	{"TRB, refused send (3.4)", "SendMessageOutput",
		`{"messageId": null, "status": "error", "errorMessage": "...", "errorCode": "130472"}`, nil},
	{"OVR, send answer (overview page)", "SendMessageOutput",
		"{\n\"messageId\": \"9307b9ab-5fab-4151-b7c2-b00c2a8a6e8e\",\n\"status\": \"sent\"\n}", nil},
	{"EVT, inbound text (5.2)", "InboundContent", `{"type":"text","text":"…"}`, nil},
	{"EVT, inbound button reply (5.2)", "InboundContent",
		`{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}`, nil},
	{"EVT, inbound location (5.2)", "InboundContent", `{"type":"location","location":{"latitude":-23.5505,"longitude":-46.6333}}`, nil},
}

func TestDocumentationExamplesValidate(t *testing.T) {
	doc := loadRepoSpec(t)
	for _, ex := range documentationExamples {
		if ex.schema != "content" {
			t.Run(ex.source, func(t *testing.T) {
				if err := validateAs(t, doc, ex.schema, ex.body, ex.schema != "InteractiveHeader" && ex.schema != "TemplateComponent"); err != nil {
					t.Fatalf("the documentation's example is rejected by %s: %v\n%s", ex.schema, err, ex.body)
				}
			})
			continue
		}
		for _, channel := range ex.channels {
			t.Run(ex.source+"/"+channel, func(t *testing.T) {
				if err := validateSend(t, doc, schemaOf(channel), send(channel, ex.body)); err != nil {
					t.Fatalf("the documentation's example is rejected: %v\n%s", err, ex.body)
				}
			})
		}
	}
}

// What the SDK receives requires only what the documentation shows is always there (openapi/README.md, "Strict in
// what is sent, tolerant in what is received"); these payloads, ours, are each such a case.
func TestReceivedPayloadsAreTolerated(t *testing.T) {
	doc := loadRepoSpec(t)
	cases := []struct{ name, schema, body string }{
		{"an error body with neither field (\"may include\", GS)", "ErrorResponse", `{}`},
		{"an error body with a code only", "ErrorResponse", `{"errorCode":"session_not_found"}`},
		{"an error body with an unknown field", "ErrorResponse", `{"errorMessage":"bad","traceId":"t-1"}`},
		{"a send answer with an unknown field", "SendMessageOutput", `{"messageId":"m","status":"sent","segments":2}`},
		{"the EVT button-reply event, which has no timestamp", "Message",
			`{"eventType":"Message","channelId":"` + channelUUID + `","messageId":"wamid.HBgL","from":"5511993986082","channel":"whatsapp",` +
				`"content":{"type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"SUPPORT","title":"Support"}}}}`},
		{"a Message event without channel", "Message",
			`{"eventType":"Message","channelId":"` + channelUUID + `","messageId":"m","from":"visitor-42","timestamp":1790000000,` +
				`"content":{"type":"text",` +
				`"text":"hi"}}`},
		{"a Message event with an unknown content type and field", "Message",
			`{"eventType":"Message","channelId":"c","messageId":"m","from":"u","channel":"instagram",` +
				`"content":{"type":"story_mention","storyUrl":"https://x"},"extra":1}`},
		{"a MessageStatus event without timestamp or channel", "MessageStatus", `{"eventType":"MessageStatus","messageId":"m","status":"read"}`},
		{"a MessageStatus event with an unknown field", "MessageStatus",
			`{"eventType":"MessageStatus","messageId":"m","status":"delivered","timestamp":1790000000,` +
				`"channel":"whatsapp","conversation":{"id":"x"}}`},
		{"a webhook as the create answer starts (WHC)", "Webhook",
			`{"id":"` + channelUUID + `","applicationId":"` + channelUUID + `","active":true,"label":"ReceivedMessages","eventType":"Message"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateAs(t, doc, tc.schema, tc.body, true); err != nil {
				t.Fatalf("rejected by %s: %v\n%s", tc.schema, err, tc.body)
			}
		})
	}
}
