package hugo

// Taxonomy terms across a partial build.
//
// Why: the engine's partial build (its file-event path, the one `hugo server` takes)
// keeps the lists of a taxonomy's terms (/topik/, with the number of pages of each
// term) as they were when a page gains, loses or takes a new term, or is created or
// removed; and it leaves the published files of a term that no page has any more. Found
// by TestSessionRemovedPageLeavesLists and TestSessionNewTermListed. So the session
// notes the terms of each changed content page before the build and compares after it:
// when they differ, or the page came or went, it sends the engine a change of the
// taxonomy lists' own content files (content/topik/_index.md, ...), which makes the
// engine render those lists again (on request or in Complete, like any stale page).
// A term that no page has any more stays in the engine as an empty page, listed with
// no pages: that rare case gets a full build. A body edit, the common case, changes no
// term and costs nothing more.

import (
	"maps"
	"path"
	"path/filepath"
	"slices"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/types"
	"github.com/gohugoio/hugo/resources/kinds"
	"github.com/gohugoio/hugo/resources/page"
)

// termSet is the term pages of a content page: "lang path" (as "id /topik/inovasi") to
// their output files.
type termSet map[string][]string

// termsOf returns the term pages of the content page at filename, in every language
// it is in.
func (e *engine) termsOf(filename string) termSet {
	defer func() { _ = recover() }()
	set := termSet{}
	plurals := e.taxonomies()
	for _, p := range e.pagesOf(filename) {
		site := p.Site()
		for _, plural := range plurals {
			terms, ok := termPages(p, plural)
			if !ok {
				terms = p.GetTerms(plural)
			}
			for _, t := range terms {
				set[site.Language().Lang+" "+t.Path()] = outputFiles(t)
			}
		}
	}
	return set
}

// termPages returns the term pages of p in the taxonomy plural, looked up from the
// values in its front matter, and false when a value finds no term page (the caller
// then asks GetTerms). Why not GetTerms at once: its first call after a build maps
// every page of the site to its terms in that taxonomy, about 2 ms of every save in
// the preview at 1,000 pages; the theme looks terms up the same way
// (_partials/istilah-halaman.html).
func termPages(p page.Page, plural string) ([]page.Page, bool) {
	var out []page.Page
	for _, v := range types.ToStringSlicePreserveString(p.Params()[plural]) {
		if v == "" {
			continue
		}
		t, err := p.Site().GetPage(path.Join("/", plural, v))
		if err != nil || t == nil || t.Kind() != kinds.KindTerm {
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// taxonomies are the plural names of the site's taxonomies. From the configuration:
// the site's own list of terms is worked out again after each build, a walk of every
// page's terms.
func (e *engine) taxonomies() []string {
	return slices.Sorted(maps.Values(e.sites.Configs.Base.Taxonomies))
}

// pagesOf returns the pages of a content file, one per language it is in.
func (e *engine) pagesOf(filename string) []page.Page {
	rel, err := filepath.Rel(filepath.Join(e.rec.siteDir, "content"), filename)
	if err != nil || !filepath.IsLocal(rel) {
		return nil
	}
	var out []page.Page
	for _, site := range e.sites.Sites {
		p, err := site.GetPage("/" + filepath.ToSlash(rel))
		if err == nil && p != nil && p.File() != nil && p.File().Filename() == filename {
			out = append(out, p)
		}
	}
	return out
}

// outputFiles are the files a page is published as.
func outputFiles(p page.Page) (out []string) {
	for _, f := range p.OutputFormats() {
		if u := f.RelPermalink(); u != "" {
			out = append(out, OutputFile(u))
		}
	}
	return out
}

// termExists reports whether a term page ("lang path") still has pages.
func (e *engine) termExists(key string) bool {
	defer func() { _ = recover() }()
	for _, site := range e.sites.Sites {
		lang := site.Language().Lang
		if len(key) <= len(lang) || key[:len(lang)+1] != lang+" " {
			continue
		}
		p, err := site.GetPage(key[len(lang)+1:])
		return err == nil && p != nil && len(p.Pages()) > 0
	}
	return false
}

// taxonomyListEvents are changes of the content files of every taxonomy list page
// (content/topik/_index.md and its translations), so that the engine renders those
// lists again. ok is false when a list has no content file: only a full build brings
// it up to date then.
func (e *engine) taxonomyListEvents() (events []fsnotify.Event, ok bool) {
	defer func() {
		if recover() != nil {
			events, ok = nil, false
		}
	}()
	seen := map[string]bool{}
	for _, site := range e.sites.Sites {
		for _, plural := range e.taxonomies() {
			p, err := site.GetPage("/" + plural)
			if err != nil || p == nil || p.File() == nil {
				return nil, false
			}
			if name := p.File().Filename(); !seen[name] {
				seen[name] = true
				events = append(events, fsnotify.Event{Name: name, Op: fsnotify.Write})
			}
		}
	}
	return events, true
}

// sameTerms reports whether two term sets name the same term pages.
func sameTerms(a, b termSet) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}
