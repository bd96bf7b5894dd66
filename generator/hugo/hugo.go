// Package hugo is the adapter to the Hugo engine, and the only package of gnrm that
// imports github.com/gohugoio/hugo. Hugo has no stable Go API: whatever of its internals
// gnrm needs (configuration from code, building into memory, reading its errors and
// logs) stays behind the small surface of this package, so that a Hugo upgrade touches
// one folder.
//
// A build renders into memory: nothing is written to disk here. The caller gets the
// rendered files and the site's static files as one read-only fs.FS, and Hugo's errors
// and log lines turned into positioned diagnostics.
package hugo

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/bep/overlayfs"
	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/resources/kinds"
	"github.com/spf13/afero"

	"gnrm/generator/diag"
	"gnrm/generator/source"
)

// Options say what to build.
type Options struct {
	// SiteDir is the site folder (absolute).
	SiteDir string
	// Base is the national base (content/, themes/) under the site folder; nil for none.
	Base fs.FS
	// BaseURL is the site's public address; "/" when empty.
	BaseURL string
	// Drafts and Future publish draft and future-dated pages.
	Drafts, Future bool
	// Params are the site parameters (agency profile); the national ones when nil.
	Params map[string]any
	// CacheDir holds the engine's file cache; a folder under the user cache when empty.
	// Its processed images and assets (share cards above all) are kept per site
	// folder, public address and drafts/future setting, so that builds of other sites or
	// with other settings neither share nor prune them.
	CacheDir string
	// Prune, after a successful build, removes from that per-site cache what the build
	// did not use: the cards of pages retitled or removed. For a build that publishes:
	// it makes the next build of the same site and settings draw again anything this one
	// left out.
	Prune bool
	// Title is the site title; the agency name in Params when empty.
	Title string
	// Languages are the site languages, "id" first; only "id" when empty.
	Languages []string
	// Excluded are the national sections the site leaves out: their content is not
	// read and their menu entries are dropped.
	Excluded []string

	// wrapDest, when set, wraps the in-memory destination the engine renders into (the
	// dev server's Session records which files each build wrote).
	wrapDest func(afero.Fs) afero.Fs
}

// Hidden returns the source folders left out of the union for the excluded sections.
func (o Options) Hidden() []string {
	h := make([]string, len(o.Excluded))
	for i, s := range o.Excluded {
		h[i] = "content/" + s
	}
	return h
}

// Output is a finished render held in memory.
type Output struct {
	// Files holds every output file: the rendered pages first, then the static files.
	Files fs.FS
	// Pages counts the pages the engine built (all kinds).
	Pages int
	// Sources lists the pages that come from a content file: which file, and which HTML
	// file it was published as. Two entries with the same output mean one page silently
	// replaced the other.
	Sources []Source
}

// Source ties a published HTML file to the content file it was rendered from.
type Source struct {
	Content string // relative to the site folder, e.g. content/berita/x.md
	Output  string // relative to the output root, e.g. berita/x/index.html
	Terms   bool   // the page lists the terms of a taxonomy (/topik/)
}

// The engine keeps a process-wide logger that counts errors: two builds at once would
// see each other's errors, so builds in one process take turns.
var buildMu sync.Mutex

// engine is one configured Hugo site set rendering into memory, with the recorder that
// turns its errors and logs into diagnostics. Render uses one for a single build; a
// long-lived caller (the dev server) keeps one for rebuilds.
type engine struct {
	sites *hugolib.HugoSites
	dest  afero.Fs
	rec   *recorder
	stuck bool // a build was abandoned (see watchdog.go): the engine is unusable
}

// resourceKey names the per-site cache folder of processed images and assets.
func resourceKey(o Options) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\n%s\n%t\n%t", o.SiteDir, o.BaseURL, o.Drafts, o.Future)))
	return hex.EncodeToString(h[:8])
}

// newEngine configures the engine for a site. Problems with the configuration or the
// site's files are returned as diagnostics (with a nil engine), not as an error.
func newEngine(o Options) (*engine, diag.List, error) {
	rec := &recorder{siteDir: o.SiteDir}
	cacheDir := o.CacheDir
	if cacheDir == "" {
		var err error
		if cacheDir, err = os.UserCacheDir(); err != nil {
			cacheDir = os.TempDir()
		}
		cacheDir = filepath.Join(cacheDir, "gnrm")
	}

	flags := config.New()
	for k, v := range Settings(o) {
		flags.Set(k, v)
	}
	flags.Set("workingDir", o.SiteDir)
	flags.Set("publishDir", "/")
	flags.Set("cacheDir", cacheDir)
	flags.Set("resourceDir", filepath.Join(cacheDir, "resources", resourceKey(o)))
	flags.Set("noBuildLock", true)
	flags.Set("renderToMemory", true)
	flags.Set("internal", map[string]any{"watch": true})

	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		StdOut:        io.Discard,
		StdErr:        io.Discard,
		DistinctLevel: logg.LevelWarn,
		HandlerPost:   rec.entry,
	})

	srcFs := source.Union(o.SiteDir, o.Base, o.Hidden()...)
	res, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:      srcFs,
		Flags:   flags,
		Logger:  logger,
		Environ: []string{"HUGO_ENVIRONMENT=production"},
	})
	if err != nil {
		rec.fromError(err)
		return nil, rec.take(), nil
	}
	flags.Set("publishDirDynamic", "/")
	flags.Set("publishDirStatic", "/")
	var dest afero.Fs = afero.NewMemMapFs()
	if o.wrapDest != nil {
		dest = o.wrapDest(dest)
	}
	hfs := hugofs.NewFromSourceAndDestination(srcFs, dest, flags)

	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  res,
		Fs:       hfs,
		LogLevel: logger.Level(),
		StdOut:   logger.StdOut(),
		StdErr:   logger.StdErr(),
	})
	if err != nil {
		rec.fromError(err)
		return nil, rec.take(), nil
	}
	return &engine{sites: sites, dest: dest, rec: rec}, nil, nil
}

// files is the rendered output and the static files as one read-only tree, the
// rendered files winning.
func (e *engine) files() fs.FS {
	layers := []afero.Fs{e.dest}
	for _, st := range e.sites.BaseFs.SourceFilesystems.Static {
		layers = append(layers, st.Fs)
	}
	return afero.NewIOFS(afero.NewBasePathFs(overlayfs.New(overlayfs.Options{Fss: layers}), "/"))
}

func (e *engine) close() {
	if !e.stuck { // its goroutines are blocked: closing could block too
		e.sites.Close()
	}
}

// guard turns a panic inside the engine into a diagnostic: no stack trace reaches the
// user. Use as: defer guard(&diags).
func guard(diags *diag.List) {
	if r := recover(); r != nil {
		diags.Add(diag.Diagnostic{Severity: diag.Error, Code: "engine.internal",
			Message:   fmt.Sprintf("kegagalan internal mesin Hugo: %v", r),
			MessageEN: fmt.Sprintf("internal failure of the Hugo engine: %v", r),
			Hint:      "Laporkan masalah ini kepada pengelola gnrm beserta berkas yang terakhir diubah.",
			HintEN:    "Report this to the gnrm maintainers with the file you changed last."})
	}
}

// Render builds the site into memory. On failure the Output is nil and the diagnostics
// say why; an error is returned only when the build could not even be attempted or ctx
// was cancelled.
func Render(ctx context.Context, o Options) (out *Output, diags diag.List, err error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	defer func() {
		if diags.Errors() > 0 {
			out = nil
		}
		diags.Sort()
	}()
	defer guard(&diags)

	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var e *engine
	for attempt := 1; ; attempt++ {
		e, diags, err = newEngine(o)
		if e == nil || err != nil {
			return nil, diags, err
		}
		diags = e.build(hugolib.BuildCfg{})
		// The engine's hang depends on timing (see watchdog.go): another attempt
		// usually ends and reports the failing pages themselves.
		if !e.stuck || attempt == stuckAttempts || ctx.Err() != nil {
			break
		}
	}
	defer e.close()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if diags.Errors() > 0 {
		return nil, diags, nil
	}
	if o.Prune {
		// A cache that cannot be pruned costs disk space, not correctness.
		_, _ = e.sites.GC()
	}
	return &Output{Files: e.files(), Pages: len(e.sites.Pages()), Sources: e.sources(o.BaseURL)}, diags, nil
}

// SearchPages are the output files of srcs that the offline search takes: every page
// rendered from a content file but the lists of a taxonomy's terms, which are no page to
// find, even with an introduction.
func SearchPages(srcs []Source) (out []string) {
	for _, s := range srcs {
		if !s.Terms {
			out = append(out, s.Output)
		}
	}
	return out
}

// sources maps each page that has a content file to its HTML output file.
func (e *engine) sources(baseURL string) []Source {
	prefix := "/"
	if u, err := url.Parse(baseURL); err == nil && u.Path != "" {
		prefix = "/" + strings.Trim(u.Path, "/") + "/"
		prefix = strings.ReplaceAll(prefix, "//", "/")
	}
	var out []Source
	for _, p := range e.sites.Pages() {
		if p.File() == nil {
			continue
		}
		rel := p.RelPermalink()
		if rel == "" {
			continue
		}
		if u, err := url.PathUnescape(rel); err == nil {
			rel = u
		}
		rel = strings.TrimPrefix(rel, prefix)
		rel = strings.TrimPrefix(rel, "/")
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		out = append(out, Source{Content: e.rec.relPath(p.File().Filename()), Output: rel, Terms: p.Kind() == kinds.KindTaxonomy})
	}
	slices.SortFunc(out, func(a, b Source) int {
		return cmp.Or(strings.Compare(a.Output, b.Output), strings.Compare(a.Content, b.Content))
	})
	return out
}

// recorder turns the engine's errors and log lines into diagnostics.
type recorder struct {
	mu      sync.Mutex
	siteDir string
	list    diag.List
}

// take returns the diagnostics recorded so far, sorted, and starts a new list.
func (r *recorder) take() diag.List {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.list
	r.list = nil
	l.Sort()
	return l
}

func (r *recorder) add(d diag.Diagnostic) {
	r.mu.Lock()
	r.list.Add(d)
	r.mu.Unlock()
}

// entry receives every log line the engine writes at warning level or above.
func (r *recorder) entry(e *logg.Entry) error {
	sev := diag.Warning
	if e.Level >= logg.LevelError {
		sev = diag.Error
	}
	d := r.parse(e.Message)
	d.Severity = sev
	r.add(d)
	return nil
}

// fromError records a build error: each file error in it with its position.
func (r *recorder) fromError(err error) {
	var fes []herrors.FileError
	for _, e := range herrors.Errors(err) {
		if fe := herrors.UnwrapFileError(e); fe != nil {
			fes = append(fes, fe)
			continue
		}
		if r.countedOnly(e) {
			continue
		}
		d := r.parse(e.Error())
		d.Severity = diag.Error
		r.add(d)
	}
	for _, fe := range fes {
		pos := fe.Position()
		d := diag.Diagnostic{
			Path: r.relPath(pos.Filename), Line: pos.LineNumber, Col: pos.ColumnNumber,
			Severity: diag.Error,
		}
		msg := fe.Error()
		if c := errors.Unwrap(fe); c != nil {
			msg = c.Error()
		}
		r.explain(&d, r.stripPositions(msg))
		r.templateParsePos(&d, msg)
		r.add(d)
	}
}

// A template parse error names the template that does not parse ("template:
// page.html:7: unexpected EOF"), while the engine's position may point at the base
// template that includes it.
var tplParseRe = regexp.MustCompile(`template: ([\w./-]+\.html):(\d+):(?:(\d+):)? (unexpected .*|function "[^"]*" not defined.*)$`)

// templateParsePos puts a template parse error at the template that fails to parse:
// the site's own layouts/NAME when it exists, else the theme's.
func (r *recorder) templateParsePos(d *diag.Diagnostic, msg string) {
	m := tplParseRe.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0])
	if m == nil {
		return
	}
	name := strings.TrimPrefix(m[1], "_default/")
	for _, dir := range []string{"layouts", "themes/gnrm/layouts"} {
		if _, err := os.Stat(filepath.Join(r.siteDir, dir, filepath.FromSlash(name))); err == nil {
			d.Path = dir + "/" + name
			break
		}
	}
	d.Line, _ = strconv.Atoi(m[2])
	d.Col = 0
	if m[3] != "" {
		d.Col, _ = strconv.Atoi(m[3])
	}
	d.Code = "engine.parse"
	if strings.HasPrefix(m[4], "unexpected EOF") {
		d.Message = "templat tidak lengkap: ada {{ if }}, {{ range }}, {{ with }} atau {{ define }} yang belum ditutup dengan {{ end }}"
		d.MessageEN = "incomplete template: an {{ if }}, {{ range }}, {{ with }} or {{ define }} is not closed with {{ end }}"
	} else {
		d.Message = "templat tidak dapat dibaca: " + m[4]
		d.MessageEN = "the template cannot be parsed: " + m[4]
	}
	d.Hint = "Setiap {{ if }}, {{ range }}, {{ with }} dan {{ define }} ditutup dengan {{ end }}; periksa juga tanda kurung dan tanda kutip."
	d.HintEN = "Every {{ if }}, {{ range }}, {{ with }} and {{ define }} is closed with {{ end }}; check brackets and quotes too."
}

// countedOnly reports the engine's summary error ("logged 2 error(s)"): the logged
// errors themselves are already recorded.
func (r *recorder) countedOnly(err error) bool {
	return strings.HasPrefix(err.Error(), "logged ") && strings.HasSuffix(err.Error(), "error(s)")
}

// A position as the engine prints it: "/abs/file.html:12:3" possibly quoted.
var posRe = regexp.MustCompile(`"?((?:[A-Za-z]:)?[/\\][^"\s:]+?):(\d+)(?::(\d+))?"?:?\s*`)

// The engine prefixes render errors with the site's dimensions: "[id v1.0.0 guest] ".
var siteDimRe = regexp.MustCompile(`\[[\w-]+ v[\w.+-]+ [\w-]+\] `)

// parse finds the first position in an engine message and makes a diagnostic of it.
func (r *recorder) parse(msg string) diag.Diagnostic {
	var d diag.Diagnostic
	if m := posRe.FindStringSubmatchIndex(msg); m != nil {
		d.Path = r.relPath(msg[m[2]:m[3]])
		d.Line, _ = strconv.Atoi(msg[m[4]:m[5]])
		if m[6] >= 0 {
			d.Col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
	}
	r.explain(&d, r.stripPositions(msg))
	return d
}

// stripPositions removes absolute paths and the engine's own prefixes from a message,
// leaving the part an editor can act on.
func (r *recorder) stripPositions(msg string) string {
	msg = posRe.ReplaceAllString(msg, "")
	msg = siteDimRe.ReplaceAllString(msg, "")
	msg = strings.ReplaceAll(msg, r.siteDir+string(filepath.Separator), "")
	for _, p := range []string{"error building site: ", "render: ", "failed to render pages: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return strings.TrimSpace(msg)
}

// relPath makes an engine path relative to the site folder, with forward slashes.
func (r *recorder) relPath(p string) string {
	if p == "" {
		return ""
	}
	if rel, err := filepath.Rel(r.siteDir, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}

var (
	renderOfRe  = regexp.MustCompile(`render of "([^"]+)" failed`)
	executingRe = regexp.MustCompile(`executing "[^"]*" at <([^>]*)>: (.+)$`)
	shortcodeRe = regexp.MustCompile(`template for shortcode "([^"]+)" not found`)
	noFieldRe   = regexp.MustCompile(`can't evaluate field (\w+) in type \*?hugolib\.pageState`)
)

// explain gives a message in Bahasa Indonesia for the engine's common failures, keeping
// the engine's own text as detail, and a hint on what to do. The engine joins the same
// template failure on many pages into one message of many lines: it becomes one
// diagnostic that names the pages.
func (r *recorder) explain(d *diag.Diagnostic, msg string) {
	lines := strings.Split(msg, "\n")
	var pages []string
	for _, l := range lines {
		if m := renderOfRe.FindStringSubmatch(l); m != nil && !slices.Contains(pages, m[1]) {
			pages = append(pages, strings.TrimPrefix(m[1], "/"))
		}
	}
	first := lines[0]
	// Template errors can quote whole template arguments; an editor needs the start.
	if r := []rune(first); len(r) > 400 {
		first = string(r[:400]) + " …"
	}
	const (
		tplHint   = "Periksa templat pada baris yang disebut; bila templat ini menimpa templat nasional, bandingkan dengan themes/gnrm."
		tplHintEN = "Check the template at the line given; if it overrides a national template, compare it with themes/gnrm."
	)
	d.Code = "engine"
	d.Message, d.MessageEN = first, first
	switch {
	case shortcodeRe.MatchString(first):
		name := shortcodeRe.FindStringSubmatch(first)[1]
		d.Code = "engine.shortcode"
		d.Message, d.MessageEN = fmt.Sprintf("shortcode %q tidak dikenal", name), fmt.Sprintf("unknown shortcode %q", name)
		d.Hint, d.HintEN = "Hapus shortcode tersebut ({{< ... >}}) atau tulis dengan Markdown biasa.", "Remove the shortcode ({{< ... >}}) or write it in plain Markdown."
	case strings.Contains(first, "shortcode"):
		d.Code = "engine.shortcode"
		d.Message, d.MessageEN = "shortcode tidak dikenal atau salah: "+first, "unknown or broken shortcode: "+first
		d.Hint, d.HintEN = "Hapus shortcode tersebut ({{< ... >}}) atau tulis dengan Markdown biasa.", "Remove the shortcode ({{< ... >}}) or write it in plain Markdown."
	case executingRe.MatchString(first):
		m := executingRe.FindStringSubmatch(first)
		cause, causeEN := m[2], m[2]
		if f := noFieldRe.FindStringSubmatch(cause); f != nil {
			cause = fmt.Sprintf("halaman tidak mempunyai field %s (%s)", f[1], m[2])
			causeEN = fmt.Sprintf("pages have no field %s (%s)", f[1], m[2])
		}
		d.Code = "engine.template"
		d.Message = fmt.Sprintf("templat gagal dijalankan pada %s: %s", m[1], cause)
		d.MessageEN = fmt.Sprintf("template failed at %s: %s", m[1], causeEN)
		d.Hint, d.HintEN = tplHint, tplHintEN
	case strings.Contains(first, "execute of template failed"), strings.Contains(first, "template: "):
		d.Code = "engine.template"
		d.Message, d.MessageEN = "templat gagal dijalankan: "+first, "template failed: "+first
		d.Hint, d.HintEN = tplHint, tplHintEN
	case strings.Contains(first, "parse failed"), strings.Contains(first, "unexpected"):
		d.Code = "engine.parse"
		d.Message, d.MessageEN = "templat atau berkas tidak dapat dibaca: "+first, "template or file cannot be parsed: "+first
		d.Hint = "Periksa penulisan pada baris yang disebut (tanda kurung, tanda kutip, {{ dan }})."
		d.HintEN = "Check the writing at the line given (brackets, quotes, {{ and }})."
	case strings.Contains(first, "front matter"), strings.Contains(first, "yaml"):
		d.Code = "engine.frontmatter"
		d.Message, d.MessageEN = "front matter tidak valid: "+first, "invalid front matter: "+first
		d.Hint = "Front matter ditulis dalam YAML di antara dua baris ---; periksa indentasi dan tanda titik dua."
		d.HintEN = "Front matter is YAML between two --- lines; check the indentation and the colons."
	}
	if len(pages) > 0 {
		shown := strings.Join(pages[:min(len(pages), 3)], ", ")
		where := fmt.Sprintf("Terjadi saat membuat %d halaman, antara lain: %s.", len(pages), shown)
		whereEN := fmt.Sprintf("Happened while making %d pages, among them: %s.", len(pages), shown)
		if len(pages) == 1 {
			where, whereEN = "Terjadi saat membuat halaman "+pages[0]+".", "Happened while making the page "+pages[0]+"."
		}
		d.Hint = strings.TrimSpace(where + "\n" + d.Hint)
		d.HintEN = strings.TrimSpace(whereEN + "\n" + d.HintEN)
	}
}
