package content_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gnrm"
	"gnrm/generator/content"
	"gnrm/generator/internal/testfiles"
	"gnrm/generator/source"
)

// writer writes files of a site folder, creating their folders; it returns the name.
func writer(t *testing.T, dir string) func(name, body string) string {
	return func(name, body string) string {
		t.Helper()
		testfiles.Write(t, dir, name, []byte(body))
		return name
	}
}

// news is a valid news item.
func news(title string) string {
	return "---\ntitle: \"" + title + "\"\ndate: 2024-03-01T09:00:00+07:00\njenis: \"berita\"\ngerakan: [\"tertib\"]\nringkasan: \"Ringkasan.\"\n---\n\nIsi.\n"
}

// sameAsFresh fails the test when got differs from a fresh check of site.
func sameAsFresh(t *testing.T, step string, site fs.FS, got content.Result) content.Result {
	t.Helper()
	want := content.Check(site)
	var g, w bytes.Buffer
	got.Diagnostics.Write(&g)
	want.Diagnostics.Write(&w)
	if g.String() != w.String() || got.Fatal != want.Fatal || len(got.Files) != len(want.Files) {
		t.Fatalf("%s: the checker and a fresh check differ:\n%s\n---\n%s", step, g.String(), w.String())
	}
	return got
}

// A Checker gives what a fresh check gives after every kind of change, and parses
// again only the files that changed.
func TestCheckerMatchesFreshCheck(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	write("content/berita/a.md", news("Satu"))
	write("content/berita/b.md", news("Dua"))
	site := source.FS(dir, gnrm.Base)
	var c content.Checker
	same := func(step string) content.Result {
		t.Helper()
		return sameAsFresh(t, step, site, c.Check(site))
	}
	first := same("first")
	if len(first.Diagnostics) != 0 {
		t.Fatalf("clean site has problems: %v", first.Diagnostics)
	}

	// Unchanged files keep their parse; a changed one is parsed again.
	write("content/berita/b.md", news("Dua, diubah"))
	second := same("edit")
	if first.Files["content/berita/a.md"] != second.Files["content/berita/a.md"] {
		t.Error("unchanged file parsed again")
	}
	if first.Files["content/berita/b.md"] == second.Files["content/berita/b.md"] ||
		!bytes.Contains(second.Files["content/berita/b.md"].Src, []byte("Dua, diubah")) {
		t.Error("changed file not parsed again")
	}

	// A broken file, a new file, a removed file.
	write("content/berita/b.md", "---\ntitle: [\n---\n")
	if r := same("broken"); !r.Fatal {
		t.Error("broken front matter not fatal")
	}
	write("content/berita/c.md", news("Tiga"))
	same("new")
	if err := os.Remove(filepath.Join(dir, "content/berita/a.md")); err != nil {
		t.Fatal(err)
	}
	if r := same("removed"); r.Files["content/berita/a.md"] != nil {
		t.Error("removed file still checked")
	}
	write("content/berita/b.md", news("Dua"))
	same("fixed")

	// Same size, same time (two saves within one tick of the clock): the stamp cannot
	// tell, the caller's list can.
	p := filepath.Join(dir, "content/berita/c.md")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	write("content/berita/c.md", news("Ti*a"))
	if err := os.Chtimes(p, time.Time{}, fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := c.Check(site).Files["content/berita/c.md"].Src; !bytes.Contains(got, []byte("Tiga")) {
		t.Fatalf("stamp unchanged: expected the kept parse, got %q", got)
	}
	if got := c.Check(site, "content/berita").Files["content/berita/c.md"].Src; !bytes.Contains(got, []byte("Ti*a")) {
		t.Errorf("named as changed (its folder): got %q", got)
	}
}

// Update, told what changed, gives what a fresh check gives: files written, created,
// broken, fixed and removed, a folder removed with its files, a folder created.
func TestCheckerUpdateMatchesFreshCheck(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	write("content/berita/a.md", news("Satu"))
	write("content/berita/b.md", news("Dua"))
	site := source.FS(dir, gnrm.Base)
	var c content.Checker
	step := func(what string, changed ...string) content.Result {
		t.Helper()
		return sameAsFresh(t, what, site, c.Update(site, changed))
	}
	first := step("first (a full check)")
	second := step("edit", write("content/berita/b.md", news("Dua, diubah")))
	if first.Files["content/berita/a.md"] != second.Files["content/berita/a.md"] {
		t.Error("a file not named as changed was parsed again")
	}
	if r := step("broken", write("content/berita/b.md", "---\ntitle: [\n---\n")); !r.Fatal {
		t.Error("broken front matter not fatal")
	}
	step("fixed", write("content/berita/b.md", news("Dua")))
	step("new", write("content/berita/c.md", news("Tiga")))
	step("bad schema", write("content/berita/c.md", strings.Replace(news("Tiga"), "jenis: \"berita\"", "jenis: \"kabar\"", 1)))
	if err := os.Remove(filepath.Join(dir, "content/berita/a.md")); err != nil {
		t.Fatal(err)
	}
	step("removed", "content/berita/a.md")
	write("content/agenda/x/index.md", "---\ntitle: \"Acara\"\n---\n")
	write("content/agenda/x/y.md", news("Y"))
	step("new folder", "content/agenda/x")
	if err := os.RemoveAll(filepath.Join(dir, "content/agenda")); err != nil {
		t.Fatal(err)
	}
	if r := step("folder removed", "content/agenda"); r.Files["content/agenda/x/index.md"] != nil {
		t.Error("a file of a removed folder is still checked")
	}
	// A national file overridden, then the override removed: the national one again.
	write("content/tentang.md", "---\ntitle: [\n---\n")
	step("override", "content/tentang.md")
	if err := os.Remove(filepath.Join(dir, "content/tentang.md")); err != nil {
		t.Fatal(err)
	}
	if r := step("override removed", "content/tentang.md"); r.Files["content/tentang.md"] == nil {
		t.Error("the national file is not checked again once the override is gone")
	}
}
