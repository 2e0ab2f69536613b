package emit_test

import (
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

// TestBuildersNeverSendWhatTheContractRefuses runs, in the SDK of the documents under test, FuzzBuilders on its
// seeds (see testspec.WriteFuzz): whatever values every builder of every channel is given (NaN, infinities, huge
// numbers, empty, long or odd texts, bad URLs), MarshalRequest refuses them with a *ValidationError or returns a
// body the contract accepts. `make fuzz` fuzzes it for longer.
func TestBuildersNeverSendWhatTheContractRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the fuzz test")
	}
	testspec.RunFuzzSeeds(t, testspec.UnderTest(t))
}
