// Command chatt2me-gen generates the Hub Chatt2.me Go SDK in generated/ from the OpenAPI documents in openapi/.
//
// Usage:
//
//	chatt2me-gen [-spec openapi/chatt2me.yaml] [-overlay FILE] [-fragment openapi/webchatt.yaml] [-out generated] [-check]
//
// Paths left at their defaults are taken from the repository root (the nearest directory above the working
// directory that holds go.mod and openapi/), so the command works from any directory of the repository.
//
// Exit status: 0 on success; 1 when -check finds generated/ out of date; 2 on bad input (a broken spec, a missing
// file, an unusable output directory), with the problem on standard error.
//
// Every mode locks the output directory for the run (flock(2)); a second run waits for the first, up to
// -lock-wait (default 1m), then gives up with exit status 2. Every mode but -check first finishes or rolls back a
// commit that a killed run left in the output directory, and says so on standard error; -check writes nothing, and
// exits 2 on such a commit. Recovery touches only the generator's own files: a staging directory whose journal
// names any other file is refused (exit 2, located) and nothing changes.
//
// Subcommands: `chatt2me-gen drift -base REF` prints a Markdown report of the spec and Go API changes since REF (a
// git revision or a file) and exits 1 when something is breaking; `chatt2me-gen update-spec NEW.yaml` replaces the
// bundled document, reapplies the overlay, regenerates and prints the drift report against HEAD; `chatt2me-gen
// release vX.Y.Z` releases the generator and the SDK (see its -h).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/fileset"
	"github.com/chatt2me/chatt2me-go/generator/plan"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// Exit codes.
const (
	exitOK       = 0
	exitStale    = 1
	exitBadInput = 2
)

// Default paths, relative to the repository root.
const (
	defaultSpec     = "openapi/chatt2me.yaml"
	defaultFragment = "openapi/webchatt.yaml"
	defaultOut      = "generated"
)

// gcPercent and gcMemoryLimit are the garbage collector's settings of a run (see main).
const (
	gcPercent     = 200
	gcMemoryLimit = 256 << 20
)

func main() {
	// A run allocates about 60 MB and exits within a second. It collects garbage at twice the default heap growth,
	// which is faster than the default (fewer collections) and than collecting none (every allocation would then take
	// fresh memory from the system, zeroed: 20 % slower, with 83 MiB of peak memory against 47 MiB), and more
	// eagerly near gcMemoryLimit, which a document near the 16 MiB input limit reaches. An explicit GOGC or
	// GOMEMLIMIT wins.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(gcPercent)
		debug.SetMemoryLimit(gcMemoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "drift":
			return runDrift(args[1:], stdout, stderr)
		case "update-spec":
			return runUpdateSpec(args[1:], stdout, stderr)
		case "release":
			return runRelease(args[1:], stdout, stderr)
		}
	}
	flags := flag.NewFlagSet("chatt2me-gen", flag.ContinueOnError)
	flags.SetOutput(stderr)
	specPath := flags.String("spec", defaultSpec, "the bundled OpenAPI document (outside this repository: the one chatt2me-gen embeds)")
	fragmentPath := flags.String("fragment", defaultFragment, "the hand-written Web Chatt fragment merged into it (idem)")
	overlayPath := flags.String("overlay", "", "our changes to the bundled document, an OpenAPI Overlay applied to it before the merge "+
		"(default: the one beside -spec, named like it with .overlay.yaml, when there is one; -overlay \"\" for none)")
	version := flags.Bool("version", false, "print the version and exit")
	out := flags.String("out", defaultOut, "the output directory; the generator owns the *.gen.go files and "+fileset.SpecFile+" that carry its header")
	check := flags.Bool("check", false, "write nothing; print a unified diff and exit 1 if the output directory is out "+
		"of date (exit 2 if a commit there was interrupted: a run without -check recovers it)")
	lockWait := flags.Duration("lock-wait", defaultLockWait,
		"how long to wait for another run that has the output directory locked; 0 fails at once")
	importPath := flags.String("import-path", "", "the Go import path of the output directory (default: derived from go.mod when -out is inside the module, else "+generator.DefaultImportPath+")")
	runner := flags.String("go-generate", string(plan.RunAtVersion), "how the go:generate line beside the SDK runs the generator: "+
		"run (go run "+plan.Command+"@vX.Y.Z, which needs that version published) or tool (go tool chatt2me-gen, which needs "+
		"go get -tool "+plan.Command+" in your module)")
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: chatt2me-gen [flags]
       chatt2me-gen drift -base <git-ref or file> [flags]   (see chatt2me-gen drift -h)
       chatt2me-gen update-spec NEW.yaml                   (see chatt2me-gen update-spec -h)
       chatt2me-gen release vX.Y.Z                          (see chatt2me-gen release -h)

Generates the Hub Chatt2.me Go SDK from the bundled OpenAPI document, our overlay of it and the Web Chatt
fragment.
Paths left at their defaults are taken from the repository root.

Exit status: 0 success, 1 -check found differences, 2 bad input.

Each run locks the output directory: a second run waits for the first (up to -lock-wait), then fails with exit
status 2. A commit is journaled: the next run finishes or rolls back one that a kill interrupted, touching only
files that carry the generator's header (-check only reports it, exit 2).
An input document over 16 MiB, with more than 250,000 YAML nodes or a mapping of more than 2,000 keys is
refused.

Flags:
`)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "chatt2me-gen: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		return exitBadInput
	}
	if *version {
		fmt.Fprintf(stdout, "chatt2me-gen v%s\n", plan.Version)
		return exitOK
	}
	set := setFlags(flags)
	root := repositoryRoot()
	if root != "" {
		fromRoot(set, root, map[string]*string{"spec": specPath, "fragment": fragmentPath, "out": out})
	}
	if err := resolveImportPath(importPath, *out); err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen: %v\n", err)
		return exitBadInput
	}
	if r := plan.Runner(*runner); r != plan.RunAtVersion && r != plan.RunTool {
		fmt.Fprintf(stderr, "chatt2me-gen: -go-generate: %q is neither %s nor %s\n", *runner, plan.RunAtVersion, plan.RunTool)
		return exitBadInput
	}
	output, err := openOutput(*out, *lockWait, *check, stderr)
	if errors.Is(err, fileset.ErrInterrupted) {
		err = fmt.Errorf("%w; %s to recover it, then check again", err, regenerateHint(root, *out))
	}
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen: %v\n", err)
		return exitBadInput
	}
	defer output.Close()
	target := generator.Target{ImportPath: *importPath, Runner: plan.Runner(*runner)}
	embedded := root == "" && !set["spec"] && !set["fragment"] && !set["overlay"]
	res, err := generate(*specPath, *fragmentPath, overlays(*specPath, *overlayPath, set["overlay"]), target, embedded)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen: %v\n", err)
		return exitBadInput
	}
	noteSkipped(res, stderr)
	if *check {
		return checkOutput(output, res, *out, regenerateHint(root, *out), stdout, stderr)
	}
	if err := output.Write(res.Files); err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen: %v\n", err)
		return exitBadInput
	}
	fmt.Fprintf(stdout, "chatt2me-gen: %d channels, %d files in %s\n", len(res.Model.Channels), len(res.Files), *out)
	adviseRuntime(*out, stderr)
	return exitOK
}

// generate renders the SDK from the documents at the given paths, or from the documents the generator embeds.
func generate(specPath, fragmentPath string, overlayPaths []string, target generator.Target, embedded bool) (*generator.Result, error) {
	bundle, fragment, overlay := generator.Embedded()
	if embedded {
		return generator.GenerateFor(bundle, fragment, target, overlay)
	}
	var sources []spec.Source
	for _, p := range append([]string{specPath, fragmentPath}, overlayPaths...) {
		src, err := spec.ReadSource(p)
		if err != nil {
			return nil, err
		}
		sources = append(sources, src)
	}
	return generator.GenerateFor(sources[0], sources[1], target, sources[2:]...)
}

// overlays returns the overlay to apply to the bundled document at specPath, as a list of none or one: the one the
// -overlay flag names ("" for none) when it is set, else the one beside the document (overlayBeside) if it exists.
func overlays(specPath, overlayPath string, set bool) []string {
	if !set {
		if overlayPath = overlayBeside(specPath); !isFile(overlayPath) {
			return nil
		}
	}
	if overlayPath == "" {
		return nil
	}
	return []string{overlayPath}
}

// overlayBeside names the overlay of a bundled document: the file beside it, named like it with .overlay.yaml
// (openapi/chatt2me.overlay.yaml for openapi/chatt2me.yaml).
func overlayBeside(specPath string) string {
	return strings.TrimSuffix(specPath, filepath.Ext(specPath)) + ".overlay.yaml"
}

// noteSkipped says which operations of the documents the facade leaves to the low-level client, and why.
func noteSkipped(res *generator.Result, stderr io.Writer) {
	for _, g := range res.Plan.Groups {
		for _, s := range g.Skipped {
			fmt.Fprintf(stderr, "chatt2me-gen: note: %s is left to the low-level client (c.API.%s): %s\n", s.OperationID, s.Call, s.Why)
		}
	}
}

// setFlags reports which flags the command line set.
func setFlags(flags *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// regenerateHint says how to regenerate the output directory: with make inside this repository; else with the
// command that was run, which works whatever version is published, or the go:generate line beside the SDK.
func regenerateHint(root, out string) string {
	if root != "" {
		return "run `make generate` (or `go generate ./generated`)"
	}
	return "run the same command without -check (or `go generate` in " + out + ")"
}

// checkOutput implements -check: the diff on stdout and exit status 1 when the output directory is out of date.
func checkOutput(output *fileset.Output, res *generator.Result, out, hint string, stdout, stderr io.Writer) int {
	diff, err := output.Diff(res.Files)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen: %v\n", err)
		return exitBadInput
	}
	if diff != "" {
		fmt.Fprint(stdout, diff)
		fmt.Fprintf(stderr, "chatt2me-gen: %s is out of date with the spec; %s and commit the result\n", out, hint)
		return exitStale
	}
	return exitOK
}

// defaultLockWait is how long a run waits for another one that has the output directory locked: a whole
// regeneration takes well under a second, so a run still holding it after a minute is stuck or huge.
const defaultLockWait = time.Minute

// openOutput locks the output directory and recovers an interrupted commit (read-only: reports it), telling stderr
// what it waits for or did. A lock still held after wait is an error that says how to wait longer.
func openOutput(dir string, wait time.Duration, readOnly bool, stderr io.Writer) (*fileset.Output, error) {
	output, err := fileset.Open(dir, fileset.Options{Wait: wait, Mark: plan.Mark, ReadOnly: readOnly, Notify: func(message string) {
		fmt.Fprintf(stderr, "chatt2me-gen: %s\n", message)
	}})
	if errors.Is(err, fileset.ErrBusy) {
		err = fmt.Errorf("%w; try again once it has finished, or wait longer with -lock-wait", err)
	}
	return output, err
}

// fromRoot makes the paths of the flags left at their defaults relative to the repository root.
func fromRoot(set map[string]bool, root string, paths map[string]*string) {
	for name, p := range paths {
		if !set[name] {
			*p = relativeTo(root, *p)
		}
	}
}

// repositoryModule is the module path of this repository's root, the generator's module: a service's own module
// with an openapi/chatt2me.yaml of its own is not this repository.
var repositoryModule = path.Dir(generator.DefaultImportPath)

// repositoryRoot returns the nearest directory, from the working directory up, whose go.mod is this repository's
// (repositoryModule) and that holds the default spec, or "" when there is none.
func repositoryRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if module, err := generator.ModulePath(dir); err == nil && module == repositoryModule &&
			isFile(filepath.Join(dir, filepath.FromSlash(defaultSpec))) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// relativeTo joins root and p, and makes the result relative to the working directory when it can, so that
// messages show short paths.
func relativeTo(root, p string) string {
	abs := filepath.Join(root, filepath.FromSlash(p))
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil {
			return rel
		}
	}
	return abs
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

// moduleOf returns the directory and the module path of the nearest go.mod above dir (dir may not exist yet), or
// "" when there is none.
func moduleOf(dir string) (root, module string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, "go.mod")) {
			if module, err := generator.ModulePath(d); err == nil {
				return d, module
			}
			return "", ""
		}
		if filepath.Dir(d) == d {
			return "", ""
		}
	}
}

// adviseRuntime tells, on stderr, how to get the version of oapi-codegen's runtime the SDK is tested with when the
// go.mod of the module holding dir lacks it or requires an older one. `go mod tidy` alone would pick the newest,
// whose go line may be newer than the module's.
func adviseRuntime(dir string, stderr io.Writer) {
	root, _ := moduleOf(dir)
	if root == "" {
		return
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return
	}
	mod, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		return
	}
	const runtime = "github.com/oapi-codegen/runtime"
	for _, r := range mod.Require {
		if r.Mod.Path == runtime && semver.Compare(r.Mod.Version, plan.RuntimeVersion) >= 0 {
			return
		}
	}
	fmt.Fprintf(stderr, "chatt2me-gen: the SDK needs %s %s (it is tested with it); in %s, run:\n  go get %s@%s\n",
		runtime, plan.RuntimeVersion, root, runtime, plan.RuntimeVersion)
}
