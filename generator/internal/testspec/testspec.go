// Package testspec gives the generator's tests the documents under test, and SDKs rendered from documents into
// temporary modules that they build and run. The documents under test are openapi/ of this repository, or those of
// the directory named by $CHATT2ME_SPEC_DIR (a copy of openapi/ with changes: see TestExtendingTheDocuments), so
// that every test derives what it checks from the documents rather than from a list kept in Go.
package testspec

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/model"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// EnvDir names the directory holding the documents under test (chatt2me.yaml, webchatt.yaml and, if there is one,
// chatt2me.overlay.yaml).
const EnvDir = "CHATT2ME_SPEC_DIR"

// Root is the repository's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Repository reports whether the documents under test are the repository's own (openapi/), which the committed
// SDK in generated/ was built from.
func Repository() bool { return os.Getenv(EnvDir) == "" }

// Paths returns the bundled document and the fragment under test.
func Paths() (bundle, fragment string) {
	dir := os.Getenv(EnvDir)
	if dir == "" {
		dir = filepath.Join(Root(), "openapi")
	}
	return filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml")
}

// OverlayFile is the name of the overlay of the bundle in a directory of documents.
const OverlayFile = "chatt2me.overlay.yaml"

// OverlaysOf returns the overlay of a bundle, chatt2me.overlay.yaml beside it, as a list of none or one: the
// overlay of the documents under test is beside their bundle, and tests that write edited documents copy it beside
// theirs (see Write).
func OverlaysOf(bundle string) []string {
	overlay := filepath.Join(filepath.Dir(bundle), OverlayFile)
	if _, err := os.Stat(overlay); err != nil {
		return nil
	}
	return []string{overlay}
}

// Overlays returns the overlay of the documents under test, as a list of none or one.
func Overlays() []string {
	bundle, _ := Paths()
	return OverlaysOf(bundle)
}

// OverlaySources returns the overlay of the documents under test, read, as a list of none or one.
func OverlaySources(t testing.TB) []spec.Source {
	t.Helper()
	var out []spec.Source
	for _, p := range Overlays() {
		src, err := spec.ReadSource(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// Write writes edited texts of the bundle and the fragment into a new temporary directory, with the overlay of the
// documents under test beside them, and returns their paths.
func Write(t testing.TB, bundle, fragment string) (bundlePath, fragmentPath string) {
	t.Helper()
	return WriteDocuments(t, bundle, ReadOverlay(t), fragment)
}

// WriteDocuments writes texts of the bundle, its overlay ("" for none) and the fragment into a new temporary
// directory, and returns the paths of the bundle and the fragment.
func WriteDocuments(t testing.TB, bundle, overlay, fragment string) (bundlePath, fragmentPath string) {
	t.Helper()
	dir := t.TempDir()
	bundlePath, fragmentPath = filepath.Join(dir, "chatt2me.yaml"), filepath.Join(dir, "webchatt.yaml")
	WriteFile(t, bundlePath, []byte(bundle))
	WriteFile(t, fragmentPath, []byte(fragment))
	if overlay != "" {
		WriteFile(t, filepath.Join(dir, OverlayFile), []byte(overlay))
	}
	return bundlePath, fragmentPath
}

// ReadOverlay returns the text of the overlay of the documents under test, "" when they have none.
func ReadOverlay(t testing.TB) string {
	t.Helper()
	var text string
	for _, p := range Overlays() {
		text = readFile(t, p)
	}
	return text
}

// WithActions returns an overlay's text ("" for none yet) with actions, a YAML sequence, appended to its own: a
// change of the bundle that a test makes as openapi/README.md's recipes do.
func WithActions(t testing.TB, overlay, actions string) string {
	t.Helper()
	if overlay == "" {
		overlay = "overlay: 1.1.0\ninfo: {title: test, version: '1'}\nactions: []\n"
	}
	return Edit(t, overlay, func(root *yaml.Node) {
		list := Get(root, "actions")
		list.Content = append(list.Content, Node(t, actions).Content...)
	})
}

// Read returns the texts of the documents under test.
func Read(t testing.TB) (bundle, fragment string) {
	t.Helper()
	b, f := Paths()
	return readFile(t, b), readFile(t, f)
}

// Sources names edited texts of the documents as the documents under test are named, for spec.Merge and
// generator.GenerateSources.
func Sources(bundle, fragment string) (spec.Source, spec.Source) {
	b, f := Paths()
	return spec.Source{Name: filepath.Base(b), Data: []byte(bundle)}, spec.Source{Name: filepath.Base(f), Data: []byte(fragment)}
}

// Document loads, merges and validates the documents under test.
func Document(t testing.TB) *spec.Document {
	t.Helper()
	bundle, fragment := Paths()
	doc, err := spec.Load(bundle, fragment, Overlays()...)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Model is the model of the documents under test.
func Model(t testing.TB) *model.Model {
	t.Helper()
	m, err := model.Build(Document(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// SDK is an SDK rendered into a temporary module of its own.
type SDK struct {
	Dir        string // the module's directory; the SDK is in its chatt2me/ subdirectory
	ImportPath string // the import path of Dir
	Result     *generator.Result
}

// ModulePath is the module path of the temporary modules.
const ModulePath = "example.com/sdktest"

// Render generates the SDK of a bundle (with the overlay beside it, if any: OverlaysOf) and a fragment (file paths)
// into a new temporary module, with a go.mod requiring what the SDK needs, and returns it. The module is removed when
// the test ends.
func Render(t testing.TB, bundle, fragment string) *SDK {
	t.Helper()
	sdk, err := render(bundle, fragment, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return sdk
}

var (
	underTest     *SDK
	underTestErr  error
	underTestOnce sync.Once
)

// UnderTest renders the SDK of the documents under test once per test binary, into a module that Cleanup
// removes.
func UnderTest(t testing.TB) *SDK {
	t.Helper()
	underTestOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chatt2me-sdk-")
		if err != nil {
			underTestErr = err
			return
		}
		bundle, fragment := Paths()
		underTest, underTestErr = render(bundle, fragment, dir)
	})
	if underTestErr != nil {
		t.Fatal(underTestErr)
	}
	return underTest
}

// Cleanup removes the module of UnderTest; call it from TestMain after the tests ran.
func Cleanup() {
	if underTest != nil {
		_ = os.RemoveAll(underTest.Dir)
	}
}

// render generates an SDK into dir and makes dir a module.
func render(bundle, fragment, dir string) (*SDK, error) {
	res, err := generator.Generate(bundle, fragment, ModulePath, OverlaysOf(bundle)...)
	if err != nil {
		return nil, err
	}
	mod, err := goMod()
	if err != nil {
		return nil, err
	}
	sum, err := os.ReadFile(filepath.Join(Root(), "go.sum"))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"go.mod": []byte(mod), "go.sum": sum}
	for rel, data := range res.Files {
		files[rel] = data
	}
	for rel, data := range files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), data); err != nil {
			return nil, err
		}
	}
	return &SDK{Dir: dir, ImportPath: ModulePath, Result: res}, nil
}

// goMod is the go.mod of a temporary module: the requirements of the repository's module (the SDK needs only
// oapi-codegen's runtime; the tests' programs may use kin-openapi), and the repository's two modules themselves, from
// this checkout (the tests' programs may use the sandbox, which uses the SDK module).
func goMod() (string, error) {
	data, err := os.ReadFile(filepath.Join(Root(), "go.mod"))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("module " + ModulePath + "\n\ngo 1.24.0\n\nrequire (\n")
	inRequire := false
	for _, line := range strings.Split(string(data), "\n") {
		switch line = strings.TrimSpace(line); {
		case line == "require (":
			inRequire = true
		case line == ")":
			inRequire = false
		case inRequire && line != "":
			b.WriteString("\t" + line + "\n")
		}
	}
	b.WriteString("\tgithub.com/chatt2me/chatt2me-go v0.0.0\n\tgithub.com/chatt2me/chatt2me-go/generated v0.0.0\n)\n\n")
	b.WriteString("replace github.com/chatt2me/chatt2me-go => " + Root() + "\n\n")
	b.WriteString("replace github.com/chatt2me/chatt2me-go/generated => " + filepath.Join(Root(), "generated") + "\n")
	return b.String(), nil
}

// Go runs the go command in dir, without network, and returns its combined output.
func Go(t testing.TB, dir string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// WriteFile writes data to path, creating its directory.
func WriteFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := writeFile(path, data); err != nil {
		t.Fatal(err)
	}
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
