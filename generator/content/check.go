package content

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"gnrm/generator/diag"
)

// Result is what the checker found in a site's sources.
type Result struct {
	// Files are the parsed Markdown files by path (content/...); a file whose front
	// matter could not be read is absent.
	Files map[string]*File
	// Diagnostics are every problem found, sorted.
	Diagnostics diag.List
	// Fatal is set when a file cannot be read by the engine at all (its front matter is
	// broken): rendering would only repeat the same problems less clearly. It is also set
	// when a slug, url or alias is refused (schema.path): such an address is never given
	// to the engine, which would otherwise report it a second time in its own words.
	Fatal bool
}

// Check reads every Markdown file under content/ of site (the union of the site folder
// and the national base, rooted at the site folder) and checks each file, its schema, and
// the rules that span files.
func Check(site fs.FS) Result {
	return new(Checker).Check(site)
}

// Check checks site as the package function does, reusing what it found in a file at
// the last check when the file is unchanged (see Checker).
func (c *Checker) Check(site fs.FS, changed ...string) Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.files
	c.files = map[string]*checked{}
	c.walkErrs = nil
	err := fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			c.walkErrs = append(c.walkErrs, walkError(p, err))
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(strings.ToLower(p), ".md") {
			return nil
		}
		st, known := fileStamp(d)
		e := prev[p]
		if e == nil || !known || !e.read || e.stamp != st || c.stale(p, changed) {
			e = checkFile(site, p, st)
		}
		c.files[p] = e
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), "not exist") {
		c.walkErrs = append(c.walkErrs, diag.Diagnostic{Path: "content", Severity: diag.Error,
			Message: "folder content tidak dapat dibaca: " + err.Error(), MessageEN: "the content folder cannot be read: " + err.Error()})
	}
	return c.result(site)
}

// walkError reports a file or folder that the walk could not read.
func walkError(p string, err error) diag.Diagnostic {
	return diag.Diagnostic{Path: p, Severity: diag.Error, Code: "file.read",
		Message: "tidak dapat dibaca: " + err.Error(), MessageEN: "cannot be read: " + err.Error()}
}

// result is the check of the files last read, with the rules that span files.
func (c *Checker) result(site fs.FS) Result {
	res := Result{Files: map[string]*File{}}
	var unreadable []string // Markdown files whose front matter could not be read
	res.Diagnostics = append(res.Diagnostics, c.walkErrs...)
	for _, p := range slices.Sorted(maps.Keys(c.files)) {
		e := c.files[p]
		res.Diagnostics = append(res.Diagnostics, e.diags...)
		res.Fatal = res.Fatal || e.fatal
		switch {
		case !e.read: // reported; not counted among the files the engine cannot read
		case e.file == nil:
			unreadable = append(unreadable, p)
		default:
			res.Files[p] = e.file
		}
	}
	res.Diagnostics = append(res.Diagnostics, crossFile(site, res.Files, unreadable)...)
	res.Diagnostics.Sort()
	return res
}

// checkFile reads, parses and validates one Markdown file, whose stamp is st (zero
// when unknown).
func checkFile(site fs.FS, p string, st stamp) *checked {
	e := &checked{stamp: st}
	src, err := readLimited(site, p)
	if err != nil {
		e.diags.Add(walkError(p, err))
		return e
	}
	e.read = true
	if len(src) > MaxFileSize {
		// Only the start was read: the message gives the real size.
		e.diags.Add(tooLarge(p, max(int64(len(src)), st.size)))
		e.fatal = true
		return e
	}
	f, l := Parse(p, src)
	e.diags = append(e.diags, l...)
	if f == nil {
		e.fatal = true
		return e
	}
	e.file = f
	vl := Validate(f)
	if slices.ContainsFunc(vl, func(d diag.Diagnostic) bool { return d.Code == "schema.path" }) {
		e.fatal = true
	}
	e.diags = append(e.diags, vl...)
	return e
}

// readLimited reads a file, stopping just past MaxFileSize so that a huge file costs
// little memory before it is refused.
func readLimited(site fs.FS, p string) ([]byte, error) {
	f, err := site.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// original reports whether a content file is an original, not a translation (x.en.md).
func original(p string) bool {
	base := strings.TrimSuffix(path.Base(p), ".md")
	return !strings.Contains(base, ".")
}

// value returns the front matter value of key. Keys are nearly always strings, which
// are compared as they are: formatting each key cost about a third of the check of an
// unchanged site on every save in the preview (crossFile asks every news page).
func value(f *File, key string) (any, bool) {
	for _, it := range f.Items {
		if k, ok := it.Key.(string); ok && k == key || !ok && fmt.Sprint(it.Key) == key {
			return it.Value, true
		}
	}
	return nil, false
}

// crossFile checks the rules that span files. A file in unreadable exists but its front
// matter could not be read: it is already reported, and the rules that count files
// (five movements, ten programs) do not report it again as missing.
func crossFile(site fs.FS, files map[string]*File, unreadable []string) diag.List {
	var l diag.List
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)

	movements := map[string]string{} // key -> file
	urutan := map[int][]string{}     // order -> files
	programs := map[int][]string{}   // number -> files
	for _, p := range paths {
		f := files[p]
		switch SchemaFor(p).Name {
		case schemaMovement.Name:
			key := path.Base(path.Dir(p))
			if !slices.Contains(Movements, key) {
				hid, hen := nearHint(key, Movements)
				l.Add(diag.Diagnostic{Path: p, Line: 1, Col: 1, Severity: diag.Error, Code: "movement.unknown",
					Message:   fmt.Sprintf("gerakan %q tidak dikenal; lima gerakan: %s", key, strings.Join(Movements, ", ")),
					MessageEN: fmt.Sprintf("unknown movement %q; the five movements: %s", key, strings.Join(Movements, ", ")),
					Hint: strings.TrimSpace("Nama folder di bawah content/gerakan/ adalah kunci gerakan; gerakan baru tidak dapat ditambahkan. " +
						"Pindahkan tulisan ini ke halaman biasa atau ke folder salah satu gerakan. " + hid),
					HintEN: strings.TrimSpace("The name of a folder under content/gerakan/ is the movement's key; no movement can be added. " +
						"Move this text to a plain page or to the folder of one of the movements. " + hen)})
				continue // its order and existence concern no movement
			}
			if !original(p) {
				continue
			}
			movements[key] = p
			if v, ok := value(f, "urutan"); ok {
				if n, ok := v.(int); ok {
					urutan[n] = append(urutan[n], p)
				}
			}
		case schemaProgram.Name:
			if !original(p) {
				continue
			}
			if v, ok := value(f, "nomor"); ok {
				if n, ok := v.(int); ok {
					programs[n] = append(programs[n], p)
				}
			}
		case schemaEvent.Name:
			l = append(l, eventDates(f)...)
		case schemaKit.Name:
			l = append(l, bundleFile(site, f, "berkas")...)
		case schemaNews.Name:
			l = append(l, bundleFile(site, f, "gambar")...)
		}
	}
	var free []string
	for n := 1; n <= len(Movements); n++ {
		if len(urutan[n]) == 0 {
			free = append(free, strconv.Itoa(n))
		}
	}
	for _, n := range slices.Sorted(maps.Keys(urutan)) {
		keep, dups := keeper(urutan[n], func(p string) bool {
			return slices.Index(Movements, path.Base(path.Dir(p))) == n-1
		})
		for _, p := range dups {
			line, col := files[p].keys.key("urutan")
			hid, hen := "Setiap gerakan mempunyai urutan sendiri, 1 sampai 5.", "Each movement has its own order, 1 to 5."
			if len(free) > 0 {
				hid += " Urutan yang belum dipakai: " + strings.Join(free, ", ") + "."
				hen += " Orders not yet used: " + strings.Join(free, ", ") + "."
			}
			l.Add(diag.Diagnostic{Path: p, Line: line, Col: col, Severity: diag.Error, Code: "movement.order",
				Message:   fmt.Sprintf("urutan %d sudah dipakai oleh %s", n, keep),
				MessageEN: fmt.Sprintf("urutan %d is already used by %s", n, keep),
				Hint:      hid, HintEN: hen})
		}
	}
	for _, n := range slices.Sorted(maps.Keys(programs)) {
		keep, dups := keeper(programs[n], func(p string) bool {
			return strings.HasPrefix(path.Base(p), fmt.Sprintf("program-%02d-", n))
		})
		for _, p := range dups {
			line, col := files[p].keys.key("nomor")
			l.Add(diag.Diagnostic{Path: p, Line: line, Col: col, Severity: diag.Error, Code: "program.duplicate",
				Message:   fmt.Sprintf("program nomor %d sudah ada di %s", n, keep),
				MessageEN: fmt.Sprintf("program number %d already exists in %s", n, keep),
				Hint:      "Rencana aksi memuat sepuluh program bernomor 1 sampai 10, masing-masing satu kali; untuk mengubah program nasional, timpa berkas dengan nama yang sama.",
				HintEN:    "The action plan holds ten programs numbered 1 to 10, each once; to change a national program, override the file of the same name."})
		}
	}
	if len(movements) > 0 {
		for _, key := range Movements {
			if _, ok := movements[key]; !ok && !slices.Contains(unreadable, "content/gerakan/"+key+"/_index.md") {
				l.Add(diag.Diagnostic{Path: "content/gerakan/" + key + "/_index.md", Severity: diag.Error, Code: "movement.missing",
					Message:   fmt.Sprintf("gerakan %s tidak ada; kelima gerakan harus ada", key),
					MessageEN: fmt.Sprintf("movement %s is missing; all five movements must exist", key)})
			}
		}
	}
	programUnreadable := slices.ContainsFunc(unreadable, func(p string) bool {
		return SchemaFor(p).Name == schemaProgram.Name && original(p)
	})
	if len(programs) > 0 && !programUnreadable { // an unreadable program may hold any number
		for n := 1; n <= 10; n++ {
			if _, ok := programs[n]; !ok {
				l.Add(diag.Diagnostic{Path: "content/rencana-aksi", Severity: diag.Error, Code: "program.missing",
					Message:   fmt.Sprintf("program nomor %d tidak ada; rencana aksi memuat sepuluh program", n),
					MessageEN: fmt.Sprintf("program number %d is missing; the action plan holds ten programs", n)})
			}
		}
	}
	return l
}

// keeper picks, among files that share a value meant to be unique, the one that keeps
// it: the first whose value is its natural one (movement melayani with urutan 1,
// program-03-*.md with nomor 3; the national files are all so), else the first by path.
// The others are reported. An agency's file that takes the number of a national file is
// thus reported at the agency's file, whatever their names' order.
func keeper(paths []string, natural func(string) bool) (string, []string) {
	if len(paths) < 2 {
		return "", nil
	}
	k := slices.IndexFunc(paths, natural)
	if k < 0 {
		k = 0
	}
	return paths[k], slices.Delete(slices.Clone(paths), k, k+1)
}

// eventDates checks that an event does not end before it starts.
func eventDates(f *File) diag.List {
	mv, _ := value(f, "mulai")
	sv, ok := value(f, "selesai")
	if !ok {
		return nil
	}
	start, zone1, ok1 := parseDate(mv)
	end, zone2, ok2 := parseDate(sv)
	if !ok1 || !ok2 || !zone1 || !zone2 || !end.Before(start) {
		return nil // a date without its zone is reported by the schema; comparing it would guess
	}
	line, col := f.keys.key("selesai")
	return diag.List{{Path: f.Path, Line: line, Col: col, Severity: diag.Error, Code: "event.dates",
		Message:   fmt.Sprintf("selesai (%s) lebih awal daripada mulai (%s)", end.Format("2006-01-02 15:04 -07:00"), start.Format("2006-01-02 15:04 -07:00")),
		MessageEN: fmt.Sprintf("selesai (%s) is before mulai (%s)", end.Format("2006-01-02 15:04 -07:00"), start.Format("2006-01-02 15:04 -07:00")),
		Hint:      "Periksa tanggal, jam dan zona waktu keduanya.", HintEN: "Check the date, time and zone of both."}}
}

// bundleFile checks that a file named by key exists: beside the page (a page bundle) or,
// for a path starting with /, under static/.
func bundleFile(site fs.FS, f *File, key string) diag.List {
	v, ok := value(f, key)
	name, isStr := v.(string)
	if !ok || !isStr || strings.TrimSpace(name) == "" || absoluteURL(name) {
		return nil
	}
	var candidates []string
	if strings.HasPrefix(name, "/") {
		candidates = []string{path.Join("static", name), path.Join("themes/gnrm/static", name)}
	} else {
		candidates = []string{path.Join(path.Dir(f.Path), name)}
	}
	for _, c := range candidates {
		if !fs.ValidPath(c) {
			continue
		}
		if fi, err := fs.Stat(site, c); err == nil && !fi.IsDir() {
			return nil
		}
	}
	line, col := f.keys.key(key)
	dir := path.Dir(f.Path)
	var hid, hen string
	switch {
	case strings.HasPrefix(name, "/"):
		hid = fmt.Sprintf("Letakkan berkas di %s, atau perbaiki alamatnya (alamat yang diawali / menunjuk ke folder static/).", path.Join("static", name))
		hen = fmt.Sprintf("Put the file at %s, or correct the address (an address starting with / points into the static/ folder).", path.Join("static", name))
	case path.Base(f.Path) != "index.md":
		hid = fmt.Sprintf("Jadikan halaman ini bundel: pindahkan %s menjadi %s/index.md dan letakkan berkas di sampingnya; atau letakkan berkas di folder static/ dan tulis alamatnya diawali /.", f.Path, strings.TrimSuffix(f.Path, ".md"))
		hen = fmt.Sprintf("Make this page a bundle: move %s to %s/index.md and put the file beside it; or put the file in the static/ folder and write its address starting with /.", f.Path, strings.TrimSuffix(f.Path, ".md"))
	default:
		hid = fmt.Sprintf("Letakkan berkas di folder %s, di samping index.md, dengan nama yang sama persis (huruf besar dan kecil dibedakan).", dir)
		hen = fmt.Sprintf("Put the file in the folder %s, beside index.md, with exactly the same name (upper and lower case differ).", dir)
		if others := bundleFiles(site, dir); len(others) > 0 {
			hid += " Berkas yang ada di folder itu: " + strings.Join(others, ", ") + "."
			hen += " Files in that folder: " + strings.Join(others, ", ") + "."
		}
	}
	return diag.List{{Path: f.Path, Line: line, Col: col, Severity: diag.Error, Code: "file.missing",
		Message:   fmt.Sprintf("berkas %q (kunci %s) tidak ditemukan", name, key),
		MessageEN: fmt.Sprintf("file %q (key %s) not found", name, key),
		Hint:      hid, HintEN: hen}}
}

// bundleFiles lists the files of a page bundle other than its Markdown, at most ten.
func bundleFiles(site fs.FS, dir string) []string {
	entries, err := fs.ReadDir(site, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(strings.ToLower(e.Name()), ".md") && len(out) < 10 {
			out = append(out, e.Name())
		}
	}
	return out
}
