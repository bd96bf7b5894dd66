package generator_test

// The bad-input corpus: each archive under testdata/bad is an agency site folder with
// one kind of mistake. Its comment says what must be reported:
//
//	want content/berita/x.md:3 error schema.enum
//	want content/berita/x.md:0 warning html.raw   (line 0: any line)
//	strict                                         (build with --strict)
//
// For every case the build must fail, report each wanted diagnostic (file, line,
// severity, code), print no Go stack trace, and leave the previous output byte for byte.

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"gnrm/generator"
	"gnrm/generator/diag"
)

type want struct {
	path     string
	line     int
	severity string
	code     string
}

func parseWants(t *testing.T, comment string) (wants []want, strict bool) {
	for _, line := range strings.Split(comment, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 1 && f[0] == "strict":
			strict = true
		case len(f) == 4 && f[0] == "want":
			p, l, ok := strings.Cut(f[1], ":")
			n, err := strconv.Atoi(l)
			if !ok || err != nil {
				t.Fatalf("bad want line %q", line)
			}
			wants = append(wants, want{p, n, f[2], f[3]})
		}
	}
	if len(wants) == 0 {
		t.Fatal("case has no want line")
	}
	return wants, strict
}

var (
	previousOnce sync.Once
	previous     string // a good output, built once
	previousErr  error
)

// previousOutput builds the national site once, as the "last good public/".
func previousOutput(t *testing.T) string {
	previousOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gnrm-previous-")
		if err != nil {
			previousErr = err
			return
		}
		previous = filepath.Join(dir, "public")
		site := filepath.Join(dir, "situs")
		os.MkdirAll(site, 0o755)
		_, previousErr = build(t, site, previous)
	})
	if previousErr != nil {
		t.Fatal(previousErr)
	}
	return previous
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

func TestBadInputCorpus(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "bad", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Errorf("the corpus has %d cases; it should have at least 30", len(cases))
	}
	prev := previousOutput(t)
	before := snapshot(t, prev)
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wants, strict := parseWants(t, string(a.Comment))
			dir := t.TempDir()
			for _, f := range a.Files {
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "public")
			copyTree(t, prev, out)

			rep, err := build(t, dir, out, func(o *generator.BuildOptions) { o.Strict = strict })
			var printed bytes.Buffer
			rep.Diagnostics.Write(&printed)
			rep.Diagnostics.WriteLang(&printed, diag.English)
			if !errors.Is(err, generator.ErrFailed) {
				t.Errorf("build did not fail: err = %v\n%s", err, printed.String())
			}
			for _, w := range wants {
				if !has(rep.Diagnostics, w) {
					t.Errorf("missing %s:%d %s %s in:\n%s", w.path, w.line, w.severity, w.code, printed.String())
				}
			}
			for _, d := range rep.Diagnostics {
				if d.Message == "" || (d.Severity == diag.Error && d.Code == "") {
					t.Errorf("diagnostic without message or code: %+v", d)
				}
			}
			if s := printed.String(); strings.Contains(s, "goroutine ") || strings.Contains(s, ".go:") || strings.Contains(s, "panic") {
				t.Errorf("report leaks internals:\n%s", s)
			}
			sameTree(t, before, snapshot(t, out))
		})
	}
}

func has(l diag.List, w want) bool {
	for _, d := range l {
		if d.Path == w.path && (w.line == 0 || d.Line == w.line) && d.Severity.String() == w.severity && d.Code == w.code {
			return true
		}
	}
	return false
}
