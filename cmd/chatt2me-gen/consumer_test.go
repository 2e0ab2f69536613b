package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// The three ways a service takes the SDK (README, "Taking the SDK into your service"), each tried from a scratch
// consumer module outside the repository, offline: the SDK module comes from a file proxy holding this checkout's
// generated/ as the version the generator gives (plan.Version), the rest from the module cache, into which the test
// first downloads exactly the modules the go.sum files of the two modules name (see primeModuleCache).

// consumerGoLine is the go line of the consumer modules: the oldest the SDK supports.
const consumerGoLine = "1.24.0"

// wantRequires is what a consumer's go.mod must require after go mod tidy, beside the SDK module when it is one
// (oapi-codegen's runtime is then an indirect requirement).
var wantRequires = []string{
	"github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect",
	"github.com/google/uuid v1.6.0 // indirect",
}

// consumerProgram sends a message to an httptest server and verifies a signed webhook, with the SDK at sdk.
const consumerProgram = `package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"SDK/chatt2me"
	"SDK/chatt2me/api"
	"SDK/chatt2me/webhook"
	"SDK/chatt2me/whatsapp"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s %s\n", r.Method, r.URL.Path, body)
		_, _ = io.WriteString(w, ` + "`" + `{"messageId":"m-1","status":"enqueued"}` + "`" + `)
	}))
	defer srv.Close()
	c, err := chatt2me.New(chatt2me.WithAPIKey("test-api-key-0001"), chatt2me.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	res, err := c.WhatsApp.Send(context.Background(), whatsapp.FromPhone("+55 11 99398-6082"), "5511993986082", whatsapp.Text("Hello!"))
	fmt.Println(res.MessageID, res.Status, err)

	h := &webhook.Handler{Secret: "s3cret", OnStatus: func(_ context.Context, s *api.MessageStatus) error {
		fmt.Println("status", s.MessageId, s.Status)
		return nil
	}}
	event := ` + "`" + `{"eventType":"MessageStatus","messageId":"m-1","status":"delivered","timestamp":1790000000}` + "`" + `
	req := httptest.NewRequest(http.MethodPost, "/hooks", strings.NewReader(event))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign("s3cret", time.Now(), []byte(event)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println("webhook", rec.Code)
}
`

// wantOutput is what consumerProgram prints.
const wantOutput = "POST /v1/communication/whatsapp/message " +
	`{"from":"5511993986082","to":"5511993986082","content":{"text":"Hello!"}}` + "\n" +
	"m-1 enqueued <nil>\nstatus m-1 delivered\nwebhook 200\n"

func TestConsumers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds consumer modules from scratch (about a minute under the race detector); make test-all runs it")
	}
	env := offlineEnv(t)
	gen := buildGenerator(t)
	t.Run("module", func(t *testing.T) {
		dir := consumer(t, plan.DefaultImportPath)
		runIn(t, dir, env, "go", "get", plan.DefaultImportPath+"@v"+plan.Version)
		tidyAndCheck(t, dir, env, plan.DefaultImportPath+" v"+plan.Version)
		runProgram(t, dir, env, false)
	})
	t.Run("vendor", func(t *testing.T) {
		dir := consumer(t, plan.DefaultImportPath)
		runIn(t, dir, env, "go", "get", plan.DefaultImportPath+"@v"+plan.Version)
		tidyAndCheck(t, dir, env, plan.DefaultImportPath+" v"+plan.Version)
		runIn(t, dir, env, "go", "mod", "vendor")
		runProgram(t, dir, env, true)
	})
	t.Run("own generated tree", func(t *testing.T) {
		const importPath = "example.com/shop/internal/sdk"
		dir := consumer(t, importPath)
		out := runIn(t, dir, env, gen, "-out", filepath.Join("internal", "sdk"))
		if want := "go get github.com/oapi-codegen/runtime@" + plan.RuntimeVersion; !strings.Contains(out, want) {
			t.Errorf("the generator did not say %q:\n%s", want, out)
		}
		sameAsInsideTheRepository(t, filepath.Join(dir, "internal", "sdk"), importPath)
		runIn(t, dir, env, "go", "get", "github.com/oapi-codegen/runtime@"+plan.RuntimeVersion)
		tidyAndCheck(t, dir, env, "")
		runIn(t, dir, env, gen, "-out", filepath.Join("internal", "sdk"), "-check")
		runIn(t, dir, env, "go", "mod", "vendor")
		runProgram(t, dir, env, true)
		// Its go:generate line regenerates it with the generator of the version it names, from the module proxy
		// (here, this checkout as that version).
		writeModule(t, proxyOf(env), "github.com/chatt2me/chatt2me-go", "v"+plan.Version, "../..")
		if err := os.Remove(filepath.Join(dir, "internal", "sdk", "chatt2me", "chatt2me.gen.go")); err != nil {
			t.Fatal(err)
		}
		runIn(t, filepath.Join(dir, "internal", "sdk"), env, "go", "generate")
		sameAsInsideTheRepository(t, filepath.Join(dir, "internal", "sdk"), importPath)
	})
}

// proxyOf returns the directory of the file proxy of an environment made by offlineEnv.
func proxyOf(env []string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "GOPROXY=file://"); ok {
			return filepath.FromSlash(strings.Split(v, ",")[0])
		}
	}
	return ""
}

// offlineEnv is the environment of the go commands of the consumers: no workspace, no network, the SDK module of
// this checkout from a file proxy, everything else from the module cache.
func offlineEnv(t *testing.T) []string {
	t.Helper()
	proxy := t.TempDir()
	writeModule(t, proxy, plan.DefaultImportPath, "v"+plan.Version, "../../generated")
	primeModuleCache(t, "../../generated/go.sum", "../../go.sum")
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	modcache := t.TempDir() // a module cache of its own, so that the test's module version never reaches the real one
	return append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod -modcacherw", "GOSUMDB=off", "GOMODCACHE="+modcache,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(strings.TrimSpace(string(cache)), "cache", "download")))
}

// primeModuleCache puts into the module cache every module version that the go.sum files name: the module itself
// (source and go.mod) where a go.sum holds the hash of its source, its go.mod alone otherwise. The consumers' go
// commands need them all, and more than a build of this repository downloads: go mod tidy reads the go.mod files of
// the whole module graph and the source of the packages that the tests of the SDK's dependencies import (testify
// for oapi-codegen's runtime), and go generate builds the generator at the version it names. A module already in
// the cache is not fetched again, so this costs nothing on a warm machine and works offline there; on a fresh one
// it fetches them through GOPROXY.
func primeModuleCache(t *testing.T, sums ...string) {
	t.Helper()
	var sources, goMods []string
	for _, sum := range sums {
		for line := range strings.Lines(string(mustRead(t, sum))) {
			fields := strings.Fields(line)
			if len(fields) != 3 {
				t.Fatalf("%s: malformed line %q", sum, line)
			}
			if version, ok := strings.CutSuffix(fields[1], "/go.mod"); ok {
				goMods = append(goMods, fields[0]+"@"+version)
			} else {
				sources = append(sources, fields[0]+"@"+fields[1])
			}
		}
	}
	slices.Sort(sources)
	slices.Sort(goMods)
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	dir := t.TempDir() // outside any module
	runIn(t, dir, env, "go", append([]string{"mod", "download"}, slices.Compact(sources)...)...)
	runIn(t, dir, env, "go", append([]string{"list", "-m"}, slices.Compact(goMods)...)...)
}

// writeModule adds the module in dir to the file proxy at proxy, as version.
func writeModule(t *testing.T, proxy, path, version, dir string) {
	t.Helper()
	escaped, err := module.EscapePath(path)
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	var buf bytes.Buffer
	if err := zip.CreateFromDir(&buf, module.Version{Path: path, Version: version}, dir); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(at, version+".zip"), buf.Bytes())
	mustWrite(t, filepath.Join(at, version+".mod"), mustRead(t, filepath.Join(dir, "go.mod")))
	mustWrite(t, filepath.Join(at, version+".info"), []byte(`{"Version":"`+version+`"}`))
	mustWrite(t, filepath.Join(at, "list"), []byte(version+"\n"))
}

// buildGenerator builds chatt2me-gen into a temporary directory.
func buildGenerator(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chatt2me-gen")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building chatt2me-gen: %v\n%s", err, out)
	}
	return bin
}

// consumer creates a consumer module outside the repository, with consumerProgram using the SDK at sdk.
func consumer(t *testing.T, sdk string) string {
	t.Helper()
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "go.mod"), []byte("module example.com/shop\n\ngo "+consumerGoLine+"\n"))
	mustWrite(t, filepath.Join(dir, "cmd", "shop", "main.go"), []byte(strings.ReplaceAll(consumerProgram, "SDK/", sdk+"/")))
	return dir
}

// tidyAndCheck runs go mod tidy and checks the consumer's go.mod: its go line, and its requirements (sdk, when not
// empty, and wantRequires).
func tidyAndCheck(t *testing.T, dir string, env []string, sdk string) {
	t.Helper()
	runIn(t, dir, env, "go", "mod", "tidy")
	data := mustRead(t, filepath.Join(dir, "go.mod"))
	mod, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mod.Go == nil || mod.Go.Version != consumerGoLine || mod.Toolchain != nil {
		t.Errorf("the go line changed:\n%s", data)
	}
	want := append([]string{}, wantRequires...)
	if sdk != "" {
		want = append(want, sdk, "github.com/oapi-codegen/runtime "+plan.RuntimeVersion+" // indirect")
	} else {
		want = append(want, "github.com/oapi-codegen/runtime "+plan.RuntimeVersion)
	}
	var got []string
	for _, r := range mod.Require {
		line := r.Mod.Path + " " + r.Mod.Version
		if r.Indirect {
			line += " // indirect"
		}
		got = append(got, line)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("go.mod requires\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	// What only the generator's module needs (its examples' OpenTelemetry and Redis, its own dependencies) is
	// nowhere in the consumer's module graph. (golang.org/x/time is: oapi-codegen/runtime's go.mod requires it.)
	// (go mod graph reads only go.mod files, which the offline proxy holds; go list -m all would need more.)
	for _, module := range strings.Fields(runIn(t, dir, env, "go", "mod", "graph")) {
		for _, root := range rootOnly {
			if strings.HasPrefix(module, root) {
				t.Errorf("the consumer's module graph holds %s", module)
			}
		}
	}
}

// rootOnly are module path prefixes of the generator's module graph that a consumer of the SDK must not get.
var rootOnly = []string{"go.opentelemetry.io/", "github.com/redis/", "github.com/getkin/",
	"github.com/oapi-codegen/oapi-codegen/", "github.com/oasdiff/", "github.com/dave/jennifer@"}

// runProgram builds consumerProgram (from the vendor directory when vendored) and checks what it prints.
func runProgram(t *testing.T, dir string, env []string, vendored bool) {
	t.Helper()
	args := []string{"build", "-o", filepath.Join(dir, "shop")}
	if vendored {
		env = append(env, "GOFLAGS=-mod=vendor -modcacherw")
	}
	runIn(t, dir, env, "go", append(args, "./cmd/shop")...)
	if out := runIn(t, dir, env, filepath.Join(dir, "shop")); out != wantOutput {
		t.Errorf("the program printed\n%s\nwant\n%s", out, wantOutput)
	}
}

// sameAsInsideTheRepository checks that the tree the generator wrote outside the repository, with the documents
// it embeds, is byte for byte the one it writes inside, from openapi/.
func sameAsInsideTheRepository(t *testing.T, tree, importPath string) {
	t.Helper()
	res, err := generator.Generate(repoSpec, "../../openapi/webchatt.yaml", importPath, overlayBeside(repoSpec))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(tree, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		n++
		if want, ok := res.Files[filepath.ToSlash(rel)]; !ok || !bytes.Equal(mustRead(t, p), want) {
			t.Errorf("%s differs from the generation inside the repository", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(res.Files) {
		t.Errorf("%d files outside the repository, %d inside", n, len(res.Files))
	}
}

// runIn runs a command in dir and returns its combined output; a failure fails the test.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
