package plan

import (
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestShortestMatch: the sample of a pattern is the shortest string it matches, with letters and digits preferred.
func TestShortestMatch(t *testing.T) {
	cases := map[string]string{
		`^[1-9][0-9]{7,14}$`:                       "10000000",
		`^\+[1-9][0-9]{7,14}$`:                     "+10000000",
		`^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$`: "aaBOT",
		`^https://[^\s]+$`:                         "https://a",
		`^[A-Z]{3}$`:                               "AAA",
		`^(pix|boleto)$`:                           "pix",
		`^a*b?c+$`:                                 "c",
	}
	for pattern, want := range cases {
		got, err := shortestMatch(pattern)
		if err != nil || got != want {
			t.Errorf("shortestMatch(%q) = %q, %v; want %q", pattern, got, err, want)
		}
		if !regexp.MustCompile(pattern).MatchString(got) {
			t.Errorf("%q does not match %s", got, pattern)
		}
	}
	if _, err := shortestMatch(`^\bx$`); err == nil {
		t.Error("a word boundary was sampled")
	}
}

// TestSampleFitsItsSchema: strings honour formats and lengths, numbers their ranges, and a sample that cannot fit
// is an error that asks for an example.
func TestSampleFitsItsSchema(t *testing.T) {
	max := uint64(3)
	short := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, MaxLength: &max}
	if got, err := sampleString(short, "display_text"); err != nil || got != "dis" {
		t.Errorf("a string of at most 3 characters: %q, %v", got, err)
	}
	long := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, MinLength: 8}
	if got, err := sampleString(long, "id"); err != nil || got != "idxxxxxx" {
		t.Errorf("a string of at least 8 characters: %q, %v", got, err)
	}
	lo, hi := -90.0, 90.0
	if got := sampleNumber(&openapi3.Schema{Min: &lo, Max: &hi}); got != 0 {
		t.Errorf("the middle of [-90, 90]: %v", got)
	}
	one := 1.0
	if got := sampleNumber(&openapi3.Schema{Min: &one}); got != 1 {
		t.Errorf("at least 1: %v", got)
	}
	impossible := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: "uuid", MaxLength: &max}
	if _, err := sampleString(impossible, "id"); err == nil {
		t.Error("a uuid of at most 3 characters was sampled")
	}
}
