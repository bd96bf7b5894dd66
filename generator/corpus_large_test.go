package generator_test

// The one case of the bad-input corpus that a txtar archive cannot hold well: a Markdown
// file larger than content.MaxFileSize (a pasted document, an embedded image). It is
// written into a temporary site folder and checked like every archive of testdata/bad:
// the build fails with file.size at the file's first line, the report leaks no
// internals, and the previous output stays byte for byte.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gnrm/generator"
	"gnrm/generator/content"
	"gnrm/generator/diag"
)

func TestBadInputCorpusLargeFile(t *testing.T) {
	prev := previousOutput(t)
	before := snapshot(t, prev)
	for _, size := range []int{content.MaxFileSize + 1, 40 << 20} {
		t.Run(fmt.Sprintf("%dB", size), func(t *testing.T) {
			dir := t.TempDir()
			const head = "---\ntitle: \"Kabar Besar\"\ndate: 2024-03-01T09:00:00+07:00\njenis: \"berita\"\nringkasan: \"Ringkas.\"\n---\n"
			line := strings.Repeat("Isi kabar yang sangat panjang. ", 3) + "\n"
			var b bytes.Buffer
			b.Grow(size)
			b.WriteString(head)
			for b.Len() < size {
				b.WriteString(line)
			}
			src := b.Bytes()[:size]
			p := filepath.Join(dir, "content", "berita", "besar.md")
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, src, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "public")
			copyTree(t, prev, out)

			rep, err := build(t, dir, out)
			var printed bytes.Buffer
			rep.Diagnostics.Write(&printed)
			rep.Diagnostics.WriteLang(&printed, diag.English)
			if !errors.Is(err, generator.ErrFailed) {
				t.Errorf("build did not fail: err = %v\n%s", err, printed.String())
			}
			if w := (want{"content/berita/besar.md", 1, "error", "file.size"}); !has(rep.Diagnostics, w) {
				t.Errorf("missing %s:%d %s %s in:\n%s", w.path, w.line, w.severity, w.code, printed.String())
			}
			if len(rep.Diagnostics) != 1 {
				t.Errorf("want exactly one diagnostic, got:\n%s", printed.String())
			}
			for _, d := range rep.Diagnostics {
				if d.Message == "" || d.MessageEN == "" || d.Hint == "" || d.Code == "" {
					t.Errorf("diagnostic without message, hint or code: %+v", d)
				}
			}
			if s := printed.String(); !strings.Contains(s, "batas 4 MB") || !strings.Contains(s, "limit of 4 MB") {
				t.Errorf("report does not name the limit:\n%s", s)
			}
			if s := printed.String(); strings.Contains(s, "goroutine ") || strings.Contains(s, ".go:") || strings.Contains(s, "panic") {
				t.Errorf("report leaks internals:\n%s", s)
			}
			sameTree(t, before, snapshot(t, out))
		})
	}
}
