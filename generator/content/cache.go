package content

// The checker's memory between checks, for the dev server.
//
// Why: the dev server checks the whole site before each build, so that the preview
// refuses exactly what a build would; parsing every file again after each save cost
// about 90 ms at 1,000 pages, most of an editor's wait. Only the rules that span files
// need every file; what one file yields (its parse, its schema problems) depends on its
// bytes alone. So a Checker keeps that per file with the file's size and modification
// time, and parses again only a file whose stamp moved, that is new, or that the caller
// names as changed. The caller's list covers what a stamp can miss: two saves of the
// same length within one tick of the file system's clock (the watcher sees both).
// A file without a modification time (the embedded national base reports none) is
// taken for unchanging while its size stays: embedded files cannot change while the
// program runs, and a site file that comes to override one has a time. The rules that
// span files run on every check.

import (
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"gnrm/generator/diag"
)

// Checker checks a site's sources repeatedly, reusing the parse of unchanged files.
// The zero value is ready; its methods may be called from any goroutine (checks take
// turns).
type Checker struct {
	mu       sync.Mutex
	files    map[string]*checked // every Markdown file of the last check, by path (content/...)
	walkErrs diag.List           // files and folders the walk could not read
}

// checked is what one file yielded.
type checked struct {
	stamp stamp
	read  bool  // the file could be read (an unreadable one is never kept)
	file  *File // nil when its front matter could not be read
	diags diag.List
	fatal bool
}

type stamp struct {
	size int64
	mod  time.Time
}

// fileStamp is a file's size and modification time; known is false when the file
// system cannot tell them.
func fileStamp(d fs.DirEntry) (stamp, bool) {
	fi, err := d.Info()
	if err != nil {
		return stamp{}, false
	}
	return stamp{fi.Size(), fi.ModTime()}, true
}

// Update checks site again after the changes named by changed, paths relative to the
// site folder (files or folders, slash-separated, as the watcher reports them: created,
// written or removed): only those are looked at, so it costs nothing per unchanged file
// (the full walk of Check lists and stats every file: 41 ms at 10,000 pages). The list
// must be complete. A change it cannot describe, such as a profile that hides or shows
// a section, needs Check, as does the first check (Update then does a Check).
func (c *Checker) Update(site fs.FS, changed []string) Result {
	c.mu.Lock()
	if c.files == nil {
		c.mu.Unlock()
		return c.Check(site, changed...)
	}
	defer c.mu.Unlock()
	for _, ch := range changed {
		ch = path.Clean(ch)
		if ch != "content" && !strings.HasPrefix(ch, "content/") {
			continue
		}
		under := func(p string) bool { return p == ch || strings.HasPrefix(p, ch+"/") }
		maps.DeleteFunc(c.files, func(p string, _ *checked) bool { return under(p) })
		c.walkErrs = slices.DeleteFunc(c.walkErrs, func(d diag.Diagnostic) bool { return under(d.Path) })
		_ = fs.WalkDir(site, ch, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil && errors.Is(err, fs.ErrNotExist): // removed
			case err != nil:
				c.walkErrs = append(c.walkErrs, walkError(p, err))
			case !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".md"):
				st, _ := fileStamp(d)
				c.files[p] = checkFile(site, p, st)
			}
			return nil
		})
	}
	// A file that could not be read is tried again.
	for p, e := range c.files {
		if !e.read {
			if fi, err := fs.Stat(site, p); err == nil {
				c.files[p] = checkFile(site, p, stamp{fi.Size(), fi.ModTime()})
			} else {
				delete(c.files, p)
			}
		}
	}
	return c.result(site)
}

// stale reports whether p (content/...) is named by changed: a path relative to the
// site folder, slash-separated, of the file or of a folder holding it.
func (c *Checker) stale(p string, changed []string) bool {
	for _, ch := range changed {
		ch = strings.TrimSuffix(path.Clean(ch), "/")
		if ch == p || ch == "." || strings.HasPrefix(p, ch+"/") {
			return true
		}
	}
	return false
}
