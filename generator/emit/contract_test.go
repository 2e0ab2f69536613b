package emit_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/chatt2me/chatt2me-go/cmd/chatt2me-sandbox/sandbox"
	"github.com/chatt2me/chatt2me-go/generator/fixture"
	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testspec.Cleanup()
	os.Exit(code)
}

// contract is a sandbox answering by the merged document the SDK was generated from: it validates requests as
// the API's contract says, with the document's formats and ECMA-262 patterns.
func contract(t *testing.T, sdk *testspec.SDK) *sandbox.Server {
	t.Helper()
	sb, err := sandbox.New(sandbox.Config{APIKey: "test-api-key-0001", Contract: sdk.Result.Files["openapi.yaml"]})
	if err != nil {
		t.Fatal(err)
	}
	return sb
}

// validateBody checks a send's body as the sandbox does before answering.
func validateBody(t *testing.T, sb *sandbox.Server, path string, body []byte) error {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "test-api-key-0001")
	_, _, err := sb.Validate(req)
	return err
}

// TestEveryBuilderMatchesTheContract marshals a minimal and a full sample of every builder of every channel of
// the documents under test (the samples are derived from the plan: see fixture/sample.go) and sends each body through
// the sandbox's validation (the contract, with its formats and ECMA-262 patterns): the SDK accepts every sample,
// and the contract accepts every body.
func TestEveryBuilderMatchesTheContract(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	sdk := testspec.UnderTest(t)
	r := contract(t, sdk)
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
	r := contract(t, sdk)
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
			moved, _ := json.Marshal(map[string]any{"from": "eba8d8ef-ec4d-41ad-825f-9a60ccda49bf", "to": fixture.For(sdk.Result.Plan, other).To,
				"content": body["content"]})
			if err := validateBody(t, r, other.Path, moved); err == nil {
				t.Errorf("the contract of %s accepts the %s content of %s: %s", other.Package.Name, b.Name, b.Channel.Package.Name, moved)
			}
			tried++
		}
	}
	if tried == 0 {
		t.Fatal("every channel of the documents under test has every content kind of the others: this test needs a channel " +
			"without some kind of another, to send it there")
	}
}

func hasBuilder(ch *plan.Channel, sample string) bool {
	for _, b := range ch.Builders {
		if b.Name.GoName == sample || b.Name.GoName+", full" == sample {
			return true
		}
	}
	return false
}
