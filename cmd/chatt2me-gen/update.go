package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/chatt2me/chatt2me-go/generator"
)

// runUpdateSpec implements `chatt2me-gen update-spec NEW.yaml`: it generates the SDK from the new bundled document
// first, and only when that succeeds replaces the bundled document, rewrites the output directory and prints the
// drift report against HEAD. On any error nothing in the repository changes. Exit status: 0 replaced, nothing
// breaking; 1 replaced, and the drift is breaking; 2 refused (or the drift report could not be made).
func runUpdateSpec(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("chatt2me-gen update-spec", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: chatt2me-gen update-spec NEW.yaml

Replaces openapi/chatt2me.yaml with NEW.yaml, regenerates generated/ and prints the drift report against HEAD.
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
	newSpec := flags.Arg(0)
	root := repositoryRoot()
	if root == "" {
		fmt.Fprintln(stderr, "chatt2me-gen update-spec: run it inside the repository")
		return exitBadInput
	}
	specPath := relativeTo(root, defaultSpec)
	output, err := openOutput(relativeTo(root, defaultOut), defaultLockWait, false, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\nnothing was changed\n", err)
		return exitBadInput
	}
	defer output.Close()
	var res *generator.Result
	importPath, err := importPathOf(relativeTo(root, defaultOut))
	if err == nil {
		res, err = generator.Generate(newSpec, relativeTo(root, defaultFragment), importPath)
	}
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\nnothing was changed\n", err)
		return exitBadInput
	}
	data, err := os.ReadFile(newSpec)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\n", err)
		return exitBadInput
	}
	old, err := os.ReadFile(specPath)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen update-spec: %v\n", err)
		return exitBadInput
	}
	if err := replaceFile(specPath, data); err != nil {
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
	output.Close() // the drift report opens it again
	return runDrift([]string{"-base", "HEAD"}, stdout, stderr)
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
