package audit_test

// The crawl: nginx serves each site with its generated configuration; a crawler starts
// at the home page and follows every link, image, stylesheet, script, feed and redirect
// on the site's own origin. It fails on any answer other than 200 (or a redirect to a
// page that answers 200), on a fragment that names no element of its page, on a
// stylesheet, image or feed served with the wrong type, on an answer missing a security
// or caching header, and on a published page that no link reaches. Then the sitemap, the
// alias pages (redirects that Hugo writes for old addresses) and a missing address (the
// site's 404 page, with status 404) are checked the same way.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"gnrm/generator/deploy/servertest"
)

func TestCrawlOverNginx(t *testing.T) {
	requireAudit(t, "the crawl over nginx")
	for _, s := range []*site{national, regency} {
		t.Run(s.Name, func(t *testing.T) {
			s := built(t, s)
			cert := serve(t, s)
			c := crawl(t, s, cert.Client(), t.Errorf)
			t.Logf("%s: %d answers checked; %d of %d published pages reached from the home page; %d external links not followed",
				s.Name, len(c.seen), c.reached, c.published, len(c.external))
		})
	}
}

// The crawl is real: on a small site with a broken link, a broken fragment, an orphan
// page and a stylesheet served under the wrong name, each problem is reported.
func TestCrawlerFindsProblems(t *testing.T) {
	requireAudit(t, "the crawl over nginx")
	dir := servertest.Dir(t)
	files := map[string]string{
		"index.html": `<!doctype html><html lang=id><title>Uji</title><link rel=stylesheet href=/gaya.png>` +
			`<a href=/hilang/>hilang</a> <a href=/#tidak-ada>bagian</a> <a href=/ada/#judul>ada</a>`,
		"ada/index.html":   `<!doctype html><html lang=id><title>Ada</title><h1 id=judul>Ada</h1>`,
		"yatim/index.html": `<!doctype html><html lang=id><title>Yatim</title>`,
		"404.html":         `<!doctype html><html lang=id><title>Tidak ada</title>`,
		"gaya.png":         `body{}`,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	addr := servertest.FreeAddr(t)
	s := &site{Name: "uji", Addr: addr, BaseURL: "https://" + addr + "/", Path: "/", Dir: dir}
	cert := serve(t, s)
	var got []string
	crawl(t, s, cert.Client(), func(format string, args ...any) { got = append(got, fmt.Sprintf(format, args...)) })
	all := strings.Join(got, "\n")
	for _, want := range []string{"/hilang/: status 404", "no element with id \"tidak-ada\"", "/yatim/: published page not reached", "/gaya.png (linked from / as stylesheet): served as \"image/png\""} {
		if !strings.Contains(all, want) {
			t.Errorf("the crawler did not report %q; it reported:\n%s", want, all)
		}
	}
	if strings.Contains(all, "judul") {
		t.Errorf("the crawler reported a fragment that exists:\n%s", all)
	}
}

// crawl checks a served site from its home page, reporting each problem with errorf.
func crawl(t *testing.T, s *site, client *http.Client, errorf func(string, ...any)) *crawler {
	c := &crawler{t: t, errorf: errorf, s: s, client: client, seen: map[string]bool{}, ids: map[string]map[string]bool{},
		pages: map[string]bool{}, external: map[string]bool{}}
	home, _ := url.Parse(s.BaseURL)
	c.add(home, "(start)", "a")
	c.run()

	// Every published page is reached from the home page.
	expected := c.publishedPages()
	c.published = len(expected)
	for _, p := range expected {
		if c.pages[p] {
			c.reached++
		} else {
			errorf("%s: published page not reached by any link from the home page", p)
		}
	}

	// Then the sitemap, the alias pages and a missing address.
	if _, err := os.Stat(filepath.Join(s.Dir, "sitemap.xml")); err == nil {
		sm, _ := url.Parse(s.BaseURL + "sitemap.xml")
		c.add(sm, "(sitemap)", "feed")
	}
	for _, a := range c.aliases() {
		u, _ := url.Parse("https://" + s.Addr + a)
		c.add(u, "(alias page)", "a")
	}
	missing, _ := url.Parse(s.BaseURL + "halaman-yang-tidak-ada/")
	c.add(missing, "(missing address)", "404")
	c.run()
	c.checkFragments()
	return c
}

type link struct {
	u    *url.URL
	from string
	kind string // a, stylesheet, img, script, feed, icon, 404
}

type fragRef struct {
	page, frag, from string
}

type crawler struct {
	t         *testing.T
	errorf    func(string, ...any)
	reached   int // published pages reached from the home page
	published int
	s         *site
	client    *http.Client
	queue     []link
	seen      map[string]bool
	pages     map[string]bool            // URL paths of pages (text/html, 200)
	ids       map[string]map[string]bool // URL path of a page -> its element ids
	frags     []fragRef
	external  map[string]bool
}

func (c *crawler) add(u *url.URL, from, kind string) {
	if u.Scheme != "https" || u.Host != c.s.Addr {
		if u.Scheme == "http" || u.Scheme == "https" {
			c.external[u.String()] = true
		}
		return
	}
	if u.Fragment != "" {
		c.frags = append(c.frags, fragRef{page: u.Path, frag: u.Fragment, from: from})
	}
	v := *u
	v.Fragment, v.RawFragment = "", ""
	key := v.String()
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.queue = append(c.queue, link{u: &v, from: from, kind: kind})
}

func (c *crawler) run() {
	for len(c.queue) > 0 {
		l := c.queue[0]
		c.queue = c.queue[1:]
		c.fetch(l)
	}
}

func (c *crawler) fetch(l link) {
	req, _ := http.NewRequest("GET", l.u.String(), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.client.Do(req)
	if err != nil {
		c.errorf("%s (linked from %s): %v", l.u.Path, l.from, err)
		return
	}
	body, err := readBody(resp)
	resp.Body.Close()
	if err != nil {
		c.errorf("%s: reading the answer: %v", l.u.Path, err)
		return
	}
	for _, p := range servertest.HeaderProblems(resp, true) {
		c.errorf("%s (%d): %s", l.u.Path, resp.StatusCode, p)
	}
	switch {
	case l.kind == "404":
		want, _ := os.ReadFile(filepath.Join(c.s.Dir, "404.html"))
		if resp.StatusCode != http.StatusNotFound || !bytes.Equal(body, want) {
			c.errorf("%s: status %d and %d bytes, want 404 with the site's 404.html", l.u.Path, resp.StatusCode, len(body))
			return
		}
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		loc, err := l.u.Parse(resp.Header.Get("Location"))
		if err != nil || loc.Host != c.s.Addr {
			c.errorf("%s (linked from %s): redirect to %q, off the site", l.u.Path, l.from, resp.Header.Get("Location"))
			return
		}
		c.add(loc, l.u.Path+" (redirect)", l.kind)
		return
	case resp.StatusCode != http.StatusOK:
		c.errorf("%s: status %d (linked from %s as %s)", l.u.Path, resp.StatusCode, l.from, l.kind)
		return
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	wantType := map[string]func(string) bool{
		"stylesheet": func(ct string) bool { return ct == "text/css" },
		"script":     func(ct string) bool { return ct == "application/javascript" || ct == "text/javascript" },
		"img":        func(ct string) bool { return strings.HasPrefix(ct, "image/") },
		"icon":       func(ct string) bool { return strings.HasPrefix(ct, "image/") },
		"feed":       func(ct string) bool { return strings.Contains(ct, "xml") },
	}[l.kind]
	if wantType != nil && !wantType(ctype) {
		c.errorf("%s (linked from %s as %s): served as %q", l.u.Path, l.from, l.kind, ctype)
	}
	switch {
	case ctype == "text/html":
		if l.kind != "404" {
			c.pages[l.u.Path] = true
		}
		c.html(l.u, body)
	case strings.Contains(ctype, "xml") && (l.kind == "feed" || strings.HasSuffix(l.u.Path, ".xml")):
		c.xml(l.u, body)
	}
}

func readBody(resp *http.Response) ([]byte, error) {
	r := io.Reader(resp.Body)
	if resp.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzipReader(resp.Body)
		if err != nil {
			return nil, err
		}
		r = gz
	}
	return io.ReadAll(r)
}

var refreshURL = regexp.MustCompile(`(?i)^\s*\d+\s*;\s*url\s*=\s*['"]?([^'"]+)`)

// html collects the element ids and the links of a page.
func (c *crawler) html(page *url.URL, body []byte) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		c.errorf("%s: %v", page.Path, err)
		return
	}
	ids := map[string]bool{}
	c.ids[page.Path] = ids
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if id := attr["id"]; id != "" {
				ids[id] = true
			}
			if n.Data == "a" && attr["name"] != "" {
				ids[attr["name"]] = true
			}
			follow := func(ref, kind string) {
				ref = strings.TrimSpace(ref)
				if ref == "" || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "mailto:") || strings.HasPrefix(ref, "tel:") {
					return
				}
				u, err := page.Parse(ref)
				if err != nil {
					c.errorf("%s: bad address %q: %v", page.Path, ref, err)
					return
				}
				if u.Scheme == "javascript" || u.Scheme == "vbscript" {
					c.errorf("%s: script address %q", page.Path, ref)
					return
				}
				c.add(u, page.Path, kind)
			}
			switch n.Data {
			case "a", "area":
				follow(attr["href"], "a")
			case "link":
				rel := strings.Fields(strings.ToLower(attr["rel"]))
				switch {
				case slices.Contains(rel, "stylesheet"):
					follow(attr["href"], "stylesheet")
				case slices.Contains(rel, "icon"), slices.Contains(rel, "apple-touch-icon"):
					follow(attr["href"], "icon")
				case slices.Contains(rel, "alternate") && strings.Contains(attr["type"], "xml"):
					follow(attr["href"], "feed")
				default:
					follow(attr["href"], "a")
				}
			case "img", "source", "video", "audio", "track", "iframe", "embed":
				follow(attr["src"], "img")
				for _, cand := range strings.Split(attr["srcset"], ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						follow(f[0], "img")
					}
				}
				if n.Data == "video" {
					follow(attr["poster"], "img")
				}
			case "object":
				follow(attr["data"], "img")
			case "script":
				follow(attr["src"], "script")
			case "meta":
				if strings.EqualFold(attr["http-equiv"], "refresh") {
					if m := refreshURL.FindStringSubmatch(attr["content"]); m != nil {
						follow(m[1], "a")
					}
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
}

// xml follows the addresses of a feed or a sitemap: <link> and <loc> texts, href
// attributes (atom:link).
func (c *crawler) xml(doc *url.URL, body []byte) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var cur string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			c.errorf("%s: not well-formed XML: %v", doc.Path, err)
			return
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			cur = tok.Name.Local
			for _, a := range tok.Attr {
				if a.Name.Local == "href" {
					if u, err := doc.Parse(a.Value); err == nil {
						c.add(u, doc.Path, "feed-link")
					}
				}
			}
		case xml.CharData:
			if cur == "link" || cur == "loc" {
				if s := strings.TrimSpace(string(tok)); s != "" {
					if u, err := doc.Parse(s); err == nil {
						c.add(u, doc.Path, "a")
					}
				}
			}
		case xml.EndElement:
			cur = ""
		}
	}
}

func (c *crawler) checkFragments() {
	for _, f := range c.frags {
		ids, ok := c.ids[f.page]
		if !ok {
			continue // not a page; reported if broken
		}
		if !ids[f.frag] && f.frag != "top" {
			c.errorf("%s: link to %s#%s, but that page has no element with id %q", f.from, f.page, f.frag, f.frag)
		}
	}
}

// isAlias reports whether a published page is an alias: a redirect that Hugo writes for
// an old address (such as page/1/ of a list), linked from nowhere.
func isAlias(b []byte) bool {
	return bytes.Contains(b, []byte("http-equiv=refresh")) || bytes.Contains(b, []byte(`http-equiv="refresh"`))
}

// publishedPages lists the URL paths of the published pages that links must reach:
// every .html file but the 404 pages and the aliases.
func (c *crawler) publishedPages() []string {
	var out []string
	c.walkHTML(func(rel string, b []byte) {
		if filepath.Base(rel) != "404.html" && !isAlias(b) {
			out = append(out, c.s.urlPath(rel))
		}
	})
	slices.Sort(out)
	return out
}

// aliases lists the URL paths of the alias pages.
func (c *crawler) aliases() []string {
	var out []string
	c.walkHTML(func(rel string, b []byte) {
		if isAlias(b) {
			out = append(out, c.s.urlPath(rel))
		}
	})
	return out
}

func (c *crawler) walkHTML(fn func(rel string, b []byte)) {
	err := filepath.WalkDir(c.s.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(c.s.Dir, p)
		fn(filepath.ToSlash(rel), b)
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
}
