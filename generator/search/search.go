// Package search builds the offline search of a gnrm site: an index made at build time
// from the rendered pages, which the search page's script (themes/gnrm/assets/js/cari.js)
// queries in the visitor's browser, with no server code.
//
// Why at build time, from the output: a static site has no server to ask, and the
// rendered HTML is what visitors read (see extract.go). Why in Go rather than a theme
// template: the index needs a stemmer, sharding and hashing, which templates do badly and
// slowly on 10,000 pages. Why the output is an fs.FS that Add wraps: the index joins the
// rendered files before the link check and the publish step, so every consumer sees it
// like any rendered file, and a dev server can add it to its own tree of rendered files
// the same way.
//
// The parts: analyze.go (words, stop words, stemmers), stem.go (the Indonesian stemmer),
// extract.go (what a page contributes), index.go (the files and their format), cards.go
// (the result cards that the term shards carry), this file (the hook and the file tree it
// returns).
package search

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Result tells what Add built.
type Result struct {
	// Files is the output with the index: the input files, the index files added and the
	// search pages pointed at their manifest.
	Files fs.FS
	// Langs are the indexes built, one per language, by language code.
	Langs []*LangIndex
}

// paginated matches the later pages of a paginated list.
var paginated = regexp.MustCompile(`(^|/)page/[0-9]+/index\.html$`)

// manifestRef matches the search form's reference to its manifest, as the theme writes
// it, in a rendered page, quoted or (after minification) not.
var manifestRef = regexp.MustCompile(searchMarker + `=("?)([^"\s>]*)` + regexp.QuoteMeta(Dir) + `/([a-z]{2,8})/manifest\.json("?)`)

// Add builds the search index of the rendered site files and returns the files with the
// index added under cari/indeks/ and each search page's form pointed at the fingerprinted
// manifest of its language.
//
// pages are the HTML files to index (slash paths such as "berita/x/index.html"): the
// pages rendered from content files, which leaves out the 404 page, alias redirects, the
// later pages of paginated lists and the lists of taxonomy terms. When pages is nil, every
// HTML file is a candidate and only the 404 page, pagination, redirects and pages marked
// noindex are left out: that is how a caller without the list (the dev server, over a
// complete snapshot) uses it. A page that holds a search form is never indexed.
func Add(files fs.FS, pages []string) (Result, error) {
	var names []string
	if pages == nil {
		err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && strings.HasSuffix(p, ".html") && path.Base(p) != "404.html" {
				names = append(names, p)
			}
			return nil
		})
		if err != nil {
			return Result{}, err
		}
	} else {
		for _, p := range pages {
			if strings.HasSuffix(p, ".html") {
				names = append(names, p)
			}
		}
	}
	names = slices.DeleteFunc(names, func(p string) bool { return paginated.MatchString(p) })
	slices.Sort(names)
	names = slices.Compact(names)

	read := make([]page, len(names))
	raw := make([][]byte, len(names))
	errs := make([]error, len(names))
	parallel(len(names), func() func(int) {
		return func(i int) {
			b, err := fs.ReadFile(files, names[i])
			if err != nil {
				errs[i] = err
				return
			}
			read[i] = extract(b)
			if len(read[i].manifests) > 0 {
				raw[i] = b
			}
		}
	})

	byLang := map[string][]indexed{}
	searchPages := map[string][]byte{}
	for i, name := range names {
		if errs[i] != nil {
			return Result{}, errs[i]
		}
		p := read[i]
		if raw[i] != nil {
			searchPages[name] = raw[i]
			for _, m := range manifestRef.FindAllStringSubmatch(string(raw[i]), -1) {
				if _, ok := byLang[m[3]]; !ok {
					byLang[m[3]] = nil
				}
			}
		}
		if p.skip {
			continue
		}
		byLang[p.lang] = append(byLang[p.lang], indexed{url: pageURL(name), p: p})
	}

	res := Result{}
	added := map[string][]byte{}
	manifests := map[string]string{}
	for _, lang := range slices.Sorted(maps.Keys(byLang)) {
		ix, err := buildLang(lang, byLang[lang])
		if err != nil {
			return Result{}, err
		}
		res.Langs = append(res.Langs, ix)
		maps.Copy(added, ix.Files)
		manifests[lang] = ix.Manifest
	}
	for name, b := range searchPages {
		added[name] = manifestRef.ReplaceAllFunc(b, func(m []byte) []byte {
			sub := manifestRef.FindSubmatch(m)
			fp, ok := manifests[string(sub[3])]
			if !ok {
				return m
			}
			return []byte(searchMarker + "=" + string(sub[1]) + string(sub[2]) + fp + string(sub[4]))
		})
	}
	res.Files = newOverlay(files, added)
	return res, nil
}

// pageURL is the address of an HTML file relative to the site root: "berita/x/" for
// "berita/x/index.html", "" for the home page.
func pageURL(name string) string {
	if name == "index.html" {
		return ""
	}
	if d, ok := strings.CutSuffix(name, "/index.html"); ok {
		return d + "/"
	}
	return name
}

// overlay is a read-only file tree: base with files added or replaced. It implements
// what fs.WalkDir, fs.ReadFile and fs.Stat use.
type overlay struct {
	base  fs.FS
	files map[string][]byte
	dirs  map[string][]string // folders holding added files -> names of their added children
}

func newOverlay(base fs.FS, files map[string][]byte) *overlay {
	o := &overlay{base: base, files: files, dirs: map[string][]string{}}
	for name := range files {
		for p := name; p != "."; {
			dir := path.Dir(p)
			child := path.Base(p)
			if !slices.Contains(o.dirs[dir], child) {
				o.dirs[dir] = append(o.dirs[dir], child)
			}
			p = dir
		}
	}
	return o
}

var modTime = time.Unix(0, 0).UTC()

func (o *overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := o.files[name]; ok {
		return &memFile{info: fileInfo{name: path.Base(name), size: int64(len(b))}, r: bytes.NewReader(b)}, nil
	}
	if _, ok := o.dirs[name]; ok {
		entries, err := o.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &dirFile{info: o.dirInfo(name), entries: entries}, nil
	}
	return o.base.Open(name)
}

// dirInfo describes a folder that holds added files: as the base does, if it has it.
func (o *overlay) dirInfo(name string) fs.FileInfo {
	if fi, err := fs.Stat(o.base, name); err == nil {
		return fi
	}
	return fileInfo{name: path.Base(name), dir: true}
}

func (o *overlay) ReadFile(name string) ([]byte, error) {
	if b, ok := o.files[name]; ok {
		return slices.Clone(b), nil
	}
	return fs.ReadFile(o.base, name)
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if b, ok := o.files[name]; ok {
		return fileInfo{name: path.Base(name), size: int64(len(b))}, nil
	}
	if _, ok := o.dirs[name]; ok {
		return o.dirInfo(name), nil
	}
	return fs.Stat(o.base, name)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	added, ok := o.dirs[name]
	base, err := fs.ReadDir(o.base, name)
	if err != nil && !ok {
		return nil, err
	}
	byName := map[string]fs.DirEntry{}
	for _, e := range base {
		byName[e.Name()] = e
	}
	for _, c := range added {
		full := path.Join(name, c)
		if b, isFile := o.files[full]; isFile {
			byName[c] = fs.FileInfoToDirEntry(fileInfo{name: c, size: int64(len(b))})
		} else if _, exists := byName[c]; !exists {
			byName[c] = fs.FileInfoToDirEntry(fileInfo{name: c, dir: true})
		}
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, k := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, byName[k])
	}
	return out, nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) ModTime() time.Time { return modTime }
func (fi fileInfo) IsDir() bool        { return fi.dir }
func (fi fileInfo) Sys() any           { return nil }
func (fi fileInfo) Mode() fs.FileMode {
	if fi.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type memFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Seek(off int64, whence int) (int64, error) {
	return f.r.Seek(off, whence)
}
func (f *memFile) ReadAt(b []byte, off int64) (int, error) { return f.r.ReadAt(b, off) }
func (f *memFile) Close() error                            { return nil }

type dirFile struct {
	info    fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: fs.ErrInvalid}
}
func (d *dirFile) Close() error { return nil }
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
