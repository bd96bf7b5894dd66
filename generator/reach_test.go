package generator_test

// Reach (issue 6): share metadata, generated share cards, share links, structured data,
// feeds, sitemap, robots.txt, the 404 page, the events calendar and the English pages,
// checked on real builds of the national site (with its public address) and of agency
// fixtures. The checks read the published files the way the platforms and crawlers do:
// every address they need must be absolute and lead to a published file, every image
// must decode to the size it claims, the JSON-LD must parse and carry the properties
// that schema.org and Google require, the feeds must parse as RSS 2.0 and the calendar
// must pass a strict RFC 5545 check (reach_ics_test.go).
//
// Each site is built once per test function; the checks are its subtests.

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/net/html"

	"gnrm"
	"gnrm/generator"
	"gnrm/generator/internal/testfiles"
)

// published is a built site as its readers see it.
type published struct {
	dir   string
	base  *url.URL          // the site's public address
	files map[string]string // every published file, by slash path
	title string            // the site title (og:site_name)
}

func publish(t *testing.T, siteDir, baseURL, title string, mod ...func(*generator.BuildOptions)) *published {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	mods := append([]func(*generator.BuildOptions){func(o *generator.BuildOptions) { o.BaseURL = baseURL }}, mod...)
	mustBuild(t, siteDir, out, mods...)
	u, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return &published{dir: out, base: u, files: snapshot(t, out), title: title}
}

// file returns the published file an absolute address of this site leads to.
func (p *published) file(addr string) (string, bool) {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme != p.base.Scheme || u.Host != p.base.Host || !strings.HasPrefix(u.Path, p.base.Path) {
		return "", false
	}
	rel := strings.TrimPrefix(u.Path, p.base.Path)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	_, ok := p.files[rel]
	return rel, ok
}

// address is the absolute address of a published HTML file.
func (p *published) address(name string) string {
	return p.base.String() + strings.TrimSuffix(name, "index.html")
}

// pages are the published HTML pages a reader can land on: not the 404 pages and not
// the redirect pages the engine writes for aliases.
func (p *published) pages() []string {
	var out []string
	for name, body := range p.files {
		if !strings.HasSuffix(name, ".html") || path.Base(name) == "404.html" || strings.Contains(body, "http-equiv=refresh") || strings.Contains(body, `http-equiv="refresh"`) {
			continue
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// doc is what the checks read from one HTML page.
type doc struct {
	lang    string
	metas   map[string][]string // by property or name
	links   []map[string]string
	anchors []anchor
	scripts []map[string]string
	ldjson  []string
	share   *html.Node // the share block, if any
	root    *html.Node
}

type anchor struct {
	attr  map[string]string
	share bool // inside the share block
}

func attrs(n *html.Node) map[string]string {
	m := map[string]string{}
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func parseDoc(t *testing.T, name, body string) *doc {
	t.Helper()
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	d := &doc{metas: map[string][]string{}, root: root}
	var walk func(n *html.Node, inShare bool)
	walk = func(n *html.Node, inShare bool) {
		if n.Type == html.ElementNode {
			a := attrs(n)
			switch n.Data {
			case "html":
				d.lang = a["lang"]
			case "meta":
				if k := a["property"] + a["name"]; k != "" {
					d.metas[k] = append(d.metas[k], a["content"])
				}
			case "link":
				d.links = append(d.links, a)
			case "a":
				d.anchors = append(d.anchors, anchor{a, inShare})
			case "script":
				d.scripts = append(d.scripts, a)
				if a["type"] == "application/ld+json" {
					d.ldjson = append(d.ldjson, text(n))
				}
			case "section":
				if _, ok := a["data-bagikan"]; ok {
					d.share, inShare = n, true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inShare)
		}
	}
	walk(root, false)
	return d
}

func (d *doc) meta(k string) string {
	if v := d.metas[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// alternates returns the hreflang alternate links of a page, by language.
func (d *doc) alternates() map[string]string {
	m := map[string]string{}
	for _, l := range d.links {
		if l["rel"] == "alternate" && l["hreflang"] != "" {
			m[l["hreflang"]] = l["href"]
		}
	}
	return m
}

func (d *doc) canonical() string {
	for _, l := range d.links {
		if l["rel"] == "canonical" {
			return l["href"]
		}
	}
	return ""
}

// decodePNG decodes a published PNG file.
func decodePNG(t *testing.T, p *published, name string) image.Image {
	t.Helper()
	b := p.files[name]
	if !strings.HasPrefix(b, "\x89PNG\r\n\x1a\n") {
		t.Fatalf("%s is not a PNG file", name)
	}
	img, err := png.Decode(strings.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return img
}

func hexColour(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return "#" + strconv.FormatUint(uint64(r>>8)<<16|uint64(g>>8)<<8|uint64(b>>8)|1<<24, 16)[1:]
}

// checkShareMetadata checks the Open Graph and X card tags of every page.
func checkShareMetadata(t *testing.T, p *published) {
	cards := map[string]string{} // image file -> the title it shows
	for _, name := range p.pages() {
		d := parseDoc(t, name, p.files[name])
		self := p.address(name)
		lang := "id"
		if strings.HasPrefix(name, "en/") {
			lang = "en"
		}
		for _, k := range []string{"og:title", "og:description", "og:image:alt", "twitter:title", "twitter:description"} {
			if strings.TrimSpace(d.meta(k)) == "" {
				t.Errorf("%s: %s missing or empty", name, k)
			}
		}
		if got := d.meta("og:url"); got != self || d.canonical() != self {
			t.Errorf("%s: og:url %q, canonical %q, want %q", name, got, d.canonical(), self)
		}
		if got := d.meta("og:site_name"); got != p.title {
			t.Errorf("%s: og:site_name %q, want %q", name, got, p.title)
		}
		if got, want := d.meta("og:locale"), map[string]string{"id": "id_ID", "en": "en_GB"}[lang]; got != want {
			t.Errorf("%s: og:locale %q, want %q", name, got, want)
		}
		if alt := d.alternates(); len(alt) > 0 && len(d.metas["og:locale:alternate"]) != len(alt)-2 {
			t.Errorf("%s: %d og:locale:alternate for %d hreflang alternates", name, len(d.metas["og:locale:alternate"]), len(alt))
		}
		typ := d.meta("og:type")
		if typ != "article" && typ != "website" {
			t.Errorf("%s: og:type %q", name, typ)
		}
		if typ == "article" && d.meta("article:published_time") == "" {
			t.Errorf("%s: an article without article:published_time", name)
		}
		if d.meta("twitter:card") != "summary_large_image" {
			t.Errorf("%s: twitter:card %q", name, d.meta("twitter:card"))
		}
		img := d.meta("og:image")
		if d.meta("twitter:image") != img {
			t.Errorf("%s: twitter:image %q differs from og:image %q", name, d.meta("twitter:image"), img)
		}
		file, ok := p.file(img)
		if !ok {
			t.Errorf("%s: og:image %q is not an absolute address of a published file", name, img)
			continue
		}
		w, _ := strconv.Atoi(d.meta("og:image:width"))
		h, _ := strconv.Atoi(d.meta("og:image:height"))
		cfg, format, err := image.DecodeConfig(strings.NewReader(p.files[file]))
		if err != nil || cfg.Width != w || cfg.Height != h || d.meta("og:image:type") != "image/"+format {
			t.Errorf("%s: og:image %s is %s %dx%d (%v), tags say %s %dx%d", name, file, format, cfg.Width, cfg.Height, err, d.meta("og:image:type"), w, h)
		}
		if w < 200 || h < 200 {
			t.Errorf("%s: og:image %dx%d is smaller than 200x200", name, w, h)
		}
		if strings.HasPrefix(file, "bagikan/") {
			if b := decodePNG(t, p, file).Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
				t.Errorf("%s: share card %s is %dx%d, want 1200x630", name, file, b.Dx(), b.Dy())
			}
			// A card shows its page's title: pages with different titles never share one.
			if other, dup := cards[file]; dup && other != d.meta("og:title") {
				t.Errorf("%s (%q) shares the card %s of %q", name, d.meta("og:title"), file, other)
			}
			cards[file] = d.meta("og:title")
		}
	}
	if len(cards) < 10 {
		t.Errorf("only %d share cards", len(cards))
	}
}

// checkShareLinks checks the share block of a content page and the script it loads.
func checkShareLinks(t *testing.T, p *published, name string) {
	d := parseDoc(t, name, p.files[name])
	if d.share == nil {
		t.Fatalf("%s: no share block", name)
	}
	self := p.address(name)
	want := map[string]string{ // host+path -> the query key holding the page address
		"www.facebook.com/sharer/sharer.php":  "u",
		"x.com/intent/tweet":                  "url",
		"wa.me/":                              "text",
		"t.me/share/url":                      "url",
		"social-plugins.line.me/lineit/share": "url",
	}
	found := map[string]bool{}
	var copyLink, mail bool
	for _, a := range d.anchors {
		if !a.share {
			continue
		}
		href := a.attr["href"]
		u, err := url.Parse(href)
		if err != nil {
			t.Errorf("%s: share link %q: %v", name, href, err)
			continue
		}
		switch {
		case u.Scheme == "mailto":
			mail = true
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil || !strings.Contains(q.Get("body"), self) || q.Get("subject") == "" || strings.Contains(u.RawQuery, "+") {
				t.Errorf("%s: e-mail link %q (spaces must be %%20)", name, href)
			}
		case href == self:
			if _, ok := a.attr["data-salin"]; ok {
				copyLink = true
			}
		case u.Scheme == "https":
			key, ok := want[u.Host+u.Path]
			if !ok {
				t.Errorf("%s: unexpected share link %q", name, href)
				continue
			}
			found[u.Host+u.Path] = true
			if !strings.Contains(u.Query().Get(key), self) {
				t.Errorf("%s: share link %q does not carry the page address in %s", name, href, key)
			}
			if !strings.Contains(a.attr["rel"], "noopener") {
				t.Errorf("%s: share link %q without rel=noopener", name, href)
			}
		}
	}
	for k := range want {
		if !found[k] {
			t.Errorf("%s: no share link to %s", name, k)
		}
	}
	if !copyLink || !mail {
		t.Errorf("%s: copy link %v, e-mail link %v", name, copyLink, mail)
	}
	if !strings.Contains(p.files[name], "data-bagikan-perangkat hidden") {
		t.Errorf("%s: the device share button is not hidden until the script shows it", name)
	}
	// The script: a file with SRI and defer, no inline script, no innerHTML, no host.
	var js string
	for _, s := range d.scripts {
		if strings.Contains(s["src"], "/js/bagikan.") {
			js = s["src"]
			if _, ok := s["defer"]; !ok || !strings.HasPrefix(s["integrity"], "sha384-") {
				t.Errorf("%s: bagikan.js without defer or integrity: %v", name, s)
			}
			file := strings.TrimPrefix(js, p.base.Path)
			sum := sha512.Sum384([]byte(p.files[file]))
			if s["integrity"] != "sha384-"+base64.StdEncoding.EncodeToString(sum[:]) {
				t.Errorf("%s: the integrity of %s does not match the published file", name, file)
			}
			for _, bad := range []string{"innerHTML", "outerHTML", "eval(", "http:", "https:", "document.write"} {
				if strings.Contains(p.files[file], bad) {
					t.Errorf("%s contains %q", file, bad)
				}
			}
		} else if s["type"] != "application/ld+json" && s["src"] == "" {
			t.Errorf("%s: inline script %v", name, s)
		}
	}
	if js == "" {
		t.Errorf("%s: bagikan.js not loaded", name)
	}
}

// ld is one JSON-LD node.
type ld = map[string]any

func str(v any) string { s, _ := v.(string); return s }

// jsonLD returns the JSON-LD nodes of a page (the members of @graph).
func jsonLD(t *testing.T, name string, d *doc) []ld {
	var out []ld
	for _, block := range d.ldjson {
		if strings.Contains(block, "</") {
			t.Errorf("%s: a JSON-LD block contains </", name)
		}
		var top ld
		if err := json.Unmarshal([]byte(block), &top); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v", name, err)
			continue
		}
		if top["@context"] != "https://schema.org" {
			t.Errorf("%s: JSON-LD @context %v", name, top["@context"])
		}
		g, _ := top["@graph"].([]any)
		for _, n := range g {
			if m, ok := n.(ld); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// required are the properties each type must carry: schema.org's and Google's required
// and recommended properties for the rich result of the type.
var required = map[string][]string{
	"GovernmentOrganization": {"name", "url"},
	"WebSite":                {"name", "url"},
	"NewsArticle":            {"headline", "image", "datePublished", "dateModified", "author", "publisher", "url"},
	"Event":                  {"name", "startDate", "endDate", "location", "eventStatus", "eventAttendanceMode", "organizer", "image", "url"},
	"ClaimReview":            {"url", "claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished"},
	"BreadcrumbList":         {"itemListElement"},
}

// checkNode checks one JSON-LD node against its type's rules; page is the page's address.
func checkNode(t *testing.T, p *published, name, page string, n ld) {
	typ := str(n["@type"])
	for _, k := range required[typ] {
		if v, ok := n[k]; !ok || v == nil || v == "" {
			t.Errorf("%s: %s without %s", name, typ, k)
		}
	}
	resolves := func(what string, v any) {
		s := str(v)
		if _, ok := p.file(s); !ok {
			t.Errorf("%s: %s %s %q is not an address of a published file", name, typ, what, s)
		}
	}
	date := func(k string, v any) time.Time {
		tm, err := time.Parse(time.RFC3339, str(v))
		if err != nil {
			t.Errorf("%s: %s %s %q is not a date-time with its zone", name, typ, k, v)
		}
		return tm
	}
	named := func(what string, v any, types ...string) {
		m, _ := v.(ld)
		if m == nil || str(m["name"]) == "" && str(m["@id"]) == "" || !slices.Contains(types, str(m["@type"])) {
			t.Errorf("%s: %s %s %v: want a named %v", name, typ, what, v, types)
		}
	}
	switch typ {
	case "GovernmentOrganization":
		resolves("url", n["url"])
		if l, ok := n["logo"]; ok {
			resolves("logo", l)
		}
	case "NewsArticle":
		if utf8.RuneCountInString(str(n["headline"])) > 110 {
			t.Errorf("%s: headline longer than 110 characters", name)
		}
		imgs, _ := n["image"].([]any)
		if len(imgs) == 0 {
			t.Errorf("%s: NewsArticle without image", name)
		}
		for _, i := range imgs {
			resolves("image", i)
		}
		if !date("datePublished", n["datePublished"]).Equal(date("dateModified", n["dateModified"])) && date("dateModified", n["dateModified"]).Before(date("datePublished", n["datePublished"])) {
			t.Errorf("%s: modified before published", name)
		}
		authors, _ := n["author"].([]any)
		for _, a := range authors {
			named("author", a, "Person", "Organization", "GovernmentOrganization")
		}
		named("publisher", n["publisher"], "Organization", "GovernmentOrganization")
		if str(n["url"]) != page || str(n["mainEntityOfPage"]) != page {
			t.Errorf("%s: NewsArticle url %v", name, n["url"])
		}
	case "Event":
		start, end := date("startDate", n["startDate"]), date("endDate", n["endDate"])
		if strings.HasSuffix(str(n["startDate"]), "Z") || end.Before(start) {
			t.Errorf("%s: Event from %v to %v (the local zone is kept; the end is not before the start)", name, n["startDate"], n["endDate"])
		}
		loc, _ := n["location"].(ld)
		switch str(loc["@type"]) {
		case "Place":
			if str(loc["name"]) == "" || loc["address"] == nil {
				t.Errorf("%s: Place without name or address: %v", name, loc)
			}
		case "VirtualLocation":
			if !strings.HasPrefix(str(loc["url"]), "https://") {
				t.Errorf("%s: VirtualLocation without url: %v", name, loc)
			}
		default:
			t.Errorf("%s: Event location %v", name, loc)
		}
		if !slices.Contains([]string{"https://schema.org/EventScheduled", "https://schema.org/EventCancelled", "https://schema.org/EventPostponed", "https://schema.org/EventRescheduled", "https://schema.org/EventMovedOnline"}, str(n["eventStatus"])) {
			t.Errorf("%s: eventStatus %v", name, n["eventStatus"])
		}
		if !slices.Contains([]string{"https://schema.org/OfflineEventAttendanceMode", "https://schema.org/OnlineEventAttendanceMode", "https://schema.org/MixedEventAttendanceMode"}, str(n["eventAttendanceMode"])) {
			t.Errorf("%s: eventAttendanceMode %v", name, n["eventAttendanceMode"])
		}
		named("organizer", n["organizer"], "Organization", "GovernmentOrganization", "Person")
		for _, i := range n["image"].([]any) {
			resolves("image", i)
		}
	case "ClaimReview":
		if str(n["url"]) != page {
			t.Errorf("%s: ClaimReview url %v, want the page %s", name, n["url"], page)
		}
		r, _ := n["reviewRating"].(ld)
		v, _ := r["ratingValue"].(float64)
		if str(r["@type"]) != "Rating" || v < 1 || v > 5 || r["bestRating"] != 5.0 || r["worstRating"] != 1.0 || str(r["alternateName"]) == "" {
			t.Errorf("%s: reviewRating %v", name, r)
		}
		claim, _ := n["itemReviewed"].(ld)
		if str(claim["@type"]) != "Claim" || claim["author"] == nil && claim["appearance"] == nil {
			t.Errorf("%s: itemReviewed %v: want a Claim with its author or appearance", name, claim)
		}
		named("author", n["author"], "Organization", "GovernmentOrganization")
		date("datePublished", n["datePublished"])
	case "BreadcrumbList":
		items, _ := n["itemListElement"].([]any)
		for i, it := range items {
			m, _ := it.(ld)
			if str(m["@type"]) != "ListItem" || m["position"] != float64(i+1) || str(m["name"]) == "" {
				t.Errorf("%s: breadcrumb item %d: %v", name, i+1, m)
			}
			resolves("item", m["item"])
			if i == len(items)-1 && str(m["item"]) != page {
				t.Errorf("%s: the breadcrumb ends at %v, not at the page", name, m["item"])
			}
		}
		if len(items) < 2 {
			t.Errorf("%s: breadcrumb of %d items", name, len(items))
		}
	}
}

// checkStructuredData checks the JSON-LD of every page and returns the nodes by page.
func checkStructuredData(t *testing.T, p *published) map[string][]ld {
	all := map[string][]ld{}
	for _, name := range p.pages() {
		d := parseDoc(t, name, p.files[name])
		nodes := jsonLD(t, name, d)
		all[name] = nodes
		types := map[string]bool{}
		for _, n := range nodes {
			types[str(n["@type"])] = true
			checkNode(t, p, name, p.address(name), n)
		}
		section, _, _ := strings.Cut(strings.TrimPrefix(name, "en/"), "/")
		single := strings.Count(name, "/") == 2 && !strings.Contains(name, "/page/")
		var want []string
		switch {
		case name == "index.html" || name == "en/index.html":
			want = []string{"GovernmentOrganization", "WebSite"}
		case single && section == "berita":
			want = []string{"NewsArticle", "BreadcrumbList"}
		case single && section == "agenda":
			want = []string{"Event", "BreadcrumbList"}
		case single && section == "klarifikasi":
			want = []string{"ClaimReview", "BreadcrumbList"}
		default:
			want = []string{"BreadcrumbList"}
		}
		for _, w := range want {
			if !types[w] {
				t.Errorf("%s: no %s in its structured data (has %v)", name, w, slices.Sorted(maps.Keys(types)))
			}
		}
	}
	return all
}

func nodeOf(nodes []ld, typ string) ld {
	for _, n := range nodes {
		if str(n["@type"]) == typ {
			return n
		}
	}
	return nil
}

// RSS 2.0 as far as the checks read it.
type rssFeed struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title         string `xml:"title"`
		Description   string `xml:"description"`
		Language      string `xml:"language"`
		LastBuildDate string `xml:"lastBuildDate"`
		// RSS's link and Atom's link, told apart by their namespace.
		Links []struct {
			XMLName xml.Name
			Text    string `xml:",chardata"`
			Href    string `xml:"href,attr"`
			Rel     string `xml:"rel,attr"`
			Type    string `xml:"type,attr"`
		} `xml:"link"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Description string `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

// checkFeeds parses every RSS feed of the site and returns them by file.
func checkFeeds(t *testing.T, p *published, want ...string) map[string]*rssFeed {
	feeds := map[string]*rssFeed{}
	for name, body := range p.files {
		if path.Base(name) != "index.xml" {
			continue
		}
		var f rssFeed
		dec := xml.NewDecoder(strings.NewReader(body))
		dec.Strict = true
		if err := dec.Decode(&f); err != nil {
			t.Errorf("%s: not RSS: %v", name, err)
			continue
		}
		feeds[name] = &f
		c := f.Channel
		self := p.base.String() + name
		if f.Version != "2.0" || c.Title == "" || c.Description == "" || c.Language == "" {
			t.Errorf("%s: version %q, title %q, description %q, language %q", name, f.Version, c.Title, c.Description, c.Language)
		}
		var link string
		var atom int
		for _, l := range c.Links {
			switch l.XMLName.Space {
			case "":
				link = l.Text
			case "http://www.w3.org/2005/Atom":
				atom++
				if l.Href != self || l.Rel != "self" || l.Type != "application/rss+xml" {
					t.Errorf("%s: atom:link %+v, want rel=self to %s", name, l, self)
				}
			}
		}
		if _, ok := p.file(link); !ok {
			t.Errorf("%s: channel link %q does not lead to a published page", name, link)
		}
		if atom != 1 {
			t.Errorf("%s: %d atom:link elements, want one (rel=self)", name, atom)
		}
		var newest time.Time
		for _, it := range c.Items {
			if _, ok := p.file(it.Link); !ok || it.Title == "" || it.GUID != it.Link || it.Description == "" {
				t.Errorf("%s: item %q: link %q, guid %q", name, it.Title, it.Link, it.GUID)
			}
			if it.PubDate != "" {
				d, err := time.Parse(time.RFC1123Z, it.PubDate)
				if err != nil {
					t.Errorf("%s: pubDate %q: %v", name, it.PubDate, err)
				}
				if d.After(newest) {
					newest = d
				}
			}
		}
		if c.LastBuildDate != "" {
			d, err := time.Parse(time.RFC1123Z, c.LastBuildDate)
			if err != nil || time.Since(d) < 24*time.Hour {
				t.Errorf("%s: lastBuildDate %q is not the date of the content (%v)", name, c.LastBuildDate, err)
			}
			if !newest.IsZero() && d.Before(newest) {
				t.Errorf("%s: lastBuildDate %v before the newest item %v", name, d, newest)
			}
		}
	}
	for _, w := range want {
		if feeds[w] == nil {
			t.Errorf("feed %s not published", w)
		}
	}
	return feeds
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod"`
	Alts    []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"http://www.w3.org/1999/xhtml link"`
}

// checkSitemaps reads sitemap.xml (an index on a bilingual site) and returns every
// address it lists, with its alternates. The home page, each section and each taxonomy
// list must carry the latest lastmod of the addresses below it.
func checkSitemaps(t *testing.T, p *published) map[string]map[string]string {
	out := map[string]map[string]string{}
	var read func(name string)
	read = func(name string) {
		body, ok := p.files[name]
		if !ok {
			t.Errorf("%s not published", name)
			return
		}
		var doc struct {
			XMLName  xml.Name
			URLs     []sitemapURL `xml:"url"`
			Sitemaps []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
		}
		dec := xml.NewDecoder(strings.NewReader(body))
		dec.Strict = true
		if err := dec.Decode(&doc); err != nil || doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
			t.Errorf("%s: not a sitemap: %v %v", name, err, doc.XMLName)
			return
		}
		for _, s := range doc.Sitemaps {
			f, ok := p.file(s.Loc)
			if !ok {
				t.Errorf("%s: sitemap %q not published", name, s.Loc)
				continue
			}
			read(f)
		}
		for _, u := range doc.URLs {
			if _, ok := p.file(u.Loc); !ok {
				t.Errorf("%s: %q is not an address of a published page", name, u.Loc)
			}
			alts := map[string]string{}
			for _, a := range u.Alts {
				if _, ok := p.file(a.Href); !ok || a.Rel != "alternate" {
					t.Errorf("%s: alternate %+v of %s", name, a, u.Loc)
				}
				alts[a.Hreflang] = a.Href
			}
			out[u.Loc] = alts
		}
		checkNodeLastmod(t, name, doc.URLs)
	}
	read("sitemap.xml")
	for _, name := range p.pages() {
		if strings.Contains(name, "/page/") {
			continue
		}
		if _, ok := out[p.address(name)]; !ok {
			t.Errorf("%s is not in the sitemap", name)
		}
	}
	return out
}

// checkNodeLastmod checks that an address with addresses below it in one sitemap has
// the latest of their lastmod values as its own.
func checkNodeLastmod(t *testing.T, name string, urls []sitemapURL) {
	t.Helper()
	lastmod := make([]time.Time, len(urls)) // zero when absent
	for i, u := range urls {
		if u.Lastmod == "" {
			continue
		}
		tm, err := time.Parse(time.RFC3339, u.Lastmod)
		if err != nil {
			t.Errorf("%s: lastmod %q of %s: %v", name, u.Lastmod, u.Loc, err)
		}
		lastmod[i] = tm
	}
	for i, n := range urls {
		var latest time.Time
		for j, u := range urls {
			if u.Loc != n.Loc && strings.HasPrefix(u.Loc, n.Loc) && lastmod[j].After(latest) {
				latest = lastmod[j]
			}
		}
		if got := lastmod[i]; !latest.IsZero() && !got.Equal(latest) {
			t.Errorf("%s: lastmod of %s is %q, the latest below it %s", name, n.Loc, n.Lastmod, latest.Format(time.RFC3339))
		}
	}
}

func checkRobots(t *testing.T, p *published) {
	got := p.files["robots.txt"]
	for _, want := range []string{"User-agent: *\n", "Allow: /\n", "Sitemap: " + p.base.String() + "sitemap.xml"} {
		if !strings.Contains(got, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, got)
		}
	}
}

// check404 checks that the 404 page leads on: home, every section in the menu, search.
func check404(t *testing.T, p *published, name string, sections ...string) {
	d := parseDoc(t, name, p.files[name])
	hrefs := map[string]bool{}
	for _, a := range d.anchors {
		hrefs[a.attr["href"]] = true
	}
	for _, s := range sections {
		if !hrefs[p.base.Path+s] {
			t.Errorf("%s does not link %s%s", name, p.base.Path, s)
		}
	}
	cari := strings.TrimSuffix(name, "404.html") + "cari/"
	if _, ok := p.files[cari+"index.html"]; ok && !strings.Contains(p.files[name], `action=`+p.base.Path+cari) && !strings.Contains(p.files[name], `action="`+p.base.Path+cari+`"`) {
		t.Errorf("%s has no search form to %s", name, cari)
	}
}

// checkHreflang checks the alternates and the language switch of every page: pages with
// a translation name every language and x-default (the Indonesian page), with
// absolute addresses of published pages, and show the switch; others show neither.
func checkHreflang(t *testing.T, p *published) (translated int) {
	for _, name := range p.pages() {
		d := parseDoc(t, name, p.files[name])
		alt := d.alternates()
		hasSwitch := strings.Contains(p.files[name], `class=bahasa`) || strings.Contains(p.files[name], `class="bahasa"`)
		if len(alt) == 0 {
			if hasSwitch {
				t.Errorf("%s: a language switch on a page without translation", name)
			}
			continue
		}
		translated++
		if !hasSwitch {
			t.Errorf("%s: translated but no language switch", name)
		}
		for _, l := range []string{"id", "en", "x-default"} {
			if _, ok := p.file(alt[l]); !ok {
				t.Errorf("%s: hreflang %s %q is not an address of a published page", name, l, alt[l])
			}
		}
		if alt["x-default"] != alt["id"] || alt[d.lang] != p.address(name) {
			t.Errorf("%s (lang %s): alternates %v", name, d.lang, alt)
		}
	}
	return translated
}

// card returns the share card of a page, decoded.
func card(t *testing.T, p *published, name string) image.Image {
	t.Helper()
	d := parseDoc(t, name, p.files[name])
	file, ok := p.file(d.meta("og:image"))
	if !ok || !strings.HasPrefix(file, "bagikan/") {
		t.Fatalf("%s: og:image %q is not a share card", name, d.meta("og:image"))
	}
	return decodePNG(t, p, file)
}

func TestReachNationalSite(t *testing.T) {
	p := publish(t, "..", "https://revolusimental.go.id/", "Gerakan Nasional Revolusi Mental")
	t.Run("share metadata", func(t *testing.T) { checkShareMetadata(t, p) })
	t.Run("share cards", func(t *testing.T) {
		// The colour of the page's first movement, else the agency's.
		for name, want := range map[string]string{
			"berita/siaran-pers-peran-humas-pemerintah/index.html": "#8b1a1a", // melayani
			"gerakan/tertib/index.html":                            "#1f4e8c",
			"en/gerakan/bersih/index.html":                         "#1d6b3a",
			"index.html":                                           "#8b1a1a",
		} {
			img := card(t, p, name)
			if got := hexColour(img.At(20, 20)); got != want {
				t.Errorf("%s: card colour %s, want %s", name, got, want)
			}
			if got := hexColour(img.At(20, 505)); got != "#b8860b" {
				t.Errorf("%s: accent stripe %s", name, got)
			}
			if got := hexColour(img.At(20, 620)); got != "#ffffff" {
				t.Errorf("%s: band %s", name, got)
			}
		}
	})
	t.Run("share links", func(t *testing.T) {
		for _, name := range []string{"berita/siaran-pers-peran-humas-pemerintah/index.html", "en/gerakan/mandiri/index.html", "index.html"} {
			checkShareLinks(t, p, name)
		}
		if strings.Contains(p.files["berita/index.html"], "/js/bagikan.") {
			t.Errorf("a list page loads the share script")
		}
	})
	t.Run("structured data", func(t *testing.T) {
		all := checkStructuredData(t, p)
		c := nodeOf(all["klarifikasi/contoh-klarifikasi-lima-gerakan/index.html"], "ClaimReview")
		r, _ := c["reviewRating"].(ld)
		claim, _ := c["itemReviewed"].(ld)
		author, _ := claim["author"].(ld)
		if r["ratingValue"] != 1.0 || r["alternateName"] != "Hoaks" || str(author["name"]) != "Pesan berantai di media sosial" ||
			!slices.Equal(c["citation"].([]any), []any{"https://peraturan.bpk.go.id/"}) {
			t.Errorf("ClaimReview: %v", c)
		}
		e := nodeOf(all["agenda/seminar-bakohumas-2017/index.html"], "Event")
		if e["startDate"] != "2017-08-09T08:00:00+07:00" || e["endDate"] != "2017-08-09T15:00:00+07:00" ||
			e["eventAttendanceMode"] != "https://schema.org/OfflineEventAttendanceMode" {
			t.Errorf("Event: %v", e)
		}
		if o := nodeOf(all["index.html"], "GovernmentOrganization"); o["alternateName"] != "GNRM" || o["parentOrganization"] == nil {
			t.Errorf("GovernmentOrganization: %v", o)
		}
		n := nodeOf(all["berita/siaran-pers-peran-humas-pemerintah/index.html"], "NewsArticle")
		if a := n["author"].([]any)[0].(ld); a["@type"] != "Organization" || a["name"] != "Tim Humas" {
			t.Errorf("NewsArticle author: %v", a)
		}
	})
	t.Run("feeds", func(t *testing.T) {
		want := []string{"index.xml", "en/index.xml", "berita/index.xml", "klarifikasi/index.xml", "agenda/index.xml", "materi/index.xml", "rencana-aksi/index.xml"}
		for _, k := range []string{"melayani", "bersih", "tertib", "mandiri", "bersatu"} {
			want = append(want, "gerakan/"+k+"/index.xml")
		}
		feeds := checkFeeds(t, p, want...)
		if f := feeds["index.xml"]; f != nil && (len(f.Channel.Items) < 5 || f.Channel.Language != "id" || f.Channel.LastBuildDate != "Fri, 01 Sep 2017 09:00:00 +0700") {
			t.Errorf("site feed: %d items, language %q, lastBuildDate %q", len(f.Channel.Items), f.Channel.Language, f.Channel.LastBuildDate)
		}
		if f := feeds["rencana-aksi/index.xml"]; f != nil && len(f.Channel.Items) != 10 {
			t.Errorf("action plan feed: %d items", len(f.Channel.Items))
		}
	})
	t.Run("sitemap and robots.txt", func(t *testing.T) {
		urls := checkSitemaps(t, p)
		alts := urls["https://revolusimental.go.id/en/gerakan/melayani/"]
		if alts["id"] != "https://revolusimental.go.id/gerakan/melayani/" || alts["en"] != "https://revolusimental.go.id/en/gerakan/melayani/" || alts["x-default"] != alts["id"] {
			t.Errorf("sitemap alternates of the English movement page: %v", alts)
		}
		if !strings.Contains(p.files["sitemap.xml"], "<sitemapindex") {
			t.Errorf("a bilingual site has no sitemap index")
		}
		checkRobots(t, p)
	})
	t.Run("404", func(t *testing.T) {
		check404(t, p, "404.html", "gerakan/", "rencana-aksi/", "berita/", "klarifikasi/", "agenda/", "materi/", "tentang/")
		check404(t, p, "en/404.html", "en/gerakan/", "en/rencana-aksi/", "berita/")
	})
	t.Run("calendar", func(t *testing.T) {
		events := checkCalendar(t, p, "agenda/kalender.ics", 1)
		e := events[0]
		for k, want := range map[string]string{
			"UID":     "agenda-seminar-bakohumas-2017@revolusimental.go.id",
			"DTSTAMP": "20170801T020000Z", // the page's date, 2017-08-01 09:00 WIB
			"DTSTART": "20170809T010000Z",
			"DTEND":   "20170809T080000Z",
			"SUMMARY": `Seminar Bakohumas "Gerakan Indonesia Melayani"`,
			"URL":     "https://revolusimental.go.id/agenda/seminar-bakohumas-2017/",
		} {
			if got := e.get(k); got != want {
				t.Errorf("VEVENT %s = %q, want %q", k, got, want)
			}
		}
		if one := checkCalendar(t, p, "agenda/seminar-bakohumas-2017/kalender.ics", 1); one[0].get("UID") != e.get("UID") {
			t.Errorf("the event's own calendar has another UID")
		}
		for page, ics := range map[string]string{"agenda/index.html": "agenda/kalender.ics", "agenda/seminar-bakohumas-2017/index.html": "agenda/seminar-bakohumas-2017/kalender.ics"} {
			if !strings.Contains(p.files[page], "/"+ics) {
				t.Errorf("%s does not link its calendar %s", page, ics)
			}
		}
	})
	t.Run("English", func(t *testing.T) {
		// The 8 national pages in two languages, and pages the engine or others make in
		// both (taxonomy lists, search).
		if n := checkHreflang(t, p); n < 16 {
			t.Errorf("%d translated pages, want at least 16 (8 pages in two languages)", n)
		}
		for _, name := range []string{"index.html", "gerakan/index.html", "rencana-aksi/index.html", "gerakan/bersatu/index.html"} {
			if alt := parseDoc(t, name, p.files[name]).alternates(); alt["en"] != p.address("en/"+name) {
				t.Errorf("%s: English alternate %q", name, alt["en"])
			}
		}
		for _, name := range []string{"en/index.html", "en/gerakan/index.html", "en/rencana-aksi/index.html", "en/gerakan/melayani/index.html"} {
			if d := parseDoc(t, name, p.files[name]); d.lang != "en" {
				t.Errorf("%s: lang %q", name, d.lang)
			}
		}
		// The English menu: translated sections in English, the others in Indonesian,
		// marked as such; every entry leads to a published page.
		home := p.files["en/index.html"]
		nav := regexp.MustCompile(`(?s)<nav class="?nav-utama.*?</nav>`).FindString(home)
		for _, want := range []string{`href=/en/gerakan/>Movements<`, `href=/en/rencana-aksi/>Action Plan<`, `href=/berita/ hreflang=id>News<`, `href=/tentang/ hreflang=id>About<`} {
			if !strings.Contains(nav, want) {
				t.Errorf("English menu lacks %s:\n%s", want, nav)
			}
		}
		// The English action plan lists the ten programmes, in Indonesian and marked so.
		if n := strings.Count(p.files["en/rencana-aksi/index.html"], "hreflang=id><span class=sr-only>Programme"); n != 10 {
			t.Errorf("English action plan lists %d programmes", n)
		}
		if n := strings.Count(home, "class=program-judul lang=id"); n != 10 {
			t.Errorf("English home lists %d programmes", n)
		}
		// With no English news, the English home shows the latest Indonesian news,
		// marked as such, and the link to all news says where it leads.
		if n := len(regexp.MustCompile(`class=butir-judul><a href=/berita/[^ >]+ hreflang=id lang=id>`).FindAllString(home, -1)); n != 3 {
			t.Errorf("English home lists %d Indonesian news items, want 3", n)
		}
		if !strings.Contains(home, "href=/berita/ hreflang=id>All news (in Bahasa Indonesia)") {
			t.Error("English home: no marked link to all news")
		}
	})
	t.Run("interface strings", func(t *testing.T) {
		keys := func(f string) []string {
			b, err := fs.ReadFile(gnrm.Base, "themes/gnrm/i18n/"+f)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]any{}
			if err := toml.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			return slices.Sorted(maps.Keys(m))
		}
		if id, en := keys("id.toml"), keys("en.toml"); !slices.Equal(id, en) {
			for _, k := range id {
				if !slices.Contains(en, k) {
					t.Errorf("en.toml lacks %s", k)
				}
			}
			for _, k := range en {
				if !slices.Contains(id, k) {
					t.Errorf("id.toml lacks %s", k)
				}
			}
		}
	})
}

// Without a public address the site still builds, and leaves out what needs one: no
// share card (og:image must be absolute), no og:url, no share links, no JSON-LD.
func TestReachWithoutAbsoluteAddress(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, "..", out)
	files := snapshot(t, out)
	for name, body := range files {
		if strings.HasPrefix(name, "bagikan/") {
			t.Fatalf("share card %s drawn for a site without an address", name)
		}
		if strings.HasSuffix(name, ".html") {
			for _, bad := range []string{"og:url", "og:image", "application/ld+json", "data-bagikan", "/js/bagikan."} {
				if strings.Contains(body, bad) {
					t.Errorf("%s: %s without an absolute site address", name, bad)
				}
			}
		}
	}
	if !strings.Contains(files["index.html"], `property="og:title"`) && !strings.Contains(files["index.html"], `property=og:title`) {
		t.Errorf("og:title missing")
	}
}

// dinas writes the dinas fixture with its raster logo and photo.
func dinas(t *testing.T) string {
	dir := site(t, "dinas")
	solid := func(name string, w, h int, c color.NRGBA) {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		testfiles.Write(t, dir, name, b.Bytes())
	}
	solid("static/logo-dinas.png", 300, 100, color.NRGBA{0x12, 0x34, 0x56, 0xff})
	solid("static/images/foto-layanan.png", 1600, 900, color.NRGBA{0x30, 0x80, 0x50, 0xff})
	return dir
}

func TestReachAgencySite(t *testing.T) {
	p := publish(t, dinas(t), "https://diskominfo.contoh.example.go.id/gnrm/", "Revolusi Mental Provinsi Contoh")
	t.Run("share metadata", func(t *testing.T) { checkShareMetadata(t, p) })
	t.Run("own image", func(t *testing.T) {
		d := parseDoc(t, "x", p.files["berita/layanan-informasi-publik/index.html"])
		if d.meta("og:image") != "https://diskominfo.contoh.example.go.id/gnrm/images/foto-layanan.png" || d.meta("og:image:width") != "1600" ||
			d.meta("og:image:alt") != "Petugas melayani warga di loket informasi publik" {
			t.Errorf("a page with gambar: og:image %q %sx%s, alt %q", d.meta("og:image"), d.meta("og:image:width"), d.meta("og:image:height"), d.meta("og:image:alt"))
		}
		if d.meta("twitter:site") != "@dinaskominfo" {
			t.Errorf("twitter:site %q", d.meta("twitter:site"))
		}
	})
	t.Run("share cards", func(t *testing.T) {
		for name, want := range map[string]string{
			"berita/judul-sangat-panjang/index.html": "#5b2d82", // bersatu
			"agenda/webinar-daring/index.html":       "#5b2d82",
			"tentang/index.html":                     "#0b3d6b", // the agency's colour
			"en/tentang/index.html":                  "#0b3d6b",
		} {
			img := card(t, p, name)
			if got := hexColour(img.At(20, 20)); got != want {
				t.Errorf("%s: card colour %s, want %s", name, got, want)
			}
			if got := hexColour(img.At(20, 505)); got != "#8a6d00" {
				t.Errorf("%s: accent stripe %s", name, got)
			}
			// The raster logo, fitted into 240x80 and centred in the band.
			if got := hexColour(img.At(100, 570)); got != "#123456" {
				t.Errorf("%s: no logo in the band (%s at 100,570)", name, got)
			}
		}
		// The long title is cut to fit: nothing is drawn below the colour field but the band.
		img := card(t, p, "berita/judul-sangat-panjang/index.html")
		for x := 0; x < 1200; x += 7 {
			if got := hexColour(img.At(x, 498)); got != "#5b2d82" {
				t.Fatalf("the title runs into the band at x=%d (%s)", x, got)
			}
		}
	})
	t.Run("share links", func(t *testing.T) {
		checkShareLinks(t, p, "berita/judul-sangat-panjang/index.html")
		checkShareLinks(t, p, "en/tentang/index.html")
	})
	t.Run("structured data", func(t *testing.T) {
		all := checkStructuredData(t, p)
		c := nodeOf(all["klarifikasi/kabar-keliru-pungutan/index.html"], "ClaimReview")
		r, _ := c["reviewRating"].(ld)
		claim, _ := c["itemReviewed"].(ld)
		app, _ := claim["appearance"].([]any)
		if r["ratingValue"] != 4.0 || r["alternateName"] != "Sebagian benar" || len(app) != 1 ||
			app[0].(ld)["url"] != "https://media-sosial.example.com/posting/123" || len(c["citation"].([]any)) != 2 {
			t.Errorf("ClaimReview: %v", c)
		}
		e := nodeOf(all["agenda/webinar-daring/index.html"], "Event")
		if e["eventAttendanceMode"] != "https://schema.org/OnlineEventAttendanceMode" || e["location"].(ld)["@type"] != "VirtualLocation" ||
			e["startDate"] != "2024-08-17T13:00:00+08:00" {
			t.Errorf("online Event: %v", e)
		}
		n := nodeOf(all["berita/judul-sangat-panjang/index.html"], "NewsArticle")
		if a := n["author"].([]any)[0].(ld); a["@type"] != "Person" || a["name"] != "Budi Santoso" {
			t.Errorf("NewsArticle author %v", a)
		}
		if n := nodeOf(all["berita/layanan-informasi-publik/index.html"], "NewsArticle"); n["image"].([]any)[0] != "https://diskominfo.contoh.example.go.id/gnrm/images/foto-layanan.png" {
			t.Errorf("NewsArticle image %v", n["image"])
		}
		o := nodeOf(all["index.html"], "GovernmentOrganization")
		if o["logo"] != "https://diskominfo.contoh.example.go.id/gnrm/logo-dinas.png" || o["telephone"] != "(0361) 000000" {
			t.Errorf("GovernmentOrganization %v", o)
		}
	})
	t.Run("feeds, sitemap, robots.txt, 404", func(t *testing.T) {
		checkFeeds(t, p, "index.xml", "berita/index.xml", "agenda/index.xml", "gerakan/bersatu/index.xml")
		urls := checkSitemaps(t, p)
		if alts := urls["https://diskominfo.contoh.example.go.id/gnrm/tentang/"]; alts["en"] != "https://diskominfo.contoh.example.go.id/gnrm/en/tentang/" || alts["x-default"] != alts["id"] {
			t.Errorf("alternates of the about page: %v", alts)
		}
		checkRobots(t, p)
		check404(t, p, "404.html", "gerakan/", "berita/", "tentang/")
	})
	t.Run("calendar", func(t *testing.T) {
		events := checkCalendar(t, p, "agenda/kalender.ics", 2)
		var e vevent
		for _, ev := range events {
			if ev.get("UID") == "agenda-webinar-daring@diskominfo.contoh.example.go.id" {
				e = ev
			}
		}
		if e.get("DTSTART") != "20240817T050000Z" || e.get("DTEND") != "20240817T073000Z" || e.get("DTSTAMP") != "20240703T020000Z" ||
			!strings.Contains(e.raw("DESCRIPTION"), `hoaks\, persatuan\, dan etika`) || !strings.Contains(e.raw("DESCRIPTION"), `sosial.\n\n`) ||
			!strings.Contains(e.raw("SUMMARY"), `Digital: Menangkal Hoaks\, Merawat`) {
			t.Errorf("the online event: %+v", e)
		}
	})
	t.Run("English", func(t *testing.T) {
		checkHreflang(t, p)
		nav := regexp.MustCompile(`(?s)<nav class="?nav-utama.*?</nav>`).FindString(p.files["en/index.html"])
		if !strings.Contains(nav, `href=/gnrm/en/tentang/>About<`) || !strings.Contains(nav, `href=/gnrm/agenda/ hreflang=id>Events<`) {
			t.Errorf("English menu of an agency with its own English about page:\n%s", nav)
		}
	})
}

// A regency under a sub-path with fewer sections, in one language: the share metadata
// and feeds use the sub-path; nothing links the excluded sections; the national English
// pages are not published.
func TestReachRegencySite(t *testing.T) {
	p := publish(t, site(t, "kabupaten"), "https://contoh.example.go.id/gnrm/", "Revolusi Mental Kabupaten Contoh")
	checkShareMetadata(t, p)
	checkShareLinks(t, p, "berita/pasar-tertib/index.html")
	checkStructuredData(t, p)
	checkFeeds(t, p, "index.xml", "berita/index.xml", "agenda/index.xml")
	if urls := checkSitemaps(t, p); len(urls) < 20 {
		t.Errorf("sitemap lists %d addresses", len(urls))
	}
	checkRobots(t, p)
	check404(t, p, "404.html", "gerakan/", "rencana-aksi/", "berita/", "agenda/", "tentang/")
	checkCalendar(t, p, "agenda/kalender.ics", 1)
	for name, body := range p.files {
		if strings.HasPrefix(name, "en/") || strings.Contains(name, "_index.en") || strings.Contains(name, ".en/") {
			t.Errorf("%s published by a site in Indonesian only", name)
		}
		if strings.HasSuffix(name, ".html") && (strings.Contains(body, `hreflang=en`) || strings.Contains(body, `hreflang="en"`)) {
			t.Errorf("%s names an English page", name)
		}
	}
}

// cachedImages lists the processed images (share cards and their steps) in an engine
// cache folder, sorted.
func cachedImages(t *testing.T, cache string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(filepath.ToSlash(p), "/_gen/images/") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// The share cards are cached by what they draw: a second build draws nothing, a build
// with an empty cache draws the same bytes, and a changed title draws that page's card
// alone (and the build prunes the old one). The times are logged, not asserted.
func TestShareCardsCachedByWhatTheyDraw(t *testing.T) {
	dir := site(t, "kementerian")
	cache := t.TempDir()
	images := func() []string { return cachedImages(t, cache) }
	drawn := func() int { return len(images()) }
	withCache := func(o *generator.BuildOptions) { o.CacheDir = cache }
	a := filepath.Join(t.TempDir(), "a")
	cold := mustBuild(t, dir, a, withCache)
	n := drawn()
	if n < 40 {
		t.Fatalf("%d images in the cache after a cold build", n)
	}
	b := filepath.Join(t.TempDir(), "b")
	warm := mustBuild(t, dir, b, withCache)
	t.Logf("kementerian fixture, %d pages: cold %v, warm %v", cold.Pages, cold.Duration, warm.Duration)
	if m := drawn(); m != n {
		t.Errorf("a build of unchanged pages drew %d images", m-n)
	}
	sameTree(t, snapshot(t, a), snapshot(t, b))
	// Drawn again from nothing, the cards are the same bytes (reproducible builds).
	fresh, empty := filepath.Join(t.TempDir(), "fresh"), t.TempDir()
	mustBuild(t, dir, fresh, func(o *generator.BuildOptions) { o.CacheDir = empty })
	sameTree(t, snapshot(t, a), snapshot(t, fresh))

	news := filepath.Join(dir, "content", "berita", "layanan-terpadu-kemencontoh.md")
	src, err := os.ReadFile(news)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(news, bytes.Replace(src, []byte("Layanan Terpadu Kemencontoh Dibuka"), []byte("Layanan Terpadu Kemencontoh Resmi Dibuka"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	kept := images()
	c := filepath.Join(t.TempDir(), "c")
	mustBuild(t, dir, c, withCache)
	now := images()
	var added, removed int
	for _, p := range now {
		if !slices.Contains(kept, p) {
			added++
		}
	}
	for _, p := range kept {
		if !slices.Contains(now, p) {
			removed++
		}
	}
	if added != 1 || removed != 1 {
		t.Errorf("a changed title drew %d images and pruned %d, want 1 and 1", added, removed)
	}
	before, after := snapshot(t, b), snapshot(t, c)
	var changed []string
	for name := range after {
		if strings.HasPrefix(name, "bagikan/") {
			if _, ok := before[name]; !ok {
				changed = append(changed, name)
			}
		}
	}
	if len(changed) != 1 {
		t.Errorf("new cards after one title changed: %v", changed)
	}
}

// The card titles are wrapped with a table of the font's advance widths
// (bagikan/lebar.html): it must match the font the cards are drawn with.
func TestShareCardWidthTableMatchesFont(t *testing.T) {
	tpl, err := fs.ReadFile(gnrm.Base, "themes/gnrm/layouts/_partials/bagikan/lebar.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)\$huruf := split "((?:[^"\\]|\\.)*)" ""`).FindSubmatch(tpl)
	w := regexp.MustCompile(`\$lebar := split "([0-9 ]+)" " "`).FindSubmatch(tpl)
	if m == nil || w == nil {
		t.Fatal("lebar.html: the character and width lists are not found")
	}
	chars, err := strconv.Unquote(`"` + string(m[1]) + `"`)
	if err != nil {
		t.Fatal(err)
	}
	widths := strings.Fields(string(w[1]))
	ttf, err := fs.ReadFile(gnrm.Base, "themes/gnrm/assets/bagikan/go-bold.ttf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := opentype.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 1000, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(chars); n != len(widths) {
		t.Fatalf("%d characters, %d widths", n, len(widths))
	}
	i := 0
	for _, r := range chars {
		adv, ok := face.GlyphAdvance(r)
		if want := strconv.Itoa(adv.Round()); !ok || widths[i] != want {
			t.Errorf("%q: width %s in the table, %s in the font", r, widths[i], want)
		}
		i++
	}
}

// An SVG logo, which the engine cannot draw, is drawn on the cards from the PNG of the
// same name beside it; without one the band has no logo.
func TestReachSVGLogoDrawnFromRasterSibling(t *testing.T) {
	for _, withPNG := range []bool{true, false} {
		dir := dinas(t)
		prof := filepath.Join(dir, "gnrm.toml")
		b, err := os.ReadFile(prof)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(prof, bytes.Replace(b, []byte(`logo = "logo-dinas.png"`), []byte(`logo = "logo-dinas.svg"`), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		svg := `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="300" height="100" fill="#123456"/></svg>`
		if err := os.WriteFile(filepath.Join(dir, "static/logo-dinas.svg"), []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		if !withPNG {
			if err := os.Remove(filepath.Join(dir, "static/logo-dinas.png")); err != nil {
				t.Fatal(err)
			}
		}
		p := publish(t, dir, "https://diskominfo.contoh.example.go.id/gnrm/", "Revolusi Mental Provinsi Contoh")
		got := hexColour(card(t, p, "tentang/index.html").At(100, 570))
		if withPNG && got != "#123456" {
			t.Errorf("SVG logo with a PNG beside it: no logo on the card (%s at 100,570)", got)
		}
		if !withPNG && got == "#123456" {
			t.Errorf("SVG logo alone: something drawn where the logo would be")
		}
	}
}

// A build prunes the engine's cache of the cards it no longer uses (a retitled page's
// old card), and only its own site's: another site's cards in the same cache folder stay.
func TestBuildPrunesUnusedCards(t *testing.T) {
	cache := t.TempDir()
	cards := func() []string { return cachedImages(t, cache) }
	withCache := func(o *generator.BuildOptions) { o.CacheDir = cache }
	other := dinas(t)
	publish(t, other, "https://lain.contoh.example.go.id/", "Situs Lain", withCache)
	otherCards := cards()
	dir := dinas(t)
	publish(t, dir, "https://diskominfo.contoh.example.go.id/gnrm/", "Revolusi Mental Provinsi Contoh", withCache)
	first := cards()
	page := filepath.Join(dir, "content/berita/judul-sangat-panjang.md")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	if !title.Match(b) {
		t.Fatal("no title line in the news item")
	}
	if err := os.WriteFile(page, title.ReplaceAll(b, []byte(`title: "Judul Baru Halaman Tentang"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	publish(t, dir, "https://diskominfo.contoh.example.go.id/gnrm/", "Revolusi Mental Provinsi Contoh", withCache)
	second := cards()
	if len(second) != len(first) {
		t.Errorf("cached images: %d after the first build, %d after retitling one page (the old card should be gone)", len(first), len(second))
	}
	for _, c := range otherCards {
		if !slices.Contains(second, c) {
			t.Errorf("another site's cached card was pruned: %s", c)
		}
	}
}

// With a raster logo, the build after a cold one draws nothing again: every cached
// image keeps its name (the engine keys a processed image that comes from its cache
// differently from one just made, so the logo is re-made from its bytes).
func TestCardsWithLogoWarmOnSecondBuild(t *testing.T) {
	cache := t.TempDir()
	cached := func() []string { return cachedImages(t, cache) }
	withCache := func(o *generator.BuildOptions) { o.CacheDir = cache }
	dir := dinas(t)
	publish(t, dir, "https://diskominfo.contoh.example.go.id/gnrm/", "Revolusi Mental Provinsi Contoh", withCache)
	cold := cached()
	publish(t, dir, "https://diskominfo.contoh.example.go.id/gnrm/", "Revolusi Mental Provinsi Contoh", withCache)
	var drawn int
	for _, p := range cached() {
		if !slices.Contains(cold, p) {
			drawn++
		}
	}
	if drawn > 0 {
		t.Errorf("the second build drew %d of %d images again", drawn, len(cold))
	}
}
