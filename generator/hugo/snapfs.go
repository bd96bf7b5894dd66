package hugo

// A snapshot's files as an fs.FS, for what reads the output as a tree (the offline
// search index in the dev server). Only files can be opened: the index reads the pages
// it is given by name, and listing folders would need an index of names per folder that
// nothing else uses.

import (
	"bytes"
	"io/fs"
	"path"
	"time"
)

// FS is the rendered files as a file system (files only: no folder can be listed).
func (s *Snapshot) FS() fs.FS { return snapshotFS{s} }

type snapshotFS struct{ s *Snapshot }

func (f snapshotFS) Open(name string) (fs.File, error) {
	b, mod, ok := f.s.Lookup(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(b), name: path.Base(name), size: int64(len(b)), mod: mod}, nil
}

type memFile struct {
	*bytes.Reader
	name string
	size int64
	mod  time.Time
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m, nil }
func (m *memFile) Close() error               { return nil }
func (m *memFile) Name() string               { return m.name }
func (m *memFile) Size() int64                { return m.size }
func (m *memFile) Mode() fs.FileMode          { return 0o444 }
func (m *memFile) ModTime() time.Time         { return m.mod }
func (m *memFile) IsDir() bool                { return false }
func (m *memFile) Sys() any                   { return nil }
