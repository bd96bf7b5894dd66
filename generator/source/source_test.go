package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/spf13/afero"

	"gnrm/generator/internal/testfiles"
)

func TestUnion(t *testing.T) {
	site := t.TempDir()
	write := func(name, data string) { testfiles.Write(t, site, name, []byte(data)) }
	write("content/tentang.md", "situs")
	write("content/berita/baru.md", "situs")
	write("hugo.toml", "tersembunyi")
	write("catatan.txt", "tersembunyi")
	base := fstest.MapFS{
		"content/tentang.md":         {Data: []byte("nasional")},
		"content/_index.md":          {Data: []byte("nasional")},
		"themes/gnrm/layouts/a.html": {Data: []byte("tema")},
		"content/berita/_index.md":   {Data: []byte("nasional")},
		"content/berita/nasional.md": {Data: []byte("nasional")},
	}
	u := Union(site, base)
	abs := func(p string) string { return filepath.Join(site, filepath.FromSlash(p)) }
	for name, want := range map[string]string{
		"content/tentang.md":         "situs",
		"content/_index.md":          "nasional",
		"content/berita/baru.md":     "situs",
		"content/berita/nasional.md": "nasional",
		"themes/gnrm/layouts/a.html": "tema",
	} {
		b, err := afero.ReadFile(u, abs(name))
		if err != nil || string(b) != want {
			t.Errorf("%s: got %q, %v; want %q", name, b, err, want)
		}
	}
	for _, name := range []string{"hugo.toml", "catatan.txt"} {
		if _, err := u.Stat(abs(name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is visible: %v", name, err)
		}
	}
	names, err := afero.ReadDir(u, site)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fi := range names {
		got = append(got, fi.Name())
	}
	if len(got) != 2 || got[0] != "content" || got[1] != "themes" {
		t.Errorf("site root lists %v, want [content themes]", got)
	}
	berita, err := afero.ReadDir(u, abs("content/berita"))
	if err != nil || len(berita) != 3 {
		t.Errorf("content/berita merges to %d entries (%v), want 3", len(berita), err)
	}
	if f, err := u.Open(abs("themes/gnrm/layouts/a.html")); err != nil || f.Name() != abs("themes/gnrm/layouts/a.html") {
		t.Errorf("a base file is not named by its absolute path: %v", err)
	}
	if err := afero.WriteFile(u, abs("themes/gnrm/layouts/a.html"), []byte("x"), 0o644); err == nil {
		if b, _ := fs.ReadFile(base, "themes/gnrm/layouts/a.html"); string(b) != "tema" {
			t.Errorf("the base was written to")
		}
	}
}

func TestUnionHidesExcludedSections(t *testing.T) {
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "content", "agenda"), 0o755)
	os.WriteFile(filepath.Join(site, "content", "agenda", "rapat.md"), []byte("situs"), 0o644)
	base := fstest.MapFS{
		"content/agenda/_index.md": {Data: []byte("nasional")},
		"content/berita/_index.md": {Data: []byte("nasional")},
	}
	u := FS(site, base, "content/agenda")
	for _, name := range []string{"content/agenda", "content/agenda/rapat.md", "content/agenda/_index.md"} {
		if _, err := fs.Stat(u, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is visible: %v", name, err)
		}
	}
	es, err := fs.ReadDir(u, "content")
	if err != nil || len(es) != 1 || es[0].Name() != "berita" {
		t.Errorf("content lists %v (%v), want only berita", es, err)
	}
}
