package generator_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/oapi"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

const (
	repoSpec     = "../openapi/chatt2me.yaml"
	repoFragment = "../openapi/webchatt.yaml"
	repoOverlay  = "../openapi/chatt2me.overlay.yaml"
)

// oapiCodegenConfig asks the oapi-codegen command for what the pipeline asks of it as a library.
const oapiCodegenConfig = `package: api
output: %s
generate:
  models: true
  client: true
compatibility:
  always-prefix-enum-values: true
output-options:
  skip-prune: true
  type-mapping:
    string:
      formats:
        uuid:
          type: string
        email:
          type: string
`

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// buildCommands builds chatt2me-gen and the oapi-codegen command (the version in go.mod) once per test binary.
func buildCommands(b *testing.B) string {
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "chatt2me-bench-")
		if buildErr != nil {
			return
		}
		for _, pkg := range []string{"../cmd/chatt2me-gen", "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"} {
			cmd := exec.Command("go", "build", "-o", binDir, pkg)
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr = &buildError{pkg, string(out)}
				return
			}
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return binDir
}

type buildError struct{ pkg, out string }

func (e *buildError) Error() string { return "go build " + e.pkg + ": " + e.out }

// timed runs a command and returns its wall time and peak resident memory in bytes.
func timed(b *testing.B, name string, args ...string) (time.Duration, int64) {
	cmd := exec.Command(name, args...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		b.Fatalf("%s: %v\n%s", name, err, out)
	}
	rss := int64(0)
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = usage.Maxrss * 1024 // Linux reports kilobytes
	}
	return elapsed, rss
}

// BenchmarkRegenerateVsOapiCodegen times the whole chatt2me-gen command (load, merge, validate, model, emit, write)
// against the bare oapi-codegen command on the same merged document, alternating the two in every iteration. The
// ratio metric is the figure to watch (target: at most 1.5); ns/op is chatt2me-gen's time.
func BenchmarkRegenerateVsOapiCodegen(b *testing.B) {
	bin := buildCommands(b)
	work := b.TempDir()
	merged, err := spec.Load(repoSpec, repoFragment, repoOverlay)
	if err != nil {
		b.Fatal(err)
	}
	mergedPath := filepath.Join(work, "openapi.yaml")
	cfgPath := filepath.Join(work, "oapi-codegen.yaml")
	if err := os.WriteFile(mergedPath, merged.YAML, 0o644); err != nil {
		b.Fatal(err)
	}
	cfg := []byte(fmt.Sprintf(oapiCodegenConfig, filepath.Join(work, "oapi.gen.go")))
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		b.Fatal(err)
	}
	ours := []string{filepath.Join(bin, "chatt2me-gen"), "-spec", repoSpec, "-fragment", repoFragment}
	theirs := []string{filepath.Join(bin, "oapi-codegen"), "-config", cfgPath, mergedPath}

	var oursTotal, theirsTotal time.Duration
	var oursPeak, theirsPeak int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A fresh output directory each time, so that every run writes all files.
		out := filepath.Join(work, "out", strconv.Itoa(i))
		d, rss := timed(b, ours[0], append(ours[1:], "-out", out)...)
		oursTotal += d
		oursPeak = max(oursPeak, rss)
		d, rss = timed(b, theirs[0], theirs[1:]...)
		theirsTotal += d
		theirsPeak = max(theirsPeak, rss)
	}
	b.StopTimer()
	b.ReportMetric(float64(oursTotal.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(theirsTotal.Nanoseconds())/float64(b.N), "oapi-codegen-ns/op")
	b.ReportMetric(float64(oursTotal)/float64(theirsTotal), "ratio")
	b.ReportMetric(float64(oursPeak)/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(theirsPeak)/(1<<20), "oapi-codegen-peak-RSS-MiB")
}

// BenchmarkGenerateInProcess is the pipeline as a library call, without writing: its allocations with -benchmem.
func BenchmarkGenerateInProcess(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := generator.Generate(repoSpec, repoFragment, generator.DefaultImportPath, repoOverlay); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOapiCodegenInProcess is the oapi-codegen step alone on an already merged document: the baseline of
// BenchmarkGenerateInProcess.
func BenchmarkOapiCodegenInProcess(b *testing.B) {
	doc, err := spec.Load(repoSpec, repoFragment, repoOverlay)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		fresh, err := doc.Fresh()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		code, err := oapi.Generate(fresh, "api", plan.Header)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := code.Format(); err != nil {
			b.Fatal(err)
		}
	}
}
