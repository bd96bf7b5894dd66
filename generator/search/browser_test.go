package search_test

// The search script in a real browser (Debian's headless Chromium, driven with chromedp):
// the national site is built, served over loopback HTTP, and its search page opened.
// The shared vectors (testdata/vektor.txt) must give the same words and stems in
// JavaScript as in Go, and a query in one inflected form must find a news item that
// writes another form of the same root.
//
// Without /usr/bin/chromium the test is skipped, unless GNRM_REQUIRE_BROWSER is set (CI
// sets it after installing chromium): then a missing browser fails the test.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"gnrm/generator/internal/chrome"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gnrm"
	"gnrm/generator"
)

const chromium = chrome.Path

// browser starts headless Chromium for the test (generator/internal/chrome).
func browser(t testing.TB) context.Context {
	t.Helper()
	return chrome.Start(t, chrome.Options{Timeout: 10 * time.Minute})
}

// within runs an action with its own deadline on a context that already runs a browser.
func within[T any](ctx context.Context, d time.Duration, a chromedp.Action[T]) (T, error) {
	return chrome.Within(ctx, d, a)
}

func do(t testing.TB, ctx context.Context, d time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := within(ctx, d, chromedp.Steps(steps...)); err != nil {
		t.Fatal(err)
	}
}

func js[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := within(ctx, 30*time.Second, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %.200s: %v", expr, err)
	}
	return v
}

// waitJS evaluates a JavaScript expression until it is true.
func waitJS(t testing.TB, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := within(ctx, 10*time.Second, chromedp.Evaluate[bool](`(() => { try { return !!(`+expr+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	state, _ := within(ctx, 5*time.Second, chromedp.Evaluate[string](`location.href + " | " + (document.getElementById("cari-status")?.textContent || "")`))
	t.Fatalf("browser: %s: not within 60 s; page: %s", what, state)
}

// buildSite builds a site folder over the national base into a temporary folder.
func buildSite(t testing.TB, siteDir string) (string, generator.Report) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	rep, err := generator.Build(context.Background(), generator.BuildOptions{
		SiteDir: siteDir, OutDir: out, Base: gnrm.Base, CacheDir: t.TempDir(),
	})
	if err != nil {
		var b strings.Builder
		rep.Diagnostics.Write(&b)
		t.Fatalf("build: %v\n%s", err, b.String())
	}
	return out, rep
}

// counter counts the bytes served per URL path, for the index files.
type counter struct {
	mu    sync.Mutex
	bytes map[string]int
}

func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.bytes
	c.bytes = map[string]int{}
	return m
}

type countingWriter struct {
	http.ResponseWriter
	n int
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

// serve serves a folder over loopback HTTP, without caching, and counts what it sends.
func serve(t testing.TB, dir string) (string, *counter) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &counter{bytes: map[string]int{}}
	fsrv := http.FileServer(http.Dir(dir))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		cw := &countingWriter{ResponseWriter: w}
		fsrv.ServeHTTP(cw, r)
		c.mu.Lock()
		c.bytes[r.URL.Path] += cw.n
		c.mu.Unlock()
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), c
}

// vectors reads testdata/vektor.txt: kind ("id", "en", "tok"), input, expected output.
func vectors(t testing.TB) (kinds, ins []string, wants [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "vektor.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "tok\t"):
			p := strings.Split(l, "\t")
			kinds, ins, wants = append(kinds, "tok"), append(ins, p[1]), append(wants, strings.Fields(p[2]))
		case strings.HasPrefix(l, "id "), strings.HasPrefix(l, "en "):
			p := strings.Fields(l)
			kinds, ins, wants = append(kinds, p[0]), append(ins, p[1]), append(wants, p[2:])
		}
	}
	return kinds, ins, wants
}

// typeQuery types a query into the search field and waits for its results.
func typeQuery(t testing.TB, ctx context.Context, q string) {
	t.Helper()
	js[bool](t, ctx, `document.getElementById("cari-q").value = ""; window.__hasil = 0;
		document.querySelector("form[data-cari-manifest]").addEventListener("gnrm-cari:hasil", () => window.__hasil++); true`)
	do(t, ctx, 30*time.Second, chromedp.SendKeys(chromedp.CSS("#cari-q"), q))
	want, _ := json.Marshal(q)
	trimmed, _ := json.Marshal(strings.TrimSpace(q))
	// The status names the query once typing pauses.
	waitJS(t, ctx, "results for "+q, `window.__hasil > 0 && document.getElementById("cari-q").value === `+string(want)+
		` && document.getElementById("cari-status").textContent.includes(`+string(trimmed)+`)`)
}

// results returns the addresses of the results shown.
func results(t testing.TB, ctx context.Context) []string {
	t.Helper()
	return js[[]string](t, ctx, `[...document.querySelectorAll("#cari-hasil a")].map(a => new URL(a.href).pathname)`)
}

func TestBrowserSearch(t *testing.T) {
	ctx := browser(t)
	out, _ := buildSite(t, filepath.Join("..", ".."))
	base, _ := serve(t, out)

	do(t, ctx, 60*time.Second, chromedp.Navigate(base+"/cari/"))
	waitJS(t, ctx, "index manifest loaded", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
	if js[bool](t, ctx, `!document.getElementById("cari-jelajah").hidden`) {
		t.Errorf("the links shown without JavaScript stay visible with it")
	}

	// The shared vectors give the same words and stems in JavaScript as in Go.
	kinds, ins, wants := vectors(t)
	in, _ := json.Marshal(map[string]any{"kinds": kinds, "ins": ins})
	got := js[[][]string](t, ctx, `(() => { const v = `+string(in)+`;
		return v.ins.map((w, i) => v.kinds[i] === "tok" ? gnrmCari.tokens(w) : gnrmCari.stems(w, v.kinds[i])); })()`)
	if len(got) != len(wants) {
		t.Fatalf("%d results for %d vectors", len(got), len(wants))
	}
	bad := 0
	for i := range wants {
		if strings.Join(got[i], " ") != strings.Join(wants[i], " ") {
			if bad++; bad <= 20 {
				t.Errorf("%s %q: JavaScript %q, Go %q", kinds[i], ins[i], got[i], wants[i])
			}
		}
	}
	if len(wants) < 500 {
		t.Errorf("only %d vectors", len(wants))
	}

	// An inflected word finds a news item that writes another form of its root.
	const news = "/berita/seminar-bakohumas-gerakan-indonesia-melayani/"
	page, err := os.ReadFile(filepath.Join(out, "berita", "seminar-bakohumas-gerakan-indonesia-melayani", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(page)), "dilayani") || !strings.Contains(string(page), "melayani") {
		t.Fatalf("the news item no longer fits the test: it must say melayani and not dilayani")
	}
	for _, q := range []string{"dilayani", "pelayanan ASN", "Kompetensi aparatur"} {
		typeQuery(t, ctx, q)
		if r := results(t, ctx); !containsStr(r, news) {
			t.Errorf("%q: %s not among the results %v", q, news, r)
		}
	}
	// A word alone, typed on a fresh page: every keystroke's results are shown from the
	// cards in the term shards, before any document shard is requested; the snippets
	// follow once typing pauses.
	do(t, ctx, 60*time.Second, chromedp.Navigate(base+"/cari/"))
	waitJS(t, ctx, "index manifest loaded", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
	js[bool](t, ctx, `window.__docShards = []; document.querySelector("form[data-cari-manifest]").addEventListener("gnrm-cari:hasil", (e) =>
		window.__docShards.push(performance.getEntriesByType("resource").filter((r) => /\/d-[0-9]+\./.test(r.name)).length)); true`)
	typeQuery(t, ctx, "dilayani")
	if n := js[[]int](t, ctx, `window.__docShards`); len(n) == 0 || slices.Max(n) > 0 {
		t.Errorf("dilayani: document shards requested before the results were shown (per keystroke: %v)", n)
	}
	waitJS(t, ctx, "snippets of dilayani", `document.querySelectorAll("#cari-hasil .butir-ringkasan").length > 0`)
	if !js[bool](t, ctx, `[...document.querySelectorAll("#cari-hasil li")].some((li) => li.querySelector(".butir-ringkasan mark"))`) {
		t.Errorf("dilayani: no snippet with a marked word")
	}
	marks := js[[]string](t, ctx, `[...document.querySelectorAll("#cari-hasil mark")].map(m => m.textContent.toLowerCase())`)
	if !containsStr(marks, "melayani") && !containsStr(marks, "pelayanan") {
		t.Errorf("no form of layan marked in the results: %v", marks)
	}
	status := js[string](t, ctx, `document.getElementById("cari-status").textContent`)
	if !strings.Contains(status, "hasil untuk") {
		t.Errorf("status %q", status)
	}
	// A prefix while typing: "pelay" already finds pages about pelayanan.
	typeQuery(t, ctx, "pelay")
	if len(results(t, ctx)) == 0 {
		t.Errorf("the prefix pelay finds nothing")
	}
	// A short word alone is searched as it is (a number, an abbreviation).
	typeQuery(t, ctx, "12")
	if r := results(t, ctx); !containsStr(r, "/berita/inpres-12-2016-gerakan-nasional-revolusi-mental/") {
		t.Errorf("12: the news item on Inpres 12/2016 not among %v", r)
	}
	// Nothing found: said so, no results.
	typeQuery(t, ctx, "zzzqqq")
	if r := results(t, ctx); len(r) != 0 || !strings.Contains(js[string](t, ctx, `document.getElementById("cari-status").textContent`), "Tidak ada hasil") {
		t.Errorf("a word found nowhere: results %v", r)
	}

	// A query in the address (the no-JavaScript form, or a shared link) is searched on load.
	do(t, ctx, 60*time.Second, chromedp.Navigate(base+"/cari/?q=ketertiban"))
	waitJS(t, ctx, "results of ?q=", `document.querySelectorAll("#cari-hasil li").length > 0`)
	if r := results(t, ctx); !containsStr(r, "/gerakan/tertib/") {
		t.Errorf("?q=ketertiban: /gerakan/tertib/ not among %v", r)
	}

	// The English search page searches the English pages, in English.
	if _, err := os.Stat(filepath.Join(out, "en", "cari", "index.html")); err == nil {
		do(t, ctx, 60*time.Second, chromedp.Navigate(base+"/en/cari/"))
		waitJS(t, ctx, "English manifest loaded", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
		typeQuery(t, ctx, "movements")
		r := results(t, ctx)
		if len(r) == 0 {
			t.Errorf("English: movements finds nothing")
		}
		for _, u := range r {
			if !strings.HasPrefix(u, "/en/") {
				t.Errorf("English search returned %s", u)
			}
		}
		if s := js[string](t, ctx, `document.getElementById("cari-status").textContent`); !strings.Contains(s, "result") {
			t.Errorf("English status %q", s)
		}
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBrowserSearchSplitShards searches a site whose term shard "la" is split into parts
// (over 64 KB): exact words and prefixes in every part must be found, as the Go index
// holds them.
func TestBrowserSearchSplitShards(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	news := filepath.Join(dir, "content", "berita")
	if err := os.MkdirAll(news, 0o755); err != nil {
		t.Fatal(err)
	}
	// Made-up words la + consonant + vowel + consonant, which no rule of the stemmer
	// changes; page i holds 60 of the 200.
	var words []string
	for _, c1 := range "bdgjprst" {
		for _, v := range "aeiou" {
			for _, c2 := range "bdgpt" {
				words = append(words, "la"+string(c1)+string(v)+string(c2))
			}
		}
	}
	pagesWith := map[string]int{}
	for i := range 400 {
		var body strings.Builder
		for j := range 60 {
			w := words[(i*7+j*3)%len(words)]
			body.WriteString(w + " ")
		}
		seen := map[string]bool{}
		for _, w := range strings.Fields(body.String()) {
			if !seen[w] {
				seen[w] = true
				pagesWith[w]++
			}
		}
		md := fmt.Sprintf("---\ntitle: \"Kabar %d\"\ndate: 2020-01-%02dT09:00:00+07:00\njenis: \"berita\"\nringkasan: \"Ringkasan kabar.\"\n---\n\n%s\n", i, 1+i%28, body.String())
		if err := os.WriteFile(filepath.Join(news, fmt.Sprintf("k%03d.md", i)), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, _ := buildSite(t, dir)
	parts, _ := filepath.Glob(filepath.Join(out, "cari", "indeks", "id", "t-la-*.json"))
	if len(parts) < 2 {
		t.Fatalf("the la shard is not split: %v", parts)
	}
	base, _ := serve(t, out)
	do(t, ctx, 60*time.Second, chromedp.Navigate(base+"/cari/"))
	waitJS(t, ctx, "index manifest loaded", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
	for _, w := range []string{words[0], words[len(words)/2], words[len(words)-1]} {
		typeQuery(t, ctx, w+" ") // a space: the whole word, not a prefix
		want := fmt.Sprintf("%d hasil", pagesWith[w])
		if s := js[string](t, ctx, `document.getElementById("cari-status").textContent`); !strings.HasPrefix(s, want) {
			t.Errorf("%s: status %q, want %s", w, s, want)
		}
	}
	// A prefix spanning parts: every made-up word starts with la.
	typeQuery(t, ctx, "lat")
	if len(results(t, ctx)) == 0 {
		t.Errorf("the prefix lat finds nothing")
	}
}
