package fileset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// plan is what a Write changes, in paths relative to the output directory: the files to write (new or changed),
// the owned files to remove, and the directories to create for new files, parents first.
type plan struct {
	replace, remove, mkdir []string
}

func (p *plan) empty() bool { return len(p.replace) == 0 && len(p.remove) == 0 }

// plan compares files with the directory. It refuses symbolic links on the way to any owned file and, when
// writing, read-only directories.
func (o *Output) plan(files Files, writing bool) (*plan, error) {
	p := &plan{}
	if o.root == nil {
		p.replace = files.Paths()
		return p, nil
	}
	if info, err := o.root.Stat("."); err != nil {
		return nil, &OutputError{Dir: o.dir, Problem: pathErrorCause(err)}
	} else if writing && info.Mode().Perm()&0o200 == 0 {
		return nil, &OutputError{Dir: o.dir, Problem: "the output directory is read-only"}
	}
	onDisk, err := o.ownedOnDisk(writing)
	if err != nil {
		return nil, err
	}
	missing := map[string]bool{}
	for _, rel := range files.Paths() {
		changed, err := o.inspect(rel, files[rel], p, missing)
		if err != nil {
			return nil, err
		}
		if changed {
			p.replace = append(p.replace, rel)
		}
	}
	for _, rel := range onDisk {
		if _, keep := files[rel]; keep {
			continue // inspect checked its mark
		}
		if mine, err := o.markedOnDisk(rel); err != nil {
			return nil, err
		} else if mine { // a file of that name the generator did not write is not its to remove
			p.remove = append(p.remove, rel)
		}
	}
	return p, nil
}

// inspect reports whether rel differs from data on disk. It adds the missing directories on the way to rel to
// p.mkdir, and refuses a link or a file where a directory belongs, and anything but a regular file at rel.
func (o *Output) inspect(rel string, data []byte, p *plan, missing map[string]bool) (bool, error) {
	elems := strings.Split(rel, "/")
	for i := range elems[:len(elems)-1] {
		dir := strings.Join(elems[:i+1], "/")
		if missing[path.Dir(dir)] || missing[dir] {
			if !missing[dir] {
				missing[dir] = true
				p.mkdir = append(p.mkdir, dir)
			}
			continue
		}
		info, err := o.root.Lstat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing[dir] = true
			p.mkdir = append(p.mkdir, dir)
		case err != nil:
			return false, o.errorAt(dir, pathErrorCause(err))
		case info.Mode()&fs.ModeSymlink != 0:
			return false, o.errorAt(dir, "is a symbolic link; the generator does not write through links: make it a directory")
		case !info.IsDir():
			return false, o.errorAt(dir, "is a file where the generator needs a directory")
		case o.isModule(dir):
			return false, o.errorAt(dir, "holds a go.mod of its own: it is another module, where the generator does not write; "+
				"move that module, or give another output directory")
		}
	}
	if missing[path.Dir(rel)] {
		return true, nil
	}
	info, err := o.root.Lstat(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, o.errorAt(rel, pathErrorCause(err))
	case !info.Mode().IsRegular(): // a link is refused by ownedOnDisk already
		return false, o.errorAt(rel, "expected a regular file")
	}
	old, err := o.root.ReadFile(rel)
	if err != nil {
		return false, o.errorAt(rel, pathErrorCause(err))
	}
	if !o.marked(old) {
		return false, o.errorAt(rel, fmt.Sprintf("exists, but the generator did not write it (its first line does not say %q): "+
			"it overwrites no other file; move it, or give another output directory", o.opt.Mark))
	}
	return !bytes.Equal(old, data), nil
}

// marked reports whether the content of a file starts with a line holding Options.Mark (always true without one).
func (o *Output) marked(content []byte) bool {
	first, _, _ := bytes.Cut(content, []byte("\n"))
	return o.opt.Mark == "" || bytes.Contains(first, []byte(o.opt.Mark))
}

// markedOnDisk reports whether the file rel starts with a line holding Options.Mark, reading no more than that.
func (o *Output) markedOnDisk(rel string) (bool, error) {
	if o.opt.Mark == "" {
		return true, nil
	}
	f, err := o.root.Open(rel)
	if err != nil {
		return false, o.errorAt(rel, pathErrorCause(err))
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, o.errorAt(rel, pathErrorCause(err))
	}
	return o.marked(head[:n]), nil
}

// ownedOnDisk lists the files at generator-owned paths in the directory (whether they carry Options.Mark is checked
// where it matters: by inspect for a file to write, by plan for one to remove), not following links, and stopping
// where the go command's tree stops (see outsideTheTree). When writing, a read-only directory is an error.
func (o *Output) ownedOnDisk(writing bool) ([]string, error) {
	var out []string
	err := fs.WalkDir(o.root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return o.errorAt(rel, pathErrorCause(err))
		}
		if d.IsDir() {
			if rel != "." && (outsideTheTree(d.Name()) || o.isModule(rel)) {
				return fs.SkipDir
			}
			if info, err := d.Info(); writing && err == nil && info.Mode().Perm()&0o200 == 0 && rel != "." {
				return o.errorAt(rel, "the directory is read-only")
			}
			return nil
		}
		if !Owned(rel) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return o.errorAt(rel, "is a symbolic link where the generator owns a file; the generator does not write through links: remove it")
		}
		out = append(out, rel)
		return nil
	})
	return out, err
}

// outsideTheTree reports whether a directory of that name is outside the output directory's tree, as it is outside
// the go command's: a name starting with a dot (the staging directory among them) or "_", vendor and testdata.
func outsideTheTree(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor" || name == "testdata"
}

// isModule reports whether the directory rel holds a go.mod: it is another module, outside the output directory's
// tree.
func (o *Output) isModule(rel string) bool {
	_, err := o.root.Lstat(rel + "/go.mod")
	return err == nil
}

// errorAt is an *OutputError for a path inside the directory.
func (o *Output) errorAt(rel, problem string) *OutputError {
	return &OutputError{Dir: filepath.Join(o.dir, filepath.FromSlash(rel)), Problem: problem}
}
