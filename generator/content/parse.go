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
	"errors"
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
		l.Add(tooLarge(path, int64(len(src))))
		return nil, l
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
		msgID, msgEN := notUTF8(src, off)
		return errAt("file.encoding", line, col, msgID, msgEN,
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
	if err == nil {
		_, err = meta.TryGet(pc)
	}
	if err != nil {
		line, msgID, msgEN, hintID, hintEN := yamlError(err, lines[1:end])
		// YAML also breaks lines at a lone \r; keep the position inside the block.
		line = min(max(line, 1), max(end-1, 1))
		return errAt("frontmatter.yaml", line+1, 1, msgID, msgEN, hintID, hintEN)
	}
	keys := newLocator(lines[1:end], 2)
	if dups := duplicateKeys(lines[1:end], keys); len(dups) > 0 {
		// goldmark-meta keeps both values; the engine refuses the file.
		for _, d := range dups {
			d.Path = path
			l.Add(d)
		}
		return nil, l
	}
	f := &File{Path: path, Src: src, Items: items, Doc: doc, keys: keys}
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

// notUTF8 describes the byte at off that is not UTF-8, with the character it most likely
// stands for: files saved by older Windows editors are in Windows-1252 (Latin-1), or in
// UTF-16 ("Unicode" in Notepad).
func notUTF8(src []byte, off int) (string, string) {
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		return "berkas bukan teks UTF-8, melainkan UTF-16 (\"Unicode\")", "file is not UTF-8 text but UTF-16 (\"Unicode\")"
	}
	b := src[off]
	msgID := fmt.Sprintf("berkas bukan teks UTF-8: byte 0x%02X tidak valid", b)
	msgEN := fmt.Sprintf("file is not UTF-8 text: byte 0x%02X is not valid", b)
	if r := windows1252(b); r != 0 {
		msgID += fmt.Sprintf(" (kemungkinan karakter \"%c\" yang disimpan dengan encoding Windows-1252/Latin-1)", r)
		msgEN += fmt.Sprintf(" (probably the character \"%c\" saved with the Windows-1252/Latin-1 encoding)", r)
	}
	return msgID, msgEN
}

// windows1252 is the character a byte of 0x80 or more stands for in Windows-1252, or 0.
func windows1252(b byte) rune {
	const c1 = "€\x00‚ƒ„…†‡ˆ‰Š‹Œ\x00Ž\x00\x00‘’“”•–—˜™š›œ\x00žŸ"
	switch {
	case b >= 0xa0:
		return rune(b)
	case b >= 0x80:
		return []rune(c1)[b-0x80]
	}
	return 0
}

var dupKeyRe = regexp.MustCompile(`^line (\d+): key (.+) already set in map$`)

// duplicateKeys finds keys written twice in one mapping of the front matter. yaml.v2 (and
// so goldmark-meta) keeps both, the engine's YAML parser refuses the file; the strict
// decoder finds them.
func duplicateKeys(block []string, keys locator) diag.List {
	var te *yaml.TypeError
	if err := yaml.UnmarshalStrict([]byte(strings.Join(block, "\n")), new(map[string]any)); !errors.As(err, &te) {
		return nil
	}
	var l diag.List
	for _, e := range te.Errors {
		m := dupKeyRe.FindStringSubmatch(strings.TrimSpace(e))
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		line = min(max(line, 1), max(len(block), 1)) + 1 // the block starts on the file's second line
		key := m[2]
		if k, err := strconv.Unquote(key); err == nil {
			key = k
		}
		msgID := fmt.Sprintf("kunci %s ditulis dua kali", key)
		msgEN := fmt.Sprintf("key %s is written twice", key)
		if at := keys.keyLines(key); len(at) > 1 {
			// A top-level key: its value may start on a later line than the key.
			line = at[1]
			msgID += fmt.Sprintf(" (pertama di baris %d)", at[0])
			msgEN += fmt.Sprintf(" (first on line %d)", at[0])
		}
		col := 1
		if i := line - 2; i >= 0 && i < len(block) {
			col += len(block[i]) - len(strings.TrimLeft(block[i], " -"))
		}
		l.Add(diag.Diagnostic{Line: line, Col: col, Severity: diag.Error, Code: "frontmatter.yaml",
			Message: msgID, MessageEN: msgEN,
			Hint:   fmt.Sprintf("Hapus salah satu kunci %s atau gabungkan nilainya; hanya satu yang dapat dipakai.", key),
			HintEN: fmt.Sprintf("Remove one of the %s keys or merge their values; only one can be used.", key)})
	}
	return l
}

// yamlError turns a YAML error into a line within the YAML block and a message; block
// holds the lines of the YAML block.
func yamlError(err error, block []string) (line int, msgID, msgEN, hintID, hintEN string) {
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
		if i, key, ok := noSpaceAfterColon(block, line); ok {
			return i, fmt.Sprintf("YAML tidak valid: tidak ada spasi setelah titik dua pada kunci %s", key),
				fmt.Sprintf("invalid YAML: no space after the colon of key %s", key),
				fmt.Sprintf("Tulis satu spasi setelah titik dua, misalnya: %s: \"...\".", key),
				fmt.Sprintf("Write one space after the colon, for example: %s: \"...\".", key)
		}
		if key, ok := indentedKey(block, line); ok {
			return line, fmt.Sprintf("YAML tidak valid: kunci %s menjorok ke dalam, di bawah kunci yang sudah bernilai", key),
				fmt.Sprintf("invalid YAML: key %s is indented under a key that already has a value", key),
				fmt.Sprintf("Tulis %s: sejajar dengan kunci lain, tanpa spasi di awal baris; hanya butir daftar (- ...) dan kunci di dalam butir yang menjorok.", key),
				fmt.Sprintf("Write %s: in line with the other keys, with no space at the start of the line; only list items (- ...) and keys inside an item are indented.", key)
		}
		if line >= 1 && line <= len(block) {
			if m := colonValueRe.FindStringSubmatch(block[line-1]); m != nil {
				return line, fmt.Sprintf("YAML tidak valid: nilai %s memuat titik dua tanpa tanda kutip", m[1]),
					fmt.Sprintf("invalid YAML: the value of %s contains a colon without quotes", m[1]),
					fmt.Sprintf("Apit nilainya dengan tanda kutip, misalnya: %s: \"%s\".", m[1], strings.ReplaceAll(strings.TrimSpace(m[2]), `"`, `\"`)),
					fmt.Sprintf("Put the value in quotes, for example: %s: \"%s\".", m[1], strings.ReplaceAll(strings.TrimSpace(m[2]), `"`, `\"`))
			}
		}
		return line, "YAML tidak valid: ada titik dua yang tidak diharapkan", "invalid YAML: unexpected colon",
			"Apit nilai yang memuat titik dua dengan tanda kutip, misalnya: title: \"Seminar: Indonesia Melayani\".",
			"Put a value that contains a colon in quotes, for example: title: \"Seminar: Indonesia Melayani\"."
	case strings.Contains(msg, "found character that cannot start any token"):
		if line >= 1 && line <= len(block) && strings.Contains(block[line-1], "\t") {
			return line, "YAML tidak valid: ada tab di baris ini", "invalid YAML: a tab on this line",
				"Gunakan spasi, bukan tab, untuk indentasi (di penyunting teks: ubah tab menjadi spasi).",
				"Indent with spaces, not tabs (in the editor: convert tabs to spaces)."
		}
		if line >= 1 && line <= len(block) {
			if key, c, ok := reservedStart(block[line-1]); ok {
				return line, fmt.Sprintf("YAML tidak valid: nilai %s diawali %c tanpa tanda kutip", key, c),
					fmt.Sprintf("invalid YAML: the value of %s starts with %c without quotes", key, c),
					fmt.Sprintf("Apit nilainya dengan tanda kutip, misalnya: %s: \"%c...\".", key, c),
					fmt.Sprintf("Put the value in quotes, for example: %s: \"%c...\".", key, c)
			}
		}
		return line, "YAML tidak valid: ada karakter yang tidak boleh (sering kali tab)", "invalid YAML: a character that cannot start a token (often a tab)",
			"Gunakan spasi, bukan tab, untuk indentasi; apit teks yang diawali @, ` atau % dengan tanda kutip.",
			"Indent with spaces, not tabs; quote text that starts with @, ` or %."
	case strings.Contains(msg, "did not find expected"), strings.Contains(msg, "could not find expected"),
		strings.Contains(msg, "unexpected end of stream"), strings.Contains(msg, "found unexpected end"):
		if i, kind, ok := quoteProblem(block, line+1); ok {
			switch kind {
			case unclosedQuote:
				return i, "YAML tidak valid: tanda kutip pembuka pada nilai ini tidak ditutup", "invalid YAML: the opening quote of this value is never closed",
					"Tutup nilai dengan tanda kutip yang sama di akhir baris, misalnya: ringkasan: \"Teks ringkasan.\"",
					"Close the value with the same quote at the end of the line, for example: ringkasan: \"Summary text.\""
			case earlyQuote:
				return i, "YAML tidak valid: tanda kutip di dalam teks menutup nilai terlalu awal", "invalid YAML: a quote inside the text ends the value too early",
					"Di dalam teks berkutip ganda tulis tanda kutip sebagai \\\"; di dalam teks berkutip tunggal tulis apostrof dua kali (''). Contoh: title: \"Jum'at Bersih\" atau title: 'Jum''at Bersih'.",
					"Inside double-quoted text write a quote as \\\"; inside single-quoted text write an apostrophe twice (''). Example: title: \"Jum'at Bersih\" or title: 'Jum''at Bersih'."
			case unclosedBracket:
				return i, "YAML tidak valid: kurung [ atau { pada nilai ini tidak ditutup", "invalid YAML: the [ or { of this value is never closed",
					"Tutup daftar di baris yang sama, misalnya: gerakan: [\"melayani\", \"bersih\"].",
					"Close the list on the same line, for example: gerakan: [\"melayani\", \"bersih\"]."
			}
		}
		if i, ok := misalignedItem(block, line); ok {
			return i, "YAML tidak valid: butir daftar ini tidak sejajar dengan butir sebelumnya", "invalid YAML: this list item does not line up with the item before it",
				"Awali setiap butir daftar yang sama dengan jumlah spasi yang sama, lalu \"- \".",
				"Start every item of one list with the same number of spaces, then \"- \"."
		}
		return line, "YAML tidak valid: indentasi atau tanda kutip tidak cocok", "invalid YAML: indentation or quotes do not match",
			"Periksa bahwa kunci sejajar, daftar diawali \"- \", dan setiap tanda kutip ditutup.",
			"Check that keys line up, list items start with \"- \", and every quote is closed."
	case strings.Contains(msg, "already defined"), strings.Contains(msg, "duplicate"):
		return line, "kunci front matter ditulis dua kali", "front matter key written twice",
			"Hapus salah satu kunci yang sama.", "Remove one of the two keys."
	}
	return line, "YAML tidak valid: " + msg, "invalid YAML: " + msg, hintID, hintEN
}

// The kinds of quoting mistakes quoteProblem finds.
const (
	unclosedQuote = iota + 1
	earlyQuote
	unclosedBracket
)

var valueRe = regexp.MustCompile(`^\s*(?:-\s+)?(?:[^\s#:"'\-\[{][^:]*?:\s+|-\s+)?(["'\[{].*)$`)

// quoteProblem finds the first line, at most upTo (1-based within block), whose value
// opens a quote or bracket that the line does not close, or closes its quote before the
// end of the text. YAML allows values over several lines, but in front matter such a
// line is nearly always the cause of the parser's complaint further down.
func quoteProblem(block []string, upTo int) (int, int, bool) {
	for i, s := range block {
		if i+1 > upTo {
			break
		}
		m := valueRe.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		v := strings.TrimRight(m[1], " \t")
		switch v[0] {
		case '"', '\'':
			end := closingQuote(v)
			if end < 0 {
				return i + 1, unclosedQuote, true
			}
			if rest := strings.TrimSpace(v[end+1:]); rest != "" && !strings.HasPrefix(rest, "#") {
				return i + 1, earlyQuote, true
			}
		case '[', '{':
			if !balanced(v) {
				return i + 1, unclosedBracket, true
			}
		}
	}
	return 0, 0, false
}

// closingQuote returns the index of the quote that closes the quoted text at the start of
// v, or -1.
func closingQuote(v string) int {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i
		}
	}
	return -1
}

// balanced reports whether the brackets of a flow value close on its line, outside quotes.
func balanced(v string) bool {
	depth := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '"', '\'':
			end := closingQuote(v[i:])
			if end < 0 {
				return false
			}
			i += end
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '#':
			if i > 0 && (v[i-1] == ' ' || v[i-1] == '\t') {
				return depth <= 0
			}
		}
	}
	return depth <= 0
}

// misalignedItem reports the list item on the line after line (the parser names the line
// before the one it stumbled on) or on line itself that is indented unlike the item
// before it.
func misalignedItem(block []string, line int) (int, bool) {
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	item := func(s string) bool { t := strings.TrimLeft(s, " "); return t == "-" || strings.HasPrefix(t, "- ") }
	for _, i := range []int{line, line - 1} { // 0-based candidates
		if i < 1 || i >= len(block) || !item(block[i]) {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if strings.TrimSpace(block[j]) == "" {
				continue
			}
			if item(block[j]) && indent(block[j]) != indent(block[i]) {
				return i + 1, true
			}
			break
		}
	}
	return 0, false
}

var reservedStartRe = regexp.MustCompile("^\\s*(?:-\\s+)?([^\\s#:\"'\\-][^:]*?):\\s+([@`%])")

// reservedStart reports a value that starts with a character YAML reserves (@, `, %).
func reservedStart(s string) (string, rune, bool) {
	if m := reservedStartRe.FindStringSubmatch(s); m != nil {
		return m[1], rune(m[2][0]), true
	}
	return "", 0, false
}

var colonValueRe = regexp.MustCompile(`^\s*(?:-\s+)?([^\s#:"'\-][^:]*?):\s+([^"'\s#|>\[{].*:(?:\s.*|$))$`)

var noSpaceRe = regexp.MustCompile(`^\s*(?:-\s+)?([^\s#:"'\-][^:\s]*):[^\s:]`)

// noSpaceAfterColon finds the line before line (both 1-based within block) written as
// key:value without a space: YAML reads it as text, and complains at the next key.
func noSpaceAfterColon(block []string, line int) (int, string, bool) {
	for i := line - 2; i >= 0 && i < len(block); i-- {
		if strings.TrimSpace(block[i]) == "" {
			continue
		}
		if m := noSpaceRe.FindStringSubmatch(block[i]); m != nil && !strings.Contains(block[i], ": ") {
			return i + 1, m[1], true
		}
		break
	}
	return 0, "", false
}

var indentedKeyRe = regexp.MustCompile(`^\s+([^\s#:\-][^:]*?)\s*:(?:\s|$)`)

// indentedKey reports the key on line (1-based within block) when it is indented under a
// key that has a value on its own line: the usual cause of "mapping values are not
// allowed" besides an unquoted colon.
func indentedKey(block []string, line int) (string, bool) {
	if line < 2 || line > len(block) {
		return "", false
	}
	m := indentedKeyRe.FindStringSubmatch(block[line-1])
	if m == nil {
		return "", false
	}
	indent := len(block[line-1]) - len(strings.TrimLeft(block[line-1], " \t"))
	for i := line - 2; i >= 0; i-- {
		prev := block[i]
		t := strings.TrimLeft(prev, " \t")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(prev)-len(t) >= indent || strings.HasPrefix(t, "- ") {
			return "", false
		}
		_, v, ok := strings.Cut(t, ":")
		v = strings.TrimSpace(v)
		return strings.Trim(m[1], `"'`), ok && v != "" && !strings.HasPrefix(v, "#") && v != "|" && v != ">"
	}
	return "", false
}

// tooLarge is the answer to a file of n bytes, more than MaxFileSize.
func tooLarge(path string, n int64) diag.Diagnostic {
	msgID := fmt.Sprintf("berkas terlalu besar: %s, melebihi batas %s", size(n, ","), size(MaxFileSize, ","))
	msgEN := fmt.Sprintf("file too large: %s, over the limit of %s", size(n, "."), size(MaxFileSize, "."))
	if n < MaxFileSize+(1<<20)/10 { // "4.0 MB, over the limit of 4 MB" would puzzle
		msgID = fmt.Sprintf("berkas terlalu besar: melebihi batas %s", size(MaxFileSize, ","))
		msgEN = fmt.Sprintf("file too large: over the limit of %s", size(MaxFileSize, "."))
	}
	return diag.Diagnostic{Path: path, Line: 1, Col: 1, Severity: diag.Error, Code: "file.size",
		Message: msgID, MessageEN: msgEN,
		Hint:   "Pecah tulisan menjadi beberapa halaman; simpan gambar dan dokumen sebagai berkas terpisah, bukan di dalam Markdown.",
		HintEN: "Split the text into several pages; keep images and documents as separate files, not inside the Markdown."}
}

// size formats a number of bytes for a message, with the decimal mark of its language:
// "4 MB", "40,5 MB", "12 KB".
func size(n int64, mark string) string {
	switch {
	case n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strings.Replace(strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0"), ".", mark, 1) + " MB"
	}
	return strconv.FormatInt(n/1024, 10) + " KB"
}

// lineCol turns a byte offset into a 1-based line and column (in characters).
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off])
}
