package profile

// The agency's own progress on the ten programs of the action plan lives in
// data/capaian.toml of its site folder; the theme shows it over the national program
// pages. It is checked here like the profile, with positions.

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"gnrm/generator/diag"
)

// CapaianFile is the progress data file, relative to the site folder.
const CapaianFile = "data/capaian.toml"

// Capaian is data/capaian.toml.
type Capaian struct {
	Program []struct {
		Nomor     int    `toml:"nomor"`
		Status    string `toml:"status"`
		Indikator []struct {
			Nama    string   `toml:"nama"`
			Target  *float64 `toml:"target"`
			Capaian *float64 `toml:"capaian"`
			Satuan  string   `toml:"satuan"`
		} `toml:"indikator"`
	} `toml:"program"`
}

var programStatus = []string{"belum-mulai", "berjalan", "selesai"}

// CheckCapaian checks data/capaian.toml of site, if there is one.
func CheckCapaian(site fs.FS) diag.List {
	src, err := fs.ReadFile(site, CapaianFile)
	if errors.Is(err, fs.ErrNotExist) || site == nil {
		return nil
	}
	if err != nil {
		return diag.List{{Path: CapaianFile, Severity: diag.Error, Code: "capaian.read",
			Message: "tidak dapat dibaca: " + err.Error(), MessageEN: "cannot be read: " + err.Error()}}
	}
	var c Capaian
	var l diag.List
	err = toml.NewDecoder(strings.NewReader(string(src))).DisallowUnknownFields().Decode(&c)
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		for _, e := range strict.Errors {
			row, col := e.Position()
			key := strings.Join(e.Key(), ".")
			l.Add(diag.Diagnostic{Path: CapaianFile, Line: row, Col: col, Severity: diag.Warning, Code: "capaian.unknown",
				Message:   fmt.Sprintf("kunci %q tidak dikenal; kunci yang dikenal: nomor, status, indikator (nama, target, capaian, satuan)", key),
				MessageEN: fmt.Sprintf("unknown key %q; known keys: nomor, status, indikator (nama, target, capaian, satuan)", key)})
		}
		c = Capaian{}
		err = toml.Unmarshal(src, &c)
	}
	if err != nil {
		d := syntax(CapaianFile, err)
		d.Code = "capaian.syntax"
		d.Hint = "Contoh:\n[[program]]\nnomor = 1\nstatus = \"berjalan\"\n[[program.indikator]]\nnama = \"...\"\ntarget = 80\ncapaian = 60\nsatuan = \"persen\""
		d.HintEN = d.Hint
		return append(l, d)
	}
	loc := newArrayLocator(src)
	seen := map[int]int{}
	add := func(line int, code, id, en string) {
		l.Add(diag.Diagnostic{Path: CapaianFile, Line: line, Col: 1, Severity: diag.Error, Code: code, Message: id, MessageEN: en})
	}
	for i, p := range c.Program {
		if p.Nomor == 0 {
			add(loc.key(i, -1, "nomor"), "capaian.required", "nomor program wajib diisi (1 sampai 10)", "the program number is required (1 to 10)")
		} else if p.Nomor < 1 || p.Nomor > 10 {
			add(loc.key(i, -1, "nomor"), "capaian.range", fmt.Sprintf("nomor program harus 1 sampai 10, tertulis %d", p.Nomor),
				fmt.Sprintf("the program number must be 1 to 10, found %d", p.Nomor))
		} else if j, dup := seen[p.Nomor]; dup {
			add(loc.key(i, -1, "nomor"), "capaian.duplicate", fmt.Sprintf("program nomor %d sudah ada di baris %d", p.Nomor, loc.key(j, -1, "nomor")),
				fmt.Sprintf("program number %d already appears at line %d", p.Nomor, loc.key(j, -1, "nomor")))
		} else {
			seen[p.Nomor] = i
		}
		if p.Status != "" && !slices.Contains(programStatus, p.Status) {
			add(loc.key(i, -1, "status"), "capaian.enum", fmt.Sprintf("status %q tidak dikenal; pilihan: %s", p.Status, strings.Join(programStatus, ", ")),
				fmt.Sprintf("status %q is not allowed; choose from: %s", p.Status, strings.Join(programStatus, ", ")))
		}
		for j, ind := range p.Indikator {
			if strings.TrimSpace(ind.Nama) == "" {
				add(loc.key(i, j, ""), "capaian.required", "indikator tanpa nama", "an indicator without a name")
			}
			for _, f := range []struct {
				key string
				v   *float64
			}{{"target", ind.Target}, {"capaian", ind.Capaian}} {
				if f.v != nil && *f.v < 0 {
					add(loc.key(i, j, f.key), "capaian.range", fmt.Sprintf("%s tidak boleh negatif", f.key), fmt.Sprintf("%s must not be negative", f.key))
				}
			}
			if (ind.Target == nil) != (ind.Capaian == nil) {
				add(loc.key(i, j, ""), "capaian.required", "target dan capaian diisi bersama, atau keduanya dikosongkan",
					"target and capaian go together, or both stay out")
			}
		}
	}
	l.Sort()
	return l
}

// arrayLocator finds lines in an array-of-tables file: the i-th [[program]], its j-th
// [[program.indikator]], and a key within either.
type arrayLocator struct {
	lines []string
}

func newArrayLocator(src []byte) arrayLocator {
	return arrayLocator{strings.Split(string(src), "\n")}
}

var arrayRe = regexp.MustCompile(`^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]`)

// key returns the line of key in program i (indikator j when j >= 0); the table's own
// line when key is "" or not found; 1 when nothing is found.
func (a arrayLocator) key(i, j int, key string) int {
	prog, ind := -1, -1
	table := 0
	for n, line := range a.lines {
		if m := arrayRe.FindStringSubmatch(line); m != nil {
			switch m[1] {
			case "program":
				prog++
				ind = -1
			case "program.indikator":
				ind++
			}
			if prog == i && ((j < 0 && m[1] == "program") || (ind == j && m[1] == "program.indikator")) {
				table = n + 1
				if key == "" {
					return table
				}
			}
			continue
		}
		if table > 0 && prog == i && ind == j {
			if m := keyRe.FindStringSubmatch(line); m != nil && m[2] == key {
				return n + 1
			}
		}
	}
	return max(table, 1)
}
