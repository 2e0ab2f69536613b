package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chatt2me/chatt2me-go/generator/drift"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// runDrift implements `chatt2me-gen drift`: a Markdown report of the changes between a base revision of the
// documents and the working copy. Exit status 1 when anything is breaking.
func runDrift(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("chatt2me-gen drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	base := flags.String("base", "", "the base: a git revision (such as HEAD or origin/main) or a file holding the bundled document")
	baseFragment := flags.String("base-fragment", "", "with a file -base: the fragment of the base (default: the working copy's -fragment)")
	baseOverlay := flags.String("base-overlay", "", "with a file -base: the overlay of the base, \"\" for none (default: the working copy's -overlay)")
	specPath := flags.String("spec", defaultSpec, "the bundled document of the working copy")
	fragmentPath := flags.String("fragment", defaultFragment, "the fragment of the working copy")
	overlayPath := flags.String("overlay", "", "the overlay of the working copy (default: the one beside -spec, if any; \"\" for none)")
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: chatt2me-gen drift -base <git-ref or file> [flags]

Prints a Markdown report of the changes from the base to the working copy on standard output (problems go to
standard error). A git revision's documents are read at that revision (its overlay, if it has one, at the
working copy's overlay path). The report has the spec changes found by oasdiff on the merged document (breaking ones marked, with oasdiff's
ids and levels), the Go API changes of the generated SDK found by apidiff (internal packages left out; a function
that only gained a final variadic parameter is source-compatible for callers, and not breaking), and a one-line
verdict.

Exit status: 0 nothing breaking, 1 something breaking, 2 bad input.

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
	if *base == "" || flags.NArg() > 0 {
		flags.Usage()
		return exitBadInput
	}
	root := repositoryRoot()
	if root == "" {
		fmt.Fprintln(stderr, "chatt2me-gen drift: run it inside the repository (it type-checks the generated SDK in this module)")
		return exitBadInput
	}
	set := setFlags(flags)
	fromRoot(set, root, map[string]*string{"spec": specPath, "fragment": fragmentPath})
	// The report does not read generated/, but a commit a killed run left there is finished or rolled back.
	output, err := openOutput(relativeTo(root, defaultOut), defaultLockWait, false, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen drift: %v\n", err)
		return exitBadInput
	}
	output.Close()

	headOverlays := overlays(*specPath, *overlayPath, set["overlay"])
	head, err := readRevision("working copy", *specPath, *fragmentPath, headOverlays)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen drift: %v\n", err)
		return exitBadInput
	}
	var baseRev drift.Revision
	if isFile(*base) {
		frag := *baseFragment
		if frag == "" {
			frag = *fragmentPath
		}
		baseOverlays := headOverlays
		if set["base-overlay"] {
			baseOverlays = overlays(*base, *baseOverlay, true)
		}
		baseRev, err = readRevision(*base, *base, frag, baseOverlays)
	} else {
		path := *overlayPath
		if !set["overlay"] {
			path = overlayBeside(*specPath)
		}
		baseRev, err = gitRevision(root, *base, *specPath, *fragmentPath, path)
	}
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen drift: %v\n", err)
		return exitBadInput
	}
	return printDrift(baseRev, head, root, stdout, stderr)
}

// printDrift compares two revisions and prints the report; its exit status is 1 when the drift is breaking.
func printDrift(baseRev, head drift.Revision, root string, stdout, stderr io.Writer) int {
	report, err := drift.Compare(baseRev, head, root)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen drift: %v\n", err)
		return exitBadInput
	}
	fmt.Fprint(stdout, report.Markdown())
	if report.Breaking() {
		return exitStale
	}
	return exitOK
}

func readRevision(name, bundlePath, fragmentPath string, overlayPaths []string) (drift.Revision, error) {
	bundle, err := spec.ReadSource(bundlePath)
	if err != nil {
		return drift.Revision{}, err
	}
	fragment, err := spec.ReadSource(fragmentPath)
	if err != nil {
		return drift.Revision{}, err
	}
	rev := drift.Revision{Name: name, Bundle: bundle, Fragment: fragment}
	for _, p := range overlayPaths {
		overlay, err := spec.ReadSource(p)
		if err != nil {
			return drift.Revision{}, err
		}
		rev.Overlays = append(rev.Overlays, overlay)
	}
	return rev, nil
}

// gitRevision reads the documents as they are at a git revision: the bundle and the fragment, and the overlay
// when the revision has one (an older revision may not).
func gitRevision(root, ref, specPath, fragmentPath, overlayPath string) (drift.Revision, error) {
	rev := drift.Revision{Name: "`" + ref + "`"}
	if strings.HasPrefix(ref, "-") {
		// git would read it as an option (--output=FILE writes files): no revision starts with a dash.
		return rev, fmt.Errorf("%q is not a git revision: a revision does not start with %q", ref, "-")
	}
	var overlay spec.Source
	for _, f := range []struct {
		path string
		into *spec.Source
	}{{specPath, &rev.Bundle}, {fragmentPath, &rev.Fragment}, {overlayPath, &overlay}} {
		if f.path == "" {
			continue
		}
		abs, err := filepath.Abs(f.path)
		if err != nil {
			return rev, err
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return rev, fmt.Errorf("%s is outside the repository", f.path)
		}
		object := ref + ":" + filepath.ToSlash(rel)
		if f.into == &overlay && !gitHas(root, object) {
			continue
		}
		data, err := gitShow(root, object)
		if err != nil {
			return rev, fmt.Errorf("-base %s: neither a file nor a git revision holding %s: %s", ref, filepath.ToSlash(rel), err)
		}
		*f.into = spec.Source{Name: object, Data: data}
	}
	if overlay.Name != "" {
		rev.Overlays = []spec.Source{overlay}
	}
	return rev, nil
}

// gitHas reports whether a git object (REV:PATH) exists.
func gitHas(root, object string) bool {
	cmd := exec.Command("git", "cat-file", "-e", "--end-of-options", object)
	cmd.Dir = root
	return cmd.Run() == nil
}

// gitShow returns the content of a git object, reading no more than one byte past spec.MaxDocumentSize: a larger
// document is refused when it is parsed, and git is stopped.
func gitShow(root, object string) ([]byte, error) {
	cmd := exec.Command("git", "show", "--end-of-options", object)
	cmd.Dir = root
	var errOut strings.Builder
	cmd.Stderr = &errOut
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	data, readErr := io.ReadAll(io.LimitReader(stdout, spec.MaxDocumentSize+1))
	if len(data) > spec.MaxDocumentSize {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return data, nil
	}
	if err := errors.Join(readErr, cmd.Wait()); err != nil {
		if msg := strings.TrimSpace(errOut.String()); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, err
	}
	return data, nil
}
