package serve_test

// Tests of the engine session the dev server runs on (generator/hugo.Session): partial
// rebuilds through real file edits in a temporary site folder over the national base.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gnrm"
	"gnrm/generator/diag"
	"gnrm/generator/hugo"
	"gnrm/generator/internal/testfiles"
)

// writeFile writes a file of a site folder, creating its folder.
func writeFile(t testing.TB, dir, name, body string) string {
	t.Helper()
	return testfiles.Write(t, dir, name, []byte(body))
}

func news(title, body string) string {
	return "---\ntitle: \"" + title + "\"\ndate: 2024-03-01T09:00:00+07:00\njenis: \"berita\"\ngerakan: [\"tertib\"]\nringkasan: \"Ringkasan.\"\n---\n\n" + body + "\n"
}

func diagText(l diag.List) string {
	var b bytes.Buffer
	l.Write(&b)
	return b.String()
}

// openSession opens a session over dir; its first build must succeed.
func openSession(t *testing.T, dir string) (*hugo.Session, hugo.Result) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, res := hugo.OpenSession(ctx, hugo.SessionOptions{Options: hugo.Options{SiteDir: dir, Base: gnrm.Base, CacheDir: t.TempDir()}})
	t.Cleanup(func() { s.Close() })
	if res.Snapshot == nil {
		t.Fatalf("first build failed:\n%s", diagText(res.Diagnostics))
	}
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

// A removed page leaves every list that showed it, whether the list is rendered on
// request or by Complete: never a stale list.
func TestSessionRemovedPageLeavesLists(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/berita/tetap.md", news("Kabar Tetap", "Isi."))
	p := writeFile(t, dir, "content/berita/hapus.md", strings.Replace(news("Kabar Dihapus", "Isi."),
		"ringkasan:", "topik: [\"topik-tunggal\"]\nringkasan:", 1))
	s, res := openSession(t, dir)
	lists := []string{"gerakan/tertib/index.html", "berita/index.html", "index.html", "topik/topik-tunggal/index.html"}
	for _, l := range lists {
		if !strings.Contains(page(t, res.Snapshot, l), "Kabar Dihapus") {
			t.Fatalf("%s does not list the page before its removal", l)
		}
	}
	ctx := context.Background()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	res = s.Rebuild(ctx, []string{p}, nil)
	if res.Snapshot == nil {
		t.Fatalf("rebuild failed:\n%s", diagText(res.Diagnostics))
	}
	if _, _, ok := res.Snapshot.Lookup("berita/hapus/index.html"); ok {
		t.Error("the removed page is still served")
	}
	// Render and Complete do nothing once the snapshot is complete (the removal of the
	// topic's last page needs a full build).
	if res = s.Render(ctx, []string{"/gerakan/tertib/"}); res.Diagnostics.Errors() > 0 {
		t.Fatalf("render failed:\n%s", diagText(res.Diagnostics))
	}
	if strings.Contains(page(t, s.Current(), "gerakan/tertib/index.html"), "Kabar Dihapus") {
		t.Error("the movement's list, rendered on request, still shows the removed page")
	}
	if res = s.Complete(ctx); res.Diagnostics.Errors() > 0 || !s.Current().Complete() {
		t.Fatalf("complete failed:\n%s", diagText(res.Diagnostics))
	}
	snap := s.Current()
	for _, l := range lists[:3] {
		if strings.Contains(page(t, snap, l), "Kabar Dihapus") {
			t.Errorf("%s still shows the removed page", l)
		}
	}
	// The topic had no other page: its page goes, and so does its entry in the list of
	// topics.
	if _, _, ok := snap.Lookup("topik/topik-tunggal/index.html"); ok {
		t.Error("the page of a topic no page has any more is still served")
	}
	if strings.Contains(page(t, snap, "topik/index.html"), "topik-tunggal") {
		t.Error("the list of topics still shows a topic no page has any more")
	}
}

// A page given a topic no page had before: the topic gets its page and its entry in the
// list of topics.
func TestSessionNewTermListed(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "content/berita/uji.md", news("Kabar Uji", "Isi."))
	s, res := openSession(t, dir)
	writeFile(t, dir, "content/berita/uji.md", strings.Replace(news("Kabar Uji", "Isi."),
		"ringkasan:", "topik: [\"topik-baru\"]\nringkasan:", 1))
	ctx := context.Background()
	if res = s.Rebuild(ctx, []string{p}, nil); res.Snapshot == nil {
		t.Fatalf("rebuild failed:\n%s", diagText(res.Diagnostics))
	}
	if res = s.Render(ctx, []string{"/topik/", "/topik/topik-baru/"}); res.Snapshot == nil {
		t.Fatalf("render failed:\n%s", diagText(res.Diagnostics))
	}
	if !strings.Contains(page(t, res.Snapshot, "topik/topik-baru/index.html"), "Kabar Uji") {
		t.Error("the new topic's page does not list the page")
	}
	if !strings.Contains(page(t, res.Snapshot, "topik/index.html"), "topik-baru") {
		t.Error("the list of topics does not show the new topic")
	}
}

// A page given a topic that another page has: the list of topics counts it, without a
// full build.
func TestSessionTermCountFollowsEdit(t *testing.T) {
	dir := t.TempDir()
	withTopic := func(title string) string {
		return strings.Replace(news(title, "Isi."), "ringkasan:", "topik: [\"bersama\"]\nringkasan:", 1)
	}
	writeFile(t, dir, "content/berita/a.md", withTopic("Kabar A"))
	p := writeFile(t, dir, "content/berita/b.md", news("Kabar B", "Isi."))
	s, res := openSession(t, dir)
	count := regexp.MustCompile(`/topik/bersama/"?>Bersama</a> <span class="?jumlah"?>(\d+) halaman`)
	if m := count.FindStringSubmatch(page(t, res.Snapshot, "topik/index.html")); m == nil || m[1] != "1" {
		t.Fatalf("before the edit, the list of topics says %v\n%s", m, page(t, res.Snapshot, "topik/index.html"))
	}
	writeFile(t, dir, "content/berita/b.md", withTopic("Kabar B"))
	ctx := context.Background()
	if res = s.Rebuild(ctx, []string{p}, nil); res.Snapshot == nil || res.Full {
		t.Fatalf("rebuild: full %v\n%s", res.Full, diagText(res.Diagnostics))
	}
	if res = s.Render(ctx, []string{"/topik/"}); res.Snapshot == nil {
		t.Fatalf("render failed:\n%s", diagText(res.Diagnostics))
	}
	if m := count.FindStringSubmatch(page(t, res.Snapshot, "topik/index.html")); m == nil || m[1] != "2" {
		t.Errorf("after the edit, the list of topics says %v", m)
	}
}

// An edit of one news page re-renders that page and what lists it, not the sections it
// has nothing to do with: the engine, left to itself, found the home page and every
// dated section changed after each save (their dates re-aggregated) and re-rendered
// what depends on them.
func TestSessionEditRendersOnlyWhatDependsOnIt(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "content/berita/uji.md", news("Judul Awal", "Isi awal."))
	s, res := openSession(t, dir)
	ctx := context.Background()
	for i := range 2 { // the first partial build after a full one differs: look at the second
		writeFile(t, dir, "content/berita/uji.md", news(fmt.Sprintf("Judul %d", i), "Isi baru."))
		res = s.Rebuild(ctx, []string{p}, []string{"/berita/uji/"})
		if res.Snapshot == nil {
			t.Fatalf("rebuild failed:\n%s", diagText(res.Diagnostics))
		}
		rendered := res.Rendered
		res = s.Complete(ctx)
		if res.Snapshot == nil || !res.Snapshot.Complete() {
			t.Fatalf("complete failed:\n%s", diagText(res.Diagnostics))
		}
		rendered = append(rendered, res.Rendered...)
		t.Logf("edit %d rendered %d files: %v", i, len(rendered), rendered)
		for _, want := range []string{"berita/uji/index.html", "berita/index.html", "index.html"} {
			if !slices.Contains(rendered, want) {
				t.Errorf("edit %d: %s not rendered", i, want)
			}
		}
		for _, n := range rendered {
			page := path.Ext(n) != ".svg" // a page's image published again with the home page that shows it
			if page && (strings.HasPrefix(n, "agenda/") || strings.HasPrefix(n, "materi/") || strings.HasPrefix(n, "klarifikasi/")) {
				t.Errorf("edit %d: %s rendered again", i, n)
			}
		}
	}
}
