package content

// Every section has a schema: its keys, their types, which are required and which values
// are allowed. The schemas live in code, in one table per section, so that the checker,
// the README's table and the scaffolds of later commands agree.

import (
	"path"
	"strings"
)

type kind int

const (
	kString   kind = iota // any string (may be empty)
	kText                 // a non-empty string
	kInt                  // a whole number within [min, max]
	kNumber               // a number >= 0
	kBool                 // true or false
	kDate                 // a date, with or without time
	kDateTime             // a date and time with its zone
	kURL                  // an absolute http(s) address
	kColour               // #rrggbb
	kEnum                 // one of enum
	kStrings              // a list of strings
	kEnums                // a list of values from enum
	kURLs                 // a list of absolute http(s) addresses
	kPath                 // an address path on this site (slug, url)
	kPaths                // a list of address paths (aliases)
	kItems                // a list of maps with the keys in sub
)

type field struct {
	name     string
	kind     kind
	required bool
	enum     []string
	min, max int
	sub      []field
	// hint and hintEN, when set, say why the value is limited (after a leading space).
	hint, hintEN string
}

// Schema is the set of keys a kind of page may carry.
type Schema struct {
	Name   string // in Bahasa Indonesia, as messages say it: "berita"
	NameEN string // in English: "news items"
	fields []field
}

// Movements are the keys of the five movements, in their order.
var Movements = []string{"melayani", "bersih", "tertib", "mandiri", "bersatu"}

var (
	programStatus = []string{"belum-mulai", "berjalan", "selesai"}
	newsKinds     = []string{"berita", "siaran-pers"}
	verdicts      = []string{"hoaks", "disinformasi", "misinformasi", "sebagian-benar", "benar"}
	kitKinds      = []string{"poster", "infografis", "video", "panduan"}
)

// common are the engine's own keys, allowed on every page.
var common = []field{
	{name: "title", kind: kText, required: true},
	{name: "description", kind: kString},
	{name: "date", kind: kDate},
	{name: "lastmod", kind: kDate},
	{name: "publishDate", kind: kDate},
	{name: "expiryDate", kind: kDate},
	{name: "draft", kind: kBool},
	{name: "slug", kind: kPath},
	{name: "url", kind: kPath},
	{name: "aliases", kind: kPaths},
	{name: "weight", kind: kInt, min: -1 << 31, max: 1<<31 - 1},
	{name: "linkTitle", kind: kString},
	{name: "translationKey", kind: kString},
}

func with(name, nameEN string, fields ...field) Schema {
	return Schema{Name: name, NameEN: nameEN, fields: append(append([]field{}, common...), fields...)}
}

var (
	ringkasan      = field{name: "ringkasan", kind: kString}
	ringkasanWajib = field{name: "ringkasan", kind: kText, required: true}
	gerakanList    = field{name: "gerakan", kind: kEnums, enum: Movements}
	topik          = field{name: "topik", kind: kStrings}

	schemaHome = with("beranda", "the home page", ringkasan,
		field{name: "angka", kind: kItems, sub: []field{{name: "nilai", kind: kText, required: true}, {name: "label", kind: kText, required: true}}})
	schemaSection  = with("indeks bagian", "section index pages", ringkasan)
	schemaMovement = with("gerakan", "movement pages", ringkasanWajib,
		field{name: "urutan", kind: kInt, required: true, min: 1, max: 5,
			hint: " Lima gerakan diurutkan 1 sampai 5, masing-masing satu kali.", hintEN: " The five movements are ordered 1 to 5, each once."},
		field{name: "warna", kind: kColour, required: true},
		field{name: "koordinator", kind: kString})
	schemaProgram = with("program rencana aksi", "action plan programs", ringkasanWajib, gerakanList,
		field{name: "nomor", kind: kInt, required: true, min: 1, max: 10,
			hint:   " Rencana aksi memuat sepuluh program bernomor 1 sampai 10; untuk mengubah program nasional, timpa berkas dengan nama yang sama.",
			hintEN: " The action plan holds ten programs numbered 1 to 10; to change a national program, override the file of the same name."},
		field{name: "kegiatan", kind: kStrings},
		field{name: "indikator", kind: kItems, sub: []field{
			{name: "nama", kind: kText, required: true}, {name: "target", kind: kNumber},
			{name: "capaian", kind: kNumber}, {name: "satuan", kind: kString}}},
		field{name: "penanggung_jawab", kind: kString},
		field{name: "status", kind: kEnum, required: true, enum: programStatus})
	schemaNews = with("berita", "news items", ringkasanWajib, gerakanList, topik,
		field{name: "date", kind: kDate, required: true},
		field{name: "jenis", kind: kEnum, required: true, enum: newsKinds},
		field{name: "instansi", kind: kString},
		field{name: "penulis", kind: kString},
		field{name: "gambar", kind: kString},
		field{name: "gambar_alt", kind: kString},
		field{name: "gambar_keterangan", kind: kString})
	schemaClaim = with("klarifikasi", "clarifications", ringkasan, gerakanList, topik,
		field{name: "date", kind: kDate, required: true},
		field{name: "klaim", kind: kText, required: true},
		field{name: "status", kind: kEnum, required: true, enum: verdicts},
		field{name: "sumber_klaim", kind: kString},
		field{name: "rujukan", kind: kURLs})
	schemaEvent = with("agenda", "events", ringkasan, gerakanList, topik,
		field{name: "date", kind: kDate, required: true},
		field{name: "mulai", kind: kDateTime, required: true},
		field{name: "selesai", kind: kDateTime},
		field{name: "lokasi", kind: kText, required: true},
		field{name: "penyelenggara", kind: kString},
		field{name: "pendaftaran", kind: kURL})
	schemaKit = with("materi", "campaign kit items", ringkasan, gerakanList, topik,
		field{name: "berkas", kind: kText, required: true},
		field{name: "berkas_alt", kind: kString},
		field{name: "jenis", kind: kEnum, required: true, enum: kitKinds},
		field{name: "lisensi", kind: kString})
	schemaPage = with("halaman", "pages", ringkasan, topik)
)

// SchemaFor returns the schema of a content file by its path (content/...).
func SchemaFor(p string) Schema {
	rel := strings.TrimPrefix(p, "content/")
	dir, file := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	// Translations (tentang.en.md) follow the schema of their original.
	base := strings.TrimSuffix(file, ".md")
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	section, rest, _ := strings.Cut(dir, "/")
	switch {
	case dir == "" && base == "_index":
		return schemaHome
	case section == "gerakan" && rest == "" && base == "_index":
		return schemaSection
	case section == "gerakan" && rest != "" && !strings.Contains(rest, "/") && base == "_index":
		return schemaMovement
	case base == "_index":
		return schemaSection
	}
	switch section {
	case "rencana-aksi":
		return schemaProgram
	case "berita":
		return schemaNews
	case "klarifikasi":
		return schemaClaim
	case "agenda":
		return schemaEvent
	case "materi":
		return schemaKit
	}
	return schemaPage
}
