// Package source presents a site's sources to the engine as one filesystem: the union of
// the agency (or national) site folder on disk and the national base embedded in the
// binary, where a file in the site folder wins over the base file at the same path.
//
// Why a union filesystem rather than extracting the base to disk or listing two mounts:
// the engine then sees each source at its real absolute path under the site folder, so
// positions in diagnostics and watch events are the paths an editor knows, nothing is
// written outside the output folder, and a site folder needs no theme files on disk.
//
// Only the folders a site may carry are visible (see Dirs); anything else in the site
// folder (a stray hugo.toml, go.mod, public/, .git) stays invisible to the engine, so the
// configuration always comes from gnrm's own code and profile.
package source

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/bep/overlayfs"
	"github.com/spf13/afero"
)

// Dirs are the top-level folders of a site folder that take part in a build.
var Dirs = []string{"archetypes", "assets", "content", "data", "i18n", "layouts", "static", "themes"}

// Union returns the read-only union of siteDir (an absolute, clean path on disk) and base
// (an fs.FS whose root holds content/, themes/, ...), seen at siteDir's absolute path.
// Paths outside siteDir pass through to the operating system (the engine's cache lives
// there).
//
// hidden names folders (slash paths relative to the site folder, such as
// "content/agenda") left out of the union: the national sections an agency excludes.
func Union(siteDir string, base fs.FS, hidden ...string) afero.Fs {
	v := visibility(hidden)
	os := &scoped{Fs: afero.NewOsFs(), root: siteDir, visible: v}
	layers := []afero.Fs{os}
	if base != nil {
		layers = append(layers, &mounted{base: base, root: siteDir, visible: v})
	}
	return overlayfs.New(overlayfs.Options{Fss: layers, FirstWritable: true, DirsMerger: mergeDirs})
}

// mergeDirs merges the listings of one folder in two layers, the upper layer's entries
// winning, with a set: the library's default compares every pair, which costs seconds
// on a news folder of ten thousand files.
func mergeDirs(upper, lower []fs.DirEntry) []fs.DirEntry {
	seen := make(map[string]struct{}, len(upper))
	for _, e := range upper {
		seen[e.Name()] = struct{}{}
	}
	for _, e := range lower {
		if _, ok := seen[e.Name()]; !ok {
			upper = append(upper, e)
		}
	}
	return upper
}

// rel reports name relative to root and whether it is inside root at all.
func rel(root, name string) (string, bool) {
	name = filepath.Clean(name)
	if name == root {
		return ".", true
	}
	if r, ok := strings.CutPrefix(name, root+string(filepath.Separator)); ok {
		return filepath.ToSlash(r), true
	}
	return "", false
}

// visibility returns whether a path relative to the site root may be seen by the
// engine: it lies in one of Dirs and not in a hidden folder.
func visibility(hidden []string) func(string) bool {
	return func(r string) bool {
		if r == "." {
			return true
		}
		top, _, _ := strings.Cut(r, "/")
		if !slices.Contains(Dirs, top) {
			return false
		}
		for _, h := range hidden {
			if r == h || strings.HasPrefix(r, h+"/") {
				return false
			}
		}
		return true
	}
}

// scoped is the operating system's filesystem with the site folder narrowed to Dirs.
type scoped struct {
	afero.Fs
	root    string
	visible func(string) bool
}

func (s *scoped) hidden(name string) bool {
	r, in := rel(s.root, name)
	return in && !s.visible(r)
}

func notExist(op, name string) error { return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist} }

func (s *scoped) Open(name string) (afero.File, error) {
	if s.hidden(name) {
		return nil, notExist("open", name)
	}
	f, err := s.Fs.Open(name)
	if err != nil {
		return f, err
	}
	r, in := rel(s.root, name)
	if !in {
		return f, nil
	}
	if fi, err := f.Stat(); err != nil || !fi.IsDir() {
		return f, nil
	}
	return &filteredDir{File: f, dir: r, visible: s.visible}, nil
}

func (s *scoped) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if s.hidden(name) {
		return nil, notExist("open", name)
	}
	if _, in := rel(s.root, name); in && flag == os.O_RDONLY {
		return s.Open(name)
	}
	return s.Fs.OpenFile(name, flag, perm)
}

func (s *scoped) Stat(name string) (os.FileInfo, error) {
	if s.hidden(name) {
		return nil, notExist("stat", name)
	}
	return s.Fs.Stat(name)
}

func (s *scoped) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	if s.hidden(name) {
		return nil, false, notExist("lstat", name)
	}
	fi, err := os.Lstat(name)
	return fi, true, err
}

// filteredDir is a folder of the site that lists only its visible entries.
type filteredDir struct {
	afero.File
	dir     string // relative to the site root, "." for the root
	visible func(string) bool
}

func (d *filteredDir) Readdir(n int) ([]os.FileInfo, error) {
	all, err := d.File.Readdir(-1)
	var out []os.FileInfo
	for _, fi := range all {
		if d.visible(path.Join(d.dir, fi.Name())) {
			out = append(out, fi)
		}
	}
	return out, err
}

func (d *filteredDir) ReadDir(n int) ([]fs.DirEntry, error) {
	fis, err := d.Readdir(n)
	es := make([]fs.DirEntry, len(fis))
	for i, fi := range fis {
		es[i] = fs.FileInfoToDirEntry(fi)
	}
	return es, err
}

func (d *filteredDir) Readdirnames(n int) ([]string, error) {
	fis, err := d.Readdir(n)
	names := make([]string, len(fis))
	for i, fi := range fis {
		names[i] = fi.Name()
	}
	return names, err
}

// mounted shows an fs.FS (the embedded base) at root, read-only.
type mounted struct {
	base    fs.FS
	root    string
	visible func(string) bool
}

func (m *mounted) path(op, name string) (string, error) {
	r, in := rel(m.root, name)
	if !in || !m.visible(r) {
		return "", notExist(op, name)
	}
	return r, nil
}

func (m *mounted) Open(name string) (afero.File, error) {
	r, err := m.path("open", name)
	if err != nil {
		return nil, err
	}
	f, err := m.base.Open(r)
	if err != nil {
		return nil, notExist("open", name)
	}
	return &baseFile{File: f, name: filepath.Clean(name), dir: r, visible: m.visible}, nil
}

func (m *mounted) OpenFile(name string, flag int, _ os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		return nil, readOnly("open", name)
	}
	return m.Open(name)
}

func (m *mounted) Stat(name string) (os.FileInfo, error) {
	r, err := m.path("stat", name)
	if err != nil {
		return nil, err
	}
	fi, err := fs.Stat(m.base, r)
	if err != nil {
		return nil, notExist("stat", name)
	}
	return fi, nil
}

func readOnly(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: fs.ErrPermission}
}

func (m *mounted) Create(name string) (afero.File, error)    { return nil, readOnly("create", name) }
func (m *mounted) Mkdir(name string, _ os.FileMode) error    { return readOnly("mkdir", name) }
func (m *mounted) MkdirAll(name string, _ os.FileMode) error { return readOnly("mkdir", name) }
func (m *mounted) Remove(name string) error                  { return readOnly("remove", name) }
func (m *mounted) RemoveAll(name string) error               { return readOnly("remove", name) }
func (m *mounted) Rename(o, _ string) error                  { return readOnly("rename", o) }
func (m *mounted) Name() string                              { return "gnrm-base" }
func (m *mounted) Chmod(name string, _ os.FileMode) error    { return readOnly("chmod", name) }
func (m *mounted) Chown(name string, _, _ int) error         { return readOnly("chown", name) }
func (m *mounted) Chtimes(name string, _, _ time.Time) error { return readOnly("chtimes", name) }

// baseFile is a file of the base as an afero.File and an fs.ReadDirFile, named by the
// absolute path it was opened by, as the engine expects.
type baseFile struct {
	fs.File
	name    string
	dir     string // relative to the site root
	visible func(string) bool
}

func (f *baseFile) Name() string { return f.name }

func (f *baseFile) ReadDir(n int) ([]fs.DirEntry, error) {
	d, ok := f.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: syscall.ENOTDIR}
	}
	es, err := d.ReadDir(n)
	out := es[:0]
	for _, e := range es {
		if f.visible(path.Join(f.dir, e.Name())) {
			out = append(out, e)
		}
	}
	return out, err
}

func (f *baseFile) Readdir(n int) ([]os.FileInfo, error) {
	es, err := f.ReadDir(n)
	fis := make([]os.FileInfo, 0, len(es))
	for _, e := range es {
		fi, ierr := e.Info()
		if ierr != nil {
			return fis, ierr
		}
		fis = append(fis, fi)
	}
	return fis, err
}

func (f *baseFile) Readdirnames(n int) ([]string, error) {
	es, err := f.ReadDir(n)
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name()
	}
	return names, err
}

func (f *baseFile) ReadAt(p []byte, off int64) (int, error) {
	if r, ok := f.File.(io.ReaderAt); ok {
		return r.ReadAt(p, off)
	}
	return 0, readOnly("readat", f.name)
}

func (f *baseFile) Seek(off int64, whence int) (int64, error) {
	if s, ok := f.File.(io.Seeker); ok {
		return s.Seek(off, whence)
	}
	return 0, readOnly("seek", f.name)
}

func (f *baseFile) Write([]byte) (int, error)          { return 0, readOnly("write", f.name) }
func (f *baseFile) WriteAt([]byte, int64) (int, error) { return 0, readOnly("write", f.name) }
func (f *baseFile) WriteString(string) (int, error)    { return 0, readOnly("write", f.name) }
func (f *baseFile) Sync() error                        { return nil }
func (f *baseFile) Truncate(int64) error               { return readOnly("truncate", f.name) }

// FS returns the union as an fs.FS rooted at the site folder (paths like
// "content/_index.md"), for readers that do not need the engine's view.
func FS(siteDir string, base fs.FS, hidden ...string) fs.FS {
	return afero.NewIOFS(afero.NewBasePathFs(Union(siteDir, base, hidden...), siteDir))
}
