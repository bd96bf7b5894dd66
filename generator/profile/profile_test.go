package profile

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"gnrm/generator/diag"
)

func TestNationalProfileIsClean(t *testing.T) {
	src, err := os.ReadFile("../../gnrm.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, l := Parse(File, src, nil)
	if p == nil || len(l) > 0 {
		t.Fatalf("national profile: %v", l)
	}
	if p.Instansi.Nama != "Gerakan Nasional Revolusi Mental" || len(p.Excluded()) != 0 {
		t.Errorf("national profile read as %+v", p)
	}
}

func TestProfileProblemsArePositioned(t *testing.T) {
	site := fstest.MapFS{"static/logo.svg": {Data: []byte("<svg/>")}}
	for _, tc := range []struct {
		name, src string
		line      int
		sev       diag.Severity
		code      string
		text      string
	}{
		{"syntax", "[instansi]\nnama = \"A\nsingkatan = \"B\"\n", 2, diag.Error, "profile.syntax", "TOML"},
		{"unknown key", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\nsingakatan = \"C\"\n", 4, diag.Warning, "profile.unknown", "instansi.singkatan"},
		{"missing name", "[instansi]\nsingkatan = \"B\"\n", 1, diag.Error, "profile.required", "instansi.nama"},
		{"bad colour", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\n[warna]\nutama = \"merah\"\n", 5, diag.Error, "profile.colour", "#rrggbb"},
		{"low contrast", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\n[warna]\nutama = \"#ffcc00\"\n", 5, diag.Error, "profile.contrast", ":1"},
		{"bad url", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\n[situs]\nbase_url = \"contoh.go.id\"\n", 5, diag.Error, "profile.url", "http(s)"},
		{"bad email", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\nemail = \"humas at contoh\"\n", 4, diag.Error, "profile.email", "surel"},
		{"missing logo", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\nlogo = \"lambang.png\"\n", 4, diag.Error, "profile.logo", "static/lambang.png"},
		{"logo outside static", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\nlogo = \"../rahasia.svg\"\n", 4, diag.Error, "profile.logo", "static/"},
		{"language", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\n[situs]\nbahasa = [\"id\", \"jv\"]\n", 5, diag.Error, "profile.enum", "jv"},
		{"section", "[instansi]\nnama = \"A\"\nsingkatan = \"B\"\n[situs]\nbagian = [\"berita\", \"galeri\"]\n", 5, diag.Error, "profile.enum", "galeri"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, l := Parse(File, []byte(tc.src), site)
			for _, d := range l {
				if d.Line == tc.line && d.Severity == tc.sev && d.Code == tc.code && strings.Contains(d.Message+d.MessageEN, tc.text) {
					return
				}
			}
			t.Errorf("want %s at line %d (%s, %q), got %+v", tc.code, tc.line, tc.sev, tc.text, l)
		})
	}
}

func TestGoodLogoAndDefaults(t *testing.T) {
	site := fstest.MapFS{"static/logo.svg": {Data: []byte("<svg/>")}}
	p, l := Parse(File, []byte("[instansi]\nnama = \"Pemkab Contoh\"\nsingkatan = \"PC\"\nlogo = \"logo.svg\"\n[situs]\nbagian = [\"berita\"]\n"), site)
	if len(l) > 0 {
		t.Fatal(l)
	}
	if p.Situs.Judul != "Pemkab Contoh" || p.Instansi.Pengaduan != DefaultPengaduan || len(p.Situs.Bahasa) != 1 {
		t.Errorf("defaults not applied: %+v", p)
	}
	if ex := p.Excluded(); len(ex) != 5 || ex[0] != "gerakan" {
		t.Errorf("excluded = %v", ex)
	}
}

func TestCapaianProblems(t *testing.T) {
	src := "[[program]]\nnomor = 1\nstatus = \"jalan\"\n[[program.indikator]]\nnama = \"A\"\ntarget = 10\n\n[[program]]\nnomor = 1\n"
	l := CheckCapaian(fstest.MapFS{CapaianFile: {Data: []byte(src)}})
	want := map[string]int{"capaian.enum": 3, "capaian.required": 4, "capaian.duplicate": 9}
	for code, line := range want {
		found := false
		for _, d := range l {
			if d.Code == code && d.Line == line {
				found = true
			}
		}
		if !found {
			t.Errorf("want %s at line %d, got %+v", code, line, l)
		}
	}
}
