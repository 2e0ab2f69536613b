package chatt2me_test

import (
	"encoding/json"
	"errors"
	"runtime/debug"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated/chatt2me"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/api"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
)

// The values of a oneOf (template parameters, interactive headers) are the channel package's own types: building,
// validating and encoding them never goes through JSON, as oapi-codegen's union methods do.

func template(params ...whatsapp.TemplateParameter) whatsapp.Content {
	return whatsapp.Template("2bb28b3a-80c6-4a63-a6f3-48701044e514",
		whatsapp.Components(whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody, params)))
}

// TestOneOfValuesAllocateNothing: a template parameter, a header and a component are plain values.
func TestOneOfValuesAllocateNothing(t *testing.T) {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				t.Skip("the race detector changes allocation counts")
			}
		}
	}
	params := []whatsapp.TemplateParameter{whatsapp.NewTemplateTextParameter("Maria")}
	n := testing.AllocsPerRun(100, func() {
		_ = whatsapp.NewTemplateTextParameter("Maria")
		_ = whatsapp.NewTemplateDocumentParameter("https://example.com/a.pdf", whatsapp.Filename("a.pdf"))
		_ = whatsapp.NewInteractiveImageHeader("https://example.com/a.png")
		_ = whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody, params, whatsapp.Index("1"))
	})
	if n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// TestOneOfValuesAreValidatedAsGiven: a oneOf's variant is checked against its own limits, at its path; the zero
// value, which no constructor makes, is refused by name.
func TestOneOfValuesAreValidatedAsGiven(t *testing.T) {
	from := whatsapp.FromChannel(channelUUID)
	cases := []struct {
		content      whatsapp.Content
		field, probe string
	}{
		{template(whatsapp.NewTemplateTextParameter("Maria"), whatsapp.NewTemplateTextParameter("")),
			"content.template.components[0].parameters[1].text", "must not be empty"},
		{template(whatsapp.TemplateParameter{}), "content.template.components[0].parameters[0]",
			"missing; build it with NewTemplateTextParameter, NewTemplateImageParameter, NewTemplateVideoParameter, " +
				"NewTemplateDocumentParameter, NewTemplatePayloadParameter"},
		{template(whatsapp.NewTemplateImageParameter("http://example.com/a.png")),
			"content.template.components[0].parameters[0].image.link", `must match ^https://[^\s]+$ (got "http://example.com/a.png")`},
		{whatsapp.Buttons("Pick", []api.ReplyButton{whatsapp.NewReplyButton("a", "A")}, whatsapp.Header(whatsapp.InteractiveHeader{})),
			"content.interactive.header", "missing; build it with NewInteractiveTextHeader, NewInteractiveImageHeader, NewInteractiveVideoHeader"},
	}
	for _, c := range cases {
		_, err := whatsapp.MarshalRequest(from, "5511993986082", c.content)
		var invalid *chatt2me.ValidationError
		if !errors.As(err, &invalid) || invalid.Field != c.field || invalid.Problem != c.probe {
			t.Errorf("%s: got %v, want %s: %s", c.content.Kind(), err, c.field, c.probe)
		}
	}
}

// TestContentValueConvertsOneOfValues: Value gives the api struct, its unions set by oapi-codegen's From… methods,
// readable with their As… methods; changing it changes nothing that is sent.
func TestContentValueConvertsOneOfValues(t *testing.T) {
	content := template(whatsapp.NewTemplateTextParameter("Maria"), whatsapp.NewTemplatePayloadParameter("yes"))
	v, ok := content.Value().(*api.TemplateContent)
	if !ok {
		t.Fatalf("Value() is %T", content.Value())
	}
	params := v.Template.Components[0].Parameters
	text, err := params[0].AsTemplateTextParameter()
	if err != nil || text.Text != "Maria" {
		t.Errorf("parameter 0: %+v, %v", text, err)
	}
	if d, err := params[1].Discriminator(); err != nil || d != "payload" {
		t.Errorf("parameter 1 is %q, %v", d, err)
	}
	before, _ := whatsapp.MarshalRequest(whatsapp.FromChannel(channelUUID), "5511993986082", content)
	_ = params[0].FromTemplateTextParameter(api.TemplateTextParameter{Text: "changed", Type: "text"})
	after, _ := whatsapp.MarshalRequest(whatsapp.FromChannel(channelUUID), "5511993986082", content)
	if string(before) != string(after) {
		t.Errorf("changing Value() changed the body:\n%s\n%s", before, after)
	}
}

// TestOneOfValuesMarshalAsSent: encoding/json writes a oneOf value (and a value holding one) as the request has it.
func TestOneOfValuesMarshalAsSent(t *testing.T) {
	cases := []struct {
		value any
		want  string
	}{
		{whatsapp.NewInteractiveImageHeader("https://example.com/a.png"), `{"image":{"link":"https://example.com/a.png"},"type":"image"}`},
		{whatsapp.NewTemplateComponent(api.TemplateComponentTypeBody, []whatsapp.TemplateParameter{whatsapp.NewTemplateTextParameter("<Maria>")}),
			`{"parameters":[{"text":"\u003cMaria\u003e","type":"text"}],"type":"body"}`},
		{whatsapp.TemplateParameter{}, `null`},
	}
	for _, c := range cases {
		got, err := json.Marshal(c.value)
		if err != nil || string(got) != c.want {
			t.Errorf("json.Marshal(%T) = %s, %v; want %s", c.value, got, err, c.want)
		}
	}
}
