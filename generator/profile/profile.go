// Package profile loads and checks gnrm.toml, the profile that makes a site folder an
// agency's site: its name, logo, colours, contacts, public address, languages and the
// national sections it includes. Problems are positioned diagnostics, like content.
//
// Why TOML with its own checker: operators edit this one file by hand, once; a typo in a
// key must be pointed out (with the nearest known key), and a colour that would make the
// header unreadable must be refused with the contrast ratio found, before anything is built.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"gnrm/generator/content"
	"gnrm/generator/diag"
)

// File is the profile's file name in a site folder.
const File = "gnrm.toml"

// Sections are the national sections an agency may include, in menu order.
var Sections = []string{"gerakan", "rencana-aksi", "berita", "klarifikasi", "agenda", "materi"}

// Languages are the site languages gnrm supports; "id" is always first.
var Languages = []string{"id", "en"}

// DefaultPengaduan is the national public-service complaint channel (SP4N-LAPOR!).
const DefaultPengaduan = "https://www.lapor.go.id/"

// Profile is a loaded gnrm.toml.
type Profile struct {
	Instansi struct {
		Nama      string `toml:"nama"`
		Singkatan string `toml:"singkatan"`
		Induk     string `toml:"induk"`
		Logo      string `toml:"logo"`
		Alamat    string `toml:"alamat"`
		Telepon   string `toml:"telepon"`
		Email     string `toml:"email"`
		PPID      string `toml:"ppid"`
		Pengaduan string `toml:"pengaduan"`
	} `toml:"instansi"`
	Situs struct {
		Judul   string   `toml:"judul"`
		BaseURL string   `toml:"base_url"`
		Bahasa  []string `toml:"bahasa"`
		Bagian  []string `toml:"bagian"`
	} `toml:"situs"`
	Warna struct {
		Utama string `toml:"utama"`
		Aksen string `toml:"aksen"`
	} `toml:"warna"`
	Sosial struct {
		Facebook  string `toml:"facebook"`
		X         string `toml:"x"`
		Instagram string `toml:"instagram"`
		Youtube   string `toml:"youtube"`
		Tiktok    string `toml:"tiktok"`
		Line      string `toml:"line"`
	} `toml:"sosial"`

	// Path is where the profile was read from ("gnrm.toml", or "" for the national
	// profile carried by the binary).
	Path string `toml:"-"`
}

// Load reads SITE/gnrm.toml, or the national profile in base when the site folder has
// none, applies defaults and checks it. site is the union of the site folder and the base
// (for the logo).
func Load(siteDir string, base, site fs.FS) (*Profile, diag.List) {
	src, err := os.ReadFile(filepath.Join(siteDir, File))
	name := File
	if errors.Is(err, fs.ErrNotExist) && base != nil {
		src, err = fs.ReadFile(base, File)
		name = ""
	}
	if errors.Is(err, fs.ErrNotExist) {
		p := &Profile{}
		p.defaults()
		return p, nil
	}
	if err != nil {
		return nil, diag.List{{Path: File, Severity: diag.Error, Code: "profile.read",
			Message: "profil tidak dapat dibaca: " + err.Error(), MessageEN: "the profile cannot be read: " + err.Error()}}
	}
	return Parse(name, src, site)
}

// Parse decodes and checks a profile. name is its path for diagnostics ("" for the
// national one, reported as gnrm.toml).
func Parse(name string, src []byte, site fs.FS) (*Profile, diag.List) {
	where := name
	if where == "" {
		where = File
	}
	var l diag.List
	p := &Profile{Path: name}
	dec := toml.NewDecoder(bytes.NewReader(src)).DisallowUnknownFields()
	err := dec.Decode(p)
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case errors.As(err, &strict):
		for _, e := range strict.Errors {
			row, col := e.Position()
			key := strings.Join(e.Key(), ".")
			d := diag.Diagnostic{Path: where, Line: row, Col: col, Severity: diag.Warning, Code: "profile.unknown",
				Message:   fmt.Sprintf("kunci %q tidak dikenal di profil", key),
				MessageEN: fmt.Sprintf("unknown key %q in the profile", key),
				Hint:      "Kunci ini diabaikan.", HintEN: "This key is ignored."}
			if near := nearestKey(key); near != "" {
				d.Message += "; mungkin maksudnya " + near + "?"
				d.MessageEN += "; did you mean " + near + "?"
			}
			l.Add(d)
		}
		// Decode again without the strict check to keep the known keys.
		p = &Profile{Path: name}
		if err := toml.Unmarshal(src, p); err != nil {
			return nil, append(l, syntax(where, err))
		}
	case errors.As(err, &de):
		return nil, diag.List{syntax(where, err)}
	case err != nil:
		return nil, diag.List{{Path: where, Severity: diag.Error, Code: "profile.syntax",
			Message: "profil tidak valid: " + err.Error(), MessageEN: "invalid profile: " + err.Error()}}
	}
	loc := newLocator(src)
	l = append(l, p.check(where, loc, site)...)
	p.defaults()
	l.Sort()
	return p, l
}

func syntax(where string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Path: where, Line: 1, Col: 1, Severity: diag.Error, Code: "profile.syntax",
		Message: "profil bukan TOML yang valid: " + err.Error(), MessageEN: "the profile is not valid TOML: " + err.Error(),
		Hint:   "Setiap baris berbentuk kunci = \"nilai\"; teks diapit tanda kutip; bagian ditulis [instansi], [situs], [warna], [sosial].",
		HintEN: "Each line is key = \"value\"; text in quotes; tables are written [instansi], [situs], [warna], [sosial]."}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		d.Line, d.Col = de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		d.Message, d.MessageEN = "profil bukan TOML yang valid: "+msg, "the profile is not valid TOML: "+msg
	}
	return d
}

var known = []string{
	"instansi.nama", "instansi.singkatan", "instansi.induk", "instansi.logo", "instansi.alamat", "instansi.telepon",
	"instansi.email", "instansi.ppid", "instansi.pengaduan",
	"situs.judul", "situs.base_url", "situs.bahasa", "situs.bagian",
	"warna.utama", "warna.aksen",
	"sosial.facebook", "sosial.x", "sosial.instagram", "sosial.youtube", "sosial.tiktok", "sosial.line",
}

func nearestKey(key string) string {
	best, bestD := "", 1<<30
	for _, k := range known {
		if d := content.Distance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= 3 {
		return best
	}
	return ""
}

var colourRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// The theme's text and background colours the profile colours are checked against.
const (
	themeBackground = "#ffffff"
	themeText       = "#1f2328"
)

func (p *Profile) check(where string, loc locator, site fs.FS) diag.List {
	var l diag.List
	add := func(key string, code, id, en, hid, hen string) {
		line, col := loc.pos(key)
		l.Add(diag.Diagnostic{Path: where, Line: line, Col: col, Severity: diag.Error, Code: code,
			Message: id, MessageEN: en, Hint: hid, HintEN: hen})
	}
	required := func(key, v, example string) {
		if strings.TrimSpace(v) == "" {
			add(key, "profile.required", fmt.Sprintf("%s wajib diisi", key), fmt.Sprintf("%s is required", key),
				fmt.Sprintf("Contoh: %s", example), fmt.Sprintf("Example: %s", example))
		}
	}
	required("instansi.nama", p.Instansi.Nama, `nama = "Pemerintah Kabupaten Contoh"`)
	required("instansi.singkatan", p.Instansi.Singkatan, `singkatan = "Pemkab Contoh"`)

	web := func(key, v string) {
		if v == "" {
			return
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add(key, "profile.url", fmt.Sprintf("%s harus alamat web lengkap http(s)://, tertulis %q", key, v),
				fmt.Sprintf("%s must be a full http(s):// web address, found %q", key, v),
				"Contoh: https://contoh.go.id/", "Example: https://example.go.id/")
		}
	}
	web("instansi.ppid", p.Instansi.PPID)
	web("instansi.pengaduan", p.Instansi.Pengaduan)
	web("situs.base_url", p.Situs.BaseURL)
	for _, s := range []struct{ key, v string }{
		{"sosial.facebook", p.Sosial.Facebook}, {"sosial.x", p.Sosial.X}, {"sosial.instagram", p.Sosial.Instagram},
		{"sosial.youtube", p.Sosial.Youtube}, {"sosial.tiktok", p.Sosial.Tiktok}, {"sosial.line", p.Sosial.Line},
	} {
		web(s.key, s.v)
	}
	if e := p.Instansi.Email; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			add("instansi.email", "profile.email", fmt.Sprintf("instansi.email bukan alamat surel yang valid: %q", e),
				fmt.Sprintf("instansi.email is not a valid e-mail address: %q", e), "Contoh: humas@contoh.go.id", "Example: humas@example.go.id")
		}
	}
	if logo := p.Instansi.Logo; logo != "" {
		clean := path.Clean("static/" + strings.TrimPrefix(logo, "/"))
		if !strings.HasPrefix(clean, "static/") || !fs.ValidPath(clean) {
			add("instansi.logo", "profile.logo", fmt.Sprintf("instansi.logo harus berkas di dalam folder static/, tertulis %q", logo),
				fmt.Sprintf("instansi.logo must be a file inside the static/ folder, found %q", logo), "", "")
		} else if fi, err := fs.Stat(site, clean); site != nil && (err != nil || fi.IsDir()) {
			add("instansi.logo", "profile.logo", fmt.Sprintf("berkas logo %s tidak ditemukan", clean),
				fmt.Sprintf("logo file %s not found", clean),
				"Letakkan berkas logo (sebaiknya SVG atau PNG) di folder static/ situs dan tulis namanya, misalnya logo = \"logo.svg\".",
				"Put the logo file (preferably SVG or PNG) in the site's static/ folder and write its name, for example logo = \"logo.svg\".")
		}
	}
	for i, b := range p.Situs.Bahasa {
		if !slices.Contains(Languages, b) {
			add("situs.bahasa", "profile.enum", fmt.Sprintf("situs.bahasa butir ke-%d %q tidak dikenal; pilihan: id, en", i+1, b),
				fmt.Sprintf("situs.bahasa item %d %q is not supported; choose from: id, en", i+1, b), "", "")
		}
	}
	if len(p.Situs.Bahasa) > 0 && p.Situs.Bahasa[0] != "id" {
		add("situs.bahasa", "profile.enum", "situs.bahasa harus diawali \"id\" (bahasa utama situs)",
			"situs.bahasa must start with \"id\" (the site's main language)", `Contoh: bahasa = ["id", "en"]`, `Example: bahasa = ["id", "en"]`)
	}
	for i, b := range p.Situs.Bagian {
		if !slices.Contains(Sections, b) {
			add("situs.bagian", "profile.enum", fmt.Sprintf("situs.bagian butir ke-%d %q tidak dikenal; pilihan: %s", i+1, b, strings.Join(Sections, ", ")),
				fmt.Sprintf("situs.bagian item %d %q is unknown; choose from: %s", i+1, b, strings.Join(Sections, ", ")), "", "")
		}
	}
	colour := func(key, v string, min float64, against, againstName, againstEN string) {
		if v == "" {
			return
		}
		if !colourRe.MatchString(v) {
			add(key, "profile.colour", fmt.Sprintf("%s harus warna #rrggbb, tertulis %q", key, v),
				fmt.Sprintf("%s must be a #rrggbb colour, found %q", key, v), `Contoh: utama = "#8b1a1a"`, `Example: utama = "#8b1a1a"`)
			return
		}
		if r := content.Contrast(v, against); r < min {
			add(key, "profile.contrast",
				fmt.Sprintf("%s %s kontrasnya %s:1 terhadap %s; minimal %s:1 (WCAG AA)", key, v, comma(r, 2), againstName, comma(min, 1)),
				fmt.Sprintf("%s %s has a contrast of %.2f:1 against %s; at least %.1f:1 is needed (WCAG AA)", key, v, r, againstEN, min),
				"Pilih warna yang lebih gelap.", "Choose a darker colour.")
		}
	}
	// utama is the background of the header navigation, under white text; aksen draws
	// borders and marks on the white page (a non-text contrast of 3:1).
	colour("warna.utama", p.Warna.Utama, 4.5, themeBackground, "teks putih", "white text")
	colour("warna.aksen", p.Warna.Aksen, 3.0, themeBackground, "latar putih", "the white background")
	return l
}

// defaults fills what the profile leaves out.
func (p *Profile) defaults() {
	if p.Instansi.Nama == "" {
		p.Instansi.Nama = "Gerakan Nasional Revolusi Mental"
	}
	if p.Instansi.Pengaduan == "" {
		p.Instansi.Pengaduan = DefaultPengaduan
	}
	if p.Situs.Judul == "" {
		p.Situs.Judul = p.Instansi.Nama
	}
	if len(p.Situs.Bahasa) == 0 {
		p.Situs.Bahasa = []string{"id"}
	}
	if p.Situs.Bagian == nil {
		p.Situs.Bagian = slices.Clone(Sections)
	}
	if p.Warna.Utama == "" {
		p.Warna.Utama = "#8b1a1a"
	}
	if p.Warna.Aksen == "" {
		p.Warna.Aksen = "#b8860b"
	}
}

// Excluded returns the national sections the profile leaves out.
func (p *Profile) Excluded() []string {
	var out []string
	for _, s := range Sections {
		if !slices.Contains(p.Situs.Bagian, s) {
			out = append(out, s)
		}
	}
	return out
}

// Params are the site parameters the theme reads.
func (p *Profile) Params() map[string]any {
	return map[string]any{
		"nasional": "https://revolusimental.go.id/",
		"preview":  false,
		"bagian":   slices.Clone(p.Situs.Bagian),
		"instansi": map[string]any{
			"nama": p.Instansi.Nama, "singkatan": p.Instansi.Singkatan, "induk": p.Instansi.Induk,
			"alamat": p.Instansi.Alamat, "telepon": p.Instansi.Telepon, "email": p.Instansi.Email,
			"logo": strings.TrimPrefix(p.Instansi.Logo, "/"), "ppid": p.Instansi.PPID, "pengaduan": p.Instansi.Pengaduan,
		},
		"warna": map[string]any{"utama": p.Warna.Utama, "aksen": p.Warna.Aksen},
		"sosial": map[string]any{
			"facebook": p.Sosial.Facebook, "x": p.Sosial.X, "instagram": p.Sosial.Instagram,
			"youtube": p.Sosial.Youtube, "tiktok": p.Sosial.Tiktok, "line": p.Sosial.Line,
		},
	}
}

// comma formats a number with an Indonesian decimal comma.
func comma(f float64, prec int) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', prec, 64), ".", ",", 1)
}
