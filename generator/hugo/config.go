package hugo

import "slices"

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

// menus returns the entries of ms whose section is not excluded, in lang.
func menus(ms []Menu, excluded []string, lang string) []any {
	var out []any
	for _, m := range ms {
		if slices.Contains(excluded, m.ID) {
			continue
		}
		name := m.Name
		if lang == "en" {
			name = m.NameEN
		}
		out = append(out, map[string]any{"identifier": m.ID, "name": name, "url": m.URL, "weight": m.Weight})
	}
	return out
}

// languages returns the engine's language settings, each with its own menus.
func languages(o Options) map[string]any {
	langs := o.Languages
	if len(langs) == 0 {
		langs = []string{"id"}
	}
	out := map[string]any{}
	for i, l := range langs {
		label := "Bahasa Indonesia"
		if l == "en" {
			label = "English"
		}
		out[l] = map[string]any{
			"weight": i + 1,
			"label":  label,
			"locale": l,
			"menus": map[string]any{
				"main":   menus(MainMenu, o.Excluded, l),
				"footer": menus(FooterMenu, o.Excluded, l),
			},
		}
	}
	return out
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
		"enableRobotsTXT":            false,
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
