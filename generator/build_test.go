package generator_test

// Build tests: real builds of real fixture sites with the real engine. Fixture sites are
// txtar archives under testdata/sites; each is written into a temporary site folder and
// built over the national base embedded in the binary, as an agency site would be.

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"gnrm"
	"gnrm/generator"
	"gnrm/generator/diag"
	"gnrm/generator/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite golden files")

// site writes a fixture archive into a new site folder and returns its path.
func site(t *testing.T, name string) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "sites", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		testfiles.Write(t, dir, f.Name, f.Data)
	}
	return dir
}

var (
	cacheOnce sync.Once
	cacheDir  string
)

// sharedCache is one engine cache for every build of the package's tests, as a user's
// machine keeps one: generated images of the national pages are made once, not per test.
func sharedCache(t *testing.T) string {
	cacheOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gnrm-test-cache-")
		if err != nil {
			t.Fatal(err)
		}
		cacheDir = dir
	})
	return cacheDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if cacheDir != "" {
		os.RemoveAll(cacheDir)
	}
	if previous != "" {
		os.RemoveAll(filepath.Dir(previous))
	}
	os.Exit(code)
}

// build builds siteDir over the national base into out.
func build(t *testing.T, siteDir, out string, mod ...func(*generator.BuildOptions)) (generator.Report, error) {
	t.Helper()
	o := generator.BuildOptions{SiteDir: siteDir, OutDir: out, Base: gnrm.Base, CacheDir: sharedCache(t)}
	for _, m := range mod {
		m(&o)
	}
	return generator.Build(context.Background(), o)
}

func mustBuild(t *testing.T, siteDir, out string, mod ...func(*generator.BuildOptions)) generator.Report {
	t.Helper()
	rep, err := build(t, siteDir, out, mod...)
	if err != nil {
		var b bytes.Buffer
		rep.Diagnostics.Write(&b)
		t.Fatalf("build: %v\n%s", err, b.String())
	}
	return rep
}

func read(t *testing.T, out, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// snapshot reads every file under dir, by slash path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		r, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(r)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(t *testing.T, want, got map[string]string) {
	t.Helper()
	for k, v := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: missing", k)
		} else if g != v {
			t.Errorf("%s: content differs", k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected file", k)
		}
	}
}

// pageURL is the output file Hugo publishes for a content file, by its default paths:
// a translation (x.en.md) under its language's folder.
func pageURL(contentPath string) string {
	dir, file := path.Split(contentPath)
	base := strings.TrimSuffix(file, ".md")
	if i := strings.IndexByte(base, '.'); i >= 0 {
		dir, base = base[i+1:]+"/"+dir, base[:i]
	}
	switch base {
	case "_index", "index":
		return dir + "index.html"
	}
	return dir + base + "/index.html"
}

func TestNationalSiteHasEveryPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	rep := mustBuild(t, "..", out)
	if n := rep.Diagnostics.Warnings(); n > 0 {
		var b bytes.Buffer
		rep.Diagnostics.Write(&b)
		t.Errorf("national site has %d warnings:\n%s", n, b.String())
	}
	files := snapshot(t, out)
	var pages int
	err := fs.WalkDir(gnrm.Base, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, "content/")
		if strings.HasSuffix(p, ".md") {
			pages++
			if _, ok := files[pageURL(rel)]; !ok {
				t.Errorf("%s: page %s not published", p, pageURL(rel))
			}
		} else if _, ok := files[rel]; !ok {
			t.Errorf("%s: resource not published", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 30 {
		t.Errorf("only %d content pages in the national base", pages)
	}
	for _, f := range []string{"index.xml", "sitemap.xml", "berita/index.xml", "gerakan/melayani/index.xml"} {
		if _, ok := files[f]; !ok {
			t.Errorf("%s not published", f)
		}
	}
	if rep.Pages < pages || rep.Files < pages {
		t.Errorf("summary counts %d pages, %d files for %d content files", rep.Pages, rep.Files, pages)
	}

	home := files["index.html"]
	// Navigation from the menus, in order, with the current page marked.
	nav := regexp.MustCompile(`(?s)<nav[^>]*>.*?</nav>`).FindAllString(home, -1)
	var main string
	for _, n := range nav {
		if strings.Contains(n, "Rencana Aksi") {
			main = n
		}
	}
	last := -1
	for _, name := range []string{"Beranda", "Gerakan", "Rencana Aksi", "Berita", "Klarifikasi", "Agenda", "Materi", "Tentang"} {
		i := strings.Index(main, ">"+name+"<")
		if i < 0 || i < last {
			t.Errorf("main menu: %q missing or out of order in %q", name, main)
		}
		last = i
	}
	if !strings.Contains(main, `aria-current`) {
		t.Errorf("main menu marks no current page")
	}
	// The five movements, each with its colour in the stylesheet.
	css := ""
	for name, body := range files {
		if strings.HasSuffix(name, ".css") {
			css += body
		}
	}
	for key, colour := range map[string]string{"melayani": "#8b1a1a", "bersih": "#1d6b3a", "tertib": "#1f4e8c", "mandiri": "#7a4b00", "bersatu": "#5b2d82"} {
		if !strings.Contains(home, "/gerakan/"+key+"/") {
			t.Errorf("home does not link movement %s", key)
		}
		if !regexp.MustCompile(`gerakan-` + key + `\{[^}]*` + colour).MatchString(css) {
			t.Errorf("stylesheet has no colour %s for movement %s", colour, key)
		}
	}
	// Every Subresource Integrity hash matches the bytes published (minify must not
	// change a fingerprinted file after the engine hashed it).
	sri := regexp.MustCompile(`(?:href|src)=["']?/([^"' >]+)["']? integrity=["']?sha384-([A-Za-z0-9+/=]+)`)
	for name, body := range files {
		for _, m := range sri.FindAllStringSubmatch(body, -1) {
			asset, ok := files[m[1]]
			sum := sha512.Sum384([]byte(asset))
			if !ok || base64.StdEncoding.EncodeToString(sum[:]) != m[2] {
				t.Errorf("%s: integrity of %s does not match the published file (present: %v)", name, m[1], ok)
			}
		}
	}
	if !sri.MatchString(home) {
		t.Errorf("home page links no stylesheet with an integrity hash")
	}
	// Minified: no indentation between tags, no comments.
	for name, body := range files {
		if strings.HasSuffix(name, ".html") && (strings.Contains(body, ">\n  <") || strings.Contains(body, "<!--")) {
			t.Errorf("%s is not minified", name)
		}
	}
	// No inline script, no third-party request.
	for name, body := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		// A JSON-LD data block is not a script: it is never executed.
		for _, m := range regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).FindAllString(body, -1) {
			if !regexp.MustCompile(`type="?application/ld\+json`).MatchString(m) {
				t.Errorf("%s has an inline script: %.80s", name, m)
			}
		}
		if m := regexp.MustCompile(`(?:src|href)=["']?(?:https?:)?//[^"' >]+\.(?:css|js|woff2?)`).FindString(body); m != "" {
			t.Errorf("%s loads a third-party resource: %s", name, m)
		}
	}
}

func TestOverlayFileWinsOverBase(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	about := read(t, out, "tentang/index.html")
	if !strings.Contains(about, "Halaman tentang milik Pemerintah Kabupaten Contoh") {
		t.Errorf("agency tentang.md did not replace the national one")
	}
	if !strings.Contains(read(t, out, "berita/kabar-kabupaten-contoh/index.html"), "Kabar dari Kabupaten Contoh") {
		t.Errorf("agency news page missing")
	}
	// An agency layout overrides the theme's by the engine's lookup order.
	if !strings.Contains(read(t, out, "kontak/index.html"), "kontak-kabupaten-contoh") {
		t.Errorf("agency layout did not override the theme")
	}
	// National pages the agency does not override are still there.
	if !strings.Contains(read(t, out, "gerakan/melayani/index.html"), "Indonesia Melayani") {
		t.Errorf("national movement page missing")
	}
	// Files of the site folder that are not sources never reach the engine or the output.
	if _, err := os.Stat(filepath.Join(out, "catatan.txt")); err == nil {
		t.Errorf("a file outside the source folders was published")
	}
}

func TestIndicatorProgressDrawnWhenFiguresPresent(t *testing.T) {
	dir := site(t, "indikator")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	p := read(t, out, "rencana-aksi/program-01-kapasitas-sdm-asn/index.html")
	meters := regexp.MustCompile(`<meter[^>]*>`).FindAllString(p, -1)
	if len(meters) != 2 {
		t.Fatalf("want 2 meters for the 2 indicators with figures, got %d: %q", len(meters), meters)
	}
	if !strings.Contains(meters[0], `value=60`) && !strings.Contains(meters[0], `value="60"`) {
		t.Errorf("first meter does not show capaian 60: %s", meters[0])
	}
	if !strings.Contains(meters[0], `max=80`) && !strings.Contains(meters[0], `max="80"`) {
		t.Errorf("first meter does not use target 80 as max: %s", meters[0])
	}
	if !strings.Contains(p, "75") {
		t.Errorf("percentage 75%% of 60/80 not shown")
	}
	// An indicator without figures says the data is not reported yet.
	if !strings.Contains(p, "belum dilaporkan") {
		t.Errorf("indicator without figures is not marked as unreported")
	}
	// National programs without figures draw no meter.
	if strings.Contains(read(t, out, "rencana-aksi/program-02-penegakan-disiplin/index.html"), "<meter") {
		t.Errorf("a program without figures draws a meter")
	}
}

// TestTermLookupMatchesEngine checks the theme's term lookup (istilah-halaman.html,
// which replaced .GetTerms on pages) against .GetTerms itself, for term values written
// with capitals, accents, punctuation, a case-only duplicate and a number.
func TestTermLookupMatchesEngine(t *testing.T) {
	dir := site(t, "istilah")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	page := read(t, out, "berita/istilah-beragam/index.html")
	for _, tax := range []string{"gerakan", "instansi", "topik"} {
		m := regexp.MustCompile(`id="?` + tax + `"? data-cari="([^"]*)" data-engine="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no lookup line in the page:\n%s", tax, page)
		}
		lookup, engine := strings.Fields(m[1]), strings.Fields(m[2])
		if len(engine) == 0 || !slices.Equal(lookup, engine) {
			t.Errorf("%s: the theme found %q, GetTerms gives %q", tax, lookup, engine)
		}
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	before := snapshot(t, out)

	bad := site(t, "bad-template")
	for _, f := range []string{"layouts/page.html"} {
		b, err := os.ReadFile(filepath.Join(bad, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := build(t, dir, out)
	if !errors.Is(err, generator.ErrFailed) {
		t.Fatalf("build with a broken template: err = %v, want ErrFailed", err)
	}
	found := false
	for _, d := range rep.Diagnostics {
		if d.Path == "layouts/page.html" && d.Line == 3 {
			found = true
		}
	}
	if !found {
		var b bytes.Buffer
		rep.Diagnostics.Write(&b)
		t.Errorf("no diagnostic at layouts/page.html:3:\n%s", b.String())
	}
	sameTree(t, before, snapshot(t, out))
	if m, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*")); len(m) > 0 {
		t.Errorf("staging folder left behind: %v", m)
	}
}

func TestCancelledBuildLeavesOutputUntouched(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	before := snapshot(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := generator.Build(ctx, generator.BuildOptions{SiteDir: dir, OutDir: out, Base: gnrm.Base, CacheDir: t.TempDir()})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	sameTree(t, before, snapshot(t, out))
}

func TestBuildsAreByteIdentical(t *testing.T) {
	dir := site(t, "overlay")
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	mustBuild(t, dir, a)
	mustBuild(t, dir, b)
	sameTree(t, snapshot(t, a), snapshot(t, b))
}

func TestMinifyShrinksOutput(t *testing.T) {
	dir := site(t, "overlay")
	min := mustBuild(t, dir, filepath.Join(t.TempDir(), "min"))
	raw := mustBuild(t, dir, filepath.Join(t.TempDir(), "raw"), func(o *generator.BuildOptions) { o.NoMinify = true })
	if min.BytesOut >= raw.BytesOut || min.BytesIn != raw.BytesIn || raw.BytesIn != raw.BytesOut {
		t.Errorf("minified %d bytes (of %d), unminified %d (of %d)", min.BytesOut, min.BytesIn, raw.BytesOut, raw.BytesIn)
	}
}

func TestBaseURLWithSubPath(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out, func(o *generator.BuildOptions) { o.BaseURL = "https://pemda.example.go.id/gnrm/" })
	for name, body := range snapshot(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range regexp.MustCompile(`(?:href|src)=["']?(/[^"' >]*)`).FindAllStringSubmatch(body, -1) {
			if !strings.HasPrefix(m[1], "/gnrm/") {
				t.Errorf("%s: link %q escapes the sub-path", name, m[1])
			}
		}
	}
}

func TestRefusesDangerousOutputFolders(t *testing.T) {
	dir := site(t, "overlay")
	docs := filepath.Join(t.TempDir(), "dokumen")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "surat.docx"), []byte("penting"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{dir, filepath.Dir(dir), filepath.Join(dir, "content"), docs} {
		if _, err := build(t, dir, out); err == nil {
			t.Errorf("build into %s was not refused", out)
		}
	}
	if b, err := os.ReadFile(filepath.Join(docs, "surat.docx")); err != nil || string(b) != "penting" {
		t.Errorf("unrelated folder was touched")
	}
}

func TestKeepsPlaceholderDotfile(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".gitignore"), []byte("*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir, out)
	if read(t, out, ".gitignore") != "*\n" {
		t.Errorf("placeholder .gitignore not kept")
	}
}

// The diagnostics of a failed build, as printed, against a golden file (-update rewrites it).
func TestFailureReportGolden(t *testing.T) {
	dir := site(t, "bad-template")
	rep, err := build(t, dir, filepath.Join(dir, "public"))
	if !errors.Is(err, generator.ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	var got bytes.Buffer
	rep.Diagnostics.Write(&got)
	golden := filepath.Join("testdata", "golden", "bad-template.txt")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("report differs from %s (run go test -update to accept):\n--- got\n%s--- want\n%s", golden, got.String(), want)
	}
}

// gnrm check's report on a folder with several problems, in text (both languages) and
// JSON, against golden files (-update rewrites them).
func TestCheckReportGolden(t *testing.T) {
	dir := site(t, "problems")
	rep, err := generator.Check(context.Background(), generator.BuildOptions{SiteDir: dir, Base: gnrm.Base, CacheDir: t.TempDir()})
	if !errors.Is(err, generator.ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Errorf("check wrote an output folder")
	}
	for name, write := range map[string]func(*bytes.Buffer){
		"check.txt":    func(b *bytes.Buffer) { rep.Diagnostics.WriteLang(b, diag.Indonesian) },
		"check.en.txt": func(b *bytes.Buffer) { rep.Diagnostics.WriteLang(b, diag.English) },
		"check.json":   func(b *bytes.Buffer) { rep.Diagnostics.WriteJSON(b, diag.Indonesian) },
	} {
		var got bytes.Buffer
		write(&got)
		golden := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want) {
			t.Errorf("%s differs (go test -update to accept):\n--- got\n%s--- want\n%s", name, got.String(), want)
		}
	}
}
