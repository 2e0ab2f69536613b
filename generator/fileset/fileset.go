// Package fileset holds rendered files in memory, saves them atomically into an output directory and compares
// them with what is on disk. The generator owns every *.gen.go file under the output directory and the merged
// spec beside them; everything else there is left alone.
//
// An output directory is used through Open, which locks it for the run (flock(2), so a killed run cannot leave
// the lock behind) and first finishes or rolls back a commit that an earlier, interrupted run left there. Write
// commits through a journal in the staging directory StagingDir, inside the output directory: a kill at any point
// leaves either the old or the new tree once the next run has opened the directory. Recovery trusts the staging
// directory only as far as it touches the generator's files (see Open), and a read-only run recovers nothing. The
// generator never writes through a symbolic link: an output directory, a directory in it or an owned file that is a
// link is refused.
package fileset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pmezard/go-difflib/difflib"
)

// SpecFile is the name of the merged OpenAPI document inside the output directory.
const SpecFile = "openapi.yaml"

// Files maps slash-separated paths, relative to the output directory, to their content.
type Files map[string][]byte

// Paths returns the paths in sorted order.
func (f Files) Paths() []string {
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Owned reports whether the generator owns a path of the output directory: the merged spec, *.gen.go and
// *.gen_test.go files.
func Owned(rel string) bool {
	return rel == SpecFile || strings.HasSuffix(rel, ".gen.go") || strings.HasSuffix(rel, ".gen_test.go")
}

// OutputError is a problem with the output directory itself, or with a path inside it.
type OutputError struct {
	Dir     string
	Problem string
	// Err is the cause, when there is one to match with errors.Is (such as ErrBusy).
	Err error
}

func (e *OutputError) Error() string { return e.Dir + ": " + e.Problem }

// Unwrap returns the cause.
func (e *OutputError) Unwrap() error { return e.Err }

// ErrBusy is the cause of the OutputError returned when another run kept the output directory locked for longer
// than Options.Wait.
var ErrBusy = errors.New("the output directory is locked by another run")

// Options tune Open.
type Options struct {
	// Wait is how long to wait for another run to release the lock; 0 gives up at once.
	Wait time.Duration
	// Notify, when set, is told in plain words that Open waits for the lock, or what it did about an interrupted
	// commit. The message starts with the output directory.
	Notify func(message string)
	// Mark, when set, is what the first line of every file the generator wrote holds (its generated-code header):
	// a file at an owned path without it is someone else's, which Write neither removes nor overwrites, and which
	// the recovery of an interrupted commit refuses to touch.
	Mark string
	// ReadOnly opens the directory for Diff only: Open then recovers nothing, and an interrupted commit in the
	// directory is an error matching ErrInterrupted; Write fails.
	ReadOnly bool
}

// Output is an output directory opened for one run; it is locked until Close.
type Output struct {
	dir  string
	opt  Options
	root *os.Root // nil while the directory does not exist
	lock *os.File
}

// Open opens the output directory dir: it locks it, waiting up to opt.Wait for another run, and finishes or rolls
// back a commit that an interrupted run left in it (with opt.ReadOnly, reports it instead). Recovery touches only the
// generator's files: a staging directory whose journal names any other, or whose staged old versions do not carry
// opt.Mark, is refused (a *JournalError) and nothing changes. A missing directory is fine: Diff then treats every file as
// new, and Write creates it (and locks it then). A symbolic link, or a file, is refused with an *OutputError,
// however the path is spelled ("link/", "link/.", "dir/../link"): it is used cleaned (filepath.Clean), and a ".."
// that would leave a symbolic link, which the system resolves from the link's target, is refused.
func Open(dir string, opt Options) (*Output, error) {
	dir, err := cleanDir(dir)
	if err != nil {
		return nil, err
	}
	o := &Output{dir: dir, opt: opt}
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return o, nil
	case err != nil:
		return nil, &OutputError{Dir: dir, Problem: err.Error()}
	case info.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(dir)
		return nil, &OutputError{Dir: dir, Problem: "the output directory is a symbolic link (to " + target +
			"); the generator does not write through links: give the directory itself"}
	case !info.IsDir():
		return nil, &OutputError{Dir: dir, Problem: "the output directory is a file"}
	}
	if err := o.attach(); err != nil {
		return nil, err
	}
	return o, nil
}

// cleanDir returns dir cleaned lexically; os.Lstat("link/") and os.Lstat("link/.") follow the link, and the
// system resolves "link/.." from the link's target, so a ".." after a symbolic link is refused: the cleaned path
// would not name the directory the system finds. An empty path stays empty (it names no directory).
func cleanDir(dir string) (string, error) {
	if dir == "" {
		return dir, nil
	}
	sep := string(filepath.Separator)
	elems := strings.Split(dir, sep)
	for i, e := range elems {
		if e != ".." {
			continue
		}
		if info, err := os.Lstat(filepath.Clean(strings.Join(elems[:i], sep))); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return "", &OutputError{Dir: dir, Problem: fmt.Sprintf("the path goes through a symbolic link before \"..\", so it does not "+
				"name %s; the generator does not write through links: give the directory itself", filepath.Clean(dir))}
		}
	}
	return filepath.Clean(dir), nil
}

// attach opens the existing directory as a root, locks it and recovers an interrupted commit.
func (o *Output) attach() error {
	root, err := os.OpenRoot(o.dir)
	if err != nil {
		return &OutputError{Dir: o.dir, Problem: "cannot open it: " + pathErrorCause(err)}
	}
	lock, err := root.Open(".")
	if err != nil {
		root.Close()
		return &OutputError{Dir: o.dir, Problem: "cannot open it: " + pathErrorCause(err)}
	}
	o.root, o.lock = root, lock
	attached := false
	defer func() {
		if !attached { // an error, or a panic
			o.Close()
		}
	}()
	if err := o.acquire(); err != nil {
		return err
	}
	if o.opt.ReadOnly {
		if err := o.refuseInterrupted(); err != nil {
			return err
		}
		attached = true
		return nil
	}
	note, err := o.recover()
	if note != "" && o.opt.Notify != nil {
		o.opt.Notify(o.dir + ": " + note)
	}
	if err != nil {
		return err
	}
	attached = true
	return nil
}

// acquire takes the lock, polling until opt.Wait has passed.
func (o *Output) acquire() error {
	deadline := time.Now().Add(o.opt.Wait)
	for notified := false; ; notified = true {
		ok, err := tryLock(o.lock)
		if err != nil {
			return &OutputError{Dir: o.dir, Problem: "cannot lock it: " + err.Error()}
		}
		if ok {
			return nil
		}
		if !time.Now().Before(deadline) {
			return &OutputError{Dir: o.dir, Err: ErrBusy,
				Problem: fmt.Sprintf("another chatt2me-gen run is using it (waited %s for it to finish)", o.opt.Wait)}
		}
		if !notified && o.opt.Notify != nil {
			o.opt.Notify(fmt.Sprintf("%s: another chatt2me-gen run is using it; waiting up to %s for it to finish", o.dir, o.opt.Wait))
		}
		time.Sleep(min(50*time.Millisecond, time.Until(deadline)))
	}
}

// Close releases the lock.
func (o *Output) Close() error {
	if o.root == nil {
		return nil
	}
	err := errors.Join(o.lock.Close(), o.root.Close())
	o.root, o.lock = nil, nil
	return err
}

// Diff compares files with the directory and returns a unified diff of every difference (empty when they match):
// changed files, files to create and generator-owned files that would be removed.
func (o *Output) Diff(files Files) (string, error) {
	p, err := o.plan(files, false)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	dir := filepath.ToSlash(o.dir)
	for _, rel := range p.replace {
		old, err := o.read(rel)
		from := path.Join(dir, rel)
		if errors.Is(err, fs.ErrNotExist) {
			from = "/dev/null"
		} else if err != nil {
			return "", err
		}
		writeDiff(&b, from, path.Join(dir, rel), old, files[rel])
	}
	for _, rel := range p.remove {
		old, err := o.read(rel)
		if err != nil {
			return "", err
		}
		writeDiff(&b, path.Join(dir, rel), "/dev/null", old, nil)
	}
	return b.String(), nil
}

// read returns the content of an owned file, or fs.ErrNotExist.
func (o *Output) read(rel string) ([]byte, error) {
	if o.root == nil {
		return nil, fs.ErrNotExist
	}
	return o.root.ReadFile(rel)
}

// Write saves files into the directory and removes the generator-owned files the set no longer has; unchanged
// files are not touched. Every new version is first written into the staging directory, then a journal of the
// moves, then old versions are moved aside and new ones in. On an error the directory is rolled back as it was;
// after a kill, the next Open rolls it back, or finishes the commit when every move was done.
func (o *Output) Write(files Files) error {
	if o.opt.ReadOnly {
		return &OutputError{Dir: o.dir, Problem: "opened read-only: nothing is written"}
	}
	for rel := range files {
		if !validPath(rel) {
			return fmt.Errorf("fileset: %q is not a path the generator may write: it must be a clean relative path to a generator-owned file", rel)
		}
	}
	created, err := o.create()
	if err != nil {
		return err
	}
	p, err := o.plan(files, true)
	if err == nil {
		err = o.commit(p, files)
	}
	if err != nil {
		for i := len(created) - 1; i >= 0; i-- {
			_ = os.Remove(created[i])
		}
	}
	return err
}

// create makes the directory, when it is missing, and attaches to it; it returns the directories it created.
func (o *Output) create() ([]string, error) {
	if o.root != nil {
		return nil, nil
	}
	var created []string
	for d := filepath.Clean(o.dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = append([]string{d}, created...)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return nil, &OutputError{Dir: o.dir, Problem: "cannot create it: " + pathErrorCause(err)}
	}
	again, err := Open(o.dir, o.opt)
	if err == nil && again.root == nil {
		err = &OutputError{Dir: o.dir, Problem: "it disappeared while being created"}
	}
	if err != nil {
		for i := len(created) - 1; i >= 0; i-- {
			_ = os.Remove(created[i])
		}
		return nil, err
	}
	o.root, o.lock = again.root, again.lock
	return created, nil
}

// validPath reports whether rel may be written: a clean, relative, slash-separated path to an owned file, with no
// element starting with a dot (the staging directory is one), and no directory outside the tree (outsideTheTree).
func validPath(rel string) bool {
	if !fs.ValidPath(rel) || rel == "." || !Owned(rel) || hasDotElement(rel) {
		return false
	}
	elems := strings.Split(rel, "/")
	return !slices.ContainsFunc(elems[:len(elems)-1], outsideTheTree)
}

func writeDiff(b *strings.Builder, from, to string, old, new []byte) {
	text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(old)), B: difflib.SplitLines(string(new)),
		FromFile: from, ToFile: to, Context: 3,
	})
	b.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		b.WriteString("\n")
	}
}

// pathErrorCause returns the cause of a *fs.PathError, without the path the caller names already.
func pathErrorCause(err error) string {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err.Error()
	}
	return err.Error()
}
