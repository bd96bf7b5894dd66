package hugo

// A Session is the engine kept alive between builds, for the dev server: the first build
// is a full one, each later one re-renders only what a change made stale, through the
// engine's own file-event path (the path `hugo server` takes).
//
// Why snapshots: the engine renders into one in-memory destination that it overwrites
// while it works, so serving from it would show half-built pages and, after a failed
// build, a mix of old and new. After each successful build the session therefore takes
// an immutable Snapshot of the output. A wrapping filesystem around the destination
// records which files a build wrote; the snapshot re-reads and minifies only those (as
// `gnrm build` publishes them) and shares every other file with the previous snapshot,
// so a snapshot costs a map copy plus the changed files, whatever the site's size.
//
// Why two render steps: the engine's fast render mode (RecentlyTouched) re-renders only
// the pages named, which is what makes a reload fast on a large site, but leaves other
// stale pages unrendered. Rebuild renders the pages browsers have open (and the edited
// pages) and takes an incomplete snapshot: only the files that build wrote are known to
// be fresh in it. Complete then renders every other stale page and takes a complete
// snapshot; Render renders the pages a browser asks for that are not known to be fresh
// (before Complete, or instead of it where Complete is too slow to run after each
// save). So whatever is served is either known fresh or comes from a complete build:
// never a stale page.
//
// What the engine cannot do partially gets a full build with a fresh engine: a change
// of the profile (gnrm.toml), a mass change, a template added or removed, or a session
// whose configuration failed. A removed content file is rebuilt partially, and the
// outputs of its page are removed from the snapshot (the engine leaves published files
// in place); so are the old outputs of a page whose URL changed.
//
// Engine quirks worked around here (found in hugolib/hugo_sites_build.go):
//   - A page whose render failed counts as rendered, so after a failed build the next
//     rebuild repeats the failed build's events and the files named in its errors (as
//     `hugo server` does in rebuildSites), so that those pages are rendered again.
//   - A PartialReRender build skips the engine's per-build reset of its error state and
//     log counters, so Render and Complete run only after a successful build.
//   - Fast render is a configuration flag read at render time; the session turns it on
//     for Rebuild and Render and off for Complete.
//   - A template added where the theme has one of the same name (an agency override) is
//     taken for a change of the theme's, and the engine goes on rendering with the
//     theme's: adding or removing a template is therefore a full build.
//   - Counting the pages sorts them all (a tenth of a second at 10,000 pages): the
//     count is kept until pages come or go.

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bep/overlayfs"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/paths"
	"github.com/gohugoio/hugo/common/types"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
	"github.com/tdewolff/minify/v2"

	"gnrm/generator/diag"
	"gnrm/generator/publish"
	"gnrm/generator/source"
)

// ProfileFile is the agency profile in a site folder; a change to it needs a full build.
const ProfileFile = "gnrm.toml"

// maxPartial is the number of changed files above which a full build is cheaper and
// safer than a partial one (a checkout, a mass rename).
const maxPartial = 200

// SessionOptions configure a Session.
type SessionOptions struct {
	// Options say what to build. The session always builds at base URL "/" and sets the
	// site parameter preview to true, so the theme can mark drafts.
	Options
	// Load, when set, returns the options for each full build (the first one, and each
	// after the profile changed); errors in its diagnostics stop that build.
	Load func() (Options, diag.List)
	// NoMinify keeps files as rendered; by default they are minified as `gnrm build`
	// publishes them, so the preview shows exactly what is published.
	NoMinify bool
}

// Session is a long-lived engine for a site, rebuilt as its sources change. Its methods
// may be called from any goroutine; builds take turns (and with every other build in the
// process). Current may be called at any time.
type Session struct {
	so      SessionOptions
	siteDir string
	src     afero.Fs
	min     *minify.M

	mu       sync.Mutex
	eng      *engine
	rec      *recordingFs
	share    *Snapshot                    // the snapshot the next one shares files with; nil after a new engine
	known    map[string]bool              // source files (absolute) the engine has seen
	needFull bool                         // the next Rebuild must be a full build
	failed   bool                         // the engine's last build failed
	carry    map[string]bool              // source files to repeat in the next partial build
	pending  map[string]bool              // source files of builds since the last complete snapshot
	warnings map[string][]diag.Diagnostic // warnings by source path, as of the latest builds
	seq      uint64
	recount  bool // pages were added or removed: count them for the next snapshot

	cur atomic.Pointer[Snapshot]
}

// Result tells what one step of a session did.
type Result struct {
	// Snapshot is the snapshot taken after a successful build; nil when the build failed
	// or nothing was built.
	Snapshot *Snapshot
	// Diagnostics are this step's problems; with an error there is no new snapshot.
	Diagnostics diag.List
	// Warnings are the warnings of the site as of this step (of the last full build,
	// updated by the partial builds since).
	Warnings diag.List
	// Built reports that the engine ran; Full that it was a full build with a fresh engine.
	Built, Full bool
	// Changed lists the output files (slash paths such as "berita/x/index.html") whose
	// bytes differ from the previous snapshot; Removed those no longer there.
	Changed, Removed []string
	// Rendered lists the output files the engine wrote for this step, changed or not:
	// what a change cost.
	Rendered []string
	// Static lists the changed files of static folders, by output path. They are served
	// from the source folders and need no build.
	Static []string
	// Sources lists the changed source files the step took into account, relative to
	// the site folder.
	Sources []string
	// Duration is the time the step took.
	Duration time.Duration
}

// OpenSession runs the first (full) build of a site. The session is returned even when
// the build failed: a later Rebuild retries. Close it when done.
func OpenSession(ctx context.Context, so SessionOptions) (*Session, Result) {
	s := &Session{
		so:       so,
		siteDir:  so.SiteDir,
		src:      source.Union(so.SiteDir, so.Base),
		min:      publish.NewMinifier(),
		carry:    map[string]bool{},
		pending:  map[string]bool{},
		warnings: map[string][]diag.Diagnostic{},
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s, s.full(ctx)
}

// Current returns the latest snapshot, nil before the first successful build.
func (s *Session) Current() *Snapshot { return s.cur.Load() }

// Close releases the engine.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.eng != nil {
		buildMu.Lock()
		s.eng.close()
		buildMu.Unlock()
		s.eng = nil
	}
	return nil
}

// Rebuild brings the session up to date with changed source files: absolute paths under
// the site folder that were created, written or removed (a watcher's report; a folder
// stands for every file in it). open lists the URL paths that browsers have open
// ("/berita/x/"): they are rendered before anything else, with the changed pages. When
// the result has a snapshot that is not complete, call Complete (or Render) next.
func (s *Session) Rebuild(ctx context.Context, changed []string, open []string) (res Result) {
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { res.Duration = time.Since(start) }()
	if err := ctx.Err(); err != nil {
		return res
	}

	events, static, srcs, full := s.plan(changed)
	res.Static, res.Sources = static, srcs
	fullBuild := func() Result {
		r := s.full(ctx)
		r.Static, r.Sources = static, srcs
		return r
	}
	if full || s.eng == nil || s.needFull || len(events) > maxPartial {
		return fullBuild()
	}
	if len(events) == 0 && len(s.carry) == 0 {
		res.Warnings = s.warningList()
		return res
	}
	// Repeat what a failed build did not finish, and the files its errors named.
	for p := range s.carry {
		if !slices.ContainsFunc(events, func(e fsnotify.Event) bool { return e.Name == p }) {
			events = append(events, s.event(p))
		}
	}

	// Outputs and terms of the changed content pages before the build: a page removed
	// or moved to another URL leaves its old files in the engine's destination, and
	// the engine keeps the taxonomy lists as they were (see terms.go). A page that
	// comes or goes changes the lists' counts: their change goes with this build.
	before := map[string][]string{}
	terms := map[string]termSet{}
	lists := false
	for _, ev := range events {
		if s.isContent(ev.Name) {
			before[ev.Name] = s.eng.outputsOf(ev.Name)
			terms[ev.Name] = s.eng.termsOf(ev.Name)
			lists = lists || ev.Op != fsnotify.Write
		}
	}
	if lists {
		evs, ok := s.eng.taxonomyListEvents()
		if !ok {
			return fullBuild()
		}
		events = append(events, evs...)
	}

	q := touched(open, len(events))
	diags := s.buildLocked(func(e *engine) diag.List {
		e.setFastRender(true)
		return e.build(hugolib.BuildCfg{RecentlyTouched: q}, events...)
	})
	res.Built = true
	after := map[string]termSet{} // the changed pages' terms after the build
	if diags.Errors() == 0 {
		changedTerms := false
		for name, was := range terms {
			after[name] = s.eng.termsOf(name)
			changedTerms = changedTerms || !sameTerms(was, after[name])
		}
		// An edit that gave a page other terms: the lists in a second step.
		if changedTerms && !lists {
			evs, ok := s.eng.taxonomyListEvents()
			if !ok {
				return fullBuild()
			}
			events = append(events, evs...)
			diags = append(diags, s.buildLocked(func(e *engine) diag.List {
				return e.build(hugolib.BuildCfg{RecentlyTouched: q}, evs...)
			})...)
		}
	}
	for _, ev := range events {
		s.pending[ev.Name] = true
		if ev.Op != fsnotify.Write && s.isContent(ev.Name) {
			s.recount = true
		}
	}
	s.noteWarnings(diags, events)
	res.Warnings = s.warningList()
	if diags.Errors() > 0 {
		s.failPending(diags)
		res.Diagnostics = diags
		return res
	}

	var gone []string
	for name, outs := range before {
		now := s.eng.outputsOf(name)
		for _, o := range outs {
			if !slices.Contains(now, o) {
				gone = append(gone, o)
			}
		}
		// A term no page has any more: the engine keeps its page, empty, and lists it
		// with no pages; only a fresh engine drops it (rare: the last page of a term
		// removed, or given other terms).
		for key := range terms[name] {
			if _, ok := after[name][key]; !ok && !s.eng.termExists(key) {
				return fullBuild()
			}
		}
	}
	s.rec.remove(gone)
	if s.takeSnapshot(&res, diags, false, nil, s.pendingSources()) {
		s.failed = false
		clear(s.carry)
	}
	return res
}

// Complete renders every page that the latest Rebuild left stale and takes a complete
// snapshot. It does nothing when the current snapshot is complete or the last build
// failed.
func (s *Session) Complete(ctx context.Context) (res Result) {
	return s.rerender(ctx, nil)
}

// Render renders the pages at the given URL paths if they are stale, so that they are
// fresh in the snapshot it takes, before Complete. It does nothing when the current
// snapshot is complete or the last build failed.
func (s *Session) Render(ctx context.Context, urls []string) (res Result) {
	if len(urls) == 0 {
		return res
	}
	return s.rerender(ctx, urls)
}

func (s *Session) rerender(ctx context.Context, urls []string) (res Result) {
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() { res.Duration = time.Since(start) }()
	cur := s.cur.Load()
	if ctx.Err() != nil || s.eng == nil || s.failed || s.needFull || cur == nil || cur.complete {
		return res
	}
	complete := urls == nil
	var q *types.EvictingQueue[string]
	if !complete {
		q = touched(urls, 0)
	}
	diags := s.buildLocked(func(e *engine) diag.List {
		e.setFastRender(!complete)
		return e.build(hugolib.BuildCfg{PartialReRender: true, RecentlyTouched: q})
	})
	res.Built = true
	s.noteWarnings(diags, nil)
	res.Warnings = s.warningList()
	if diags.Errors() > 0 {
		s.failPending(diags)
		res.Diagnostics = diags
		return res
	}
	var fresh []string
	for _, u := range urls {
		fresh = append(fresh, OutputFile(u))
	}
	if s.takeSnapshot(&res, diags, complete, fresh, s.pendingSources()) && complete {
		clear(s.pending)
	}
	return res
}

// full builds the site with a fresh engine. The caller holds s.mu.
func (s *Session) full(ctx context.Context) (res Result) {
	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	res.Full = true
	if err := ctx.Err(); err != nil {
		return res
	}
	o := s.so.Options
	if s.so.Load != nil {
		var ld diag.List
		o, ld = s.so.Load()
		if ld.Errors() > 0 {
			s.needFull = true
			ld.Sort()
			res.Diagnostics = ld
			res.Warnings = s.warningList()
			return res
		}
		res.Diagnostics = ld
	}
	o.BaseURL = "/"
	params := o.Params
	if params == nil {
		params = NationalParams()
	}
	params = maps.Clone(params)
	params["preview"] = true
	o.Params = params
	rec := &recordingFs{}
	o.wrapDest = func(d afero.Fs) afero.Fs { rec.Fs = d; return rec }

	var e *engine
	diags := func() (diags diag.List) {
		buildMu.Lock()
		defer buildMu.Unlock()
		defer guard(&diags)
		var err error
		e, diags, err = newEngine(o)
		if err != nil {
			diags.Add(diag.Diagnostic{Severity: diag.Error, Message: err.Error()})
		}
		if e == nil {
			return diags
		}
		e.setFastRender(false)
		return append(diags, e.build(hugolib.BuildCfg{})...)
	}()
	res.Diagnostics = append(res.Diagnostics, diags...)
	res.Diagnostics.Sort()
	if e == nil {
		s.needFull = true
		res.Warnings = s.warningList()
		return res
	}
	res.Built = true
	if s.eng != nil {
		buildMu.Lock()
		s.eng.close()
		buildMu.Unlock()
	}
	s.eng, s.rec, s.share, s.needFull = e, rec, nil, e.stuck
	clear(s.carry)
	clear(s.pending)
	clear(s.warnings)
	s.noteWarnings(res.Diagnostics, nil)
	res.Warnings = s.warningList()
	s.known = s.knownFiles()
	if res.Diagnostics.Errors() > 0 {
		s.fail(res.Diagnostics, nil)
		return res
	}
	if s.takeSnapshot(&res, res.Diagnostics, true, nil, nil) {
		s.failed = false
	}
	return res
}

// takeSnapshot takes the snapshot of a successful build step and puts it in res, with
// diags (the step's own) and the snapshot's. A snapshot that cannot be taken (a file
// the minifier refuses) fails the step like a build error: retry names the sources to
// build again then. It reports whether the snapshot was taken.
func (s *Session) takeSnapshot(res *Result, diags diag.List, complete bool, fresh, retry []string) bool {
	snap, mdiags := s.snapshot(complete, fresh)
	res.Diagnostics = append(diags, mdiags...)
	res.Diagnostics.Sort()
	if mdiags.Errors() > 0 {
		s.fail(mdiags, retry)
		return false
	}
	res.Snapshot, res.Changed, res.Removed, res.Rendered = snap, snap.changed, snap.removed, snap.rendered
	return true
}

// pendingSources are the sources changed since the last complete snapshot.
func (s *Session) pendingSources() []string { return slices.Collect(maps.Keys(s.pending)) }

// failPending records a failed build step over the sources changed since the last
// complete snapshot.
func (s *Session) failPending(diags diag.List) { s.fail(diags, s.pendingSources()) }

// buildLocked runs one build on the current engine under the process-wide build lock,
// turning a panic into a diagnostic.
func (s *Session) buildLocked(f func(*engine) diag.List) (diags diag.List) {
	buildMu.Lock()
	defer buildMu.Unlock()
	defer guard(&diags)
	s.rec.begin()
	defer func() {
		if s.eng.stuck {
			s.needFull = true // a fresh engine for the next build
		}
	}()
	return f(s.eng)
}

// fail records a failed build: its source files and the files its errors name are
// repeated in the next partial build.
func (s *Session) fail(diags diag.List, srcs []string) {
	s.failed = true
	if len(srcs) > maxPartial {
		s.needFull = true // too much to repeat: start afresh
	}
	for _, p := range srcs {
		s.carry[p] = true
	}
	for _, d := range diags {
		if d.Severity != diag.Error || d.Path == "" || strings.HasPrefix(d.Path, "/") {
			continue
		}
		p := filepath.Join(s.siteDir, filepath.FromSlash(d.Path))
		if top, _, _ := strings.Cut(d.Path, "/"); slices.Contains(source.Dirs, top) {
			if _, err := s.src.Stat(p); err == nil {
				s.carry[p] = true
			}
		}
	}
}

// plan turns changed paths into the engine's file events, the changed static files and
// whether a full build is needed.
func (s *Session) plan(changed []string) (events []fsnotify.Event, static, srcs []string, full bool) {
	seen := map[string]bool{}
	var add func(p string)
	add = func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		rel, ok := s.rel(p)
		if !ok {
			return
		}
		if rel == ProfileFile {
			full = true
			srcs = append(srcs, rel)
			return
		}
		top, _, _ := strings.Cut(rel, "/")
		if !slices.Contains(source.Dirs, top) {
			return
		}
		fi, err := s.src.Stat(p)
		if isLayout(rel) && (err != nil || !fi.IsDir()) && (err == nil) != s.known[p] {
			// A template added or removed: the engine would go on rendering with the
			// one it knew (the theme's, for an agency's new override).
			full = true
		}
		switch {
		case err != nil: // removed: the file, or a folder and every file known under it
			was := s.known[p]
			for k := range s.known {
				if strings.HasPrefix(k, p+string(filepath.Separator)) {
					was = true
					add(k)
				}
			}
			delete(s.known, p)
			if !was {
				return // never seen by the engine: an editor's temporary file
			}
			if st, ok := staticPath(rel); ok {
				static = append(static, st)
			} else {
				events = append(events, fsnotify.Event{Name: p, Op: fsnotify.Remove})
			}
			srcs = append(srcs, rel)
		case fi.IsDir():
			_ = afero.Walk(s.src, p, func(f string, fi os.FileInfo, err error) error {
				if err == nil && !fi.IsDir() {
					add(f)
				}
				return nil
			})
		default:
			srcs = append(srcs, rel)
			if st, ok := staticPath(rel); ok {
				static = append(static, st)
				return
			}
			op := fsnotify.Write
			if !s.known[p] {
				op = fsnotify.Create
				s.known[p] = true
			}
			events = append(events, fsnotify.Event{Name: p, Op: op})
		}
	}
	for _, p := range changed {
		add(filepath.Clean(p))
	}
	slices.Sort(static)
	slices.Sort(srcs)
	return events, slices.Compact(static), slices.Compact(srcs), full
}

// event is the file event for a path as it is now: written if it exists, else removed.
func (s *Session) event(p string) fsnotify.Event {
	if _, err := s.src.Stat(p); err != nil {
		return fsnotify.Event{Name: p, Op: fsnotify.Remove}
	}
	return fsnotify.Event{Name: p, Op: fsnotify.Write}
}

func (s *Session) rel(p string) (string, bool) {
	r, err := filepath.Rel(s.siteDir, p)
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (s *Session) isContent(p string) bool {
	r, ok := s.rel(p)
	return ok && strings.HasPrefix(r, "content/")
}

// staticPath reports whether a site-relative path is in a static folder (the site's or
// a theme's) and the output path it is served at.
func staticPath(rel string) (string, bool) {
	if r, ok := strings.CutPrefix(rel, "static/"); ok {
		return r, true
	}
	if r, ok := strings.CutPrefix(rel, "themes/"); ok {
		if _, r, ok := strings.Cut(r, "/"); ok {
			if r, ok := strings.CutPrefix(r, "static/"); ok {
				return r, true
			}
		}
	}
	return "", false
}

// isLayout reports whether a site-relative path is in a layouts folder (the site's or a
// theme's).
func isLayout(rel string) bool {
	if strings.HasPrefix(rel, "layouts/") {
		return true
	}
	if r, ok := strings.CutPrefix(rel, "themes/"); ok {
		_, r, _ = strings.Cut(r, "/")
		return strings.HasPrefix(r, "layouts/")
	}
	return false
}

// knownFiles lists the source files the engine sees (site folder and base).
func (s *Session) knownFiles() map[string]bool {
	known := map[string]bool{}
	for _, d := range source.Dirs {
		_ = afero.Walk(s.src, filepath.Join(s.siteDir, d), func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				known[p] = true
			}
			return nil
		})
	}
	return known
}

// noteWarnings updates the site's warnings: those of the source files in events are
// replaced by the build's.
func (s *Session) noteWarnings(diags diag.List, events []fsnotify.Event) {
	for _, ev := range events {
		if r, ok := s.rel(ev.Name); ok {
			delete(s.warnings, r)
		}
	}
	fresh := map[string]bool{}
	for _, d := range diags {
		if d.Severity != diag.Warning {
			continue
		}
		if !fresh[d.Path] {
			fresh[d.Path] = true
			s.warnings[d.Path] = nil
		}
		s.warnings[d.Path] = append(s.warnings[d.Path], d)
	}
}

func (s *Session) warningList() diag.List {
	var l diag.List
	for _, ds := range s.warnings {
		l = append(l, ds...)
	}
	l.Sort()
	return l
}

// touched is the engine's queue of URLs to render first.
func touched(urls []string, extra int) *types.EvictingQueue[string] {
	q := types.NewEvictingQueue[string](len(urls) + 2*extra + 16)
	for _, u := range urls {
		q.Add(engineURL(u))
	}
	return q
}

// engineURL is a URL path as the engine names pages: "/berita/x/", escaped.
func engineURL(u string) string {
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	u = "/" + strings.TrimPrefix(u, "/")
	u = strings.TrimSuffix(u, "index.html")
	defer func() { _ = recover() }() // PathEscape panics on a URL it cannot parse
	return paths.PathEscape(u)
}

// OutputFile is the output file served at a URL path: "/berita/x/" is
// "berita/x/index.html". The path is unescaped first.
func OutputFile(u string) string {
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	dir := strings.HasSuffix(u, "/")
	u = strings.TrimPrefix(path.Clean("/"+u), "/")
	switch {
	case u == "":
		return "index.html"
	case dir:
		return u + "/index.html"
	}
	return u
}

// URLPath is the URL path a browser shows for an output file: "berita/x/index.html" is
// "/berita/x/".
func URLPath(name string) string {
	if name == "index.html" {
		return "/"
	}
	if d, ok := strings.CutSuffix(name, "/index.html"); ok {
		return "/" + d + "/"
	}
	return "/" + name
}

// setFastRender turns the engine's fast render mode on or off: on, a rebuild renders
// only the stale pages named in BuildCfg.RecentlyTouched.
func (e *engine) setFastRender(on bool) {
	c := e.sites.Configs
	c.Base.Internal.FastRenderMode = on
	for _, l := range c.LanguageConfigMap {
		l.Internal.FastRenderMode = on
	}
}

// outputsOf lists the output files of the page made from a content file, in every
// output format. The page is looked up by its path in each site's page tree (the
// engine's GetContentPage would walk every page and its resources).
func (e *engine) outputsOf(filename string) (out []string) {
	defer func() { _ = recover() }()
	for _, p := range e.pagesOf(filename) {
		out = append(out, outputFiles(p)...)
	}
	return out
}

// staticFS is the site's static folders as one tree (the site's files winning).
func (e *engine) staticFS() fs.FS {
	var layers []afero.Fs
	for _, st := range e.sites.BaseFs.SourceFilesystems.Static {
		layers = append(layers, st.Fs)
	}
	if len(layers) == 0 {
		return emptyFS{}
	}
	return afero.NewIOFS(afero.NewBasePathFs(overlayfs.New(overlayfs.Options{Fss: layers}), "/"))
}

type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// Snapshot is one complete build's output, immutable: safe to serve from while the
// next build runs.
type Snapshot struct {
	gen      uint64
	seq      uint64
	time     time.Time
	complete bool
	pages    int
	files    map[string]*file
	fresh    map[string]bool // files known up to date when not complete
	static   fs.FS
	changed  []string
	removed  []string
	rendered []string // the files the engine wrote since the previous snapshot
	indexed  []string // of a complete snapshot: the pages a search index takes
}

type file struct {
	data []byte
	mod  time.Time
}

// Gen is the generation of the output: it grows by one with each snapshot whose files
// differ from the previous one's.
func (s *Snapshot) Gen() uint64 { return s.gen }

// Seq numbers the snapshots of a session.
func (s *Snapshot) Seq() uint64 { return s.seq }

// Time is when the snapshot was taken.
func (s *Snapshot) Time() time.Time { return s.time }

// Complete reports whether every page is up to date. When false, only the files
// reported by Fresh are known to be.
func (s *Snapshot) Complete() bool { return s.complete }

// Pages counts the site's pages (all kinds).
func (s *Snapshot) Pages() int { return s.pages }

// Fresh reports whether the output file is known to be up to date.
func (s *Snapshot) Fresh(name string) bool { return s.complete || s.fresh[name] }

// Lookup returns a rendered file by its slash path ("berita/x/index.html").
func (s *Snapshot) Lookup(name string) (data []byte, mod time.Time, ok bool) {
	f, ok := s.files[name]
	if !ok {
		return nil, time.Time{}, false
	}
	return f.data, f.mod, true
}

// Names lists the rendered files, sorted.
func (s *Snapshot) Names() []string {
	return slices.Sorted(maps.Keys(s.files))
}

// Indexed lists, in a complete snapshot, the pages that the offline search takes, as
// gnrm build gives them to it (SearchPages). Nil in an incomplete snapshot.
func (s *Snapshot) Indexed() []string { return s.indexed }

// Static is the site's static folders, read live from the sources.
func (s *Snapshot) Static() fs.FS { return s.static }

// snapshot takes a snapshot of the destination: the files written since the last one
// are read (and minified); every other file is shared with it. fresh adds files known up
// to date in an incomplete snapshot. The caller holds s.mu.
func (s *Session) snapshot(complete bool, fresh []string) (*Snapshot, diag.List) {
	written, thisBuild := s.rec.take()
	prev := s.share
	snap := &Snapshot{time: time.Now(), complete: complete, static: s.eng.staticFS()}
	if complete {
		snap.indexed = SearchPages(s.eng.sources("/"))
	}
	if prev != nil && !s.recount {
		snap.pages = prev.pages
	} else {
		// Counting is a walk and a sort of every page: only when pages come or go.
		snap.pages = len(s.eng.sites.Pages())
		s.recount = false
	}
	if prev != nil {
		snap.files = maps.Clone(prev.files)
		snap.gen = prev.gen
	} else {
		snap.files = map[string]*file{}
		if c := s.cur.Load(); c != nil {
			snap.gen = c.gen
		}
	}
	names := slices.Sorted(maps.Keys(written))
	type job struct {
		name string
		f    *file
		gone bool
		err  error
	}
	jobs := make([]job, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(names)/16, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) {
					return
				}
				j := &jobs[i]
				j.name = names[i]
				if !written[j.name] {
					j.gone = true
					continue
				}
				b, err := afero.ReadFile(s.rec.Fs, "/"+j.name)
				if err != nil {
					j.gone = true
					continue
				}
				if !s.so.NoMinify {
					if b, err = publish.Minify(s.min, j.name, b); err != nil {
						j.err = err
						continue
					}
				}
				j.f = &file{data: b, mod: snap.time}
			}
		}()
	}
	wg.Wait()
	// A new engine starts from nothing: its files are compared with the snapshot being
	// served, so that the changes are listed exactly and unchanged files are shared.
	var before map[string]*file
	if c := s.cur.Load(); prev == nil && c != nil {
		before = c.files
	}
	var diags diag.List
	for _, j := range jobs {
		old, had := snap.files[j.name]
		if prev == nil {
			old, had = before[j.name]
		}
		switch {
		case j.err != nil:
			diags.Add(diag.Diagnostic{Path: j.name, Severity: diag.Error,
				Message: fmt.Sprintf("berkas keluaran tidak dapat diperkecil (minify): %v", j.err),
				Hint:    "Periksa templat atau berkas aset yang menghasilkan berkas ini."})
		case j.gone:
			if _, ok := snap.files[j.name]; ok {
				delete(snap.files, j.name)
			}
			if had {
				snap.removed = append(snap.removed, j.name)
			}
		case had && bytes.Equal(old.data, j.f.data):
			snap.files[j.name] = old
		default:
			snap.files[j.name] = j.f
			snap.changed = append(snap.changed, j.name)
		}
		if !j.gone {
			snap.rendered = append(snap.rendered, j.name)
		}
	}
	if diags.Errors() > 0 {
		s.rec.restore(written)
		return nil, diags
	}
	for name := range before {
		if _, ok := snap.files[name]; !ok {
			if _, done := written[name]; done {
				continue // listed above
			}
			snap.removed = append(snap.removed, name)
		}
	}
	slices.Sort(snap.removed)
	if len(snap.changed)+len(snap.removed) > 0 || s.cur.Load() == nil {
		snap.gen++
	}
	if !complete {
		snap.fresh = map[string]bool{}
		if prev != nil && !prev.complete && fresh != nil {
			maps.Copy(snap.fresh, prev.fresh)
		}
		for n := range thisBuild {
			snap.fresh[n] = true
		}
		for _, n := range fresh {
			snap.fresh[n] = true
		}
	}
	s.seq++
	snap.seq = s.seq
	s.share = snap
	s.cur.Store(snap)
	return snap, nil
}

// recordingFs is the engine's destination, recording which files each build writes or
// removes.
type recordingFs struct {
	afero.Fs
	mu        sync.Mutex
	dirty     map[string]bool // since the last snapshot: true written, false removed
	thisBuild map[string]bool // written by the current build
}

func (r *recordingFs) note(name string, written bool) {
	name = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(name)), "/")
	if name == "" || name == "." {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dirty == nil {
		r.dirty, r.thisBuild = map[string]bool{}, map[string]bool{}
	}
	r.dirty[name] = written
	if written {
		r.thisBuild[name] = true
	} else {
		delete(r.thisBuild, name)
	}
}

// begin starts a build: thisBuild is emptied.
func (r *recordingFs) begin() {
	r.mu.Lock()
	r.thisBuild = map[string]bool{}
	r.mu.Unlock()
}

// take returns and forgets the files changed since the last take, and those the current
// build wrote.
func (r *recordingFs) take() (dirty, thisBuild map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	dirty, thisBuild = r.dirty, r.thisBuild
	if dirty == nil {
		dirty = map[string]bool{}
	}
	r.dirty = map[string]bool{}
	return dirty, thisBuild
}

// restore puts back what a failed snapshot took.
func (r *recordingFs) restore(dirty map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range dirty {
		if _, ok := r.dirty[k]; !ok {
			r.dirty[k] = v
		}
	}
}

// remove deletes output files the engine left behind (a removed or moved page).
func (r *recordingFs) remove(names []string) {
	for _, n := range names {
		_ = r.Remove("/" + n)
	}
}

func (r *recordingFs) Create(name string) (afero.File, error) {
	r.note(name, true)
	return r.Fs.Create(name)
}

func (r *recordingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		r.note(name, true)
	}
	return r.Fs.OpenFile(name, flag, perm)
}

func (r *recordingFs) Remove(name string) error {
	r.note(name, false)
	return r.Fs.Remove(name)
}

func (r *recordingFs) RemoveAll(name string) error {
	_ = afero.Walk(r.Fs, name, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			r.note(p, false)
		}
		return nil
	})
	return r.Fs.RemoveAll(name)
}

func (r *recordingFs) Rename(oldname, newname string) error {
	r.note(oldname, false)
	r.note(newname, true)
	return r.Fs.Rename(oldname, newname)
}

func (r *recordingFs) Name() string { return "gnrm-recording" }
