// Package content reads the site's Markdown sources (the union of the national base and
// the site folder) and checks them before the engine sees them: the file itself (size,
// encoding, front matter delimiters), the YAML front matter (parsed with goldmark-meta),
// the schema of its section, the rules that span files, and the Markdown body (raw HTML
// and script links that would be dropped, links to check after rendering).
//
// Why a checker of its own in front of the engine: the engine stops at the first broken
// file and reports in English with positions inside the YAML block; content editors need
// every problem at once, at the line of the file they edit, in Bahasa Indonesia, with a
// hint on how to fix it.
package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v2"

	"gnrm/generator/diag"
)

// MaxFileSize is the largest Markdown file accepted. A page of tens of megabytes is a
// mistake (a pasted document, an embedded image) that would slow every build.
const MaxFileSize = 4 << 20

// File is one parsed Markdown source.
type File struct {
	Path  string        // relative to the site folder, with forward slashes
	Src   []byte        // the whole file
	Items yaml.MapSlice // the front matter, in order
	Doc   ast.Node      // the Markdown body
	Links []Link        // links and images in the body
	keys  locator
}

// Link is a link or image destination written in a Markdown body.
type Link struct {
	Dest      string
	Line, Col int
	Image     bool
}

// Fatal reports whether d makes the file unusable for the engine (as opposed to a
// schema problem that the engine would render anyway).
func Fatal(d diag.Diagnostic) bool { return d.Severity == diag.Error && d.Line <= 1 }

var markdown = goldmark.New(goldmark.WithExtensions(meta.Meta))

// Parse reads a Markdown file. It returns the parsed file (nil when the front matter
// cannot be read) and the problems found in the file itself and its front matter syntax.
func Parse(path string, src []byte) (*File, diag.List) {
	var l diag.List
	errAt := func(code string, line, col int, id, en, hintID, hintEN string) (*File, diag.List) {
		l.Add(diag.Diagnostic{Path: path, Line: line, Col: col, Severity: diag.Error, Code: code,
			Message: id, MessageEN: en, Hint: hintID, HintEN: hintEN})
		return nil, l
	}
	if len(src) > MaxFileSize {
		return errAt("file.size", 1, 1,
			fmt.Sprintf("berkas terlalu besar (%s; batas %s)", size(len(src)), size(MaxFileSize)),
			fmt.Sprintf("file too large (%s; the limit is %s)", size(len(src)), size(MaxFileSize)),
			"Pecah tulisan menjadi beberapa halaman; simpan gambar dan dokumen sebagai berkas terpisah, bukan di dalam Markdown.",
			"Split the text into several pages; keep images and documents as separate files, not inside the Markdown.")
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(src)) == 0 {
		return errAt("file.empty", 1, 1, "berkas kosong", "empty file",
			"Isi berkas dengan front matter (paling sedikit title) di antara dua baris ---, lalu isi tulisan; atau hapus berkas ini.",
			"Give the file a front matter (at least a title) between two --- lines, then the text; or delete the file.")
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := lineCol(src, off)
		return errAt("file.encoding", line, col, "berkas bukan teks UTF-8", "file is not UTF-8 text",
			"Simpan ulang berkas dengan encoding UTF-8 (di penyunting teks: Save with Encoding > UTF-8).",
			"Save the file again with UTF-8 encoding (in the editor: Save with Encoding > UTF-8).")
	}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	first = bytes.TrimSpace(first)
	switch {
	case bytes.Equal(first, []byte("+++")):
		return errAt("frontmatter.toml", 1, 1, "front matter TOML (+++) tidak didukung", "TOML front matter (+++) is not supported",
			"Tulis front matter dalam YAML di antara dua baris ---, misalnya: title: \"Judul\".",
			"Write the front matter in YAML between two --- lines, for example: title: \"Title\".")
	case bytes.HasPrefix(first, []byte("{")):
		return errAt("frontmatter.json", 1, 1, "front matter JSON tidak didukung", "JSON front matter is not supported",
			"Tulis front matter dalam YAML di antara dua baris ---.", "Write the front matter in YAML between two --- lines.")
	case !isSeparator(first):
		return errAt("frontmatter.missing", 1, 1, "front matter tidak ditemukan", "front matter missing",
			"Awali berkas dengan baris ---, lalu kunci seperti title: \"Judul\", lalu tutup dengan baris ---.",
			"Start the file with a --- line, then keys such as title: \"Title\", then close with a --- line.")
	}
	lines := strings.Split(string(src), "\n")
	end := -1
	for i := 1; i < len(lines); i++ {
		if isSeparator([]byte(strings.TrimSpace(lines[i]))) {
			end = i
			break
		}
	}
	if end < 0 {
		return errAt("frontmatter.unclosed", 1, 1, "front matter tidak ditutup", "front matter not closed",
			"Tambahkan baris --- setelah kunci terakhir front matter, sebelum isi tulisan.",
			"Add a --- line after the last front matter key, before the text.")
	}

	pc := parser.NewContext()
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	items, err := meta.TryGetItems(pc)
	if err != nil {
		line, msgID, msgEN, hintID, hintEN := yamlError(err)
		return errAt("frontmatter.yaml", line+1, 1, msgID, msgEN, hintID, hintEN)
	}
	if _, err := meta.TryGet(pc); err != nil {
		line, msgID, msgEN, hintID, hintEN := yamlError(err)
		return errAt("frontmatter.yaml", line+1, 1, msgID, msgEN, hintID, hintEN)
	}
	f := &File{Path: path, Src: src, Items: items, Doc: doc, keys: newLocator(lines[1:end], 2)}
	l = append(l, f.body()...)
	return f, l
}

// isSeparator is goldmark-meta's rule for the --- lines around front matter.
func isSeparator(line []byte) bool {
	if len(line) < 3 {
		return false
	}
	for _, c := range line {
		if c != '-' {
			return false
		}
	}
	return true
}

var yamlLineRe = regexp.MustCompile(`^yaml: (?:unmarshal errors:\s*)?line (\d+): (.*)$`)

// yamlError turns a YAML error into a line within the YAML block and a message.
func yamlError(err error) (line int, msgID, msgEN, hintID, hintEN string) {
	msg := strings.TrimSpace(err.Error())
	line = 1
	if m := yamlLineRe.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0]); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	hintID = "Front matter ditulis dalam YAML: satu kunci per baris (kunci: nilai), indentasi dengan spasi, teks yang memuat titik dua diapit tanda kutip."
	hintEN = "Front matter is YAML: one key per line (key: value), indented with spaces, text containing a colon in quotes."
	switch {
	case strings.Contains(msg, "cannot unmarshal !!seq"):
		return 1, "front matter berupa daftar, bukan pasangan kunci: nilai", "front matter is a list, not key: value pairs",
			"Tulis setiap kunci di awal baris tanpa tanda -, misalnya: title: \"Judul\".",
			"Write each key at the start of a line without a dash, for example: title: \"Title\"."
	case strings.Contains(msg, "cannot unmarshal"):
		return 1, "front matter harus berupa pasangan kunci: nilai", "front matter must be key: value pairs", hintID, hintEN
	case strings.Contains(msg, "mapping values are not allowed"):
		return line, "YAML tidak valid: ada titik dua yang tidak diharapkan", "invalid YAML: unexpected colon",
			"Apit nilai yang memuat titik dua dengan tanda kutip, misalnya: title: \"Seminar: Indonesia Melayani\".",
			"Put a value that contains a colon in quotes, for example: title: \"Seminar: Indonesia Melayani\"."
	case strings.Contains(msg, "found character that cannot start any token"):
		return line, "YAML tidak valid: ada karakter yang tidak boleh (sering kali tab)", "invalid YAML: a character that cannot start a token (often a tab)",
			"Gunakan spasi, bukan tab, untuk indentasi; apit teks yang diawali @, ` atau % dengan tanda kutip.",
			"Indent with spaces, not tabs; quote text that starts with @, ` or %."
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected"):
		return line, "YAML tidak valid: indentasi atau tanda kutip tidak cocok", "invalid YAML: indentation or quotes do not match",
			"Periksa bahwa kunci sejajar, daftar diawali \"- \", dan setiap tanda kutip ditutup.",
			"Check that keys line up, list items start with \"- \", and every quote is closed."
	case strings.Contains(msg, "already defined"), strings.Contains(msg, "duplicate"):
		return line, "kunci front matter ditulis dua kali", "front matter key written twice",
			"Hapus salah satu kunci yang sama.", "Remove one of the two keys."
	}
	return line, "YAML tidak valid: " + msg, "invalid YAML: " + msg, hintID, hintEN
}

func size(n int) string {
	if n >= 1<<20 {
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
	}
	return strconv.Itoa(n/1024) + " KB"
}

// lineCol turns a byte offset into a 1-based line and column (in characters).
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off])
}
