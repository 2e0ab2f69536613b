package emit_test

import (
	"flag"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

var fuzzBuilders = flag.Duration("fuzz-builders", 0, "fuzz FuzzBuilders for this long instead of running its seeds (make fuzz)")

// TestBuildersNeverSendWhatTheContractRefuses runs, in the SDK of the documents under test, FuzzBuilders on its
// seeds (see testspec.WriteFuzz): whatever values every builder of every channel is given (NaN, infinities, huge
// numbers, empty, long or odd texts, bad URLs), MarshalRequest refuses them with a *ValidationError or returns a
// body the contract accepts. `make fuzz` fuzzes it for longer.
func TestBuildersNeverSendWhatTheContractRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the fuzz test")
	}
	testspec.RunFuzz(t, testspec.UnderTest(t), *fuzzBuilders)
}
