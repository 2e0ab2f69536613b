package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/drift"
	"github.com/chatt2me/chatt2me-go/generator/fileset"
	"github.com/chatt2me/chatt2me-go/generator/spec"
)

// runUpdateSpec implements `chatt2me-gen update-spec NEW.yaml`: it generates the SDK from the new bundled document,
// with the overlay reapplied, first, and only when that succeeds replaces the bundled document, rewrites the output
// directory and prints the drift report against HEAD. The overlay's actions that change nothing in the new document
// (spec.StaleAction) are left out and listed: generating refuses them until they are deleted. On any error nothing
// in the repository changes. Exit status: 0 replaced, nothing breaking; 1 replaced, and the drift is breaking; 2
// refused (or the drift report could not be made).
func runUpdateSpec(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("chatt2me-gen update-spec", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: chatt2me-gen update-spec NEW.yaml

Replaces openapi/chatt2me.yaml with NEW.yaml, reapplies openapi/chatt2me.overlay.yaml to it, regenerates
generated/ and prints the drift report against HEAD. An action of the overlay whose target matches nothing in
NEW.yaml, or whose update NEW.yaml holds already (the vendor took the change in), is left out and listed on
standard error: delete it from the overlay, since generating refuses it.
A NEW.yaml that does not load, merge, validate or generate is refused and nothing changes.
It holds the lock on generated/ throughout, waiting up to 1m for another run to release it.

Exit status: 0 replaced, nothing breaking; 1 replaced, and the drift is breaking; 2 refused.
`)
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return exitBadInput
	}
	root := repositoryRoot()
	if root == "" {
		fmt.Fprintln(stderr, "chatt2me-gen update-spec: run it inside the repository")
		return exitBadInput
	}
	output, err := openOutput(relativeTo(root, defaultOut), defaultLockWait, false, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\nnothing was changed\n", err)
		return exitBadInput
	}
	defer output.Close()
	head, stale, err := updatedRevision(root, flags.Arg(0))
	var res *generator.Result
	var importPath string
	if err == nil {
		importPath, err = importPathOf(relativeTo(root, defaultOut))
	}
	if err == nil {
		res, err = generator.GenerateSources(head.Bundle, head.Fragment, importPath, head.Overlays...)
	}
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\n", err)
		printStale(stale, stderr)
		fmt.Fprintln(stderr, "nothing was changed")
		return exitBadInput
	}
	if code := replaceAndWrite(root, head.Bundle.Data, output, res, stderr); code != exitOK {
		return code
	}
	printStale(stale, stderr)
	output.Close() // the drift report opens it again
	specPath := relativeTo(root, defaultSpec)
	base, err := gitRevision(root, "HEAD", specPath, relativeTo(root, defaultFragment), overlayBeside(specPath))
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\n", err)
		return exitBadInput
	}
	head.Bundle.Name = specPath
	return printDrift(base, head, root, stdout, stderr)
}

// updatedRevision reads the new bundled document, the repository's fragment and overlay, and leaves out of the
// overlay its actions that are stale on the new document, which it returns.
func updatedRevision(root, newSpec string) (drift.Revision, []spec.StaleAction, error) {
	specPath := relativeTo(root, defaultSpec)
	head, err := readRevision("working copy", newSpec, relativeTo(root, defaultFragment), overlays(specPath, "", false))
	if err != nil {
		return head, nil, err
	}
	var stale []spec.StaleAction
	for i, overlay := range head.Overlays {
		s, err := spec.StaleActions(head.Bundle, overlay)
		if err != nil {
			return head, nil, err
		}
		var indexes []int
		for _, a := range s {
			indexes = append(indexes, a.Index)
		}
		head.Overlays[i] = overlay.WithoutActions(indexes...)
		stale = append(stale, s...)
	}
	return head, stale, nil
}

// replaceAndWrite replaces the bundled document and writes the output directory; if the write fails, the bundled
// document is restored.
func replaceAndWrite(root string, bundle []byte, output *fileset.Output, res *generator.Result, stderr io.Writer) int {
	specPath := relativeTo(root, defaultSpec)
	old, err := os.ReadFile(specPath)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\n", err)
		return exitBadInput
	}
	if err := replaceFile(specPath, bundle); err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\nnothing was changed\n", err)
		return exitBadInput
	}
	if err := output.Write(res.Files); err != nil {
		if restoreErr := replaceFile(specPath, old); restoreErr != nil {
			err = fmt.Errorf("%w; restoring %s also failed: %v", err, specPath, restoreErr)
		}
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\n", err)
		return exitBadInput
	}
	fmt.Fprintf(stderr, "chatt2me-gen update-spec: %s replaced and %s regenerated\n\n", specPath, relativeTo(root, defaultOut))
	return exitOK
}

// printStale lists the overlay's actions that were left out because they change nothing in the new document.
func printStale(stale []spec.StaleAction, stderr io.Writer) {
	if len(stale) == 0 {
		return
	}
	fmt.Fprintf(stderr, "chatt2me-gen update-spec: %d action(s) of the overlay change nothing in the new document and were left out; "+
		"delete them from the overlay (generating refuses them until then):\n", len(stale))
	for _, s := range stale {
		fmt.Fprintf(stderr, "  %v\n", s.Err)
	}
	fmt.Fprintln(stderr)
}

// replaceFile writes data to a temporary file beside p and renames it over p.
func replaceFile(p string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), ".chatt2me-gen-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}
