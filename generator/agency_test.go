package generator_test

// Agency sites: two fixture folders (a ministry and a regency) built with the same
// national base, as the same binary would build them for two agencies.

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestMinistrySite(t *testing.T) {
	dir := site(t, "kementerian")
	out := filepath.Join(dir, "public")
	rep := mustBuild(t, dir, out)
	if rep.Site != "Kementerian Contoh Republik Indonesia" {
		t.Errorf("report names site %q", rep.Site)
	}
	files := snapshot(t, out)
	home := files["index.html"]
	for _, want := range []string{
		"Kementerian Contoh Republik Indonesia", "Kemencontoh", // header
		"logo-kemencontoh.svg",                                           // logo
		"Jalan Contoh No. 1, Jakarta", "humas@kemencontoh.example.go.id", // identifier footer
		"https://ppid.kemencontoh.example.go.id/", "https://www.lapor.go.id/",
		"https://www.facebook.com/kemencontoh", "https://x.com/kemencontoh",
		"https://revolusimental.go.id/", // link to the national campaign
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if !regexp.MustCompile(`<title>[^<]*Revolusi Mental Kemencontoh</title>`).MatchString(files["berita/index.html"]) {
		t.Errorf("page title does not name the agency's site")
	}
	if _, ok := files["logo-kemencontoh.svg"]; !ok {
		t.Errorf("logo not published")
	}
	css := ""
	for name, body := range files {
		if strings.HasSuffix(name, ".css") {
			css += body
		}
	}
	if !strings.Contains(css, "#0b3d6b") {
		t.Errorf("agency colour not in the stylesheet")
	}
	if !strings.Contains(files["tentang/index.html"], "seluruh unit layanannya") {
		t.Errorf("agency about page did not replace the national one")
	}
	if !strings.Contains(files["berita/layanan-terpadu-kemencontoh/index.html"], "Layanan Terpadu Kemencontoh Dibuka") {
		t.Errorf("agency news missing")
	}
	// Its own progress over the national program pages.
	p1 := files["rencana-aksi/program-01-kapasitas-sdm-asn/index.html"]
	if !strings.Contains(p1, "status-selesai") || !regexp.MustCompile(`<meter[^>]*max="?100"?[^>]*value="?100"?`).MatchString(p1) {
		t.Errorf("program 1 does not show the agency's figures")
	}
	if !strings.Contains(files["rencana-aksi/program-03-standar-pelayanan/index.html"], "status-belum-mulai") {
		t.Errorf("program 3 does not show the agency's status")
	}
	if !strings.Contains(home, "status-selesai") {
		t.Errorf("home does not show the agency's progress")
	}
	nationalPagesPresent(t, files)
}

func TestRegencySiteUnderSubPathWithFewerSections(t *testing.T) {
	dir := site(t, "kabupaten")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	files := snapshot(t, out)
	for _, gone := range []string{"klarifikasi/index.html", "materi/index.html", "materi/poster-lima-gerakan/poster-lima-gerakan.svg"} {
		if _, ok := files[gone]; ok {
			t.Errorf("%s published though the section is excluded", gone)
		}
	}
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if strings.Contains(body, "/klarifikasi/") || strings.Contains(body, "/materi/") {
			t.Errorf("%s links an excluded section", name)
		}
		for _, m := range regexp.MustCompile(`(?:href|src)=["']?(/[^"' >]*)`).FindAllStringSubmatch(body, -1) {
			if !strings.HasPrefix(m[1], "/gnrm/") {
				t.Errorf("%s: link %q escapes the sub-path", name, m[1])
			}
		}
	}
	news := files["berita/pasar-tertib/index.html"]
	if !strings.Contains(news, `href=/gnrm/gerakan/tertib/`) && !strings.Contains(news, `href="/gnrm/gerakan/tertib/"`) {
		t.Errorf("movement link not under the sub-path")
	}
	if !strings.Contains(news, "melaporkan kabar bohong melalui klarifikasi nasional") {
		t.Errorf("the text of a link to an excluded section is lost")
	}
	if !strings.Contains(files["index.html"], "Pemerintah Kabupaten Contoh") {
		t.Errorf("home does not name the regency")
	}
	// The complaint channel defaults to the national one.
	if !strings.Contains(files["index.html"], "https://www.lapor.go.id/") {
		t.Errorf("no complaint channel")
	}
	if !strings.Contains(files["index.xml"], "https://contoh.example.go.id/gnrm/") {
		t.Errorf("feed does not use the sub-path address")
	}
	for _, want := range []string{"gerakan/melayani/index.html", "rencana-aksi/program-10-penghargaan-sanksi/index.html", "agenda/index.html"} {
		if _, ok := files[want]; !ok {
			t.Errorf("%s missing", want)
		}
	}
}

// nationalPagesPresent checks the national pages every agency inherits.
func nationalPagesPresent(t *testing.T, files map[string]string) {
	t.Helper()
	for _, key := range []string{"melayani", "bersih", "tertib", "mandiri", "bersatu"} {
		if _, ok := files["gerakan/"+key+"/index.html"]; !ok {
			t.Errorf("movement %s missing", key)
		}
	}
	n := 0
	for name := range files {
		if strings.HasPrefix(name, "rencana-aksi/program-") && strings.HasSuffix(name, "/index.html") {
			n++
		}
	}
	if n != 10 {
		t.Errorf("%d program pages, want 10", n)
	}
}
