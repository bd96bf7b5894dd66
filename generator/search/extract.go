package search

// What the index takes from a rendered page. The index is built from the HTML output,
// not from the Markdown, because the output is what a visitor reads: titles, leads and
// headings as the theme shows them, shortcodes expanded, the agency's overrides applied,
// and the page's language as <html lang> declares it.
//
// Only the text inside <main> counts, by field: the first <h1> is the title, other
// headings are headings, an element of class "lead" is the summary, the rest is body
// text. Left out: navigation (the breadcrumb, pagers), forms, scripts, styles, SVG,
// hidden text and screen-reader-only labels, and items of lists of other pages (class
// "butir"), which would make every list page match every item it lists. A theme may
// exclude any element with the attribute data-cari-abaikan.

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is what the index takes from one HTML page.
type page struct {
	lang      string
	title     string
	summary   string
	headings  string
	body      string
	section   string // the section in the breadcrumb (Beranda / Berita / this page)
	date      string // YYYY-MM-DD of the first <time datetime> in the page's main text
	skip      bool   // an alias redirect, a page marked noindex, or a search page
	manifests []string
}

// searchMarker is the attribute of the search form: its value is the address of the
// manifest (cari/indeks/<lang>/manifest.json) until the index replaces it with the
// fingerprinted name.
const searchMarker = "data-cari-manifest"

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Nav: true, atom.Form: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Iframe: true, atom.Object: true,
	atom.Canvas: true, atom.Audio: true, atom.Video: true,
}

var skipClasses = []string{"butir", "remah", "pager", "sr-only", "lompat"}

// blockTags separate words: text on either side of them never joins into one word.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Figure: true,
	atom.Figcaption: true, atom.Pre: true, atom.Br: true, atom.Hr: true, atom.Main: true,
	atom.Nav: true, atom.Aside: true, atom.Details: true, atom.Summary: true,
	atom.Address: true, atom.Img: true,
}

var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

type field int

const (
	fBody field = iota
	fSummary
	fHeading
	fTitle
)

// open is one element on the stack of the walk.
type open struct {
	tag   atom.Atom
	name  string
	skip  bool // its text is left out
	field field
	crumb bool // the breadcrumb
}

// extract reads one HTML page: its head (language, title, description, robots, refresh)
// and its <main>; the site's header and footer around <main> are not even tokenised.
func extract(doc []byte) page {
	if h := bytes.Index(doc, []byte("</head>")); h >= 0 {
		h += len("</head>")
		if m := bytes.Index(doc[h:], []byte("<main")); m >= 0 {
			m += h
			if e := bytes.LastIndex(doc, []byte("</main>")); e > m {
				trimmed := make([]byte, 0, h+(e+len("</main>")-m))
				trimmed = append(trimmed, doc[:h]...)
				trimmed = append(trimmed, doc[m:e+len("</main>")]...)
				doc = trimmed
			}
		}
	}
	var (
		p                                page
		stack                            []open
		inMain, inHead, inTitle          bool
		title, docTitle, desc, crumbText strings.Builder
		fields                           [4]strings.Builder
		crumbs                           []string
		sawH1, sawDate                   bool
	)
	cur := func() open {
		if len(stack) == 0 {
			return open{}
		}
		return stack[len(stack)-1]
	}
	space := func() {
		for i := range fields {
			if n := fields[i].Len(); n > 0 && !strings.HasSuffix(fields[i].String(), " ") {
				fields[i].WriteByte(' ')
			}
		}
	}
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			p.title = clean(title.String())
			if p.title == "" {
				p.title = clean(docTitle.String())
			}
			p.summary = clean(fields[fSummary].String())
			if p.summary == "" {
				p.summary = clean(desc.String())
			}
			p.headings = clean(fields[fHeading].String())
			p.body = clean(fields[fBody].String())
			if len(crumbs) >= 3 {
				p.section = crumbs[1]
			}
			if p.lang == "" {
				p.lang = "id"
			}
			return p
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var class, lang, datetime, marker, httpEquiv, metaName, content string
			var hidden, hasMarker bool
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "class":
					class = string(v)
				case "lang":
					lang = string(v)
				case "datetime":
					datetime = string(v)
				case "hidden", "data-cari-abaikan":
					hidden = true
				case "aria-hidden":
					hidden = hidden || string(v) == "true"
				case searchMarker:
					marker, hasMarker = string(v), true
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "name":
					metaName = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
			}
			if hasMarker {
				p.skip = true
				p.manifests = append(p.manifests, marker)
			}
			switch a {
			case atom.Html:
				p.lang = langCode(lang)
			case atom.Head:
				inHead = true
			case atom.Title:
				inTitle = inHead
			case atom.Meta:
				switch {
				case httpEquiv == "refresh":
					p.skip = true // an alias: a redirect to the real page
				case metaName == "robots" && strings.Contains(strings.ToLower(content), "noindex"):
					p.skip = true
				case metaName == "description":
					desc.Reset()
					desc.WriteString(content)
				}
			case atom.Main:
				inMain = true
			}
			if voidTags[a] || tt == html.SelfClosingTagToken {
				if blockTags[a] && inMain {
					space()
				}
				continue
			}
			parent := cur()
			o := open{tag: a, name: string(name), skip: parent.skip, field: parent.field, crumb: parent.crumb}
			classes := strings.Fields(class)
			if a == atom.Nav && hasClass(classes, "remah") {
				o.crumb = true
			}
			if skipTags[a] || hidden || hasAnyClass(classes, skipClasses) {
				o.skip = true
			}
			if !o.skip {
				switch {
				case a == atom.H1 && !sawH1:
					o.field, sawH1 = fTitle, true
				case a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6:
					if o.field != fTitle {
						o.field = fHeading
					}
				case hasClass(classes, "lead") && o.field == fBody:
					o.field = fSummary
				}
				if a == atom.Time && inMain && !sawDate && len(datetime) >= 10 && isDate(datetime[:10]) {
					p.date, sawDate = datetime[:10], true
				}
			}
			if o.crumb && a == atom.A {
				crumbText.Reset()
			}
			if blockTags[a] && inMain {
				space()
			}
			stack = append(stack, o)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Head:
				inHead = false
			case atom.Title:
				inTitle = false
			case atom.Main:
				inMain = false
			}
			// Pop to the matching element; an end tag with no open element is ignored.
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == string(name) {
					if stack[i].crumb && a == atom.A {
						crumbs = append(crumbs, clean(crumbText.String()))
					}
					stack = stack[:i]
					break
				}
			}
			if blockTags[a] && inMain {
				space()
			}
		case html.TextToken:
			text := string(z.Text())
			o := cur()
			switch {
			case inTitle:
				docTitle.WriteString(text)
			case o.crumb:
				crumbText.WriteString(text)
			case !inMain || o.skip:
			default:
				if o.field == fTitle {
					title.WriteString(text)
				}
				fields[o.field].WriteString(text)
			}
		}
	}
}

// langCode returns the primary language subtag of a lang attribute ("en-GB" -> "en"),
// lower case, or "" when there is none.
func langCode(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexAny(v, "-_"); i >= 0 {
		v = v[:i]
	}
	if len(v) < 2 || len(v) > 8 {
		return ""
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 'a' || v[i] > 'z' {
			return ""
		}
	}
	return v
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func hasClass(classes []string, c string) bool {
	for _, x := range classes {
		if x == c {
			return true
		}
	}
	return false
}

func hasAnyClass(classes, want []string) bool {
	for _, w := range want {
		if hasClass(classes, w) {
			return true
		}
	}
	return false
}

// clean collapses white space.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
