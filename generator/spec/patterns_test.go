package spec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// fragmentWith is a fragment defining schema B as body, indented under it.
func fragmentWith(body string) spec.Source {
	const header = "openapi: 3.0.3\ninfo:\n  title: f\n  version: \"1\"\ncomponents:\n  schemas:\n    B:\n"
	return spec.Source{Name: "fragment.yaml", Data: []byte(header + body)}
}

func mergeMini(fragment spec.Source) (*spec.Document, error) {
	return spec.Merge(spec.Source{Name: "bundle.yaml", Data: []byte(miniBundle)}, fragment)
}

// A pattern RE2 cannot express is refused where it stands, before anything is generated.
func TestUntranslatablePatternIsLocated(t *testing.T) {
	_, err := mergeMini(fragmentWith("      type: object\n      properties:\n        code:\n          type: string\n" +
		"          pattern: '^(?!0)[0-9]+$'\n"))
	want := "fragment.yaml:12: /components/schemas/B/properties/code/pattern: pattern `^(?!0)[0-9]+$`, at byte 1: lookahead (?!) " +
		"cannot be expressed in RE2"
	var specErr *spec.Error
	if !errors.As(err, &specErr) || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
}

// A pattern ECMA-262 accepts and Go's regexp package does not (\u00e9 in lower case) is valid, and the document
// keeps its own text of it.
func TestECMAPatternIsAccepted(t *testing.T) {
	doc, err := mergeMini(fragmentWith("      type: string\n      pattern: '^[\\u00e9a-z]+$'\n      example: 'caf\u00e9'\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.T.Components.Schemas["B"].Value.Pattern; got != `^[\u00e9a-z]+$` {
		t.Errorf("pattern %s after validation, want the document's own text", got)
	}
}

// Examples are checked with the ECMA-262 meaning of the pattern: a no-break space is white space.
func TestExampleIsCheckedWithECMAMeaning(t *testing.T) {
	_, err := mergeMini(fragmentWith("      type: string\n      pattern: '^[^\\s]+$'\n      example: \"a\\u00a0b\"\n"))
	want := "fragment.yaml:7: /components/schemas/B: invalid example: string doesn't match the regular expression \"^[^\\s]+$\""
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), `"pattern": "^[^\\s]+$"`) {
		t.Fatalf("error %v, want it to start with %s and quote the pattern as the document has it", err, want)
	}
}

// Every pattern is listed once, named where it is defined, in a stable order.
func TestPatternsAreListed(t *testing.T) {
	doc := loadRepoSpec(t)
	var got []string
	for _, site := range spec.Patterns(doc.T) {
		got = append(got, site.Pointer+" "+site.Schema.Pattern)
	}
	want := []string{
		`/components/schemas/MediaURL ^https://[^\s]+$`,
		`/components/schemas/BoletoPaymentRequest/properties/currency ^[A-Z]{3}$`,
		`/components/schemas/CreateWebhookInput/properties/endpoint ^https://[^\s]+$`,
		`/components/schemas/LinkPaymentRequest/properties/currency ^[A-Z]{3}$`,
		`/components/schemas/PixPaymentRequest/properties/currency ^[A-Z]{3}$`,
		`/components/schemas/SendSMSMessageInput/properties/to ^\+[1-9][0-9]{7,14}$`,
		`/components/schemas/SendWebChattMessageInput/properties/from ` +
			`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`,
		`/components/schemas/TemplateComponent/properties/index ^[0-9]$`,
		`/components/schemas/SendWhatsAppMessageInput/properties/to ^[1-9][0-9]{7,14}$`,
		`/components/schemas/UpdateWebhookInput/properties/endpoint ^https://[^\s]+$`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("patterns:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
