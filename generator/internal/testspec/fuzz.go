package testspec

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// FuzzPackage is the package of the SDK's module that WriteFuzz writes.
const FuzzPackage = "fuzzcontract"

// WriteFuzz writes, into the SDK's module, the package fuzzcontract with FuzzBuilders: the full sample of every
// builder of every channel, each literal replaced by the fuzz input of its kind (a text, a URL, a float, an
// integer, a boolean; enum values stay), marshalled with the channel's MarshalRequest. Each body must be either refused with a
// *ValidationError, before anything could be sent, or accepted by the sandbox answering by the SDK's openapi.yaml.
// `go test ./fuzzcontract` runs its seeds; `go test -fuzz FuzzBuilders ./fuzzcontract` fuzzes.
func WriteFuzz(t testing.TB, sdk *SDK) {
	t.Helper()
	imports := map[string]bool{sdk.ImportPath + "/" + plan.TransportDir: true}
	var checks strings.Builder
	for _, ch := range sdk.Result.Plan.Channels {
		imports[sdk.ImportPath+"/"+ch.Package.Dir] = true
		fx := fixture.For(sdk.Result.Plan, ch)
		for _, s := range fx.Samples {
			if !s.Full || s.Err != nil {
				continue
			}
			content := fuzzSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &s.Content}, imports)
			from := GoSource(ch.Package.Name, fixture.Value{Kind: fixture.CallValue, Call: &fx.From}, imports)
			fmt.Fprintf(&checks, "\t\tcheck(%q, %q)(%s.MarshalRequest(%s, %q, %s))\n",
				ch.Package.Name+"."+s.Builder, ch.Path, ch.Package.Name, from, fx.To, content)
		}
	}
	var src strings.Builder
	src.WriteString("package " + FuzzPackage + "\n\nimport (\n")
	for _, imp := range append(sortedKeys(imports), fuzzImports...) {
		fmt.Fprintf(&src, "\t%q\n", imp)
	}
	src.WriteString(")\n" + fuzzHarness + "\n\tf.Fuzz(func(t *testing.T, text, link string, x float64, n int64, b bool) {\n" +
		"\t\tcheck := checker(t, text, link, x, n, b)\n")
	src.WriteString(checks.String() + "\t})\n}\n")
	WriteFile(t, filepath.Join(sdk.Dir, FuzzPackage, "fuzz_test.go"), []byte(src.String()))
}

// fuzzSource is GoSource with the literals replaced by the fuzz inputs text, link (for URLs), x, n and b.
func fuzzSource(pkg string, v fixture.Value, imports map[string]bool) string {
	switch v.Kind {
	case fixture.CallValue:
		args := make([]string, len(v.Call.Args))
		for i, a := range v.Call.Args {
			args[i] = fuzzSource(pkg, a, imports)
		}
		return pkg + "." + v.Call.Func.GoName + "(" + strings.Join(args, ", ") + ")"
	case fixture.SliceValue:
		items := make([]string, len(v.Items))
		for i, item := range v.Items {
			items[i] = fuzzSource(pkg, item, imports)
		}
		if v.Type.Elem.Kind == plan.Named {
			imports[v.Type.Elem.Pkg] = true
		}
		return v.Type.String() + "{" + strings.Join(items, ", ") + "}"
	}
	if v.Fixed || v.Type == nil || v.Type.Kind != plan.Builtin {
		return GoSource(pkg, v, imports)
	}
	switch name := v.Type.Name; {
	case name == "string" && v.Format == "uri":
		return "link"
	case name == "string":
		return "text"
	case strings.HasPrefix(name, "float"):
		return name + "(x)"
	case strings.HasPrefix(name, "int"):
		return name + "(n)"
	case name == "bool":
		return "b"
	}
	return GoSource(pkg, v, imports)
}

var fuzzImports = []string{"bytes", "errors", "math", "net/http", "net/http/httptest", "os", "strings", "testing",
	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"}

// fuzzHarness is the fixed part of FuzzBuilders: the seeds, and checker.
const fuzzHarness = `
var contract *sandbox.Server

func init() {
	document, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		panic(err)
	}
	if contract, err = sandbox.New(sandbox.Config{APIKey: "fuzz-api-key-0001", Contract: document}); err != nil {
		panic(err)
	}
}

// checker returns the check of one MarshalRequest: a *ValidationError, or a body the sandbox accepts.
func checker(t *testing.T, text, link string, x float64, n int64, b bool) func(name, path string) func([]byte, error) {
	return func(name, path string) func([]byte, error) {
		return func(body []byte, err error) {
			var invalid *transport.ValidationError
			if err != nil {
				if !errors.As(err, &invalid) {
					t.Errorf("%s(%q, %q, %v, %d, %t): error %v (%T) is not a *ValidationError", name, text, link, x, n, b, err, err)
				}
				return
			}
			req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("x-api-key", "fuzz-api-key-0001")
			if _, _, err := contract.Validate(req); err != nil {
				t.Errorf("%s(%q, %q, %v, %d, %t): the sandbox refuses what MarshalRequest accepted:\n%s\n%v", name, text, link, x, n, b,
					body, err)
			}
		}
	}
}

// FuzzBuilders: whatever values the builders are given, MarshalRequest refuses them or sends what the contract
// accepts. NaN, infinities, negative and huge numbers, empty, long or odd texts, and both booleans are in the seeds.
func FuzzBuilders(f *testing.F) {
	for _, s := range []struct {
		text, link string
		x          float64
		n          int64
		b          bool
	}{
		{"Hello", "https://example.com/a.jpg", -23.5505, 1, true}, {"Hello", "https://example.com/a.jpg", -23.5505, 1, false},
		{"", "", math.NaN(), 0, false}, {"x", "https://example.com/", math.Inf(1), 1, true},
		{"y", "https://example.com/", math.Inf(-1), -1, false}, {"z", "https://example.com/", 90.000001, math.MaxInt64, true},
		{"z", "https://example.com/", -180, math.MinInt64, false},
		{strings.Repeat("ü", 4097), "https://example.com/" + strings.Repeat("a", 3000), 1e-300, 2, true},
		{"<b>&amp;</b> \u2028 \x00 \xff", "ftp://example.com/a", 45, 3, false}, {"tab\there", "::nope", 1, 1, true},
		{"  ", "https://example.com/a b", 1, 1, false}, {"0@@", "https://example.com/a\u00a0b.png", 1, 10, true},
	} {
		f.Add(s.text, s.link, s.x, s.n, s.b)
	}`

// RunFuzz runs FuzzBuilders on its seeds, or fuzzes it for d when d is set, and fails the test with its output
// when an input fails (the failing input is then printed, and kept in the module's testdata only).
func RunFuzz(t testing.TB, sdk *SDK, d time.Duration) {
	t.Helper()
	WriteFuzz(t, sdk)
	args := []string{"test", "-count=1", "-run", "^FuzzBuilders$", "./" + FuzzPackage}
	if d > 0 {
		args = append(args, "-fuzz", "^FuzzBuilders$", "-fuzztime", d.String(), "-fuzzminimizetime", "5s")
	}
	out, err := Go(t, sdk.Dir, args...)
	if err != nil {
		t.Fatalf("FuzzBuilders: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
