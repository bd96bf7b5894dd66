package search

// Tests of the text analysis: the shared vectors (which the browser test runs against
// cari.js too), groups of word forms that must meet at a common stem, and the bounds the
// stemmer keeps.

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var vectorPath = filepath.Join("testdata", "vektor.txt")

// Vector is one line of testdata/vektor.txt.
type vector struct {
	kind string // "id", "en" or "tok"
	in   string
	want []string
}

func readVectors(t *testing.T) (lines []string, vs []vector) {
	t.Helper()
	f, err := os.Open(vectorPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		lines = append(lines, l)
		switch {
		case strings.HasPrefix(l, "tok\t"):
			parts := strings.Split(l, "\t")
			v := vector{kind: "tok", in: parts[1]}
			if len(parts) > 2 {
				v.want = strings.Fields(parts[2])
			}
			vs = append(vs, v)
		case strings.HasPrefix(l, "id "), strings.HasPrefix(l, "en "):
			f := strings.Fields(l)
			vs = append(vs, vector{kind: f[0], in: f[1], want: f[2:]})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines, vs
}

func (v vector) got() []string {
	switch v.kind {
	case "tok":
		return Tokens(v.in)
	case "en":
		return []string{StemEN(v.in)}
	}
	return StemID(v.in)
}

func TestVectors(t *testing.T) {
	lines, vs := readVectors(t)
	if *update {
		var b strings.Builder
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, "tok\t"):
				in := strings.Split(l, "\t")[1]
				l = "tok\t" + in + "\t" + strings.Join(Tokens(in), " ")
			case strings.HasPrefix(l, "id "), strings.HasPrefix(l, "en "):
				f := strings.Fields(l)
				v := vector{kind: f[0], in: f[1]}
				l = f[0] + " " + f[1] + " " + strings.Join(v.got(), " ")
			}
			b.WriteString(l + "\n")
		}
		if err := os.WriteFile(vectorPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if n := len(vs); n < 500 {
		t.Errorf("only %d vectors", n)
	}
	for _, v := range vs {
		if got := v.got(); !slices.Equal(got, v.want) {
			t.Errorf("%s %q: got %q, want %q", v.kind, v.in, got, v.want)
		}
	}
}

// Forms of one root must share a stem, or a query in one form misses pages in another.
func TestFormsShareAStem(t *testing.T) {
	groups := [][]string{
		{"layan", "melayani", "pelayanan", "dilayani", "layanan", "pelayan", "dilayaninya"},
		{"mandiri", "kemandirian"},
		{"didik", "mendidik", "pendidikan", "pendidik", "dididik"},
		{"baik", "perbaikan", "memperbaiki", "kebaikan", "sebaiknya", "diperbaiki"},
		{"guna", "menggunakan", "penggunaan", "pengguna", "digunakan"},
		{"temu", "bertemu", "pertemuan", "menemukan", "ditemukan", "temuan"},
		{"kenal", "mengenal", "pengenalan", "dikenal", "memperkenalkan"},
		{"makan", "memakan", "makanan", "dimakan"},
		{"pakai", "memakai", "pakaian", "dipakai", "pemakaian"},
		{"tulis", "menulis", "penulis", "tulisan", "ditulis"},
		{"nilai", "menilai", "penilaian", "dinilai"},
		{"kirim", "mengirim", "pengiriman", "kiriman", "dikirim"},
		{"ambil", "mengambil", "pengambilan", "diambil"},
		{"sapu", "menyapu", "disapu"},
		{"nyanyi", "menyanyi", "penyanyi", "nyanyian"},
		{"sekolah", "sekolahnya", "bersekolah"},
		{"masalah", "permasalahan", "masalahnya"},
		{"perintah", "memerintahkan", "diperintahkan"},
		{"bersih", "kebersihan", "membersihkan", "dibersihkan"},
		{"tertib", "ketertiban", "menertibkan", "penertiban"},
		{"satu", "bersatu", "persatuan", "kesatuan", "menyatukan"},
		{"berita", "pemberitaan", "diberitakan", "beritanya"},
		{"beri", "memberi", "pemberian", "diberikan", "memberikan"},
		{"tani", "petani", "pertanian", "bertani"},
		{"tahu", "mengetahui", "pengetahuan", "diketahui"},
		{"jalan", "berjalan", "perjalanan", "dijalankan", "menjalankan"},
		{"terima", "menerima", "penerimaan", "diterima"},
		{"sakit", "penyakit", "kesakitan"},
		{"sesuai", "menyesuaikan", "penyesuaian", "disesuaikan"},
		{"harga", "penghargaan", "menghargai", "dihargai"},
		{"pimpin", "kepemimpinan", "pemimpin", "pimpinan", "memimpin", "dipimpin"},
		{"laku", "berlaku", "diberlakukan", "dilakukan", "melakukan"},
		{"kerja", "bekerja", "pekerjaan", "pekerja", "dikerjakan"},
		{"atur", "peraturan", "mengatur", "aturan", "pengaturan", "teratur"},
		{"kunci", "mengunci", "terkunci", "penguncian", "kuncinya"},
		{"rekam", "merekam", "perekaman", "rekaman", "direkam", "terekam"},
		{"cetak", "mencetak", "pencetakan", "dicetak", "cetakan"},
		{"tangkap", "menangkap", "penangkapan", "ditangkap", "tangkapan"},
		{"pukul", "memukul", "pemukulan", "dipukul"},
		{"juang", "berjuang", "perjuangan", "pejuang", "memperjuangkan"},
		{"kumpul", "mengumpulkan", "pengumpulan", "kumpulan", "berkumpul", "perkumpulan"},
		{"olah", "mengolah", "pengolahan", "olahan", "diolah"},
		{"hitung", "menghitung", "perhitungan", "penghitungan", "dihitung"},
		{"ajar", "belajar", "pelajar", "pelajaran", "mengajar", "pengajar", "diajarkan", "mempelajari"},
		{"rusak", "merusak", "kerusakan", "perusak", "dirusak"},
		{"ganti", "mengganti", "pengganti", "penggantian", "diganti"},
		{"hadir", "kehadiran", "menghadiri", "dihadiri"},
		{"siar", "menyiarkan", "penyiaran", "siaran", "disiarkan"},
		{"koordinasi", "berkoordinasi", "mengoordinasikan", "dikoordinasikan"},
		{"awas", "mengawasi", "pengawasan", "diawasi", "pengawas"},
		{"adil", "keadilan", "mengadili", "pengadilan", "peradilan"},
		{"rawat", "merawat", "perawatan", "dirawat", "terawat"},
		{"rasa", "merasakan", "perasaan", "dirasakan", "terasa"},
		{"usaha", "berusaha", "perusahaan", "pengusaha", "diusahakan"},
		{"tanggap", "menanggapi", "tanggapan", "ditanggapi"},
		{"sebar", "menyebarkan", "penyebaran", "tersebar", "disebarkan"},
		{"tata", "menata", "penataan", "tertata"},
		{"tempat", "menempatkan", "penempatan", "ditempatkan"},
		{"tegas", "menegaskan", "ditegaskan", "penegasan"},
		{"tumbuh", "menumbuhkan", "pertumbuhan", "tumbuhnya"},
		{"pilah", "memilah", "dipilah", "pemilahan"},
		{"hasil", "berhasil", "keberhasilan", "menghasilkan", "penghasilan"},
		{"daya", "memberdayakan", "pemberdayaan", "berdaya"},
		{"butuh", "kebutuhan", "dibutuhkan", "membutuhkan"},
		{"libat", "terlibat", "pelibatan", "melibatkan", "dilibatkan"},
		{"percaya", "kepercayaan", "dipercaya", "mempercayai"},
	}
	for _, g := range groups {
		common := StemID(g[0])
		for _, w := range g[1:] {
			s := StemID(w)
			if !slices.ContainsFunc(s, func(x string) bool { return slices.Contains(common, x) }) {
				t.Errorf("%s %v and %s %v share no stem", g[0], common, w, s)
			}
		}
	}
}

func TestStemBounds(t *testing.T) {
	_, vs := readVectors(t)
	for _, v := range vs {
		if v.kind != "id" {
			continue
		}
		s := StemID(v.in)
		if len(s) == 0 || len(s) > maxStems {
			t.Errorf("%s: %d stems", v.in, len(s))
		}
		for _, x := range s {
			if len(x) < 3 && x != v.in {
				t.Errorf("%s: stem %q shorter than three letters", v.in, x)
			}
			if len(x) > len(v.in)+1 { // a nasal may add one letter: menyapu -> sapu
				t.Errorf("%s: stem %q longer than the word", v.in, x)
			}
		}
	}
	// Short words, words with digits and listed roots stay as they are.
	for _, w := range []string{"ada", "di", "2016", "covid19", "e", "sekolah", "pemerintah", "berita", "pesan"} {
		if got := StemID(w); !slices.Equal(got, []string{w}) {
			t.Errorf("%s: got %v", w, got)
		}
	}
}

func TestTokens(t *testing.T) {
	cases := map[string][]string{
		"Pelayanan PUBLIK, pelayanan!":              {"pelayanan", "publik", "pelayanan"},
		"e-Government café":                         {"government", "cafe"},
		"Inpres No. 12/2016":                        {"inpres", "no", "12", "2016"},
		"a 1 ab":                                    {"ab"},
		strings.Repeat("x", 33) + " " + "ok":        {"ok"},
		"anak-anak":                                 {"anak", "anak"},
		"ÉTOS Kerja":                                {"etos", "kerja"},
		"\u00a0tab\tbaris\nbaru":                    {"tab", "baris", "baru"},
		"<b>bukan</b> HTML&nbsp;diurai oleh Tokens": {"bukan", "html", "nbsp", "diurai", "oleh", "tokens"},
	}
	for in, want := range cases {
		if got := Tokens(in); !slices.Equal(got, want) {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnglishAnalyzer(t *testing.T) {
	a := ForLang("en")
	if !a.Stop("the") || a.Stop("policy") {
		t.Errorf("English stop words wrong")
	}
	if got := a.Stems("policies"); !slices.Equal(got, []string{"policy"}) {
		t.Errorf("policies: %v", got)
	}
	other := ForLang("fr")
	if other.Stop("le") || !slices.Equal(other.Stems("services"), []string{"services"}) || other.Stemmer() != "" {
		t.Errorf("an unknown language must be neither stemmed nor stopped")
	}
}
