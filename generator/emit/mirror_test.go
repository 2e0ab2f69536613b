package emit_test

import (
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// headerProperty and headerUnion add to the small spec's WhatsApp audio an optional header of a oneOf.
const headerProperty = `$ref: '#/components/schemas/Header'`

const headerUnion = `
    Header:
      oneOf:
        - $ref: '#/components/schemas/TextHeader'
        - $ref: '#/components/schemas/ImageHeader'
        - $ref: '#/components/schemas/QuoteHeader'
      discriminator:
        propertyName: type
        mapping:
          text: '#/components/schemas/TextHeader'
          image: '#/components/schemas/ImageHeader'
          quote: '#/components/schemas/QuoteHeader'
    TextHeader:
      type: object
      additionalProperties: false
      required: [type, text]
      properties:
        type:
          type: string
          enum: [text]
        text:
          type: string
          minLength: 1
    ImageHeader:
      type: object
      additionalProperties: false
      required: [type, link]
      properties:
        type:
          type: string
          enum: [image]
        link:
          type: string
    QuoteHeader:
      type: object
      additionalProperties: false
      required: [type, quoted]
      properties:
        type:
          type: string
          enum: [quote]
        quoted:
          $ref: '#/components/schemas/Header'
`

// TestAOneOfInTheSmallSpec renders the small spec with a oneOf added (an optional header of the WhatsApp audio,
// named like the property that holds it, one of whose variants requires the oneOf again) and runs a program using
// it: the oneOf is a type of the channel package (HeaderValue, as the option Header takes the name), the body is what
// oapi-codegen's union would write, encoding/json writes the value the same way, and a variant's limits and the zero
// value are checked, at any depth.
func TestAOneOfInTheSmallSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	mini := filepath.Join(testspec.Root(), "generator", "testdata", "mini")
	bundle, err := os.ReadFile(filepath.Join(mini, "chatt2me.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	edited := testspec.Edit(t, string(bundle), func(root *yaml.Node) {
		schemas := testspec.Get(root, "components", "schemas")
		testspec.Set(testspec.Get(schemas, "WhatsAppAudioContent", "properties"), "header", testspec.Node(t, headerProperty))
		schemas.Content = append(schemas.Content, testspec.Node(t, headerUnion).Content...)
	})
	withUnion := filepath.Join(t.TempDir(), "chatt2me.yaml")
	testspec.WriteFile(t, withUnion, []byte(edited))
	sdk := testspec.Render(t, withUnion, filepath.Join(mini, "webchatt.yaml"))
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "header", "main.go"), []byte(`package main

import (
	"encoding/json"
	"fmt"

	"`+sdk.ImportPath+`/chatt2me/api"
	"`+sdk.ImportPath+`/chatt2me/whatsapp"
)

func main() {
	from := whatsapp.FromChannel("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")
	content := whatsapp.Audio("https://example.com/a.ogg", whatsapp.Header(whatsapp.NewImageHeader("https://example.com/a.png")))
	body, err := whatsapp.MarshalRequest(from, "5511993986082", content)
	fmt.Println(string(body), err)
	value, _ := json.Marshal(content.Value())
	want := "{\"from\":\"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf\",\"to\":\"5511993986082\",\"content\":" + string(value) + "}"
	fmt.Println(want == string(body))
	var header whatsapp.HeaderValue = whatsapp.NewTextHeader("Hi")
	text, _ := json.Marshal(header)
	fmt.Println(string(text))
	quote := whatsapp.NewQuoteHeader(whatsapp.NewQuoteHeader(whatsapp.NewTextHeader("Hi")))
	text, _ = json.Marshal(quote)
	fmt.Println(string(text))
	for _, h := range []whatsapp.HeaderValue{whatsapp.NewTextHeader(""), {}, whatsapp.NewQuoteHeader(whatsapp.NewTextHeader(""))} {
		_, err = whatsapp.MarshalRequest(from, "5511993986082", whatsapp.Audio("https://example.com/a.ogg", whatsapp.Header(h)))
		fmt.Println(err)
	}
	v := content.Value().(*api.WhatsAppAudioContent)
	image, err := v.Header.AsImageHeader()
	fmt.Println(image.Link, err)
}
`))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/header")
	want := `{"from":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","to":"5511993986082","content":{"audioUrl":"https://example.com/a.ogg",` +
		`"header":{"link":"https://example.com/a.png","type":"image"}}} <nil>
true
{"text":"Hi","type":"text"}
{"quoted":{"quoted":{"text":"Hi","type":"text"},"type":"quote"},"type":"quote"}
chatt2me: invalid content.header.text: must not be empty
chatt2me: invalid content.header: missing; build it with NewTextHeader, NewImageHeader, NewQuoteHeader
chatt2me: invalid content.header.quoted.text: must not be empty
https://example.com/a.png <nil>
`
	if err != nil || string(out) != want {
		t.Errorf("got %v\n%s\nwant\n%s", err, out, want)
	}
}
