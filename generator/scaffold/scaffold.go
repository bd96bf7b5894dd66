// Package scaffold writes new files for site operators and editors: a new agency site
// folder (Init) and a new page with front matter that already passes the checks (New).
//
// Why generated files must pass `gnrm check` as they are: an editor's first experience of
// the tool is the file it gives them; if that file fails, the tool is wrong, not them.
// Every file is written only if nothing is there yet: these commands never overwrite.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// InitOptions describe a new agency site.
type InitOptions struct {
	Instansi  string // the agency's full name
	Singkatan string // its short name
	BaseURL   string // its public address, possibly with a sub-path
}

// Init creates an agency site folder in dir: gnrm.toml, empty content/, static/ and
// layouts/, a README for the operator, a .gitignore, and CI pipelines for GitHub Actions
// and GitLab CI (see ci.go). It refuses a folder that already holds a site or any of these
// files, but leaves an existing pipeline file alone (the repository may have its own).
// It returns the paths written.
func Init(dir string, o InitOptions) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, "gnrm.toml")); err == nil {
		return nil, fmt.Errorf("%s sudah berisi situs gnrm (gnrm.toml ada); tidak ada yang ditimpa", dir)
	}
	if o.Instansi == "" {
		o.Instansi = "Nama Instansi"
	}
	if o.Singkatan == "" {
		o.Singkatan = abbreviation(o.Instansi)
	}
	files := map[string]string{
		"gnrm.toml":          profileTOML(o),
		"README.md":          readme(o),
		".gitignore":         "# hasil build gnrm\n/public/\n# arsip gnrm build --bundle\n/situs.tar.gz\n/situs.zip\n",
		"content/.gitkeep":   "",
		"static/.gitkeep":    "",
		"layouts/.gitkeep":   "",
		"content/tentang.md": about(o),
	}
	order := []string{"gnrm.toml", "README.md", ".gitignore", "content/.gitkeep", "content/tentang.md", "static/.gitkeep", "layouts/.gitkeep"}
	for _, name := range order {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			return nil, fmt.Errorf("%s sudah ada; gnrm init tidak menimpa berkas", filepath.Join(dir, filepath.FromSlash(name)))
		}
	}
	var written []string
	for _, name := range order {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := writeNew(p, files[name]); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	for _, name := range ciOrder {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		if err := writeNew(p, ciFiles[name]); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// writeNew creates a file that must not exist yet.
func writeNew(p, data string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s sudah ada; tidak ditimpa", p)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// abbreviation makes a short name from the initials of a long one.
func abbreviation(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		if unicode.IsUpper(r[0]) {
			b.WriteRune(r[0])
		}
	}
	if b.Len() == 0 {
		return name
	}
	return b.String()
}

func q(s string) string { return strconv.Quote(s) }

func profileTOML(o InitOptions) string {
	return `# Profil situs gnrm instansi. Ubah nilai di bawah ini, lalu jalankan: gnrm check
# Teks diapit tanda kutip. Warna ditulis "#rrggbb".

[instansi]
nama = ` + q(o.Instansi) + `
singkatan = ` + q(o.Singkatan) + `
induk = ""
# logo: nama berkas di folder static/, misalnya "logo.svg"
logo = ""
alamat = ""
telepon = ""
email = ""
# ppid: alamat layanan informasi publik (UU 14/2008), jika ada
ppid = ""
# pengaduan: kanal pengaduan; bawaannya SP4N-LAPOR!
pengaduan = "https://www.lapor.go.id/"

[situs]
judul = ` + q(o.Instansi) + `
# base_url: alamat publik situs, boleh dengan sub-path, misalnya "https://contoh.go.id/gnrm/"
base_url = ` + q(o.BaseURL) + `
bahasa = ["id"]
# bagian nasional yang ditampilkan; hapus yang tidak diinginkan
bagian = ["gerakan", "rencana-aksi", "berita", "klarifikasi", "agenda", "materi"]

[warna]
utama = "#8b1a1a"
aksen = "#b8860b"

[sosial]
facebook = ""
x = ""
instagram = ""
youtube = ""
tiktok = ""
line = ""
`
}

func readme(o InitOptions) string {
	return `# Situs Revolusi Mental ` + o.Instansi + `

Folder ini adalah situs Gerakan Nasional Revolusi Mental milik ` + o.Instansi + `.
Konten dan tampilan nasional sudah ada di dalam program gnrm; folder ini hanya berisi
milik instansi sendiri.

## Langkah kerja

1. Ubah profil instansi di berkas gnrm.toml (nama, logo, warna, kontak, alamat situs).
2. Tulis berita baru: gnrm new berita "Judul Berita"
   (jenis lain: siaran-pers, klarifikasi, agenda, materi).
3. Periksa tulisan: gnrm check
4. Bangun situs beserta arsipnya: gnrm build --bundle situs.tar.gz
5. Unggah arsip itu ke server web instansi, ekstrak ke folder situs, lalu periksa
   bahwa isinya utuh: gnrm verify FOLDER (atau sha256sum -c SHA256SUMS di folder itu).

## Arsip dan verifikasi

gnrm build --bundle situs.tar.gz (atau situs.zip) menulis arsip berisi seluruh situs dan
daftar hash SHA256SUMS. Dua build dari isi yang sama menghasilkan arsip yang sama persis,
sehingga hash arsip dapat dicatat sebagai bukti apa yang diterbitkan. gnrm verify
memeriksa arsip atau folder di server: setiap berkas yang hilang, berubah atau tambahan
dilaporkan, dan perintah gagal (kode keluar 1) bila ada yang tidak cocok.

## Konfigurasi server web

gnrm deploy-config --server nginx (atau apache, caddy) mencetak konfigurasi server yang
siap pakai untuk alamat situs di gnrm.toml (sub-path ikut diperhitungkan): cache panjang
untuk aset ber-sidik-jari, cache singkat untuk halaman dan feed, kompresi, halaman 404
situs, dan header keamanan (Content-Security-Policy, HSTS, dan lainnya). Contoh:

    gnrm deploy-config --server nginx --root /var/www/gnrm > gnrm.conf

Untuk hosting statis yang membaca berkas _headers (Netlify, Cloudflare Pages), jalankan
setelah build: gnrm deploy-config --server headers > public/_headers

## CI (GitHub Actions dan GitLab CI)

gnrm init menulis .github/workflows/gnrm.yml dan .gitlab-ci.yml. Keduanya menjalankan
gnrm check, gnrm build --bundle situs.tar.gz dan gnrm verify pada setiap perubahan,
menyimpan arsip situs sebagai artefak, dan dari cabang utama menerbitkan public/ ke
GitHub Pages atau GitLab Pages. Sebelum dipakai, isi GNRM_URL (alamat unduhan program
gnrm untuk Linux dari koordinator nasional) dan GNRM_SHA256 (hash SHA-256 program itu)
di berkas tersebut, atau simpan program gnrm di bin/gnrm. Hapus berkas pipeline yang
tidak dipakai. Bila situs diterbitkan di server instansi sendiri, hapus bagian Pages dan
ambil arsip dari artefak CI.

## Isi folder

- gnrm.toml: profil instansi.
- content/: tulisan instansi (Markdown). Berkas dengan nama yang sama dengan berkas
  nasional menggantikannya, misalnya content/tentang.md.
- static/: berkas yang diterbitkan apa adanya, misalnya logo.
- layouts/: templat pengganti (hanya bila perlu).
- public/: hasil build; dibuat ulang setiap kali gnrm build dijalankan.
- .github/workflows/gnrm.yml, .gitlab-ci.yml: pipeline CI (lihat di atas).
`
}

func about(o InitOptions) string {
	return `---
title: "Tentang"
description: ` + q("Tentang situs Revolusi Mental "+o.Instansi) + `
ringkasan: ` + q("Situs Gerakan Nasional Revolusi Mental yang dikelola oleh "+o.Instansi+".") + `
---

Situs ini menyebarluaskan Gerakan Nasional Revolusi Mental berdasarkan Instruksi Presiden
Nomor 12 Tahun 2016 dan melaporkan kegiatan ` + o.Instansi + ` dalam lima gerakan.
`
}

// Kinds are the kinds of page New can write.
var Kinds = []string{"berita", "siaran-pers", "klarifikasi", "agenda", "materi"}

// wib is Western Indonesia Time, the zone of new pages' dates (no daylight saving).
var wib = time.FixedZone("WIB", 7*60*60)

// New writes a new page of kind with title into siteDir and returns its path relative
// to siteDir. agency names the author's agency in the front matter.
func New(siteDir, kind, title, agency string, now time.Time) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return "", errors.New("judul tidak boleh kosong")
	}
	slug := Slug(title)
	now = now.In(wib).Truncate(time.Minute)
	date := now.Format(time.RFC3339)
	var rel, body string
	extra := map[string]string{}
	switch kind {
	case "berita", "siaran-pers":
		rel = "content/berita/" + slug + ".md"
		body = fmt.Sprintf(`---
title: %s
date: %s
jenis: %q
gerakan: ["melayani"]
instansi: %s
penulis: "Tim Humas"
ringkasan: "Tulis ringkasan satu atau dua kalimat di sini."
topik: []
---

Tulis isi %s di sini. Gunakan Markdown: ## untuk subjudul, - untuk daftar, dan
teks dalam kurung siku yang diikuti alamat dalam kurung biasa untuk tautan.
`, q(title), date, kind, q(agency), map[string]string{"berita": "berita", "siaran-pers": "siaran pers"}[kind])
	case "klarifikasi":
		rel = "content/klarifikasi/" + slug + ".md"
		body = fmt.Sprintf(`---
title: %s
date: %s
# Halaman ini draf sampai penilaian selesai: hapus baris draft setelah status diperiksa.
draft: true
klaim: "Tulis klaim yang beredar di sini, apa adanya."
# status: hoaks, disinformasi, misinformasi, sebagian-benar, atau benar
status: "hoaks"
sumber_klaim: "Sebutkan di mana klaim beredar."
rujukan: []
gerakan: ["bersatu"]
ringkasan: "Tulis kesimpulan penelusuran dalam satu kalimat."
---

## Faktanya

Jelaskan fakta berdasarkan sumber resmi, lalu cantumkan sumber itu pada rujukan.
`, q(title), date)
	case "agenda":
		rel = "content/agenda/" + slug + ".md"
		start := time.Date(now.Year(), now.Month(), now.Day()+7, 9, 0, 0, 0, wib)
		body = fmt.Sprintf(`---
title: %s
date: %s
mulai: %s
selesai: %s
lokasi: "Tulis tempat acara"
penyelenggara: %s
gerakan: ["melayani"]
ringkasan: "Tulis ringkasan acara di sini."
---

Tulis keterangan acara di sini.
`, q(title), date, start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339), q(agency))
	case "materi":
		rel = "content/materi/" + slug + "/index.md"
		extra["content/materi/"+slug+"/"+slug+".svg"] = placeholderSVG(title)
		body = fmt.Sprintf(`---
title: %s
date: %s
# berkas: nama berkas materi di folder ini; ganti contoh SVG dengan berkas sebenarnya
berkas: %q
berkas_alt: %s
jenis: "poster"
lisensi: "CC BY 4.0"
gerakan: ["melayani"]
ringkasan: "Tulis ringkasan materi di sini."
---

Tulis keterangan materi di sini.
`, q(title), date, slug+".svg", q(title))
	default:
		return "", fmt.Errorf("jenis %q tidak dikenal; pilihan: %s", kind, strings.Join(Kinds, ", "))
	}
	p := filepath.Join(siteDir, filepath.FromSlash(rel))
	if _, err := os.Lstat(p); err == nil {
		return "", fmt.Errorf("%s sudah ada; pilih judul lain atau ubah berkas itu", rel)
	}
	for name := range extra {
		if _, err := os.Lstat(filepath.Join(siteDir, filepath.FromSlash(name))); err == nil {
			return "", fmt.Errorf("%s sudah ada; tidak ditimpa", name)
		}
	}
	if err := writeNew(p, body); err != nil {
		return "", err
	}
	for name, data := range extra {
		if err := writeNew(filepath.Join(siteDir, filepath.FromSlash(name)), data); err != nil {
			return "", err
		}
	}
	return rel, nil
}

// Slug turns a title into an address segment: lower case, ASCII letters and digits
// joined by hyphens, at most 60 characters, cut at a word.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 60 {
		s = s[:60]
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
	}
	if s == "" {
		s = "tulisan"
	}
	return s
}

func placeholderSVG(title string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(title)
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1080 1350" role="img"><title>` + esc + `</title>` +
		`<rect width="1080" height="1350" fill="#f5f1ea"/><text x="540" y="675" font-family="system-ui, sans-serif" font-size="48" text-anchor="middle" fill="#1f2328">Ganti dengan berkas materi</text></svg>
`
}
