package serve

// The watcher: fsnotify over the site folder's source folders (source.Dirs) and its
// profile, turning editor saves into batches of changed paths.
//
// Why this shape: fsnotify watches folders, not trees, so every folder is added, and a
// folder that appears later is added when its creation is seen, with every file already
// in it reported as changed (files written before the watch existed would be missed
// otherwise). Editors save through temporary files (vim's 4913 and .swp, emacs' .#x and
// #x#, backup files ending in ~, ...): those are ignored, as are dot files. A save is
// often several events (truncate and write, or write a temporary file and rename it into
// place), so events are batched: a batch ends when the folder has been quiet for a short
// while (10 ms), and never later than 50 ms after its first event, which keeps a reload
// quick while a continuous stream of events still makes progress.

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"gnrm/generator/hugo"
	"gnrm/generator/source"
)

const (
	defaultQuiet = 10 * time.Millisecond
	maxBatch     = 50 * time.Millisecond
)

type watcher struct {
	w       *fsnotify.Watcher
	siteDir string
	out     func([]string)
	quiet   time.Duration
}

func newWatcher(siteDir string, out func([]string), quiet time.Duration) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if quiet <= 0 {
		quiet = defaultQuiet
	}
	w := &watcher{w: fw, siteDir: siteDir, out: out, quiet: min(quiet, maxBatch)}
	if err := fw.Add(siteDir); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range source.Dirs {
		w.addTree(filepath.Join(siteDir, d), nil)
	}
	return w, nil
}

// addTree watches a folder and every folder under it; with found, it reports every
// file in them.
func (w *watcher) addTree(root string, found func(string)) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != root && ignored(d.Name()) {
				return filepath.SkipDir
			}
			_ = w.w.Add(p)
			return nil
		}
		if found != nil && !ignored(d.Name()) {
			found(p)
		}
		return nil
	})
}

// relevant reports whether a path can change the build: the profile, or anything in a
// source folder.
func (w *watcher) relevant(p string) bool {
	rel, err := filepath.Rel(w.siteDir, p)
	if err != nil || !filepath.IsLocal(rel) {
		return false
	}
	rel = filepath.ToSlash(rel)
	if rel == hugo.ProfileFile {
		return true
	}
	top, _, _ := strings.Cut(rel, "/")
	return slices.Contains(source.Dirs, top)
}

// ignored reports an editor's temporary or backup file (or any dot file).
func ignored(base string) bool {
	switch {
	case base == "4913", base == "", strings.HasPrefix(base, "."), strings.HasSuffix(base, "~"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"):
		return true
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".swp", ".swx", ".swo", ".tmp", ".bak", ".bck", ".crswap", ".kate-swp", ".part":
		return true
	}
	return strings.HasSuffix(base, "___jb_tmp___") || strings.HasSuffix(base, "___jb_old___") ||
		strings.Contains(base, ".goutputstream") || strings.HasPrefix(base, ".sb-")
}

// run reports batches until ctx is done, then closes the watcher.
func (w *watcher) run(ctx context.Context) {
	defer w.w.Close()
	batch := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func() {
		if len(batch) == 0 {
			return
		}
		paths := make([]string, 0, len(batch))
		for p := range batch {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		clear(batch)
		w.out(paths)
	}
	add := func(p string) {
		if len(batch) == 0 {
			first = time.Now()
		}
		batch[p] = true
		wait := min(w.quiet, maxBatch-time.Since(first))
		timer.Reset(max(wait, 0))
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || ignored(filepath.Base(ev.Name)) || !w.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name, add)
				}
			}
			add(ev.Name)
		case <-w.w.Errors:
			// An overflowed event queue loses events: rebuild everything in the folders.
			for _, d := range source.Dirs {
				if _, err := os.Stat(filepath.Join(w.siteDir, d)); err == nil {
					add(filepath.Join(w.siteDir, d))
				}
			}
		case <-timer.C:
			flush()
		}
	}
}
