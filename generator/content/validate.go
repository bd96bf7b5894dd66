package content

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v2"

	"gnrm/generator/diag"
)

// fields returns the schema's keys by name; a later definition of a key (a section
// making date required) wins over the common one.
func (s Schema) lookup() (map[string]field, []string) {
	m := map[string]field{}
	var names []string
	for _, f := range s.fields {
		if _, ok := m[f.name]; !ok {
			names = append(names, f.name)
		}
		m[f.name] = f
	}
	return m, names
}

// problem is one schema finding at a key, an item of a list, or a key in an item.
type problem struct {
	code     string
	key      string
	item     int    // -1: the key itself
	sub      string // key within the item
	sev      diag.Severity
	id, en   string
	hid, hen string
}

// Validate checks f against the schema of its section.
func Validate(f *File) diag.List {
	return f.diagnose(validate(SchemaFor(f.Path), f.Items))
}

func (f *File) diagnose(ps []problem) diag.List {
	var l diag.List
	for _, p := range ps {
		var line, col int
		switch {
		case p.key == "":
			line, col = 1, 1
		case p.item < 0:
			line, col = f.keys.key(p.key)
		case p.sub == "":
			line, col = f.keys.item(p.key, p.item)
		default:
			line, col = f.keys.itemKey(p.key, p.item, p.sub)
		}
		if line == 0 {
			line, col = 1, 1
		}
		l.Add(diag.Diagnostic{Path: f.Path, Line: line, Col: col, Severity: p.sev, Code: p.code,
			Message: p.id, MessageEN: p.en, Hint: p.hid, HintEN: p.hen})
	}
	return l
}

func validate(s Schema, items yaml.MapSlice) []problem {
	fields, names := s.lookup()
	var ps []problem
	seen := map[string]bool{}
	for _, it := range items {
		key := fmt.Sprint(it.Key)
		seen[key] = true
		fd, ok := fields[key]
		if !ok {
			ps = append(ps, unknownKey(key, names, s.Name, s.NameEN))
			continue
		}
		ps = append(ps, checkValue(fd, key, -1, "", it.Value)...)
	}
	for _, n := range names {
		if fd := fields[n]; fd.required && !seen[n] {
			p := problem{code: "schema.required", key: "", item: -1, sev: diag.Error,
				id:  fmt.Sprintf("kunci wajib %q tidak ada (wajib untuk %s)", n, s.Name),
				en:  fmt.Sprintf("required key %q is missing (required for %s)", n, s.NameEN),
				hid: fmt.Sprintf("Tambahkan %s: %s di front matter.", n, example(fd)),
				hen: fmt.Sprintf("Add %s: %s to the front matter.", n, example(fd))}
			// A misspelt required key: the error points at the misspelt key, which is
			// also reported (as unknown), and says how to fix both at once.
			if i := slices.IndexFunc(ps, func(q problem) bool {
				return q.code == "schema.unknown" && q.item < 0 && nearest(q.key, names) == n
			}); i >= 0 {
				p.key = ps[i].key
				p.hid = fmt.Sprintf("Kunci %q pada baris ini mungkin salah ketik: ganti menjadi %s.", ps[i].key, n)
				p.hen = fmt.Sprintf("The key %q on this line may be a typo: rename it to %s.", ps[i].key, n)
			}
			ps = append(ps, p)
		}
	}
	return ps
}

func unknownKey(key string, names []string, schema, schemaEN string) problem {
	p := problem{code: "schema.unknown", key: key, item: -1, sev: diag.Warning,
		id:  fmt.Sprintf("kunci %q tidak dikenal untuk %s", key, schema),
		en:  fmt.Sprintf("unknown key %q for %s", key, schemaEN),
		hid: "Kunci ini diabaikan. Kunci yang dikenal: " + strings.Join(names, ", ") + ".",
		hen: "This key is ignored. Known keys: " + strings.Join(names, ", ") + "."}
	if near := nearest(key, names); near != "" {
		p.id += fmt.Sprintf("; mungkin maksudnya %s?", near)
		p.en += fmt.Sprintf("; did you mean %s?", near)
	}
	return p
}

// nearest returns the known key closest to key by edit distance, if close enough.
func nearest(key string, names []string) string {
	best, bestD := "", math.MaxInt
	for _, n := range names {
		if d := Distance(strings.ToLower(key), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if bestD <= max(2, len(key)/3) {
		return best
	}
	return ""
}

// Distance is the Levenshtein edit distance between two strings, in characters: how
// the checkers find the nearest known key, value or page to a misspelt one.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func example(fd field) string {
	switch fd.kind {
	case kInt:
		return strconv.Itoa(max(fd.min, 1))
	case kNumber:
		return "100"
	case kBool:
		return "true"
	case kDate:
		return "2024-01-31T09:00:00+07:00"
	case kDateTime:
		return "2024-01-31T09:00:00+07:00"
	case kColour:
		return "\"#8b1a1a\""
	case kEnum:
		return fmt.Sprintf("%q", fd.enum[0])
	case kURL:
		return "\"https://contoh.go.id/\""
	case kItems, kStrings, kEnums, kURLs, kPaths:
		return "[...]"
	}
	return "\"...\""
}

var colourRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// checkValue checks one value against its field.
func checkValue(fd field, key string, item int, sub string, v any) []problem {
	code := "schema.type"
	bad := func(id, en, hid, hen string) []problem {
		return []problem{{code: code, key: key, item: item, sub: sub, sev: diag.Error, id: id, en: en, hid: hid, hen: hen}}
	}
	// name is how messages call the value: the key, or a key within an item of a list.
	name, nameEN, short := key, key, key
	if sub != "" {
		name = fmt.Sprintf("%s pada butir ke-%d dari %s", sub, item+1, key)
		nameEN = fmt.Sprintf("%s in item %d of %s", sub, item+1, key)
		short = sub
	}
	wrongType := func(wantID, wantEN string) []problem {
		return bad(fmt.Sprintf("%s harus %s", name, wantID), fmt.Sprintf("%s must be %s", nameEN, wantEN),
			fmt.Sprintf("Contoh: %s: %s", short, example(fd)), fmt.Sprintf("Example: %s: %s", short, example(fd)))
	}
	str, isStr := v.(string)
	switch fd.kind {
	case kString:
		if v != nil && !isStr {
			if _, isList := v.([]any); isList {
				return wrongType("teks, bukan daftar", "text, not a list")
			}
			if _, isMap := asMap(v); isMap {
				return wrongType("teks, bukan kumpulan kunci", "text, not a map")
			}
		}
	case kText:
		if !isStr {
			if v == nil {
				return wrongType("teks yang tidak kosong", "non-empty text")
			}
			if _, isList := v.([]any); isList {
				return wrongType("teks, bukan daftar", "text, not a list")
			}
			if _, isMap := asMap(v); isMap {
				return wrongType("teks, bukan kumpulan kunci", "text, not a map")
			}
			return nil // a number or date as text is fine
		}
		if strings.TrimSpace(str) == "" {
			return wrongType("teks yang tidak kosong", "non-empty text")
		}
	case kInt:
		n, ok := v.(int)
		if !ok {
			return wrongType("bilangan bulat", "a whole number")
		}
		if n < fd.min || n > fd.max {
			code = "schema.range"
			return bad(fmt.Sprintf("%s harus antara %d dan %d, tertulis %d", name, fd.min, fd.max, n),
				fmt.Sprintf("%s must be between %d and %d, found %d", nameEN, fd.min, fd.max, n),
				fmt.Sprintf("Tulis bilangan bulat dari %d sampai %d.%s", fd.min, fd.max, fd.hint),
				fmt.Sprintf("Write a whole number from %d to %d.%s", fd.min, fd.max, fd.hintEN))
		}
	case kNumber:
		switch n := v.(type) {
		case int:
			if n < 0 {
				return wrongType("bilangan 0 atau lebih", "a number of 0 or more")
			}
		case float64:
			if n < 0 || math.IsNaN(n) || math.IsInf(n, 0) {
				return wrongType("bilangan 0 atau lebih", "a number of 0 or more")
			}
		default:
			return wrongType("bilangan (tanpa tanda kutip, desimal dengan titik: 12.5)", "a number (no quotes, decimal point: 12.5)")
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			return wrongType("true atau false", "true or false")
		}
	case kDate, kDateTime:
		t, zone, ok := parseDate(v)
		if !ok {
			code = "schema.date"
			return bad(fmt.Sprintf("%s bukan tanggal yang valid: %v", name, shown(v)), fmt.Sprintf("%s is not a valid date: %v", nameEN, shown(v)),
				"Tulis tanggal sebagai 2024-01-31 atau 2024-01-31T09:00:00+07:00, dengan tanggal yang ada di kalender.",
				"Write the date as 2024-01-31 or 2024-01-31T09:00:00+07:00, with a date that exists in the calendar.")
		}
		if fd.kind == kDateTime && !zone {
			code = "schema.zone"
			ex := t.Format("2006-01-02T15:04:05") + "+07:00"
			return bad(fmt.Sprintf("%s harus memuat jam dan zona waktu", name), fmt.Sprintf("%s must include a time and a time zone", nameEN),
				fmt.Sprintf("Contoh: %s: %s (+07:00 WIB, +08:00 WITA, +09:00 WIT).", short, ex),
				fmt.Sprintf("Example: %s: %s (+07:00 WIB, +08:00 WITA, +09:00 WIT).", short, ex))
		}
	case kURL:
		if !isStr || !absoluteURL(str) {
			code = "schema.url"
			return bad(fmt.Sprintf("%s harus alamat web lengkap http(s)://, tertulis %q", name, shown(v)),
				fmt.Sprintf("%s must be a full http(s):// web address, found %q", nameEN, shown(v)),
				"Contoh: https://contoh.go.id/pendaftaran", "Example: https://example.go.id/registration")
		}
	case kColour:
		if !isStr || !colourRe.MatchString(str) {
			code = "schema.colour"
			hid := fmt.Sprintf("Contoh: %s: \"#8b1a1a\" (dengan tanda kutip, karena # memulai komentar YAML).", short)
			hen := fmt.Sprintf("Example: %s: \"#8b1a1a\" (in quotes, as # starts a YAML comment).", short)
			if v == nil {
				return bad(fmt.Sprintf("%s kosong; tanpa tanda kutip, # dan teks sesudahnya dibaca sebagai komentar", name),
					fmt.Sprintf("%s is empty; without quotes, # and the text after it are read as a comment", nameEN), hid, hen)
			}
			return bad(fmt.Sprintf("%s harus berupa kode warna #rrggbb, tertulis %q", name, shown(v)),
				fmt.Sprintf("%s must be a #rrggbb colour code, found %q", nameEN, shown(v)), hid, hen)
		}
		if r := Contrast(str, "#ffffff"); r < 4.5 {
			code = "schema.contrast"
			dark := darken(str)
			return bad(fmt.Sprintf("%s %s terlalu terang untuk teks putih: kontras %s:1, minimal 4,5:1 (WCAG AA)", name, str, strings.Replace(fmt.Sprintf("%.2f", r), ".", ",", 1)),
				fmt.Sprintf("%s %s is too light for white text: contrast %.2f:1, at least 4.5:1 (WCAG AA)", nameEN, str, r),
				fmt.Sprintf("Pilih warna yang lebih gelap, misalnya %s: \"%s\" (warna yang sama, digelapkan).", short, dark),
				fmt.Sprintf("Choose a darker colour, for example %s: \"%s\" (the same colour, darkened).", short, dark))
		}
	case kEnum:
		if !isStr || !slices.Contains(fd.enum, str) {
			code = "schema.enum"
			if v == nil {
				return bad(fmt.Sprintf("%s kosong; pilihan: %s", name, strings.Join(fd.enum, ", ")),
					fmt.Sprintf("%s is empty; choose one of: %s", nameEN, strings.Join(fd.enum, ", ")),
					fmt.Sprintf("Contoh: %s: %s", short, example(fd)), fmt.Sprintf("Example: %s: %s", short, example(fd)))
			}
			hid, hen := nearHint(fmt.Sprint(v), fd.enum)
			return bad(fmt.Sprintf("%s %q tidak dikenal; pilihan: %s", name, fmt.Sprint(v), strings.Join(fd.enum, ", ")),
				fmt.Sprintf("%s %q is not allowed; choose one of: %s", nameEN, fmt.Sprint(v), strings.Join(fd.enum, ", ")),
				hid, hen)
		}
	case kPath:
		if !isStr {
			return wrongType("teks", "text")
		}
		if msgID, msgEN := unsafePath(str); msgID != "" {
			code = "schema.path"
			return bad(name+" "+msgID, nameEN+" "+msgEN,
				"Gunakan alamat di dalam situs ini, misalnya /berita/judul-berita/ atau judul-berita.",
				"Use an address inside this site, for example /berita/news-title/ or news-title.")
		}
	case kStrings, kEnums, kURLs, kPaths, kItems:
		list, ok := v.([]any)
		if !ok {
			if v == nil {
				return nil
			}
			return wrongType("daftar, misalnya [\"a\", \"b\"] atau baris-baris \"- a\"", "a list, for example [\"a\", \"b\"] or lines \"- a\"")
		}
		var ps []problem
		for i, e := range list {
			ps = append(ps, checkItem(fd, key, i, e)...)
		}
		return ps
	}
	return nil
}

func nearHint(v string, enum []string) (string, string) {
	if n := nearest(v, enum); n != "" {
		return fmt.Sprintf("Mungkin maksudnya %q?", n), fmt.Sprintf("Did you mean %q?", n)
	}
	return "", ""
}

func checkItem(fd field, key string, i int, e any) []problem {
	code := "schema.type"
	bad := func(id, en, hid, hen string) []problem {
		return []problem{{code: code, key: key, item: i, sev: diag.Error, id: id, en: en, hid: hid, hen: hen}}
	}
	s, isStr := e.(string)
	switch fd.kind {
	case kStrings:
		if !isStr && e == nil {
			return bad(fmt.Sprintf("butir ke-%d dari %s kosong", i+1, key), fmt.Sprintf("item %d of %s is empty", i+1, key), "", "")
		}
	case kEnums:
		if !isStr || !slices.Contains(fd.enum, s) {
			code = "schema.enum"
			hid, hen := nearHint(fmt.Sprint(e), fd.enum)
			return bad(fmt.Sprintf("%s %q tidak dikenal; pilihan: %s", key, fmt.Sprint(e), strings.Join(fd.enum, ", ")),
				fmt.Sprintf("%s %q is not allowed; choose from: %s", key, fmt.Sprint(e), strings.Join(fd.enum, ", ")), hid, hen)
		}
	case kURLs:
		if !isStr || !absoluteURL(s) {
			code = "schema.url"
			return bad(fmt.Sprintf("butir ke-%d dari %s harus alamat web lengkap http(s)://, tertulis %q", i+1, key, shown(e)),
				fmt.Sprintf("item %d of %s must be a full http(s):// web address, found %q", i+1, key, shown(e)),
				"Contoh: - \"https://peraturan.go.id/\"", "Example: - \"https://example.go.id/\"")
		}
	case kPaths:
		if !isStr {
			return bad(fmt.Sprintf("butir ke-%d dari %s harus teks", i+1, key), fmt.Sprintf("item %d of %s must be text", i+1, key), "", "")
		}
		if msgID, msgEN := unsafePath(s); msgID != "" {
			code = "schema.path"
			return bad(fmt.Sprintf("butir ke-%d dari %s %s", i+1, key, msgID), fmt.Sprintf("item %d of %s %s", i+1, key, msgEN),
				"Gunakan alamat di dalam situs ini, misalnya /berita/judul-lama/.", "Use an address inside this site, for example /berita/old-title/.")
		}
	case kItems:
		m, ok := asMap(e)
		if !ok {
			return bad(fmt.Sprintf("butir ke-%d dari %s harus berisi kunci seperti %s", i+1, key, fd.sub[0].name),
				fmt.Sprintf("item %d of %s must hold keys such as %s", i+1, key, fd.sub[0].name),
				fmt.Sprintf("Contoh:\n%s:\n  - %s: ...", key, fd.sub[0].name), fmt.Sprintf("Example:\n%s:\n  - %s: ...", key, fd.sub[0].name))
		}
		var ps []problem
		subs := map[string]field{}
		var names []string
		for _, sf := range fd.sub {
			subs[sf.name] = sf
			names = append(names, sf.name)
		}
		for name, v := range m {
			sf, ok := subs[name]
			if !ok {
				p := unknownKey(name, names, "butir "+key, key+" items")
				p.key, p.item, p.sub = key, i, name
				ps = append(ps, p)
				continue
			}
			ps = append(ps, checkValue(sf, key, i, name, v)...)
		}
		for _, sf := range fd.sub {
			if _, ok := m[sf.name]; sf.required && !ok {
				ps = append(ps, problem{code: "schema.required", key: key, item: i, sub: sf.name, sev: diag.Error,
					id:  fmt.Sprintf("butir ke-%d dari %s tidak memiliki kunci wajib %s", i+1, key, sf.name),
					en:  fmt.Sprintf("item %d of %s lacks the required key %s", i+1, key, sf.name),
					hid: fmt.Sprintf("Tambahkan %s: %s pada butir ini (butir diawali \"- \", kunci lain butir itu sejajar di bawahnya).", sf.name, example(sf)),
					hen: fmt.Sprintf("Add %s: %s to this item (an item starts with \"- \", its other keys line up below it).", sf.name, example(sf))})
			}
		}
		slices.SortFunc(ps, func(a, b problem) int { return strings.Compare(a.sub, b.sub) })
		return ps
	}
	return nil
}

// shown is a value as a message quotes it: "" for nothing.
func shown(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// darken returns the colour scaled towards black just enough for white text on it to
// pass WCAG AA (4.5:1).
func darken(hex string) string {
	var rgb [3]float64
	for i := range rgb {
		n, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		rgb[i] = float64(n)
	}
	for f := 0.98; f > 0; f -= 0.02 {
		c := fmt.Sprintf("#%02x%02x%02x", int(rgb[0]*f), int(rgb[1]*f), int(rgb[2]*f))
		if Contrast(c, "#ffffff") >= 4.5 {
			return c
		}
	}
	return "#000000"
}

// asMap returns a YAML mapping (decoded as yaml.MapSlice or a Go map) by key.
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case yaml.MapSlice:
		out := make(map[string]any, len(m))
		for _, it := range m {
			out[fmt.Sprint(it.Key)] = it.Value
		}
		return out, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[fmt.Sprint(k)] = v
		}
		return out, true
	}
	return nil, false
}

func absoluteURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// unsafePath reports why an address path (slug, url, aliases) could lead outside the
// output folder or off the site, or "" when it is safe.
func unsafePath(s string) (string, string) {
	switch {
	case strings.TrimSpace(s) == "":
		return "kosong", "is empty"
	case strings.Contains(s, "://"), strings.HasPrefix(s, "//"):
		return "tidak boleh berupa alamat situs lain", "must not be the address of another site"
	case strings.Contains(s, "\\"):
		return "tidak boleh memuat garis miring terbalik (\\)", "must not contain a backslash (\\)"
	case slices.Contains(strings.Split(s, "/"), ".."), strings.Contains(s, "%2e%2e"), strings.Contains(strings.ToLower(s), "%2e%2e"):
		return "tidak boleh memuat .. (keluar dari folder keluaran)", "must not contain .. (it would leave the output folder)"
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "memuat karakter kendali", "contains control characters"
	}
	return "", ""
}

// parseDate accepts the date forms the engine accepts; zone tells whether a time and
// zone were given.
func parseDate(v any) (time.Time, bool, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true, true
	case string:
		s := strings.TrimSpace(t)
		for _, layout := range []string{time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05-0700"} {
			if tm, err := time.Parse(layout, s); err == nil {
				return tm, true, true
			}
		}
		for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
			if tm, err := time.Parse(layout, s); err == nil {
				return tm, false, true
			}
		}
	}
	return time.Time{}, false, false
}

// Contrast is the WCAG contrast ratio of two #rrggbb colours.
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	ch := func(i int) float64 {
		n, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(n) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(1) + 0.7152*ch(3) + 0.0722*ch(5)
}
