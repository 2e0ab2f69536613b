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
	specPath := flags.String("spec", defaultSpec, "the bundled document of the working copy")
	fragmentPath := flags.String("fragment", defaultFragment, "the fragment of the working copy")
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: chatt2me-gen drift -base <git-ref or file> [flags]

Prints a Markdown report of the changes from the base to the working copy on standard output (problems go to
standard error): the spec changes found by oasdiff on the merged document (breaking ones marked, with oasdiff's
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
	fromRoot(flags, root, map[string]*string{"spec": specPath, "fragment": fragmentPath})

	head, err := readRevision("working copy", *specPath, *fragmentPath)
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
		baseRev, err = readRevision(*base, *base, frag)
	} else {
		baseRev, err = gitRevision(root, *base, *specPath, *fragmentPath)
	}
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen drift: %v\n", err)
		return exitBadInput
	}
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

func readRevision(name, bundlePath, fragmentPath string) (drift.Revision, error) {
	bundle, err := spec.ReadSource(bundlePath)
	if err != nil {
		return drift.Revision{}, err
	}
	fragment, err := spec.ReadSource(fragmentPath)
	if err != nil {
		return drift.Revision{}, err
	}
	return drift.Revision{Name: name, Bundle: bundle, Fragment: fragment}, nil
}

// gitRevision reads both documents as they are at a git revision.
func gitRevision(root, ref, specPath, fragmentPath string) (drift.Revision, error) {
	rev := drift.Revision{Name: "`" + ref + "`"}
	for _, f := range []struct {
		path string
		into *spec.Source
	}{{specPath, &rev.Bundle}, {fragmentPath, &rev.Fragment}} {
		abs, err := filepath.Abs(f.path)
		if err != nil {
			return rev, err
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return rev, fmt.Errorf("%s is outside the repository", f.path)
		}
		object := ref + ":" + filepath.ToSlash(rel)
		cmd := exec.Command("git", "show", object)
		cmd.Dir = root
		var errOut strings.Builder
		cmd.Stderr = &errOut
		data, err := cmd.Output()
		if err != nil {
			msg := strings.TrimSpace(errOut.String())
			if msg == "" {
				msg = err.Error()
			}
			return rev, fmt.Errorf("-base %s: neither a file nor a git revision holding %s: %s", ref, filepath.ToSlash(rel), msg)
		}
		*f.into = spec.Source{Name: object, Data: data}
	}
	return rev, nil
}
