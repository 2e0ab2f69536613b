package fileset

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// ErrInterrupted is the cause of the *OutputError that Open returns, with Options.ReadOnly, when the output
// directory holds a commit that an earlier run left unfinished: a read-only run does not repair it.
var ErrInterrupted = errors.New("a previous run was interrupted in the middle of a commit")

// JournalError is a staging directory that recovery does not trust: a malformed journal, or one that names a file
// the generator does not own, or whose file in the output directory or staged old version does not carry
// Options.Mark. Recovery then changes nothing.
type JournalError struct {
	Journal string // the journal's path
	Line    int    // the line of the entry
	Problem string
}

func (e *JournalError) Error() string {
	return fmt.Sprintf("%s:%d: %s; recovery refused, nothing was changed (a journal of the generator names only the files "+
		"it owns and staged): look at what %s holds, and remove it", e.Journal, e.Line, e.Problem, filepath.Dir(e.Journal))
}

// journalEntry is a line of the journal.
type journalEntry struct {
	verb, rel string
	line      int
}

// recovery is what an interrupted commit needs: nothing, the removal of a staging directory that moved no file,
// the end of a commit whose every move was done, or a roll-back.
type recovery int

const (
	nothingToRecover recovery = iota
	discardStaging
	finishCommit
	rollBack
)

// pending reports what the commit an interrupted run left needs, with its plan, having checked that recovering it
// touches only the generator's files (see trust). It changes nothing.
func (o *Output) pending() (recovery, *plan, error) {
	info, err := o.root.Lstat(StagingDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nothingToRecover, nil, nil
	case err != nil:
		return 0, nil, o.errorAt(StagingDir, pathErrorCause(err))
	case !info.IsDir():
		return 0, nil, o.errorAt(StagingDir, "is not a directory, so not the generator's staging directory; recovery refused, "+
			"nothing was changed: look at what it is, and remove it")
	}
	if err := o.checkStaging(); err != nil {
		return 0, nil, err
	}
	p, entries, err := o.readJournal()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return discardStaging, nil, nil
	case err != nil:
		return 0, nil, err
	}
	if err := o.trust(p, entries); err != nil {
		return 0, nil, err
	}
	if o.exists(committedFile) {
		return finishCommit, p, nil
	}
	return rollBack, p, nil
}

// recover finishes or rolls back the commit an interrupted run left, and says what it did ("" when there was
// nothing to do, or on an error).
func (o *Output) recover() (string, error) {
	r, p, err := o.pending()
	if err != nil {
		return "", err
	}
	var note string
	switch r {
	case nothingToRecover:
		if o.exists(trashDir) {
			err = o.discard()
		}
	case discardStaging:
		note, err = "a previous run was interrupted before it changed any file; removed its staging directory", o.discard()
	case finishCommit:
		note, err = "a previous run was interrupted after it had replaced every file; finished its cleanup", o.finish(p)
	case rollBack:
		note = fmt.Sprintf("a previous run was interrupted while replacing files; rolled it back, so the files "+
			"are as they were before that run (%d to write, %d to remove)", len(p.replace), len(p.remove))
		err = o.rollback(p)
	}
	if err != nil {
		return "", &OutputError{Dir: o.dir, Problem: "cannot recover the interrupted commit in " + StagingDir + ": " + err.Error()}
	}
	return note, nil
}

// refuseInterrupted is recover for a read-only run: an interrupted commit is an error wrapping ErrInterrupted, which
// says what it left (a leftover of a finished commit's cleanup, which changes no file, is no error).
func (o *Output) refuseInterrupted() error {
	r, p, err := o.pending()
	if err != nil {
		return err
	}
	var left string
	switch r {
	case nothingToRecover:
		return nil
	case discardStaging:
		left = "before it changed any file"
	case finishCommit:
		left = "after it had replaced every file, before its cleanup"
	case rollBack:
		left = fmt.Sprintf("while replacing files (%d to write, %d to remove)", len(p.replace), len(p.remove))
	}
	return &OutputError{Dir: o.dir, Err: ErrInterrupted, Problem: "a previous run was interrupted " + left +
		"; its staging directory " + StagingDir + " is there, and a read-only run does not repair it"}
}

// readJournal reads the plan back, with the journal's entries; a missing journal is fs.ErrNotExist. An entry that
// is not a clean relative path, or whose file is not one the generator owns, is a *JournalError.
func (o *Output) readJournal() (*plan, []journalEntry, error) {
	data, err := o.root.ReadFile(journalFile)
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != journalHeader {
		return nil, nil, o.journalError(1, "not a journal this version of chatt2me-gen wrote")
	}
	p := &plan{}
	var entries []journalEntry
	for i, line := range lines[1:] {
		verb, rel, _ := strings.Cut(line, " ")
		into := map[string]*[]string{"mkdir": &p.mkdir, "replace": &p.replace, "remove": &p.remove}[verb]
		switch {
		case into == nil || !fs.ValidPath(rel) || rel == "." || hasDotElement(rel):
			return nil, nil, o.journalError(i+2, fmt.Sprintf("malformed entry %q", line))
		case verb != "mkdir" && !Owned(rel):
			return nil, nil, o.journalError(i+2, fmt.Sprintf("%q: %s is not a file the generator owns (only %s, *.gen.go "+
				"and *.gen_test.go files are)", line, rel, SpecFile))
		case verb != "mkdir" && !validPath(rel):
			return nil, nil, o.journalError(i+2, fmt.Sprintf("%q: %s is outside the generator's tree (under vendor/, "+
				"testdata/ or a directory starting with _)", line, rel))
		}
		*into = append(*into, rel)
		entries = append(entries, journalEntry{verb: verb, rel: rel, line: i + 2})
	}
	return p, entries, nil
}

// trust checks, before anything changes, that recovering the journal touches only the generator's files: each
// directory it would create is on the way to a file it writes; no directory on the way to a file it names is a
// symbolic link or another module; and the file it names, in the output directory and as the old version staged for it, is a regular
// file carrying Options.Mark wherever it exists.
func (o *Output) trust(p *plan, entries []journalEntry) error {
	for _, e := range entries {
		if e.verb == "mkdir" {
			if !leadsToAny(e.rel, p.replace) {
				return o.journalError(e.line, fmt.Sprintf("%q: %s is not a directory on the way to a file the journal writes", e.verb+" "+e.rel, e.rel))
			}
			continue
		}
		if problem := o.offTheWay(e.rel); problem != "" {
			return o.journalError(e.line, fmt.Sprintf("%q: %s", e.verb+" "+e.rel, problem))
		}
		for _, rel := range []string{e.rel, oldPath(e.rel)} {
			if problem, err := o.notTheGenerators(rel); err != nil {
				return err
			} else if problem != "" {
				return o.journalError(e.line, fmt.Sprintf("%q: %s %s", e.verb+" "+e.rel, rel, problem))
			}
		}
	}
	return nil
}

// notTheGenerators says why the file rel is not one the generator wrote ("" when it is, or when it does not exist).
func (o *Output) notTheGenerators(rel string) (string, error) {
	info, err := o.root.Lstat(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", o.errorAt(rel, pathErrorCause(err))
	case !info.Mode().IsRegular():
		return "is not a regular file", nil
	}
	if mine, err := o.markedOnDisk(rel); err != nil || mine {
		return "", err
	}
	return fmt.Sprintf("does not carry the generator's header (its first line does not say %q)", o.opt.Mark), nil
}

// checkStaging refuses a staging directory that holds anything but directories and regular files: the generator
// stages nothing else, and a link would lead recovery out of its files.
func (o *Output) checkStaging() error {
	return fs.WalkDir(o.root.FS(), StagingDir, func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return o.errorAt(rel, pathErrorCause(err))
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			return o.errorAt(rel, "is not a regular file, which the generator never stages; recovery refused, nothing was "+
				"changed: look at what "+StagingDir+" holds, and remove it")
		}
		return nil
	})
}

// offTheWay says why the way to rel leaves the generator's tree: a directory on it that is a symbolic link, or that
// holds a go.mod (another module); "" when none does.
func (o *Output) offTheWay(rel string) string {
	elems := strings.Split(rel, "/")
	for i := 1; i < len(elems); i++ {
		dir := strings.Join(elems[:i], "/")
		if info, err := o.root.Lstat(dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return dir + " is a symbolic link; the generator does not write through links"
		}
		if o.isModule(dir) {
			return dir + " holds a go.mod of its own: it is another module"
		}
	}
	return ""
}

// leadsToAny reports whether dir is a directory on the way to one of paths.
func leadsToAny(dir string, paths []string) bool {
	for _, p := range paths {
		if strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// hasDotElement reports whether an element of the slash-separated path rel starts with a dot.
func hasDotElement(rel string) bool {
	for _, elem := range strings.Split(rel, "/") {
		if strings.HasPrefix(elem, ".") {
			return true
		}
	}
	return false
}

// journalError is a *JournalError at a line of the journal.
func (o *Output) journalError(line int, problem string) *JournalError {
	return &JournalError{Journal: filepath.Join(o.dir, filepath.FromSlash(journalFile)), Line: line, Problem: problem}
}
