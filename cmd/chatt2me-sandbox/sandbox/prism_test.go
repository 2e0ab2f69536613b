package sandbox

import (
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generated"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/format"
	"github.com/chatt2me/chatt2me-go/generated/chatt2me/whatsapp"
	"github.com/chatt2me/chatt2me-go/generator/pattern"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

var (
	prismLiveFlag   = flag.Bool("prism", false, "also send the format corpus to a Prism 5.16.0 mock (npx) and compare its answers with testdata/prism/verdicts.json")
	prismUpdateFlag = flag.Bool("prism-update", false, "with -prism: rewrite testdata/prism/verdicts.json from Prism's answers")
)

// prismLive sends the corpus to a Prism mock of testdata/prism/formats.yaml and returns, for each case, whether
// Prism accepted it; nil where the platform cannot run it (see prism_live_test.go).
var prismLive func(t *testing.T, cases []formatCase) []bool

// formatCase is one value for one operation of testdata/prism/formats.yaml: a format, or media-url.
type formatCase struct {
	Format string `json:"format"`
	Value  string `json:"value"`
}

// formatCorpus holds, for each format of generated/openapi.yaml, the values where implementations tend to differ.
var formatCorpus = map[string][]string{
	"uuid": {"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "EBA8D8EF-EC4D-41AD-825F-9A60CCDA49BF", "not-a-uuid",
		"urn:uuid:eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "URN:UUID:eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "urn:uuid:",
		"{eba8d8ef-ec4d-41ad-825f-9a60ccda49bf}", "eba8d8efec4d41ad825f9a60ccda49bf", "eba8d8ef-ec4d-41ad-825f-9a60ccda49b",
		"eba8d8ef-ec4d-41ad-825f-9a60ccda49bff", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
		"eba8d8ef-ec4d-f1ad-c25f-9a60ccda49bf", "gba8d8ef-ec4d-41ad-825f-9a60ccda49bf", " eba8d8ef-ec4d-41ad-825f-9a60ccda49bf",
		"eba8d8ef-ec4d-41ad-825f-9a60ccda49bf\n", "eba8d8ef_ec4d_41ad_825f_9a60ccda49bf", ""},
	"email": {"ana@example.com", "not an email", "a@b", "a@localhost", "a.b@c.d", ".a@b.co", "a.@b.co", "a..b@c.co",
		`"a b"@c.co`, "a@[1.2.3.4]", "josé@exemplo.com.br", "ana@exemplo.com.br", "a@exemplo-.com", "a@-x.com",
		"a@x-y.com", "A@B.CO", "a+tag@x.io", "a@b.c", "\u212a@x.com", "\u017f@x.com", "a@b..c", "a@b.c.", "a@@b.co", "",
		"a b@c.co", "a@b_c.co", "1@2.3", "a@b.c-d", "!#$%&'*+/=?^_`{|}~-@x.co", "a@xn--bcher-kva.example", "a@b.co\n"},
	"uri": {"https://example.com/a.png", "::nope", "mailto:a@b.c", "urn:isbn:0451450523", "https://x/a b",
		"https://exemplo.com/ação", "http://[::1]:8080/", "http://[v1.fe]/", "http://256.0.0.1/", "HTTPS://EXAMPLE.COM",
		"https://example.com/%zz", "https://example.com/%41", "relative/path", "/absolute", "//host/path", "a:", "a:b",
		"1a:b", "https://example.com/?q=1#frag", "https://example.com/#a#b", "https://user:pass@host/",
		"https://\u212aelvin.example", "https://\u017fite.example", "ftp://ftp.is.co.za/rfc/rfc1808.txt",
		"tel:+1-816-555-1212", "https://ex ample.com", "", "https://example.com/a\\b", "https://example.com/{x}",
		"https://example.com/|", "x:/host", "news:comp.infosystems.www.servers.unix", "https://[::ffff:192.0.2.1]/",
		"https://[1::2::3]/", "https://example.com:99999/", "https://example.com/a\u00a0b.png", "http://a.b/c?d=e&f"},
	"date-time": {"2024-05-01T12:00:00Z", "2024-05-01t12:00:00z", "2024-05-01 12:00:00Z", "2024-05-01\u00a012:00:00Z",
		"2024-05-01\u202812:00:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00+05:30", "2024-05-01T12:00:00+0530",
		"2024-05-01T12:00:00+05", "2024-05-01T12:00:00+24:00", "2024-05-01T12:00:00+25:00", "2024-05-01T12:00:00+05:60",
		"2024-05-01T12:00:00-00:00", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2000-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-04-31T00:00:00Z",
		"2024-05-00T00:00:00Z", "2024-05-01T23:59:60Z", "2024-05-01T22:59:60Z", "2024-05-01T24:00:00Z",
		"2024-05-01T12:60:00Z", "2024-05-01T12:00:00.123456789Z", "2024-05-01T12:00:00.Z", "2024-05-01T12:00Z",
		"2024-05-01", "2024-05-01TT12:00:00Z", "2024-05-01T12:00:00ZZ", "24-05-01T12:00:00Z", "2024-05-01T12:00:00 Z",
		"\u0662024-05-01T12:00:00Z", "2024-05-01T12:00:00Z\n", "", "T", "2024-05-01T12:00:00+05:30:00"},
	"media-url": {"https://example.com/a.png", "https://example.com/a\u00a0b.png", "https://example.com/a\ufeffb.png",
		"https://example.com/a\u2028b", "https://example.com/a\u000bb", "https://example.com/a b.png", "http://example.com/a.png",
		"https://exemplo.com/ação.png", "https://", "https://x"},
}

func (c formatCase) key() string { return c.Format + " " + c.Value }

func corpus() []formatCase {
	var cases []formatCase
	for _, format := range []string{"uuid", "email", "uri", "date-time", "media-url"} {
		for _, v := range formatCorpus[format] {
			cases = append(cases, formatCase{format, v})
		}
	}
	return cases
}

// verdicts is the record of Prism's answers, testdata/prism/verdicts.json.
type verdicts struct {
	Prism string    `json:"prism"`
	Cases []verdict `json:"cases"`
}

type verdict struct {
	formatCase
	Accepted bool `json:"accepted"`
}

// TestFormatsAgreeWithPrism checks the format validators of the sandbox and the SDK against what Prism 5.16.0
// answered for the corpus (recorded in testdata/prism/verdicts.json; -prism asks Prism again). The sandbox agrees
// on every value; the SDK too, but for uuid: it refuses the urn:uuid: prefix Prism accepts.
func TestFormatsAgreeWithPrism(t *testing.T) {
	var record verdicts
	if *prismLiveFlag && *prismUpdateFlag {
		record = updateVerdicts(t)
	} else {
		record = readVerdicts(t)
	}
	if *prismLiveFlag && !*prismUpdateFlag {
		checkLivePrism(t, record)
	}
	mediaURL := mediaURLPattern(t)
	for _, c := range record.Cases {
		sandbox, sdk, sdkWant := c.Accepted, c.Accepted, c.Accepted
		switch c.Format {
		case "media-url":
			sandbox = mediaURL.MatchString(c.Value) && format.IsURI(c.Value)
			// The SDK's own validation of a media URL (pattern, format and length), through a builder.
			_, err := whatsapp.MarshalRequest(whatsapp.FromChannel("eba8d8ef-ec4d-41ad-825f-9a60ccda49bf"), "5511993986082", whatsapp.Image(c.Value))
			sdk = err == nil
		case "uuid":
			sandbox, sdk = formatValidators["uuid"].valid(c.Value), format.IsUUID(c.Value)
			sdkWant = c.Accepted && !strings.HasPrefix(strings.ToLower(c.Value), "urn:uuid:") // see formatValidators
		case "email", "uri":
			sandbox = formatValidators[c.Format].valid(c.Value)
			sdk = map[string]func(string) bool{"email": format.IsEmail, "uri": format.IsURI}[c.Format](c.Value)
		case "date-time":
			sandbox = formatValidators["date-time"].valid(c.Value)
		}
		if sandbox != c.Accepted {
			t.Errorf("%s %q: the sandbox says %v, Prism %v", c.Format, c.Value, sandbox, c.Accepted)
		}
		if sdk != sdkWant {
			t.Errorf("%s %q: the SDK says %v, want %v (Prism says %v)", c.Format, c.Value, sdk, sdkWant, c.Accepted)
		}
	}
}

func readVerdicts(t *testing.T) verdicts {
	data, err := os.ReadFile("testdata/prism/verdicts.json")
	if err != nil {
		t.Fatal(err)
	}
	var record verdicts
	if err := json.Unmarshal(data, &record); err != nil {
		t.Fatal(err)
	}
	want := corpus()
	if len(record.Cases) != len(want) {
		t.Fatalf("the record holds %d cases, the corpus %d: run with -prism -prism-update", len(record.Cases), len(want))
	}
	for i, c := range record.Cases {
		if c.key() != want[i].key() {
			t.Fatalf("case %d of the record is %q, the corpus has %q: run with -prism -prism-update", i, c.key(), want[i].key())
		}
	}
	return record
}

// checkLivePrism asks Prism again: it must answer as recorded.
func checkLivePrism(t *testing.T, record verdicts) {
	answers := askPrism(t)
	for i, c := range record.Cases {
		if answers[i] != c.Accepted {
			t.Errorf("%s %q: Prism now says %v, the record %v", c.Format, c.Value, answers[i], c.Accepted)
		}
	}
}

// updateVerdicts asks Prism and rewrites the record from its answers.
func updateVerdicts(t *testing.T) verdicts {
	answers := askPrism(t)
	record := verdicts{Prism: "@stoplight/prism-cli@5.16.0"}
	for i, c := range corpus() {
		record.Cases = append(record.Cases, verdict{c, answers[i]})
	}
	data, _ := json.MarshalIndent(record, "", " ")
	if err := os.WriteFile("testdata/prism/verdicts.json", append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return record
}

func askPrism(t *testing.T) []bool {
	if prismLive == nil {
		t.Skip("-prism needs a Unix system")
	}
	return prismLive(t, corpus())
}

// mediaURLPattern is the translation of the document's MediaURL pattern, which testdata/prism/formats.yaml copies.
func mediaURLPattern(t *testing.T) *regexp.Regexp {
	doc, err := spec.FromMerged(generated.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	aux, err := os.ReadFile("testdata/prism/formats.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := doc.T.Components.Schemas["MediaURL"].Value.Pattern
	if !strings.Contains(string(aux), "pattern: '"+p+"'") {
		t.Fatalf("testdata/prism/formats.yaml lacks the document's MediaURL pattern %s", p)
	}
	re, err := pattern.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return re
}
