package hugo

// The engine's configuration is set here, from code, and nowhere else: a site folder
// carries no hugo.toml (the source union hides one if present), so every agency site is
// configured the same way and the national coordinator changes the defaults in one place.

// Menu is one navigation entry.
type Menu struct {
	ID     string
	Name   string
	URL    string
	Weight int
}

// MainMenu and FooterMenu are the site's navigation. Navigation comes from menus, never
// from the site's sections, so one content edit does not re-render every page.
var (
	MainMenu = []Menu{
		{"beranda", "Beranda", "/", 1},
		{"gerakan", "Gerakan", "/gerakan/", 2},
		{"rencana-aksi", "Rencana Aksi", "/rencana-aksi/", 3},
		{"berita", "Berita", "/berita/", 4},
		{"klarifikasi", "Klarifikasi", "/klarifikasi/", 5},
		{"agenda", "Agenda", "/agenda/", 6},
		{"materi", "Materi", "/materi/", 7},
		{"tentang", "Tentang", "/tentang/", 8},
	}
	FooterMenu = []Menu{
		{"tentang", "Tentang", "/tentang/", 1},
		{"kontak", "Kontak", "/kontak/", 2},
		{"klarifikasi", "Klarifikasi Hoaks", "/klarifikasi/", 3},
	}
)

// NationalParams are the site parameters of the national site; an agency profile
// overrides them.
func NationalParams() map[string]any {
	return map[string]any{
		"nasional": "https://revolusimental.go.id/",
		"preview":  false,
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

func menus(ms []Menu) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = map[string]any{"identifier": m.ID, "name": m.Name, "url": m.URL, "weight": m.Weight}
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
	if in, ok := params["instansi"].(map[string]any); ok {
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
		"taxonomies": map[string]any{"gerakan": "gerakan", "instansi": "instansi", "topik": "topik"},
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
		"menus":    map[string]any{"main": menus(MainMenu), "footer": menus(FooterMenu)},
		"params":   params,
	}
}
