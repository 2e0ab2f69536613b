package emit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testspec.Cleanup()
	os.Exit(code)
}

func init() {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122))
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
}

// router validates requests against the merged document the SDK was generated from.
func router(t *testing.T, sdk *testspec.SDK) routers.Router {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(sdk.Result.Files["openapi.yaml"])
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = nil // match any host
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func validateBody(t *testing.T, r routers.Router, path string, body []byte) error {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "https://api.chatt2.me"+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "test-key")
	route, params, err := r.FindRoute(req)
	if err != nil {
		t.Fatalf("no route for %s: %v", path, err)
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	})
}

// TestEveryBuilderMatchesTheContract marshals a minimal and a full sample of every builder of every channel of
// the documents under test (the samples come from the plan: see plan/sample.go) and sends each body through
// openapi3filter's request validation: the SDK accepts every sample, and the contract accepts every body.
func TestEveryBuilderMatchesTheContract(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	sdk := testspec.UnderTest(t)
	r := router(t, sdk)
	bodies := testspec.MarshalSamples(t, sdk)
	perChannel := map[string]int{}
	for _, b := range bodies {
		perChannel[b.Channel.Package.Name]++
		if b.Err != "" {
			t.Errorf("%s %s: the SDK refused its own sample: %s", b.Channel.Package.Name, b.Name, b.Err)
			continue
		}
		if err := validateBody(t, r, b.Channel.Path, b.JSON); err != nil {
			t.Errorf("%s %s: the contract refuses what the SDK sends:\n%s\n%v", b.Channel.Package.Name, b.Name, b.JSON, err)
		}
	}
	for _, ch := range sdk.Result.Plan.Channels {
		if want := 2 * len(ch.Builders); perChannel[ch.Package.Name] != want {
			t.Errorf("%s: %d samples for %d builders", ch.Package.Name, perChannel[ch.Package.Name], len(ch.Builders))
		}
	}
}

// TestTheContractRefusesAKindAChannelLacks: the body of a kind one channel has, sent to a channel without it, is
// refused by the contract, so the contract test above can fail.
func TestTheContractRefusesAKindAChannelLacks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	sdk := testspec.UnderTest(t)
	r := router(t, sdk)
	bodies := testspec.MarshalSamples(t, sdk)
	tried := 0
	for _, b := range bodies {
		for _, other := range sdk.Result.Plan.Channels {
			if b.Err != "" || hasBuilder(other, b.Name) {
				continue
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(b.JSON, &body); err != nil {
				t.Fatal(err)
			}
			moved, _ := json.Marshal(map[string]any{"from": "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "to": other.SampleTo,
				"content": body["content"]})
			if err := validateBody(t, r, other.Path, moved); err == nil {
				t.Errorf("the contract of %s accepts the %s content of %s: %s", other.Package.Name, b.Name, b.Channel.Package.Name, moved)
			}
			tried++
		}
	}
	if tried == 0 {
		t.Skip("every channel has every kind")
	}
}

func hasBuilder(ch *plan.Channel, sample string) bool {
	for _, b := range ch.Builders {
		if b.Name == sample || b.Name+", full" == sample {
			return true
		}
	}
	return false
}
