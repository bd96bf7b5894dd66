package serve

// The builder: the one goroutine that drives the engine session.
//
// Why one goroutine and a set rather than a queue: the watcher adds changed paths to a
// set and kicks the builder; the builder takes the whole set at the start of each build,
// so saves that arrive while a build runs are coalesced into the next one (a burst of
// saves gives one or two builds, never a backlog). Between builds it does, in order of
// urgency: new changes (content check, then a partial render of the open pages),
// renders that a browser is waiting for, and the rest of the partial render. When a
// build fails, the paths it saw stay with the session (or, for a failed content check,
// here) until a later build succeeds.

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gnrm/generator/diag"
	"gnrm/generator/hugo"
)

// maxListed is the most changed pages an event lists; beyond it, every tab reloads.
const maxListed = 500

// maxShown is the most problems an event carries to the overlay.
const maxShown = 200

// When the rest of a partial render (Complete) runs after the open pages were
// rendered. It brings every page up to date, so that a page that fails to render shows
// in the overlay even when no browser has it open, and navigation needs no render. But
// it has two costs: the engine cannot be interrupted, so a save during it waits; and
// after it every page counts as rendered again, which the engine's next partial build
// pays for (it checks each rendered page against the change: measured in-process at
// 1,000 pages, a partial build's median was 72-82 ms with Complete after each save and
// 59-73 ms without; 131 and 55 ms before the home page and sections kept their dates,
// see hugo/config.go). So:
//   - where it is cheap (at most quickComplete: small sites), it runs at once;
//   - where it costs up to maxComplete, it runs once the sources have been quiet for
//     idleComplete: an editor saving again and again gets quick reloads, and the whole
//     site is checked when the editor pauses;
//   - where it costs more, stale pages are rendered only when a browser asks for them
//     (as `hugo server` does), which keeps every save quick on large sites.
//
// Its cost is that of the last one; after a full build, until one has run, it counts
// as maxComplete.
const (
	quickComplete = 250 * time.Millisecond
	maxComplete   = time.Second
	idleComplete  = 5 * time.Second
)

// server is the dev server: builder, HTTP handler and event hub.
type server struct {
	o        Options
	t        *texts
	token    string
	loopback bool
	id       string // this server's instance; a tab served by another one reloads
	hub      *hub
	sess     *hugo.Session // set by the builder only; read under mu

	mu      sync.Mutex
	pending map[string]bool // changed source paths not yet built
	blocked []string        // paths a failed content check held back
	renders map[string]bool // URL paths a request waits for
	visited []string        // pages served lately, newest last
	st      status
	gen     uint64        // generation the browsers were last told about
	wake    chan struct{} // closed when a snapshot is published or the state changes
	kick    chan struct{}
	// completeCost estimates what Complete costs: the last one's duration, or
	// maxComplete after a full build (see build); lastBuild is when the last change was
	// built. Read and written by the builder goroutine only.
	completeCost time.Duration
	lastBuild    time.Time
	// steps counts the build steps; collected is the count at the last collection
	// (see idleGC). steps is read by the collection's timer.
	steps     atomic.Uint64
	collected uint64

	lastText     string // the last problem list printed, so a repeat is not printed again
	lastWarnings string

	staticMu    sync.Mutex
	staticCache map[string]staticEntry

	// wantComplete is set (under mu) by a request that needs a complete snapshot (the
	// search index); the builder then runs Complete at once.
	wantComplete bool
	indexMu      sync.Mutex
	index        *searchIndex
}

// status is what the browsers are told besides reloads.
type status struct {
	failing  bool
	state    int       // counts the failing states, so a hidden overlay stays hidden for one only
	problems diag.List // errors and warnings of the failing build or check
	warnings diag.List // warnings of the site (engine and content check)
	built    time.Time
	took     time.Duration
	pages    int
}

func newServer(o Options, t *texts, loopback bool) *server {
	return &server{
		o:           o,
		t:           t,
		token:       o.Token,
		loopback:    loopback,
		id:          newToken()[:12],
		hub:         newHub(),
		pending:     map[string]bool{},
		renders:     map[string]bool{},
		wake:        make(chan struct{}),
		kick:        make(chan struct{}, 1),
		staticCache: map[string]staticEntry{},
	}
}

// changed receives a batch of changed paths from the watcher.
func (sv *server) changed(paths []string) {
	sv.mu.Lock()
	for _, p := range paths {
		sv.pending[p] = true
	}
	sv.mu.Unlock()
	sv.poke()
}

func (sv *server) poke() {
	select {
	case sv.kick <- struct{}{}:
	default:
	}
}

// notify wakes every request waiting for a fresher snapshot.
func (sv *server) notify() {
	sv.mu.Lock()
	close(sv.wake)
	sv.wake = make(chan struct{})
	sv.mu.Unlock()
}

func (sv *server) session() *hugo.Session {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return sv.sess
}

// current is the snapshot to serve; nil before the first successful build.
func (sv *server) current() *hugo.Snapshot {
	if s := sv.session(); s != nil {
		return s.Current()
	}
	return nil
}

func (sv *server) failing() bool {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return sv.st.failing
}

// requestRender asks the builder to render a page a request waits for.
func (sv *server) requestRender(urlPath string) {
	sv.mu.Lock()
	sv.renders[urlPath] = true
	sv.mu.Unlock()
	sv.poke()
}

// visit notes a page served, so that the next change renders it first.
func (sv *server) visit(urlPath string) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	sv.visited = slices.DeleteFunc(sv.visited, func(v string) bool { return v == urlPath })
	sv.visited = append(sv.visited, urlPath)
	if len(sv.visited) > 16 {
		sv.visited = sv.visited[1:]
	}
}

// openPages are the pages browsers have open: those the event streams named, and those
// served lately (the shared stream of several tabs names none).
func (sv *server) openPages() []string {
	pages := sv.hub.pages()
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for _, v := range sv.visited {
		if !slices.Contains(pages, v) {
			pages = append(pages, v)
		}
	}
	return pages
}

// open runs the first build.
func (sv *server) open(ctx context.Context) {
	sv.build(ctx, nil)
	if sv.current() == nil && ctx.Err() == nil {
		fmt.Fprintln(sv.o.Stderr, sv.t.firstFailed)
	}
}

// loop runs the builder until ctx is cancelled.
func (sv *server) loop(ctx context.Context) {
	for ctx.Err() == nil {
		var wait time.Duration // > 0: Complete waits for the sources to be quiet
		if paths := sv.takeSet(sv.pending); len(paths) > 0 {
			sv.build(ctx, paths)
			continue
		}
		if sess := sv.session(); sess != nil && !sv.failing() {
			if snap := sess.Current(); snap != nil && !snap.Complete() {
				urls := sv.takeSet(sv.renders)
				var res hugo.Result
				if len(urls) > 0 {
					sv.steps.Add(1)
					res = sess.Render(ctx, urls)
				} else if wait = sv.completeWait(); sv.takeWantComplete() || wait == 0 {
					wait = 0
					sv.steps.Add(1)
					if res = sess.Complete(ctx); res.Built {
						sv.completeCost = res.Duration
					}
				}
				sv.report(res, nil, nil)
				if res.Built {
					continue
				}
				// Nothing ran (the session cannot render now): wait for new work
				// rather than ask again at once.
			} else {
				sv.takeWantComplete() // complete already
			}
		}
		sv.mu.Lock()
		clear(sv.renders)
		sv.mu.Unlock()
		sv.notify()
		sv.collectWhenIdle()
		var idle *time.Timer
		var quiet <-chan time.Time
		if wait > 0 {
			idle = time.NewTimer(wait)
			quiet = idle.C
		}
		select {
		case <-ctx.Done():
		case <-sv.kick:
		case <-quiet:
		}
		if idle != nil {
			idle.Stop()
		}
	}
}

// takeSet empties a set that mu guards (pending, renders) and returns its members,
// sorted.
func (sv *server) takeSet(set map[string]bool) []string {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	out := slices.Sorted(maps.Keys(set))
	clear(set)
	return out
}

// takeWantComplete reports and clears a request's need for a complete snapshot.
func (sv *server) takeWantComplete() bool {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	w := sv.wantComplete
	sv.wantComplete = false
	return w
}

// completeWait is how long to wait before Complete runs: 0 for now, a negative value
// for only on request (see quickComplete).
func (sv *server) completeWait() time.Duration {
	switch {
	case sv.completeCost <= quickComplete:
		return 0
	case sv.completeCost <= maxComplete:
		return max(idleComplete-time.Since(sv.lastBuild), 0)
	}
	return -1
}

// build runs the content check and then the engine for changed paths (nil for the
// first build).
func (sv *server) build(ctx context.Context, paths []string) {
	sv.steps.Add(1)
	sv.mu.Lock()
	paths = append(sv.blocked, paths...)
	sv.blocked = nil
	sv.mu.Unlock()

	var checked diag.List
	if sv.o.Check != nil {
		checked = sv.o.Check(ctx, paths)
		checked.Sort()
		if ctx.Err() != nil {
			return
		}
		if checked.Errors() > 0 {
			sv.mu.Lock()
			sv.blocked = paths
			sv.mu.Unlock()
			var existing []string
			for _, p := range paths {
				if _, err := os.Stat(p); err == nil {
					existing = append(existing, p)
				}
			}
			sv.printChange(existing)
			sv.fail(checked, checked, true)
			return
		}
	}
	sess := sv.session()
	var res hugo.Result
	if sess == nil {
		sess, res = hugo.OpenSession(ctx, sv.sessionOptions())
		sv.mu.Lock()
		sv.sess = sess
		sv.mu.Unlock()
	} else {
		// No collection until the browsers are told (see gc.go).
		defer noGC()()
		res = sess.Rebuild(ctx, paths, sv.openPages())
	}
	if ctx.Err() != nil {
		return
	}
	if res.Full && res.Built {
		// What the rest of a partial build costs is known once one has run: until then
		// it counts as the dearest that still runs unasked, so the first one runs when
		// the editor pauses and measures it. (A full build's own time, estimated before,
		// is many times a Complete's: at 1,000 pages about 2 s against 150 ms, so the
		// site was never brought up to date unasked.)
		sv.completeCost = maxComplete
	}
	sv.lastBuild = time.Now()
	sv.printChange(res.Sources)
	sv.report(res, checked, paths)
}

func (sv *server) sessionOptions() hugo.SessionOptions {
	so := hugo.SessionOptions{Options: hugo.Options{
		SiteDir: sv.o.SiteDir, Base: sv.o.Base, Drafts: sv.o.Drafts, Future: sv.o.Future, CacheDir: sv.o.CacheDir,
	}}
	if sv.o.Load != nil {
		so.Load = func() (hugo.Options, diag.List) {
			o, d := sv.o.Load()
			o.Drafts, o.Future = o.Drafts || sv.o.Drafts, o.Future || sv.o.Future
			if o.CacheDir == "" {
				o.CacheDir = sv.o.CacheDir
			}
			return o, d
		}
	}
	return so
}

// report tells the terminal and the browsers what a step did. checked holds the content
// check's warnings; paths is the change that started the step (nil for a step that
// continues one).
func (sv *server) report(res hugo.Result, checked diag.List, paths []string) {
	if !res.Built && len(res.Diagnostics) == 0 && len(res.Static) == 0 && paths == nil {
		return // nothing ran
	}
	warnings := append(slices.Clone(checked), res.Warnings...)
	warnings.Sort()
	if res.Diagnostics.Errors() > 0 {
		shown := append(slices.Clone(checked), res.Diagnostics...)
		shown.Sort()
		sv.fail(shown, warnings, false)
		return
	}
	sv.printWarnings(warnings)
	if snap := res.Snapshot; snap != nil {
		sv.mu.Lock()
		wasFailing := sv.st.failing
		from := sv.gen
		sv.gen = snap.Gen()
		sv.st.failing, sv.st.problems, sv.st.warnings = false, nil, warnings
		sv.st.built, sv.st.pages = snap.Time(), snap.Pages()
		if paths != nil || sv.st.took == 0 {
			sv.st.took = res.Duration
		}
		sv.lastText = ""
		sv.mu.Unlock()
		if wasFailing {
			fmt.Fprintln(sv.o.Stdout, sv.t.fixed)
		}
		if paths != nil {
			if n := len(res.Changed) + len(res.Removed); n > 0 {
				fmt.Fprintf(sv.o.Stdout, sv.t.updated+"\n", n, round(res.Duration), sv.phase(res))
			} else if res.Built {
				fmt.Fprintf(sv.o.Stdout, sv.t.unchanged+"\n", round(res.Duration))
			}
		}
		if snap.Gen() != from {
			ch := change{From: from, Gen: snap.Gen(), CSS: onlyCSS(res.Sources) && !res.Full}
			for _, n := range append(slices.Clone(res.Changed), res.Removed...) {
				ch.Changed = append(ch.Changed, hugo.URLPath(n))
			}
			if len(ch.Changed) > maxListed {
				ch.Changed, ch.All = nil, true
			}
			sv.hub.remember(ch)
			ev := "reload"
			if ch.CSS {
				ev = "css"
			}
			sv.hub.broadcast(ev, sv.message(&ch))
		} else {
			sv.hub.broadcast("status", sv.message(nil))
		}
		sv.notify()
	} else if res.Built || paths != nil {
		sv.mu.Lock()
		wasFailing := sv.st.failing
		sv.st.warnings = warnings
		sv.st.failing, sv.st.problems = false, nil
		sv.mu.Unlock()
		if wasFailing && sv.current() != nil {
			fmt.Fprintln(sv.o.Stdout, sv.t.fixed)
			sv.hub.broadcast("status", sv.message(nil))
			sv.notify()
		}
	}
	if len(res.Static) > 0 {
		fmt.Fprintf(sv.o.Stdout, sv.t.static+"\n", strings.Join(res.Static, ", "))
		sv.clearStatic()
		m := sv.message(nil)
		m.CSS, m.All = onlyCSS(res.Static), true
		sv.hub.broadcast("static", m)
	}
}

// fail shows a failed build or check: printed once, sent to every tab.
func (sv *server) fail(problems, warnings diag.List, check bool) {
	var b strings.Builder
	problems.WriteLang(&b, sv.t.lang)
	if check {
		fmt.Fprintf(&b, sv.t.checkFailed+"\n", problems.Errors())
	} else {
		fmt.Fprintf(&b, sv.t.failed+"\n", problems.Errors(), problems.Warnings())
	}
	sv.mu.Lock()
	if !sv.st.failing {
		sv.st.state++
	}
	sv.st.failing, sv.st.problems, sv.st.warnings = true, problems, warnings
	repeat := b.String() == sv.lastText
	sv.lastText = b.String()
	sv.mu.Unlock()
	if !repeat {
		fmt.Fprint(sv.o.Stderr, b.String())
	}
	sv.hub.broadcast("status", sv.message(nil))
	sv.notify()
}

// printWarnings prints the site's warnings when they differ from those printed last.
func (sv *server) printWarnings(warnings diag.List) {
	var b strings.Builder
	warnings.WriteLang(&b, sv.t.lang)
	sv.mu.Lock()
	repeat := b.String() == sv.lastWarnings
	sv.lastWarnings = b.String()
	sv.mu.Unlock()
	if !repeat {
		fmt.Fprint(sv.o.Stderr, b.String())
	}
}

func (sv *server) printChange(paths []string) {
	if len(paths) == 0 {
		return
	}
	var rel []string
	for _, p := range paths {
		if r, ok := strings.CutPrefix(p, sv.o.SiteDir+"/"); ok {
			p = r
		}
		rel = append(rel, p)
	}
	if len(rel) > 5 {
		rel = append(rel[:5], fmt.Sprintf("(+%d)", len(rel)-5))
	}
	fmt.Fprintf(sv.o.Stdout, sv.t.changed+"\n", strings.Join(rel, ", "))
}

func (sv *server) phase(res hugo.Result) string {
	en := sv.t.lang == diag.English
	switch {
	case res.Full && en:
		return "full build"
	case res.Full:
		return "build penuh"
	case en:
		return "open pages first"
	}
	return "halaman terbuka lebih dahulu"
}

func onlyCSS(paths []string) bool {
	for _, p := range paths {
		if !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return len(paths) > 0
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

// message is one event as the script reads it: the change, if any, and the whole state.
type message struct {
	Server      string     `json:"server"`
	Gen         uint64     `json:"gen"`
	From        uint64     `json:"from"`
	Changed     []string   `json:"changed,omitempty"`
	All         bool       `json:"all,omitempty"`
	CSS         bool       `json:"css,omitempty"`
	Failing     bool       `json:"failing"`
	State       int        `json:"state"`
	Diagnostics []wireDiag `json:"diagnostics,omitempty"`
	Built       *time.Time `json:"built,omitempty"`
	MS          int64      `json:"ms"`
	Warnings    int        `json:"warnings"`
	Pages       int        `json:"pages"`
	History     []change   `json:"history,omitempty"`
}

type wireDiag struct {
	Pos      string `json:"pos,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func (sv *server) message(ch *change) *message {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	m := &message{
		Server: sv.id, Gen: sv.gen, From: sv.gen,
		Failing: sv.st.failing, State: sv.st.state,
		MS: sv.st.took.Milliseconds(), Warnings: len(sv.st.warnings), Pages: sv.st.pages,
	}
	if !sv.st.built.IsZero() {
		t := sv.st.built
		m.Built = &t
	}
	if ch != nil {
		m.From, m.Gen, m.Changed, m.All, m.CSS = ch.From, ch.Gen, ch.Changed, ch.All, ch.CSS
	}
	if sv.st.failing {
		for i, d := range sv.st.problems {
			if i == maxShown {
				break
			}
			msg, hint := d.Text(sv.t.lang)
			m.Diagnostics = append(m.Diagnostics, wireDiag{Pos: d.Pos(), Severity: d.Severity.String(), Message: msg, Hint: hint})
		}
	}
	return m
}

// hello is the first event of a stream: the state and the recent reloads.
func (sv *server) hello() any {
	m := sv.message(nil)
	m.History = sv.hub.recent()
	return m
}
