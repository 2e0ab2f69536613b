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
	fromRoot(setFlags(flags), root, map[string]*string{"spec": specPath, "fragment": fragmentPath})
	// The report does not read generated/, but a commit a killed run left there is finished or rolled back.
	output, err := openOutput(relativeTo(root, defaultOut), defaultLockWait, false, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen drift: %v\n", err)
		return exitBadInput
	}
	output.Close()

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
	if strings.HasPrefix(ref, "-") {
		// git would read it as an option (--output=FILE writes files): no revision starts with a dash.
		return rev, fmt.Errorf("%q is not a git revision: a revision does not start with %q", ref, "-")
	}
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
		data, err := gitShow(root, object)
		if err != nil {
			return rev, fmt.Errorf("-base %s: neither a file nor a git revision holding %s: %s", ref, filepath.ToSlash(rel), err)
		}
		*f.into = spec.Source{Name: object, Data: data}
	}
	return rev, nil
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
