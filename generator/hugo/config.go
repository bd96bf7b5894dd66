package hugo

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"gnrm/generator/source"
)

// The engine's configuration is set here, from code, and nowhere else: a site folder
// carries no hugo.toml (the source union hides one if present), so every agency site is
// configured the same way and the national coordinator changes the defaults in one place.

// Menu is one navigation entry, named in Bahasa Indonesia and in English.
type Menu struct {
	ID     string
	Name   string
	NameEN string
	URL    string
	Weight int
}

// MainMenu and FooterMenu are the site's navigation. Navigation comes from menus, never
// from the site's sections, so one content edit does not re-render every page.
var (
	MainMenu = []Menu{
		{"beranda", "Beranda", "Home", "/", 1},
		{"gerakan", "Gerakan", "Movements", "/gerakan/", 2},
		{"rencana-aksi", "Rencana Aksi", "Action Plan", "/rencana-aksi/", 3},
		{"berita", "Berita", "News", "/berita/", 4},
		{"klarifikasi", "Klarifikasi", "Fact Checks", "/klarifikasi/", 5},
		{"agenda", "Agenda", "Events", "/agenda/", 6},
		{"materi", "Materi", "Campaign Kit", "/materi/", 7},
		{"tentang", "Tentang", "About", "/tentang/", 8},
	}
	FooterMenu = []Menu{
		{"tentang", "Tentang", "About", "/tentang/", 1},
		{"kontak", "Kontak", "Contact", "/kontak/", 2},
		{"klarifikasi", "Klarifikasi Hoaks", "Hoax Fact Checks", "/klarifikasi/", 3},
	}
)

// NationalParams are the site parameters of the national site; an agency profile
// overrides them.
func NationalParams() map[string]any {
	return map[string]any{
		"nasional": "https://revolusimental.go.id/",
		"preview":  false,
		"bagian":   []any{"gerakan", "rencana-aksi", "berita", "klarifikasi", "agenda", "materi"},
		"instansi": map[string]any{
			"nama":      "Gerakan Nasional Revolusi Mental",
			"singkatan": "GNRM",
			"induk":     "Kementerian Koordinator Bidang Pembangunan Manusia dan Kebudayaan",
			"alamat":    "",
			"telepon":   "",
			"email":     "",
			"logo":      "",
			"ppid":      "",
			"pengaduan": "https://www.lapor.go.id/",
		},
		"warna": map[string]any{"utama": "#8b1a1a", "aksen": "#b8860b"},
		"sosial": map[string]any{
			"facebook": "", "x": "", "instagram": "", "youtube": "", "tiktok": "", "line": "",
		},
	}
}

// menus returns the entries of ms whose section is not excluded, in lang. The engine
// gives a menu address the site's base path but no language prefix, so an entry of
// another language than id leads to its translation (/en/gerakan/) when the site has
// one, and otherwise to the Indonesian page, marked with params.hreflang "id" so that
// the theme says where the link goes: every menu entry leads to a published page.
func menus(ms []Menu, excluded []string, lang string, translated func(url string) bool) []any {
	var out []any
	for _, m := range ms {
		if slices.Contains(excluded, m.ID) {
			continue
		}
		e := map[string]any{"identifier": m.ID, "name": m.Name, "url": m.URL, "weight": m.Weight}
		if lang != "id" {
			e["name"] = m.NameEN
			if translated(m.URL) {
				e["url"] = "/" + lang + m.URL
			} else {
				e["params"] = map[string]any{"hreflang": "id"}
			}
		}
		out = append(out, e)
	}
	return out
}

// languages returns the engine's language settings, each with its own menus. Both
// languages are always declared and English is disabled when the site does not use it:
// the national base carries English pages (_index.en.md), which a one-language engine
// would otherwise publish as pages of their own (/_index.en/).
func languages(o Options) map[string]any {
	langs := o.Languages
	if len(langs) == 0 {
		langs = []string{"id"}
	}
	out := map[string]any{}
	for i, l := range append(slices.Clone(langs), "en") {
		if _, done := out[l]; done {
			continue
		}
		label := "Bahasa Indonesia"
		if l == "en" {
			label = "English"
		}
		lc := map[string]any{"weight": i + 1, "label": label, "locale": l}
		if !slices.Contains(langs, l) {
			lc["disabled"] = true
		} else {
			has := translations(o, l)
			lc["menus"] = map[string]any{
				"main":   menus(MainMenu, o.Excluded, l, has),
				"footer": menus(FooterMenu, o.Excluded, l, has),
			}
		}
		out[l] = lc
	}
	return out
}

// translations reports, for a menu address such as /gerakan/, whether the site has a
// content file for it in lang (gerakan/_index.en.md, tentang.en.md, ...).
func translations(o Options, lang string) func(url string) bool {
	if o.SiteDir == "" {
		return func(string) bool { return false }
	}
	site := source.FS(o.SiteDir, o.Base, o.Hidden()...)
	return func(url string) bool {
		p := strings.Trim(url, "/")
		cands := []string{path.Join("content", p, "_index."+lang+".md")}
		if p != "" {
			cands = append(cands, path.Join("content", p+"."+lang+".md"), path.Join("content", p, "index."+lang+".md"))
		}
		for _, c := range cands {
			if fi, err := fs.Stat(site, c); err == nil && !fi.IsDir() {
				return true
			}
		}
		return false
	}
}

// Settings returns the engine configuration for a site. It is also written out as a
// config file by the benchmark, so that the plain Hugo CLI builds the same site.
func Settings(o Options) map[string]any {
	params := o.Params
	if params == nil {
		params = NationalParams()
	}
	title := "Gerakan Nasional Revolusi Mental"
	if o.Title != "" {
		title = o.Title
	} else if in, ok := params["instansi"].(map[string]any); ok {
		if n, ok := in["nama"].(string); ok && n != "" {
			title = n
		}
	}
	baseURL := o.BaseURL
	if baseURL == "" {
		baseURL = "/"
	}
	return map[string]any{
		"baseURL":                    baseURL,
		"title":                      title,
		"locale":                     "id",
		"defaultContentLanguage":     "id",
		"timeZone":                   "Asia/Jakarta",
		"theme":                      "gnrm",
		"themesDir":                  "themes",
		"buildDrafts":                o.Drafts,
		"buildFuture":                o.Future,
		"disableHugoGeneratorInject": true,
		"enableRobotsTXT":            true,
		"markup": map[string]any{
			"goldmark": map[string]any{"renderer": map[string]any{"unsafe": false}},
		},
		"taxonomies": taxonomies(o.Excluded),
		"languages":  languages(o),
		"outputs": map[string]any{
			"home":     []any{"html", "rss"},
			"section":  []any{"html", "rss"},
			"taxonomy": []any{"html"},
			"term":     []any{"html", "rss"},
			"page":     []any{"html"},
		},
		// A feed carries the latest items, not the whole archive: on a site with
		// thousands of news items, unbounded feeds would be most of the output.
		"services": map[string]any{"rss": map[string]any{"limit": 50}},
		"params":   params,
		// The events as an iCalendar file (RFC 5545): the agenda section's calendar holds
		// every event, each event page's calendar its own.
		"mediaTypes": map[string]any{"text/calendar": map[string]any{"suffixes": []any{"ics"}}},
		"outputFormats": map[string]any{
			"kalender": map[string]any{"mediaType": "text/calendar", "baseName": "kalender",
				"isPlainText": true, "notAlternative": true},
		},
		"cascade": []any{
			// The home page and sections keep their own dates instead of taking the
			// latest of their pages': the engine resets those dates before each partial
			// build, so it found them all changed after every save and checked every
			// rendered page against each of them (at 1,000 pages 40-60 ms of each save in
			// the preview, and its rest-of-site render took 460-490 ms instead of 150).
			// Any date in their front matter stops that; an expiry date no one reaches
			// changes nothing else. The sitemap works out their latest change itself
			// (layouts/sitemap.xml).
			map[string]any{"target": map[string]any{"kind": "{home,section}"},
				"expiryDate": "9999-12-31T00:00:00Z"},
			map[string]any{"target": map[string]any{"path": "/agenda", "kind": "section"},
				"outputs": []any{"html", "rss", "kalender"}},
			map[string]any{"target": map[string]any{"path": "/agenda/**", "kind": "page"},
				"outputs": []any{"html", "kalender"}},
		},
	}
}

// taxonomies are gerakan, instansi and topik; without the gerakan section there is no
// movement to list pages under.
func taxonomies(excluded []string) map[string]any {
	t := map[string]any{"instansi": "instansi", "topik": "topik"}
	if !slices.Contains(excluded, "gerakan") {
		t["gerakan"] = "gerakan"
	}
	return t
}
