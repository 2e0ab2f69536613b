package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/semver"

	"github.com/chatt2me/chatt2me-go/generator"
	"github.com/chatt2me/chatt2me-go/generator/drift"
)

// Files of the repository that a release changes, relative to its root.
const (
	versionFile   = "generator/plan/version.go"
	changelogFile = "CHANGELOG.md"
	goldenDir     = "generator/testdata"
)

// versionLine is the line of versionFile that holds the version.
var versionLine = regexp.MustCompile(`(?m)^const Version = "[^"\n]*"$`)

// runRelease implements `chatt2me-gen release vX.Y.Z`, which `make release VERSION=vX.Y.Z` runs.
func runRelease(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("chatt2me-gen release", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage: chatt2me-gen release vX.Y.Z

Releases the generator and the SDK as vX.Y.Z, in a working copy without changes, where generated/ is what the spec
produces. It refuses a version that is not above the last tag v*, or that the drift report since that tag says is
too small (a breaking change needs a major bump, or a minor one below v1). Then it sets the version in
generator/plan/version.go, regenerates generated/ and the goldens, writes the CHANGELOG.md entry from the drift
report, commits, and tags vX.Y.Z and generated/vX.Y.Z. It pushes nothing.

Exit status: 0 released, 2 refused (nothing was changed) or failed.
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
		fmt.Fprintln(stderr, "chatt2me-gen release: run it inside the repository")
		return exitBadInput
	}
	r := &release{root: root, version: flags.Arg(0), stdout: stdout, stderr: stderr}
	if err := r.run(); err != nil {
		fmt.Fprintf(stderr, "chatt2me-gen release: %v\n", err)
		return exitBadInput
	}
	return exitOK
}

// release is one run of the release procedure.
type release struct {
	root, version  string
	stdout, stderr io.Writer
}

// tags are the tags of the release: the repository's, and the SDK module's.
func (r *release) tags() []string { return []string{r.version, "generated/" + r.version} }

// run checks everything before it changes anything; a failure while changing files puts them back.
func (r *release) run() error {
	if !semver.IsValid(r.version) || semver.Canonical(r.version) != r.version {
		return fmt.Errorf("%q is not a semantic version vMAJOR.MINOR.PATCH (such as v0.3.0)", r.version)
	}
	if err := r.checkRepository(); err != nil {
		return err
	}
	last, err := r.lastTag()
	if err != nil {
		return err
	}
	if last != "" && semver.Compare(r.version, last) <= 0 {
		return fmt.Errorf("%s is not above the last release, %s", r.version, last)
	}
	entry, err := r.changes(last)
	if err != nil {
		return err
	}
	if err := r.apply(entry); err != nil {
		if restoreErr := r.restore(); restoreErr != nil {
			return fmt.Errorf("%w; putting the files back also failed (git status shows them): %v", err, restoreErr)
		}
		return fmt.Errorf("%w; the files are as they were", err)
	}
	return r.commitAndTag(last)
}

// checkRepository refuses a working copy with changes, a release whose tags exist, and a stale generated/.
func (r *release) checkRepository() error {
	status, err := r.git("status", "--porcelain")
	if err != nil {
		return err
	}
	if status != "" {
		return fmt.Errorf("the working copy has changes; commit or stash them first:\n%s", status)
	}
	for _, tag := range r.tags() {
		if _, err := r.git("rev-parse", "-q", "--verify", "refs/tags/"+tag); err == nil {
			return fmt.Errorf("the tag %s exists already", tag)
		}
	}
	specPath := r.path(defaultSpec)
	res, err := generator.Generate(specPath, r.path(defaultFragment), generator.DefaultImportPath, overlays(specPath, "", false)...)
	if err != nil {
		return err
	}
	output, err := openOutput(r.path(defaultOut), defaultLockWait, true, r.stderr)
	if err != nil {
		return err
	}
	defer output.Close()
	if diff, err := output.Diff(res.Files); err != nil {
		return err
	} else if diff != "" {
		return errors.New("generated/ is not what the spec produces: run `make generate` and commit the result first")
	}
	return nil
}

// lastTag returns the highest tag vX.Y.Z that HEAD contains, or "" when there is none.
func (r *release) lastTag() (string, error) {
	list, err := r.git("tag", "--list", "--merged", "HEAD", "v*")
	if err != nil {
		return "", err
	}
	last := ""
	for _, tag := range strings.Fields(list) {
		if semver.IsValid(tag) && semver.Canonical(tag) == tag && (last == "" || semver.Compare(tag, last) > 0) {
			last = tag
		}
	}
	return last, nil
}

// changes returns the CHANGELOG.md entry of the release, from the drift report since last: it refuses a version
// the report says is too small, and prints the report then.
func (r *release) changes(last string) (string, error) {
	heading := fmt.Sprintf("## %s (%s)\n\n", r.version, time.Now().UTC().Format(time.DateOnly))
	if last == "" {
		return heading + "The first release.\n", nil
	}
	specPath := r.path(defaultSpec)
	base, err := gitRevision(r.root, last, specPath, r.path(defaultFragment), overlayBeside(specPath))
	if err != nil {
		return "", err
	}
	head, err := readRevision("`"+r.version+"`", specPath, r.path(defaultFragment), overlays(specPath, "", false))
	if err != nil {
		return "", err
	}
	report, err := drift.Compare(base, head, r.root)
	if err != nil {
		return "", err
	}
	if least := leastVersion(last, report.Breaking()); least != "" && semver.Compare(r.version, least) < 0 {
		fmt.Fprint(r.stdout, report.Markdown())
		return "", fmt.Errorf("%s is too small: the drift since %s is breaking (the report is on standard output), which "+
			"needs %s or above", r.version, last, least)
	}
	// The report's headings go one level down, under the release's.
	return heading + strings.ReplaceAll("\n"+report.Markdown(), "\n#", "\n##")[1:], nil
}

// leastVersion returns the smallest version a breaking change since last allows: the next major version, or below
// v1 the next minor one; "" when nothing is breaking (any version above last will do).
func leastVersion(last string, breaking bool) string {
	if !breaking {
		return ""
	}
	major, _ := strconv.Atoi(strings.TrimPrefix(semver.Major(last), "v"))
	if major > 0 {
		return fmt.Sprintf("v%d.0.0", major+1)
	}
	minor, _ := strconv.Atoi(strings.TrimPrefix(semver.MajorMinor(last), "v0."))
	return fmt.Sprintf("v0.%d.0", minor+1)
}

// apply sets the version, regenerates generated/ and the goldens with it, and adds the entry to CHANGELOG.md.
func (r *release) apply(entry string) error {
	source, err := os.ReadFile(r.path(versionFile))
	if err != nil {
		return err
	}
	if n := len(versionLine.FindAll(source, -1)); n != 1 {
		return fmt.Errorf("%s: %d lines `const Version = \"…\"`, want one", versionFile, n)
	}
	line := fmt.Sprintf("const Version = %q", strings.TrimPrefix(r.version, "v"))
	if err := os.WriteFile(r.path(versionFile), versionLine.ReplaceAll(source, []byte(line)), 0o644); err != nil {
		return err
	}
	// The generator and the golden tests are built again, with the new version (-trimpath, as make builds the
	// generator: the build cache keeps what did not change).
	if err := r.command("go", "run", "-trimpath", "./cmd/chatt2me-gen"); err != nil {
		return err
	}
	if err := r.command("go", "test", "-trimpath", "-count=1", "-run", "^(TestGolden|TestPlanGolden)$", "./generator", "-update"); err != nil {
		return err
	}
	changelog, err := os.ReadFile(r.path(changelogFile))
	if errors.Is(err, os.ErrNotExist) {
		changelog = []byte("# Changelog\n\nEach release of the generator and of the SDK (the tags vX.Y.Z and generated/vX.Y.Z), " +
			"newest first, with the drift report since the one before.\n")
	} else if err != nil {
		return err
	}
	title, rest, _ := bytes.Cut(changelog, []byte("\n## "))
	updated := string(title) + "\n" + entry
	if len(rest) > 0 {
		updated += "\n## " + string(rest)
	}
	return os.WriteFile(r.path(changelogFile), []byte(updated), 0o644)
}

// restore puts back what apply changed.
func (r *release) restore() error {
	if _, err := r.git("checkout", "-q", "HEAD", "--", versionFile, defaultOut, goldenDir); err != nil {
		return err
	}
	if _, err := r.git("clean", "-fdq", "--", defaultOut, goldenDir); err != nil {
		return err
	}
	if _, err := r.git("cat-file", "-e", "HEAD:"+changelogFile); err != nil {
		return os.RemoveAll(r.path(changelogFile))
	}
	_, err := r.git("checkout", "-q", "HEAD", "--", changelogFile)
	return err
}

// commitAndTag commits the release and tags it; it pushes nothing.
func (r *release) commitAndTag(last string) error {
	if _, err := r.git("add", "--", versionFile, defaultOut, goldenDir, changelogFile); err != nil {
		return err
	}
	since := "the first release"
	if last != "" {
		since = "the drift report since " + last + " in CHANGELOG.md"
	}
	message := fmt.Sprintf("Release %s: the generator and the SDK, tagged %s and generated/%s (%s)", r.version, r.version, r.version, since)
	if _, err := r.git("commit", "-q", "-m", message); err != nil {
		return err
	}
	for _, tag := range r.tags() {
		if _, err := r.git("tag", "-a", "-m", "chatt2me-go "+tag, tag); err != nil {
			return fmt.Errorf("%w (the release is committed; tag it by hand)", err)
		}
	}
	fmt.Fprintf(r.stdout, "chatt2me-gen release: %s committed and tagged %s; nothing was pushed. To publish it:\n"+
		"  git push origin HEAD %s\n", r.version, strings.Join(r.tags(), " and "), strings.Join(r.tags(), " "))
	return nil
}

// path returns a path of the repository, from its root.
func (r *release) path(rel string) string { return relativeTo(r.root, rel) }

// git runs git in the repository and returns its standard output; a failure is an error with its standard error.
func (r *release) git(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.root
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// command runs a command in the repository, its output going to standard error.
func (r *release) command(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = r.root
	cmd.Stdout, cmd.Stderr = r.stderr, r.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return nil
}
