package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator"
)

// TestUnboundedNumbersAreChecked: a number field without minimum or maximum is still validated, so that NaN and
// infinities are refused before any traffic (JSON has neither; the encoder would write null).
func TestUnboundedNumbersAreChecked(t *testing.T) {
	bundle := readFile(t, "../openapi/chatt2me.yaml")
	bounds := "          minimum: -90\n          maximum: 90\n"
	if !strings.Contains(bundle, bounds) {
		t.Fatalf("%q not found", bounds)
	}
	dir := t.TempDir()
	bundlePath := filepath.Join(dir, "chatt2me.yaml")
	if err := os.WriteFile(bundlePath, []byte(strings.Replace(bundle, bounds, "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := generator.Generate(bundlePath, "../openapi/webchatt.yaml", generator.DefaultImportPath)
	if err != nil {
		t.Fatal(err)
	}
	validate := string(res.Files["chatt2me/internal/validate/validate.gen.go"])
	for _, want := range []string{"core.Number(&pLatitude, v.Latitude, false, 0.0, false, 0.0)", "core.Number(&pLongitude, v.Longitude, true, -180.0, true, 180.0)"} {
		if !strings.Contains(validate, want) {
			t.Errorf("validate.gen.go lacks %s", want)
		}
	}
}
