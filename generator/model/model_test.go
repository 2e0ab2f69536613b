package model_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const (
	bundlePath   = "../../openapi/chatt2me.yaml"
	fragmentPath = "../../openapi/webchatt.yaml"
)

func build(t *testing.T, bundle, fragment []byte) (*model.Model, error) {
	t.Helper()
	doc, err := spec.Merge(spec.Source{Name: "chatt2me.yaml", Data: bundle}, spec.Source{Name: "webchatt.yaml", Data: fragment})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	return model.Build(doc)
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func summary(m *model.Model) map[string]string {
	out := map[string]string{}
	for _, ch := range m.Channels {
		var kinds, from []string
		for _, k := range ch.Kinds {
			kinds = append(kinds, k.Name)
		}
		for _, a := range ch.From {
			from = append(from, a.Helper)
		}
		line := strings.Join(kinds, ",") + " | from " + strings.Join(from, ",")
		if ch.To != nil {
			line += " | to " + ch.To.Helper
		}
		if ch.ReplySchema != "" {
			line += " | reply"
		}
		out[ch.Package] = line + " | " + ch.AcceptedStatus
	}
	return out
}

// The availability matrix of the fact sheet (4.1 and 11.1), as the model reads it from the documents.
func TestRepositoryModelMatchesTheMatrix(t *testing.T) {
	m, err := build(t, read(t, bundlePath), read(t, fragmentPath))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"whatsapp":  "Text,Image,Video,Audio,Document,Sticker,Location,Contact,Contacts,Buttons,List,CTAURL,LocationRequest,Template,Reaction,PixPayment,BoletoPayment,LinkPayment,OrderStatus | from FromChannel,FromPhone | to ToPhone | reply | enqueued",
		"instagram": "Text,Image,Video,Audio,Sticker,Buttons,List,CTAURL,Reaction,MarkSeen | from FromChannel,FromUsername | sent",
		"messenger": "Text,Image,Video,Audio,Buttons,List,CTAURL,Reaction,MarkSeen | from FromChannel,FromPage | enqueued",
		"telegram":  "Text,Image,Video,Audio,Document,Sticker,Location,Contact,Contacts,List,Reaction | from FromChannel,FromBot | reply | sent",
		"sms":       "Text,Image | from FromChannel,FromPhone | to ToPhone | sent",
		"webchatt":  "Text,Image,Video,Audio,Document,Sticker,Location,Contact,Contacts,Buttons,List,CTAURL,Reaction | from FromChannel | reply | sent",
	}
	got := summary(m)
	for pkg, line := range want {
		if got[pkg] != line {
			t.Errorf("%s:\n got  %s\n want %s", pkg, got[pkg], line)
		}
	}
	if len(got) != len(want) {
		t.Errorf("channels %v, want %d", got, len(want))
	}
	var order []string
	for _, ch := range m.Channels {
		order = append(order, ch.Package)
	}
	if strings.Join(order, ",") != "instagram,messenger,sms,telegram,webchatt,whatsapp" {
		t.Errorf("channels are not sorted by package: %v", order)
	}
	wa := m.Channels[len(m.Channels)-1]
	if wa.Kinds[3].Schema != "WhatsAppAudioContent" || wa.Kinds[3].MainField != "audioUrl" {
		t.Errorf("WhatsApp audio kind: %+v", wa.Kinds[3])
	}
	if wa.Path != "/v1/communication/whatsapp/message" || wa.InputSchema != "SendWhatsAppMessageInput" {
		t.Errorf("WhatsApp operation: %s %s", wa.Path, wa.InputSchema)
	}
}

// TestModelFollowsTheSpec edits copies of the documents and expects the model to change with them.
func TestModelFollowsTheSpec(t *testing.T) {
	bundle, fragment := string(read(t, bundlePath)), string(read(t, fragmentPath))
	replace := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("%q not found", old)
		}
		return strings.Replace(s, old, new, 1)
	}

	// A kind added to Instagram.
	b := replace(bundle, "        - $ref: '#/components/schemas/MarkSeenContent'\n    SendMessengerMessageContent:",
		"        - $ref: '#/components/schemas/MarkSeenContent'\n        - $ref: '#/components/schemas/DocumentContent'\n    SendMessengerMessageContent:")
	m, err := build(t, []byte(b), []byte(fragment))
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(m)["instagram"]; !strings.HasPrefix(got, "Text,Image,Video,Audio,Sticker,Buttons,List,CTAURL,Reaction,MarkSeen,Document |") {
		t.Errorf("instagram after adding DocumentContent: %s", got)
	}

	// A channel removed: its operation from the bundle, its rule from the fragment.
	start := strings.Index(bundle, "  /v1/communication/sms/message:")
	end := strings.Index(bundle, "  /v1/organization/webhook:")
	b = bundle[:start] + bundle[end:]
	rs := strings.Index(fragment, "  sendSMSMessage:")
	re := strings.Index(fragment, "  sendWebChattMessage:")
	m, err = build(t, []byte(b), []byte(fragment[:rs]+fragment[re:]))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := summary(m)["sms"]; ok || len(m.Channels) != 5 {
		t.Errorf("sms still present after removing it: %v", summary(m))
	}

	// A new alias rule: Web Chatt accepts a numeric widget id.
	f := replace(fragment, "        description: the Web Chatt channel's UUID (never the widget's public key)\n",
		"        description: the Web Chatt channel's UUID (never the widget's public key)\n      - helper: FromWidget\n        shape: numeric\n        pattern: '^[0-9]{6}$'\n        description: the widget number\n")
	m, err = build(t, []byte(bundle), []byte(f))
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(m)["webchatt"]; !strings.Contains(got, "from FromChannel,FromWidget |") {
		t.Errorf("webchatt after adding FromWidget: %s", got)
	}
}

func TestRuleErrors(t *testing.T) {
	bundle, fragment := read(t, bundlePath), string(read(t, fragmentPath))
	cases := []struct{ old, new, want string }{
		{"    package: sms\n", "    package: SMS\n", `/x-chatt2me-channels/sendSMSMessage/package: package "SMS" must be a lower-case Go package name`},
		{"    package: sms\n", "    package: telegram\n", `package "telegram" is also used by`},
		{"      - helper: FromBot\n", "      - helper: fromBot\n", `helper "fromBot" must be an exported Go name`},
		{"    acceptedStatus: sent\n    requiresSession: true\n", "    acceptedStatus: sent\n    requiresSession: true\n    colour: blue\n", `invalid channel rule: unknown field "colour"`},
		{"        field: pageId\n        pattern: '^[0-9]{1,32}$'\n", "        field: pageId\n", `/x-chatt2me-channels/sendMessengerMessage/from/1/pattern: a numeric rule needs a pattern`},
		// Go's regexp package accepts (?i); ECMA-262, which the rules' patterns follow, does not.
		{"        pattern: '^[0-9]{1,32}$'\n", "        pattern: '(?i)^[0-9]{1,32}$'\n", "/x-chatt2me-channels/sendMessengerMessage/from/1/pattern: " +
			"pattern `(?i)^[0-9]{1,32}$`, at byte 0: (? must start (?:, (?<name>, a lookahead or a lookbehind"},
	}
	for _, tc := range cases {
		if !strings.Contains(fragment, tc.old) {
			t.Fatalf("%q not in the fragment", tc.old)
		}
		_, err := build(t, bundle, []byte(strings.Replace(fragment, tc.old, tc.new, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "webchatt.yaml:") {
			t.Errorf("error %v is not placed in the fragment", err)
		}
	}
}
