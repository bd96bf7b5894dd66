package content

// Fuzz targets for the front matter parser and the schema validator, run briefly in CI
// (.ci/run) with `go test -fuzz`. Whatever the bytes, the checker must not panic, must
// return either a file or an error, and must position every problem inside the file.
// Crashers found are kept under testdata/fuzz/ and replayed by plain `go test`.

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"gnrm"
)

func seeds(f *testing.F) {
	fs.WalkDir(gnrm.Base, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			b, _ := fs.ReadFile(gnrm.Base, p)
			f.Add(p, b)
		}
		return nil
	})
	for _, s := range []string{"", "---", "---\n", "---\n---\n", "+++\ntitle = 1\n+++\n", "---\n- a\n- b\n---\n",
		"---\ntitle: \"a\ntitle: b\n---\n", "---\n\ttitle: x\n---\n", "\xef\xbb\xbf---\ntitle: x\n---\n", "---\ntitle: [\n---\n"} {
		f.Add("content/berita/x.md", []byte(s))
	}
}

func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, path string, src []byte) {
		if !strings.HasPrefix(path, "content/") {
			path = "content/" + path
		}
		file, l := Parse(path, src)
		if file == nil && l.Errors() == 0 {
			t.Fatalf("no file and no error for %q", src)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range l {
			if d.Path != path || d.Line < 0 || d.Line > lines || d.Col < 0 || d.Message == "" || d.Code == "" {
				t.Fatalf("bad diagnostic %+v for a file of %d lines", d, lines)
			}
		}
	})
}

func FuzzValidate(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, path string, src []byte) {
		file, _ := Parse("content/x.md", src)
		if file == nil {
			return
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		// The same front matter against every section's schema.
		for _, p := range []string{"content/_index.md", "content/gerakan/melayani/_index.md", "content/rencana-aksi/p.md",
			"content/berita/x.md", "content/klarifikasi/x.md", "content/agenda/x.md", "content/materi/x/index.md", "content/x.md"} {
			file.Path = p
			for _, d := range Validate(file) {
				if d.Line < 1 || d.Line > lines || d.Message == "" || d.Code == "" {
					t.Fatalf("bad diagnostic %+v (%s) for a file of %d lines", d, p, lines)
				}
			}
		}
	})
}
