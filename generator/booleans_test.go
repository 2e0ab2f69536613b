package generator_test

import (
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// refuseTrue is a program of the SDK's module: it builds a WhatsApp audio with Voice(true) and Voice(false), when
// the document allows voice to be false only.
const refuseTrue = `package main

import (
	"errors"
	"fmt"

	"example.com/sdktest/chatt2me"
	"example.com/sdktest/chatt2me/whatsapp"
)

func main() {
	from := whatsapp.FromChannel("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf")
	body, err := whatsapp.MarshalRequest(from, "5511993986082", whatsapp.Audio("https://example.com/a.ogg", whatsapp.Voice(true)))
	var invalid *chatt2me.ValidationError
	if !errors.As(err, &invalid) {
		panic(fmt.Sprintf("Voice(true): body %s, error %v (%T), want a *ValidationError", body, err, err))
	}
	fmt.Printf("%s: %s\n", invalid.Field, invalid.Problem)
	body, err = whatsapp.MarshalRequest(from, "5511993986082", whatsapp.Audio("https://example.com/a.ogg", whatsapp.Voice(false)))
	fmt.Printf("%s %v\n", body, err)
}
`

// withVoice returns copies of the documents under test whose WhatsAppAudioContent.voice has the keyword key set
// to value (a YAML text), written into a temporary directory. The test fails when there is no such property: its
// program sends a WhatsApp audio with Voice.
func withVoice(t *testing.T, key, value string) (bundle, fragment string) {
	t.Helper()
	text, fragmentText := testspec.Read(t)
	found := false
	text = testspec.Edit(t, text, func(root *yaml.Node) {
		voice := testspec.Get(root, "components", "schemas", "WhatsAppAudioContent", "properties", "voice")
		if voice == nil || testspec.Get(voice, "type") == nil || testspec.Get(voice, "type").Value != "boolean" {
			return
		}
		found = true
		testspec.Set(voice, key, testspec.Node(t, value))
	})
	if !found {
		t.Fatal("the documents under test no longer have the optional boolean WhatsAppAudioContent.voice, which this test " +
			"sets and sends; point it at another optional boolean of a content kind")
	}
	return testspec.Write(t, text, fragmentText)
}

// voiceOption returns the plan's option Voice of package whatsapp, and the source of the package.
func voiceOption(t *testing.T, res *generator.Result) (*plan.Option, string) {
	t.Helper()
	for _, ch := range res.Plan.Channels {
		if ch.Package.Name != "whatsapp" {
			continue
		}
		for _, o := range ch.Options {
			if o.Name.GoName == "Voice" {
				return o, string(res.Files[ch.Package.Dir+"/whatsapp.gen.go"])
			}
		}
	}
	t.Fatal("package whatsapp has no option Voice")
	return nil, ""
}

// TestABooleanOptionTakesItsValue: an optional boolean whose default is true is set by an option that takes the
// value, so that false can be sent.
func TestABooleanOptionTakesItsValue(t *testing.T) {
	bundle, fragment := withVoice(t, "default", "true")
	res, err := generator.Generate(bundle, fragment, generator.DefaultImportPath, testspec.OverlaysOf(bundle)...)
	if err != nil {
		t.Fatal(err)
	}
	o, src := voiceOption(t, res)
	if o.Kind != plan.OptionValue || o.Value == nil || o.Value.String() != "bool" {
		t.Errorf("option Voice: kind %v, value %v; want an option of a bool", o.Kind, o.Value)
	}
	if !strings.Contains(src, "func Voice(v bool) VoiceOption {") {
		t.Error("whatsapp.gen.go has no func Voice(v bool) VoiceOption")
	}
}

// TestABooleanEnumIsChecked: an optional boolean the document allows to be false only keeps its option, and the
// builder refuses true with a *ValidationError naming the field, before anything is sent; false is sent.
func TestABooleanEnumIsChecked(t *testing.T) {
	bundle, fragment := withVoice(t, "enum", "[false]")
	sdk := testspec.Render(t, bundle, fragment)
	// oapi-codegen names the type of a boolean enum (api.WhatsAppAudioContentVoice, a bool): the option takes it.
	if o, _ := voiceOption(t, sdk.Result); o.Kind != plan.OptionValue || o.Value == nil {
		t.Errorf("option Voice: kind %v, value %v; want an option of one value", o.Kind, o.Value)
	}
	if testing.Short() {
		return
	}
	testspec.WriteFile(t, filepath.Join(sdk.Dir, "cmd", "voice", "main.go"), []byte(refuseTrue))
	out, err := testspec.Go(t, sdk.Dir, "run", "./cmd/voice")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	const want = "content.voice: must be false\n" + `{"from":"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf","to":"5511993986082",` +
		`"content":{"audioUrl":"https://example.com/a.ogg","voice":false}} <nil>` + "\n"
	if string(out) != want {
		t.Errorf("the program printed\n%s\nwant\n%s", out, want)
	}
}
