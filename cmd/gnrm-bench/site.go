//go:build unix

package main

// The synthetic site: the national base copied out of the binary onto disk, N generated
// news pages, and a hugo.json holding gnrm's own engine settings. Everything here is
// deterministic (fixed seeds, dates computed from the page number), so page i is the
// same file in every run and in every site size, and the two tools read the very same
// bytes.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gnrm"
	"gnrm/generator/hugo"
	"gnrm/generator/profile"
)

// seed fixes the filler text; change it and every generated page changes.
const seed = 20161206 // Inpres No. 12/2016 was signed on 6 December 2016

var (
	words = strings.Fields(`pelayanan publik aparatur masyarakat warga integritas etos kerja
		gotong royong disiplin inovasi daerah desa kota kabupaten program kegiatan peningkatan
		kualitas kinerja kompetensi transparansi akuntabilitas partisipasi keteladanan perubahan
		budaya sikap perilaku lingkungan bersih tertib mandiri bersatu melayani sekolah pasar
		puskesmas kantor layanan digital pengaduan cepat ramah terbuka jujur tanggung jawab
		bersama nyata setiap hari untuk dan yang dengan dalam bagi antara warga pegawai`)
	gerakan  = []string{"melayani", "bersih", "tertib", "mandiri", "bersatu"}
	kegiatan = []string{"Sosialisasi", "Lokakarya", "Apel Bersama", "Pameran Inovasi",
		"Forum Warga", "Kerja Bakti", "Pelatihan ASN", "Dialog Publik"}
	tempat = []string{"Kota Medan", "Kota Padang", "Kota Palembang", "Kabupaten Bandung",
		"Kota Semarang", "Kota Surabaya", "Kota Denpasar", "Kota Mataram", "Kota Pontianak",
		"Kota Makassar", "Kota Manado", "Kota Ambon", "Kota Jayapura", "Kabupaten Sleman"}
	instansi = []string{"Sekretariat GNRM", "Kementerian PANRB", "Kemenko PMK",
		"Pemerintah Provinsi Jawa Tengah", "Pemerintah Kota Surabaya", "Pemerintah Kabupaten Sleman",
		"Kementerian Dalam Negeri", "Badan Kepegawaian Negara"}
	penulis = []string{"Tim Humas", "Redaksi GNRM", "Humas Daerah", "Biro Komunikasi"}
	topik   = []string{"pelayanan-publik", "reformasi-birokrasi", "kehumasan", "inovasi",
		"antikorupsi", "disiplin-asn", "gotong-royong", "umkm", "kebersihan", "literasi-digital"}
	wib = time.FixedZone("WIB", 7*60*60)
)

// writeSite makes a site folder at dir with n generated news pages.
func writeSite(dir string, n int) error {
	if err := os.CopyFS(dir, gnrm.Base); err != nil {
		return fmt.Errorf("copying the national base: %w", err)
	}
	// The engine settings of the national profile copied above (its languages above all),
	// so that both tools build the same pages.
	prof, diags := profile.Load(dir, nil, os.DirFS(dir))
	if prof == nil || diags.Errors() > 0 {
		return fmt.Errorf("the national profile: %v", diags)
	}
	cfg, err := json.MarshalIndent(hugo.Settings(hugo.Options{SiteDir: dir, Languages: prof.Situs.Bahasa,
		Excluded: prof.Excluded(), Params: prof.Params(), Title: prof.Situs.Judul}), "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo.json"), append(cfg, '\n'), 0o644); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		name := filepath.Join(dir, "content", "berita", fmt.Sprintf("bench-%05d.md", i))
		if err := os.WriteFile(name, page(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// page returns news page number i (from 1).
func page(i int) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(list []string) string { return list[r.IntN(len(list))] }

	// Dates cover 2017-2025 (all in the past, so no page is skipped as future-dated).
	date := time.Date(2017+i%9, time.Month(1+(i/9)%12), 1+(i/108)%28, 7+i%11, (i*7)%60, 0, 0, wib)
	jenis := "berita"
	if i%4 == 0 {
		jenis = "siaran-pers"
	}
	first := i % len(gerakan)
	ger := []string{gerakan[first]}
	for k := 1; k <= r.IntN(3); k++ {
		ger = append(ger, gerakan[(first+k*2)%len(gerakan)])
	}
	top := []string{pick(topik)}
	if t := pick(topik); t != top[0] {
		top = append(top, t)
	}
	place := pick(tempat)
	title := fmt.Sprintf("%s Gerakan Indonesia %s di %s (%05d)",
		pick(kegiatan), strings.ToUpper(ger[0][:1])+ger[0][1:], place, i)

	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quote(title))
	fmt.Fprintf(&b, "date: %s\n", date.Format(time.RFC3339))
	fmt.Fprintf(&b, "jenis: %s\n", quote(jenis))
	fmt.Fprintf(&b, "gerakan: %s\n", list(ger))
	fmt.Fprintf(&b, "instansi: %s\n", quote(pick(instansi)))
	fmt.Fprintf(&b, "penulis: %s\n", quote(pick(penulis)))
	fmt.Fprintf(&b, "ringkasan: %s\n", quote(sentence(r)))
	fmt.Fprintf(&b, "topik: %s\n", list(top))
	b.WriteString("---\n\n")

	b.WriteString(paragraph(r) + "\n\n")
	fmt.Fprintf(&b, "Kegiatan di %s ini merupakan bagian dari [Gerakan Indonesia Melayani](/gerakan/melayani/). %s\n\n", place, paragraph(r))
	b.WriteString("## Pelaksanaan di lapangan\n\n")
	b.WriteString(paragraph(r) + "\n\n")
	for k := 0; k < 3+r.IntN(3); k++ {
		b.WriteString("- " + sentence(r) + "\n")
	}
	b.WriteString("\n" + paragraph(r) + "\n\n" + paragraph(r) + "\n")
	return []byte(b.String())
}

// sentence is 8 to 16 filler words, capitalised, with a full stop.
func sentence(r *rand.Rand) string {
	n := 8 + r.IntN(9)
	w := make([]string, n)
	for k := range w {
		w[k] = words[r.IntN(len(words))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

// paragraph is 3 to 5 sentences.
func paragraph(r *rand.Rand) string {
	s := make([]string, 3+r.IntN(3))
	for k := range s {
		s[k] = sentence(r)
	}
	return strings.Join(s, " ")
}

// quote writes a YAML double-quoted scalar (JSON strings are valid YAML).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// list writes a YAML flow sequence of strings.
func list(items []string) string {
	q := make([]string, len(items))
	for k, s := range items {
		q[k] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
