package testspec

import (
	"path/filepath"
	"testing"

	"github.com/chatt2me/chatt2me-go/generator/emit"
)

// WriteMatrix writes the benchmark matrix of the SDK (emit.Benchmarks) into its module, beside each channel
// package: `go test -run ^TestMatrix ./chatt2me/...` there checks the baselines and the allocations, `go test -bench
// ^BenchmarkMatrix$ ./chatt2me/...` measures.
func WriteMatrix(t testing.TB, sdk *SDK) {
	t.Helper()
	files, err := emit.Benchmarks(sdk.Result.Plan)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range files {
		WriteFile(t, filepath.Join(sdk.Dir, filepath.FromSlash(rel)), data)
	}
}
