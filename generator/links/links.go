// Package links checks the rendered site before it is published: every internal link
// and image of every HTML page must lead to a published file. A broken link is reported
// at the Markdown source that wrote it (file, line, column), or, when a template made
// it, at the content file of the page that shows it.
//
// Why check the rendered output rather than the Markdown alone: links are also made by
// templates, by the link render hook (which rewrites them for a sub-path) and by aliases;
// only the output shows what a visitor will click.
package links

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"gnrm/generator/content"
	"gnrm/generator/diag"
)

// Page is a published HTML page and where it came from.
type Page struct {
	Output  string         // e.g. berita/x/index.html
	Content string         // e.g. content/berita/x.md; empty for pages without a file
	Links   []content.Link // the links written in its Markdown, with positions
}

// Check reads every HTML file of files and reports internal links and images that lead
// to no published file. basePath is the site's path on its host ("/" or "/gnrm/").
func Check(files fs.FS, basePath string, pages []Page) diag.List {
	basePath = "/" + strings.Trim(basePath, "/") + "/"
	basePath = strings.ReplaceAll(basePath, "//", "/")
	byOutput := map[string]Page{}
	for _, p := range pages {
		if _, dup := byOutput[p.Output]; !dup {
			byOutput[p.Output] = p
		}
	}
	exists := func(p string) bool {
		fi, err := fs.Stat(files, p)
		return err == nil && !fi.IsDir()
	}
	var htmlFiles, all []string
	fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			all = append(all, p)
			if strings.HasSuffix(p, ".html") {
				htmlFiles = append(htmlFiles, p)
			}
		}
		return nil
	})
	slices.Sort(htmlFiles)
	sugg := suggester{files: all}

	var l diag.List
	reported := map[string]bool{}
	for _, name := range htmlFiles {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			continue
		}
		pageURL := basePath + strings.TrimSuffix(name, "index.html")
		for _, ref := range refs(string(b)) {
			target, ok := resolve(pageURL, ref.url, basePath)
			if !ok {
				continue // external, fragment-only, mailto: ...
			}
			if target != "" && (exists(target) || exists(path.Join(target, "index.html"))) {
				continue
			}
			page := byOutput[name]
			key := page.Content + "\x00" + name + "\x00" + ref.url
			if page.Content != "" {
				key = page.Content + "\x00" + ref.url
			}
			if reported[key] {
				continue
			}
			reported[key] = true
			l.Add(broken(page, name, ref, pageURL, basePath, &sugg))
		}
	}
	l.Sort()
	return l
}

type ref struct {
	url   string
	image bool
}

// refs returns the link and resource addresses of an HTML page.
func refs(doc string) []ref {
	var out []ref
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		var want string
		switch string(name) {
		case "a", "link", "area":
			want = "href"
		case "img", "script", "source", "iframe", "audio", "video", "track":
			want = "src"
		default:
			continue
		}
		var rel string
		var val string
		found := false
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case want:
				val, found = string(v), true
			case "rel":
				rel = string(v)
			}
		}
		// Alternate-language and canonical links may name pages of another build.
		if !found || strings.Contains(rel, "alternate") || strings.Contains(rel, "canonical") {
			continue
		}
		out = append(out, ref{url: val, image: string(name) == "img"})
	}
}

// resolve turns an address found on the page at pageURL into the published file path it
// needs (relative to the output root). ok is false for addresses that are not checked.
// An internal address outside basePath resolves to "" (never published).
func resolve(pageURL, ref, basePath string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return "", false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", true
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "//") {
		return "", false
	}
	p := u.Path
	if p == "" {
		return "", false // a query on the same page
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(pageURL+"x"), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if !strings.HasPrefix(p+"/", basePath) && p+"/" != basePath {
		return "", true
	}
	rel := strings.TrimPrefix(p, strings.TrimSuffix(basePath, "/"))
	rel = strings.TrimPrefix(rel, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	rel = path.Clean(rel)
	if !fs.ValidPath(rel) {
		return "", true
	}
	return rel, true
}

func broken(page Page, output string, r ref, pageURL, basePath string, sugg *suggester) diag.Diagnostic {
	message := func(dest string) (string, string) {
		if r.image {
			return fmt.Sprintf("gambar %s tidak ditemukan di situs", dest), fmt.Sprintf("image %s is not found on the site", dest)
		}
		return fmt.Sprintf("tautan ke %s tidak menuju halaman atau berkas yang ada di situs", dest),
			fmt.Sprintf("link to %s leads to no page or file of the site", dest)
	}
	d := diag.Diagnostic{Path: page.Content, Severity: diag.Error, Code: "link.broken",
		Hint:   "Periksa alamatnya: halaman di situs ini ditulis seperti /berita/judul-berita/ (nama berkas Markdown tanpa .md).",
		HintEN: "Check the address: pages of this site are written like /berita/news-title/ (the Markdown file's name without .md).",
	}
	if r.image {
		d.Hint = "Letakkan berkas gambar di folder static/ (alamat /images/foto.jpg berarti static/images/foto.jpg), atau di samping halaman bila halaman itu bundel (folder dengan index.md)."
		d.HintEN = "Put the image file in the static/ folder (the address /images/photo.jpg means static/images/photo.jpg), or beside the page if the page is a bundle (a folder with index.md)."
	}
	d.Message, d.MessageEN = message(r.url)
	target, _ := resolve(pageURL, r.url, basePath)
	if near := sugg.near(target); near != "" {
		d.Hint += fmt.Sprintf(" Mungkin maksudnya %s?", near)
		d.HintEN += fmt.Sprintf(" Did you mean %s?", near)
	}
	for _, l := range page.Links {
		t1, ok1 := resolve(pageURL, l.Dest, basePath)
		if ok1 && (l.Dest == r.url || t1 == target) {
			d.Line, d.Col = l.Line, l.Col
			d.Message, d.MessageEN = message(l.Dest)
			return d
		}
	}
	if page.Content == "" {
		d.Path = output
	}
	d.Message += " (dibuat oleh templat pada halaman " + output + ")"
	d.MessageEN += " (made by a template on page " + output + ")"
	return d
}

// suggester proposes the published address nearest to a broken one: the page or file of
// the same folder whose name differs by a few letters (a typo, a changed slug).
type suggester struct {
	files []string // every published file, relative to the output root
	tried int
}

// maxSuggestions bounds the work on a site with very many broken links.
const maxSuggestions = 200

// near returns the address (as an editor writes it in Markdown) of the published file
// nearest to target, or "".
func (s *suggester) near(target string) string {
	if target == "" || s.tried >= maxSuggestions {
		return ""
	}
	s.tried++
	page := path.Base(target) == "index.html"
	name := func(p string) (dir, base string) {
		if page {
			p = path.Dir(p)
		}
		return path.Dir(p), path.Base(p)
	}
	dir, base := name(target)
	best, bestD := "", max(2, len(base)/4)+1
	for _, f := range s.files {
		if (path.Base(f) == "index.html") != page {
			continue
		}
		fd, fb := name(f)
		if fd != dir || fb == "." || abs(len(fb)-len(base)) >= bestD {
			continue
		}
		if d := content.Distance(fb, base); d < bestD {
			best, bestD = f, d
		}
	}
	if best == "" {
		return ""
	}
	// Markdown links are written from the site root; the engine adds the base path.
	return "/" + strings.TrimSuffix(best, "index.html")
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
