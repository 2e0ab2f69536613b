package fileset

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// StagingDir is the directory, inside the output directory, where Write stages new versions and keeps the old
// ones until the commit is over. It holds:
//
//	.gitignore   "*": git ignores the whole directory, wherever the output directory is
//	new/<path>   the new version of each file to write, until it is moved into place
//	old/<path>   the version each write or removal replaced, until the commit is over
//	journal      the plan of the commit, written once everything is staged, before the first move
//	committed    written once every move is done: from then on, the commit is finished rather than rolled back
//
// A commit or a roll-back that is over renames the whole directory to trashDir, then removes it.
const StagingDir = ".chatt2me-gen"

const (
	trashDir      = StagingDir + "-trash"
	ignoreFile    = StagingDir + "/.gitignore"
	journalFile   = StagingDir + "/journal"
	committedFile = StagingDir + "/committed"
	journalHeader = "chatt2me-gen commit journal 1"
	// ignoreAll is the staging directory's .gitignore: it ignores every file there, itself included.
	ignoreAll = "# chatt2me-gen's staging directory: never committed.\n*\n"
)

// BeforeStep, when set, is called before each step of a commit or a recovery that changes the disk, with the
// step's name (such as "stage a/a.gen.go", "journal", "aside a/a.gen.go", "move-in a/a.gen.go", "commit",
// "undo a/a.gen.go", "cleanup"). A non-nil error fails the step. It is the fault-injection point of the tests,
// which also make it stop the process there; it is nil otherwise.
var BeforeStep func(step string) error

func step(name string) error {
	if BeforeStep != nil {
		return BeforeStep(name)
	}
	return nil
}

func newPath(rel string) string { return StagingDir + "/new/" + rel }
func oldPath(rel string) string { return StagingDir + "/old/" + rel }

// commit applies p: stage, journal, moves, commit mark, cleanup. A failure before the commit mark rolls back.
func (o *Output) commit(p *plan, files Files) error {
	if p.empty() {
		return nil
	}
	if err := o.stage(p, files); err != nil {
		return errors.Join(err, o.discard())
	}
	if err := o.writeJournal(p); err != nil {
		return errors.Join(err, o.discard())
	}
	if err := o.apply(p); err != nil {
		if undoErr := o.rollback(p); undoErr != nil {
			return fmt.Errorf("%w; rolling back also failed (the next run will retry): %v", err, undoErr)
		}
		return err
	}
	if err := step("commit"); err != nil {
		return errors.Join(err, o.rollback(p))
	}
	if err := o.root.WriteFile(committedFile, nil, 0o644); err != nil {
		return errors.Join(o.errorAt(committedFile, pathErrorCause(err)), o.rollback(p))
	}
	if err := o.finish(p); err != nil {
		return o.errorAt(StagingDir, "the files are committed, but removing the staging directory failed (the next run will): "+err.Error())
	}
	return nil
}

// stage writes every new version into the staging directory.
func (o *Output) stage(p *plan, files Files) error {
	if err := o.root.Mkdir(StagingDir, 0o755); err != nil {
		return o.errorAt(StagingDir, "cannot create the staging directory: "+pathErrorCause(err))
	}
	if err := o.root.WriteFile(ignoreFile, []byte(ignoreAll), 0o644); err != nil {
		return o.errorAt(ignoreFile, pathErrorCause(err))
	}
	for _, rel := range p.replace {
		if err := step("stage " + rel); err != nil {
			return err
		}
		if err := o.root.MkdirAll(path.Dir(newPath(rel)), 0o755); err != nil {
			return o.errorAt(newPath(rel), pathErrorCause(err))
		}
		if err := o.root.WriteFile(newPath(rel), files[rel], 0o644); err != nil {
			return o.errorAt(newPath(rel), pathErrorCause(err))
		}
	}
	return nil
}

// writeJournal records p in the staging directory, atomically: from then on, a recovery knows what to undo.
func (o *Output) writeJournal(p *plan) error {
	if err := step("journal"); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(journalHeader + "\n")
	for _, entry := range []struct {
		verb  string
		paths []string
	}{{"mkdir", p.mkdir}, {"replace", p.replace}, {"remove", p.remove}} {
		for _, rel := range entry.paths {
			b.WriteString(entry.verb + " " + rel + "\n")
		}
	}
	if err := o.root.WriteFile(journalFile+".tmp", []byte(b.String()), 0o644); err != nil {
		return o.errorAt(journalFile, pathErrorCause(err))
	}
	if err := o.root.Rename(journalFile+".tmp", journalFile); err != nil {
		return o.errorAt(journalFile, pathErrorCause(err))
	}
	return nil
}

// apply moves every old version aside, creates the new directories and moves every new version in.
func (o *Output) apply(p *plan) error {
	for _, rel := range append(append([]string{}, p.replace...), p.remove...) {
		if !o.exists(rel) {
			continue
		}
		if err := step("aside " + rel); err != nil {
			return err
		}
		if err := o.move(rel, oldPath(rel)); err != nil {
			return err
		}
	}
	for _, dir := range p.mkdir {
		if err := step("mkdir " + dir); err != nil {
			return err
		}
		if err := o.root.Mkdir(dir, 0o755); err != nil {
			return o.errorAt(dir, pathErrorCause(err))
		}
	}
	for _, rel := range p.replace {
		if err := step("move-in " + rel); err != nil {
			return err
		}
		if err := o.root.Rename(newPath(rel), rel); err != nil {
			return o.errorAt(rel, pathErrorCause(err))
		}
	}
	return nil
}

// finish ends a commit whose every move is done: it removes the directories the removals emptied, then the
// staging directory.
func (o *Output) finish(p *plan) error {
	for _, rel := range p.remove {
		for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
			if err := step("tidy " + dir); err != nil {
				return err
			}
			if err := o.root.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
				break // not empty: it holds other files
			}
		}
	}
	return o.discard()
}

// rollback puts every file of p back as it was, whichever of the moves of apply were done, and removes the
// staging directory. Each step leaves a state that a later rollback handles too, so it can itself be
// interrupted: a new version moved in goes back to the staging directory before the old one returns.
func (o *Output) rollback(p *plan) error {
	for i := len(p.replace) - 1; i >= 0; i-- {
		rel := p.replace[i]
		if !o.exists(newPath(rel)) && o.exists(rel) {
			if err := step("undo " + rel); err != nil {
				return err
			}
			if err := o.move(rel, newPath(rel)); err != nil {
				return err
			}
		}
		if err := o.restore(rel); err != nil {
			return err
		}
	}
	for _, rel := range p.remove {
		if err := o.restore(rel); err != nil {
			return err
		}
	}
	for i := len(p.mkdir) - 1; i >= 0; i-- {
		if err := step("rmdir " + p.mkdir[i]); err != nil {
			return err
		}
		_ = o.root.Remove(p.mkdir[i]) // only if empty: the directory may hold files that are not the generator's
	}
	return o.discard()
}

// restore moves the old version of rel, if one was moved aside, back into place.
func (o *Output) restore(rel string) error {
	if !o.exists(oldPath(rel)) {
		return nil
	}
	if err := step("restore " + rel); err != nil {
		return err
	}
	return o.move(oldPath(rel), rel)
}

// discard removes the staging directory: renamed away first, so that no half-removed journal is ever read.
func (o *Output) discard() error {
	if err := step("cleanup"); err != nil {
		return err
	}
	if err := o.root.RemoveAll(trashDir); err != nil {
		return o.errorAt(trashDir, pathErrorCause(err))
	}
	if err := o.root.Rename(StagingDir, trashDir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return o.errorAt(StagingDir, pathErrorCause(err))
	}
	if err := o.root.RemoveAll(trashDir); err != nil {
		return o.errorAt(trashDir, pathErrorCause(err))
	}
	return nil
}

// move renames from to to, both inside the directory, creating the parent of to.
func (o *Output) move(from, to string) error {
	if err := o.root.MkdirAll(path.Dir(to), 0o755); err != nil {
		return o.errorAt(to, pathErrorCause(err))
	}
	if err := o.root.Rename(from, to); err != nil {
		return o.errorAt(from, pathErrorCause(err))
	}
	return nil
}

func (o *Output) exists(rel string) bool {
	_, err := o.root.Lstat(rel)
	return err == nil
}
