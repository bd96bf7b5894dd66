package serve_test

// Tests of the engine session the dev server runs on (generator/hugo.Session): partial
// rebuilds through real file edits in a temporary site folder over the national base.

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gnrm"
	"gnrm/generator/diag"
	"gnrm/generator/hugo"
)

// writeFile writes a file of a site folder, creating its folder.
func writeFile(t testing.TB, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func news(title, body string) string {
	return "---\ntitle: \"" + title + "\"\ndate: 2024-03-01T09:00:00+07:00\njenis: \"berita\"\ngerakan: [\"tertib\"]\nringkasan: \"Ringkasan.\"\n---\n\n" + body + "\n"
}

func diagText(l diag.List) string {
	var b bytes.Buffer
	l.Write(&b)
	return b.String()
}

func openSession(t *testing.T, dir string) (*hugo.Session, hugo.Result) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, res := hugo.OpenSession(ctx, hugo.SessionOptions{Options: hugo.Options{SiteDir: dir, Base: gnrm.Base, CacheDir: t.TempDir()}})
	t.Cleanup(func() { s.Close() })
	return s, res
}

func page(t *testing.T, snap *hugo.Snapshot, name string) string {
	t.Helper()
	b, _, ok := snap.Lookup(name)
	if !ok {
		t.Fatalf("%s not in snapshot %d", name, snap.Seq())
	}
	return string(b)
}

func TestSessionPartialRebuild(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "content/berita/uji.md", news("Judul Awal", "Isi awal."))
	s, res := openSession(t, dir)
	if res.Snapshot == nil {
		t.Fatalf("first build failed:\n%s", diagText(res.Diagnostics))
	}
	t.Logf("full build: %v, %d files", res.Duration, len(res.Snapshot.Names()))
	if !strings.Contains(page(t, res.Snapshot, "berita/uji/index.html"), "Judul Awal") {
		t.Fatal("page missing its title")
	}
	first := res.Snapshot

	writeFile(t, dir, "content/berita/uji.md", news("Judul Baru", "Isi baru."))
	ctx := context.Background()
	res = s.Rebuild(ctx, []string{p}, []string{"/"})
	if res.Snapshot == nil {
		t.Fatalf("rebuild failed:\n%s", diagText(res.Diagnostics))
	}
	t.Logf("rebuild: %v, changed %v, complete %v", res.Duration, res.Changed, res.Snapshot.Complete())
	if !strings.Contains(page(t, res.Snapshot, "berita/uji/index.html"), "Judul Baru") {
		t.Fatal("page not updated")
	}
	if !res.Snapshot.Fresh("berita/uji/index.html") {
		t.Error("edited page not fresh")
	}
	// The first snapshot is unchanged.
	if !strings.Contains(page(t, first, "berita/uji/index.html"), "Judul Awal") {
		t.Fatal("old snapshot changed")
	}
	res = s.Complete(ctx)
	if res.Snapshot == nil || !res.Snapshot.Complete() {
		t.Fatalf("complete failed:\n%s", diagText(res.Diagnostics))
	}
	t.Logf("complete: %v, changed %v", res.Duration, res.Changed)
	if !strings.Contains(page(t, res.Snapshot, "berita/index.html"), "Judul Baru") {
		t.Error("news list not updated")
	}

	// A broken template: an error with its position; the last snapshot stays.
	lay := writeFile(t, dir, "layouts/berita/page.html", "{{ define \"main\" }}\n<h1>{{ .Judul.Utama }}</h1>\n{{ end }}\n")
	good := s.Current()
	res = s.Rebuild(ctx, []string{lay}, []string{"/berita/uji/"})
	if res.Snapshot != nil || res.Diagnostics.Errors() == 0 {
		t.Fatalf("broken template built: %v", diagText(res.Diagnostics))
	}
	t.Logf("broken:\n%s", diagText(res.Diagnostics))
	if s.Current() != good {
		t.Error("snapshot replaced by a failed build")
	}
	writeFile(t, dir, "layouts/berita/page.html", "{{ define \"main\" }}\n<h1 class=\"diperbaiki\">{{ .Title }}</h1>\n{{ end }}\n")
	res = s.Rebuild(ctx, []string{lay}, []string{"/berita/uji/"})
	if res.Snapshot == nil {
		t.Fatalf("fixed template failed:\n%s", diagText(res.Diagnostics))
	}
	if !strings.Contains(page(t, res.Snapshot, "berita/uji/index.html"), "diperbaiki") {
		t.Error("page not rendered with the fixed template")
	}
	res = s.Complete(ctx)
	for _, n := range res.Snapshot.Names() {
		if strings.HasPrefix(n, "berita/") && strings.HasSuffix(n, "/index.html") && n != "berita/index.html" && !strings.Contains(n, "/page/") {
			if !strings.Contains(page(t, res.Snapshot, n), "diperbaiki") {
				t.Errorf("%s not rendered with the fixed template", n)
			}
		}
	}

	// Removing the page removes its output.
	os.Remove(p)
	res = s.Rebuild(ctx, []string{p}, nil)
	if res.Snapshot == nil {
		t.Fatalf("remove failed:\n%s", diagText(res.Diagnostics))
	}
	if _, _, ok := res.Snapshot.Lookup("berita/uji/index.html"); ok {
		t.Error("removed page still served")
	}
	t.Logf("removed: %v", res.Removed)
}

// Before Complete, a page that the change made stale is rendered on request, and is
// then known fresh; other stale pages are not.
func TestSessionRendersOnRequest(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "content/berita/uji.md", news("Judul Awal", "Isi."))
	s, res := openSession(t, dir)
	if res.Snapshot == nil {
		t.Fatalf("first build failed:\n%s", diagText(res.Diagnostics))
	}
	ctx := context.Background()
	writeFile(t, dir, "content/berita/uji.md", news("Judul Baru", "Isi."))
	res = s.Rebuild(ctx, []string{p}, nil)
	snap := res.Snapshot
	if snap == nil || snap.Complete() {
		t.Fatalf("rebuild: snapshot %v, complete %v", snap != nil, snap != nil && snap.Complete())
	}
	if snap.Fresh("berita/index.html") || strings.Contains(page(t, snap, "berita/index.html"), "Judul Baru") {
		t.Fatal("the news list was rendered without being asked for")
	}
	res = s.Render(ctx, []string{"/berita/"})
	if res.Snapshot == nil {
		t.Fatalf("render failed:\n%s", diagText(res.Diagnostics))
	}
	if !res.Snapshot.Fresh("berita/index.html") || !strings.Contains(page(t, res.Snapshot, "berita/index.html"), "Judul Baru") {
		t.Error("the news list is not fresh after it was asked for")
	}
	if res.Snapshot.Fresh("gerakan/tertib/index.html") {
		t.Error("a page never asked for is marked fresh")
	}
	if !res.Snapshot.Fresh("berita/uji/index.html") {
		t.Error("the edited page is no longer fresh")
	}
	res = s.Complete(ctx)
	if res.Snapshot == nil || !res.Snapshot.Complete() || !strings.Contains(page(t, res.Snapshot, "gerakan/tertib/index.html"), "Judul Baru") {
		t.Error("complete did not render the rest")
	}
}

// A full build with a fresh engine (here for the profile) lists only the files that
// really changed, and shares the others with the snapshot served before.
func TestSessionFullRebuildListsOnlyChanges(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/berita/uji.md", news("Judul", "Isi."))
	s, res := openSession(t, dir)
	if res.Snapshot == nil {
		t.Fatalf("first build failed:\n%s", diagText(res.Diagnostics))
	}
	gen := res.Snapshot.Gen()
	prof := writeFile(t, dir, "gnrm.toml", "# profil\n")
	res = s.Rebuild(context.Background(), []string{prof}, nil)
	if !res.Full || res.Snapshot == nil {
		t.Fatalf("profile change: full %v, snapshot %v\n%s", res.Full, res.Snapshot != nil, diagText(res.Diagnostics))
	}
	if len(res.Changed)+len(res.Removed) != 0 || res.Snapshot.Gen() != gen {
		t.Errorf("unchanged site after a full build: changed %v, removed %v, gen %d -> %d", res.Changed, res.Removed, gen, res.Snapshot.Gen())
	}
}
