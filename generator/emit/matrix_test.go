package emit_test

import (
	"flag"
	"fmt"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/internal/testspec"
)

var (
	benchMatrix = flag.String("bench-matrix", "", "also run BenchmarkMatrix with this -benchtime, and print it (make bench)")
	benchCount  = flag.Int("bench-count", 1, "the -count of BenchmarkMatrix")
)

// TestBenchmarkMatrix renders the benchmark matrix of every content kind of every channel (see fixture/matrix.go) into
// the SDK of the documents under test and runs its tests there, without the race detector whatever this test runs
// with (it changes allocation counts): each baseline writes the bytes MarshalRequest writes, and the SDK allocates
// at most 1.2 times what its baseline allocates. With -bench-matrix (make bench) it then runs BenchmarkMatrix there
// and prints its lines.
func TestBenchmarkMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the matrix")
	}
	sdk := testspec.UnderTest(t)
	testspec.WriteMatrix(t, sdk)
	if out, err := testspec.Go(t, sdk.Dir, "test", "-count=1", "-run", "^TestMatrix", "./chatt2me/..."); err != nil {
		t.Fatalf("the matrix's tests: %v\n%s", err, out)
	}
	if *benchMatrix == "" {
		return
	}
	out, err := testspec.Go(t, sdk.Dir, "test", "-count", fmt.Sprint(*benchCount), "-run", "^$", "-bench", "^BenchmarkMatrix$",
		"-benchtime", *benchMatrix, "./chatt2me/...")
	if err != nil {
		t.Fatalf("BenchmarkMatrix: %v\n%s", err, out)
	}
	fmt.Print(string(out))
}
