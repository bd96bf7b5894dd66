package content

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
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
	// broken): rendering would only repeat the same problems less clearly.
	Fatal bool
}

// Check reads every Markdown file under content/ of site (the union of the site folder
// and the national base, rooted at the site folder) and checks each file, its schema, and
// the rules that span files.
func Check(site fs.FS) Result {
	res := Result{Files: map[string]*File{}}
	err := fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			res.Diagnostics.Add(diag.Diagnostic{Path: p, Severity: diag.Error, Code: "file.read",
				Message: "tidak dapat dibaca: " + err.Error(), MessageEN: "cannot be read: " + err.Error()})
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(strings.ToLower(p), ".md") {
			return nil
		}
		src, err := readLimited(site, p)
		if err != nil {
			res.Diagnostics.Add(diag.Diagnostic{Path: p, Severity: diag.Error, Code: "file.read",
				Message: "tidak dapat dibaca: " + err.Error(), MessageEN: "cannot be read: " + err.Error()})
			return nil
		}
		f, l := Parse(p, src)
		res.Diagnostics = append(res.Diagnostics, l...)
		if f == nil {
			res.Fatal = true
			return nil
		}
		res.Files[p] = f
		res.Diagnostics = append(res.Diagnostics, Validate(f)...)
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), "not exist") {
		res.Diagnostics.Add(diag.Diagnostic{Path: "content", Severity: diag.Error,
			Message: "folder content tidak dapat dibaca: " + err.Error(), MessageEN: "the content folder cannot be read: " + err.Error()})
	}
	res.Diagnostics = append(res.Diagnostics, crossFile(site, res.Files)...)
	res.Diagnostics.Sort()
	return res
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

func value(f *File, key string) (any, bool) {
	for _, it := range f.Items {
		if fmt.Sprint(it.Key) == key {
			return it.Value, true
		}
	}
	return nil, false
}

// crossFile checks the rules that span files.
func crossFile(site fs.FS, files map[string]*File) diag.List {
	var l diag.List
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)

	movements := map[string]string{} // key -> file
	urutan := map[int]string{}
	programs := map[int]string{}
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
					Hint:      "Nama folder gerakan adalah kunci gerakan. " + hid, HintEN: "The movement's folder name is its key. " + hen})
			}
			if !original(p) {
				continue
			}
			movements[key] = p
			if v, ok := value(f, "urutan"); ok {
				if n, ok := v.(int); ok {
					if other, dup := urutan[n]; dup {
						line, col := f.keys.key("urutan")
						l.Add(diag.Diagnostic{Path: p, Line: line, Col: col, Severity: diag.Error, Code: "movement.order",
							Message:   fmt.Sprintf("urutan %d sudah dipakai oleh %s", n, other),
							MessageEN: fmt.Sprintf("urutan %d is already used by %s", n, other),
							Hint:      "Setiap gerakan mempunyai urutan sendiri, 1 sampai 5.", HintEN: "Each movement has its own order, 1 to 5."})
					} else {
						urutan[n] = p
					}
				}
			}
		case schemaProgram.Name:
			if !original(p) {
				continue
			}
			if v, ok := value(f, "nomor"); ok {
				if n, ok := v.(int); ok {
					if other, dup := programs[n]; dup {
						line, col := f.keys.key("nomor")
						l.Add(diag.Diagnostic{Path: p, Line: line, Col: col, Severity: diag.Error, Code: "program.duplicate",
							Message:   fmt.Sprintf("program nomor %d sudah ada di %s", n, other),
							MessageEN: fmt.Sprintf("program number %d already exists in %s", n, other),
							Hint:      "Rencana aksi memuat sepuluh program bernomor 1 sampai 10, masing-masing satu kali; untuk mengubah program nasional, timpa berkas dengan nama yang sama.",
							HintEN:    "The action plan holds ten programs numbered 1 to 10, each once; to change a national program, override the file of the same name."})
					} else {
						programs[n] = p
					}
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
	if len(movements) > 0 {
		for _, key := range Movements {
			if _, ok := movements[key]; !ok {
				l.Add(diag.Diagnostic{Path: "content/gerakan/" + key + "/_index.md", Severity: diag.Error, Code: "movement.missing",
					Message:   fmt.Sprintf("gerakan %s tidak ada; kelima gerakan harus ada", key),
					MessageEN: fmt.Sprintf("movement %s is missing; all five movements must exist", key)})
			}
		}
	}
	if len(programs) > 0 {
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

// eventDates checks that an event does not end before it starts.
func eventDates(f *File) diag.List {
	mv, _ := value(f, "mulai")
	sv, ok := value(f, "selesai")
	if !ok {
		return nil
	}
	start, _, ok1 := parseDate(mv)
	end, _, ok2 := parseDate(sv)
	if !ok1 || !ok2 || !end.Before(start) {
		return nil
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
	hid := fmt.Sprintf("Letakkan berkas di %s, atau tulis alamat yang diawali / untuk berkas di folder static/.", path.Dir(f.Path))
	hen := fmt.Sprintf("Put the file in %s, or write an address starting with / for a file in the static/ folder.", path.Dir(f.Path))
	if path.Base(f.Path) != "index.md" && !strings.HasPrefix(name, "/") {
		hid = fmt.Sprintf("Jadikan halaman ini bundel: pindahkan %s menjadi %s/index.md dan letakkan berkas di sampingnya.", f.Path, strings.TrimSuffix(f.Path, ".md"))
		hen = fmt.Sprintf("Make this page a bundle: move %s to %s/index.md and put the file beside it.", f.Path, strings.TrimSuffix(f.Path, ".md"))
	}
	return diag.List{{Path: f.Path, Line: line, Col: col, Severity: diag.Error, Code: "file.missing",
		Message:   fmt.Sprintf("berkas %s: %q tidak ditemukan", key, name),
		MessageEN: fmt.Sprintf("%s file %q not found", key, name),
		Hint:      hid, HintEN: hen}}
}
