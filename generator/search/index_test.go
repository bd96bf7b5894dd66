package search

// Tests of the index and of Add, on small hand-written output trees: which pages are
// indexed, the fields and weights of the postings, the shards and their names, the
// manifest reference in the search page, byte-identical output, and the file tree that
// Add returns (checked with testing/fstest).

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// htmlPage writes a page as the theme would: breadcrumb, h1, lead, headings, body.
func htmlPage(lang, section, title, lead, body string) string {
	crumb := `<li><a href="/">Beranda</a></li>`
	if section != "" {
		crumb += `<li><a href="/s/">` + section + `</a></li>`
	}
	crumb += `<li><a href="#" aria-current="page">` + title + `</a></li>`
	return `<!doctype html><html lang="` + lang + `"><head><meta charset="utf-8"><title>` + title + ` — Situs</title>` +
		`<meta name="description" content="deskripsi meta"></head><body>` +
		`<header class="kepala"><nav class="nav-utama"><a href="/">Beranda</a></nav><p>kepala situs</p></header>` +
		`<main id="konten"><nav class="remah" aria-label="Breadcrumb"><ol>` + crumb + `</ol></nav>` +
		`<header class="judul-halaman"><h1>` + title + `</h1><p class="lead">` + lead + `</p>` +
		`<p class="meta"><span><svg class="ikon"><path d="M0"/></svg><time datetime="2017-08-09">9 Agustus 2017</time></span></p></header>` +
		`<div class="prosa">` + body + `</div></main><footer>kaki situs</footer></body></html>`
}

func siteFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html": {Data: []byte(htmlPage("id", "", "Beranda Kampanye", "Ajakan revolusi mental.", "<p>Selamat datang.</p>"))},
		"berita/seminar/index.html": {Data: []byte(htmlPage("id", "Berita", "Seminar Gerakan Indonesia Melayani", "Ringkasan tentang kompetensi aparatur.",
			`<h2>Latar belakang</h2><p>Aparatur negara <b>melayani</b> masyarakat dengan sepenuh hati.</p>`+
				`<script>var rahasia = "skrip";</script><p class="sr-only">label tersembunyi</p><p hidden>teks tersembunyi</p>`+
				`<ul class="daftar"><li class="butir"><a href="/x/">Judul halaman lain</a></li></ul>`))},
		"berita/index.html":        {Data: []byte(htmlPage("id", "", "Berita", "Kabar terbaru.", ""))},
		"berita/page/2/index.html": {Data: []byte(htmlPage("id", "", "Berita", "Halaman kedua daftar.", ""))},
		"tentang/index.html": {Data: []byte(`<!doctype html><html lang="id"><head><title>Tentang — Situs</title></head><body><main>` +
			`<nav class="remah"><ol><li><a href="/">Beranda</a></li><li><a href="/tentang/">Tentang</a></li></ol></nav>` +
			`<h1>Tentang</h1><div class="prosa"><p>Tentang situs pelayanan publik.</p></div></main></body></html>`)},
		"alias/index.html":   {Data: []byte(`<!doctype html><html lang="id"><head><meta http-equiv="refresh" content="0; url=/tentang/"><title>/tentang/</title></head><body><main>alihkan</main></body></html>`)},
		"rahasia/index.html": {Data: []byte(`<!doctype html><html lang="id"><head><meta name="robots" content="noindex"></head><body><main><h1>Jangan diindeks</h1></main></body></html>`)},
		"404.html":           {Data: []byte(htmlPage("id", "", "Halaman tidak ditemukan", "", ""))},
		"en/index.html":      {Data: []byte(htmlPage("en", "", "Campaign Home", "The movements serve the public.", "<p>Welcome.</p>"))},
		"cari/index.html": {Data: []byte(`<!doctype html><html lang="id"><head></head><body><main><h1>Cari</h1>` +
			`<form role="search" data-cari-manifest="/cari/indeks/id/manifest.json"><input name="q"></form><p>Petunjuk melayani.</p></main></body></html>`)},
		// Minified: attribute values without quotes.
		"en/cari/index.html": {Data: []byte(`<!doctype html><html lang=en><head></head><body><main><h1>Search</h1>` +
			`<form role=search data-cari-manifest=/cari/indeks/en/manifest.json><input name=q></form></main></body></html>`)},
		"css/main.0123456789abcdef0123456789abcdef.css": {Data: []byte("body{}")},
	}
}

// sources are the pages rendered from content files (no 404, alias, pagination).
var sources = []string{"index.html", "berita/index.html", "berita/seminar/index.html", "tentang/index.html",
	"rahasia/index.html", "en/index.html", "cari/index.html", "en/cari/index.html"}

func mustAdd(t *testing.T, files fs.FS, pages []string) Result {
	t.Helper()
	res, err := Add(files, pages)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func langIndex(t *testing.T, res Result, lang string) *LangIndex {
	t.Helper()
	for _, ix := range res.Langs {
		if ix.Lang == lang {
			return ix
		}
	}
	t.Fatalf("no index for %s", lang)
	return nil
}

func readJSON[T any](t *testing.T, files fs.FS, name string) T {
	t.Helper()
	var v T
	b, err := fs.ReadFile(files, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// postings decodes a posting list: document -> [weight, tf x 100].
func postings(flat []int) map[int][2]int {
	out := map[int][2]int{}
	d := 0
	for i := 0; i+2 < len(flat); i += 3 {
		d += flat[i]
		out[d] = [2]int{flat[i+1], flat[i+2]}
	}
	return out
}

// readShard reads a term shard (or a part): its postings by term and its cards by
// document number.
func readShard(t *testing.T, files fs.FS, name string) (map[string][]int, map[int]Doc) {
	t.Helper()
	sh := readJSON[struct {
		C [][]json.RawMessage `json:"c"`
		P map[string][]int    `json:"p"`
	}](t, files, name)
	if sh.C == nil || sh.P == nil {
		t.Fatalf("%s: no cards or no postings", name)
	}
	cards := map[int]Doc{}
	last := -1
	for _, c := range sh.C {
		var i int
		var d Doc
		if len(c) != 5 || json.Unmarshal(c[0], &i) != nil || json.Unmarshal(c[1], &d.Section) != nil ||
			json.Unmarshal(c[2], &d.Title) != nil || json.Unmarshal(c[3], &d.Date) != nil || json.Unmarshal(c[4], &d.URL) != nil {
			t.Fatalf("%s: card %s is not [number, section, title, date, address]", name, c)
		}
		if i <= last {
			t.Errorf("%s: cards not in document order: %d after %d", name, i, last)
		}
		last = i
		cards[i] = d
	}
	return sh.P, cards
}

func TestIndexedPages(t *testing.T) {
	for _, pages := range [][]string{sources, nil} {
		res := mustAdd(t, siteFS(), pages)
		id := langIndex(t, res, "id")
		m := readJSON[manifest](t, res.Files, id.Manifest)
		var urls []string
		for i := range m.DocShards {
			for _, d := range readJSON[[]Doc](t, res.Files, fmt.Sprintf("%s/id/d-%d.%s.json", Dir, i, m.Version)) {
				urls = append(urls, d.URL)
			}
		}
		want := []string{"", "berita/", "berita/seminar/", "tentang/"}
		if !slices.Equal(urls, want) {
			t.Errorf("pages %v: indexed %q, want %q (no 404, alias, pagination, noindex, search page)", pages != nil, urls, want)
		}
		if m.Docs != len(want) || m.Lang != "id" || m.Stemmer != "id" || m.Format != Format || m.PerShard != DocsPerShard {
			t.Errorf("manifest %+v", m)
		}
		en := langIndex(t, res, "en")
		if en.Docs != 1 {
			t.Errorf("English index has %d documents, want 1", en.Docs)
		}
	}
}

func TestDocumentFields(t *testing.T) {
	res := mustAdd(t, siteFS(), sources)
	id := langIndex(t, res, "id")
	m := readJSON[manifest](t, res.Files, id.Manifest)
	docs := readJSON[[]Doc](t, res.Files, fmt.Sprintf("%s/id/d-0.%s.json", Dir, m.Version))
	got := docs[2]
	want := Doc{Section: "Berita", Title: "Seminar Gerakan Indonesia Melayani",
		Snippet: "Ringkasan tentang kompetensi aparatur.", Date: "2017-08-09", URL: "berita/seminar/"}
	if got != want {
		t.Errorf("document\n got %+v\nwant %+v", got, want)
	}
	// Without a lead or a description, the snippet is the start of the body; without a
	// section in the breadcrumb, none; without a <time>, no date.
	if d := docs[3]; d.Snippet != "Tentang situs pelayanan publik." || d.Section != "" || d.Date != "" {
		t.Errorf("tentang: %+v", d)
	}
}

func TestPostingWeights(t *testing.T) {
	res := mustAdd(t, siteFS(), sources)
	id := langIndex(t, res, "id")
	m := readJSON[manifest](t, res.Files, id.Manifest)
	term := func(stem string) map[int][2]int {
		key := ShardKey(stem)
		if !slices.Contains(m.Terms, key) {
			return nil
		}
		shard, _ := readShard(t, res.Files, fmt.Sprintf("%s/id/t-%s.%s.json", Dir, key, m.Version))
		return postings(shard[stem])
	}
	const seminar = 2 // berita/seminar/ in address order
	for word, w := range map[string]int{
		"seminar": WeightTitle, "latar": WeightHeading, "kompetensi": WeightSummary, "masyarakat": WeightBody,
		"melayani": WeightTitle, // Melayani in the title and melayani in the body: the best field
	} {
		stem := StemID(word)[0]
		p, ok := term(stem)[seminar]
		if !ok {
			t.Errorf("%s: no posting for the seminar page", stem)
			continue
		}
		if p[0] != w {
			t.Errorf("%s: weight %d, want %d", stem, p[0], w)
		}
		if p[1] < 1 {
			t.Errorf("%s: tf %d", stem, p[1])
		}
	}
	if layan := term("layan"); layan[seminar][1] <= term("seminar")[seminar][1] {
		t.Errorf("layan occurs twice and seminar once, but tf %d <= %d", layan[seminar][1], term("seminar")[seminar][1])
	}
	// Left out: scripts, screen-reader labels, hidden text, other pages' items, the
	// site header and footer, stop words.
	for _, stem := range []string{"rahasia", "label", "sembunyi", "judul", "kepala", "kaki", "yang", "dengan"} {
		if p := term(stem); len(p) > 0 {
			t.Errorf("%s indexed: %v", stem, p)
		}
	}
	// layan: melayani on the seminar page (document 2), pelayanan on the about page
	// (3); "Petunjuk melayani" is on the search page, which is not indexed.
	if p := term("layan"); len(p) != 2 || p[3][0] != WeightBody {
		t.Errorf("layan: %v, want documents 2 and 3", p)
	}
}

func TestShardsAndNames(t *testing.T) {
	res := mustAdd(t, siteFS(), sources)
	fp := regexp.MustCompile(`^cari/indeks/(id|en)/(manifest|d-[0-9]+|t-[a-z0-9_]{1,2}(?:-[0-9]+)?)\.([0-9a-f]{32})\.json$`)
	for _, ix := range res.Langs {
		m := readJSON[manifest](t, res.Files, ix.Manifest)
		var terms []string
		docShards := 0
		for name, b := range ix.Files {
			mm := fp.FindStringSubmatch(name)
			if mm == nil {
				t.Errorf("%s: not a fingerprinted index name", name)
				continue
			}
			if !json.Valid(b) {
				t.Errorf("%s: not JSON", name)
			}
			// Keys sorted: encoding/json sorts the keys of a map, so decoding into maps
			// and encoding again must give the same bytes.
			var v any
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.UseNumber()
			if err := dec.Decode(&v); err == nil {
				if again, _ := json.Marshal(v); string(again) != string(b) {
					t.Errorf("%s: keys not sorted (or not compact):\n%.300s\nsorted:\n%.300s", name, b, again)
				}
			}
			switch {
			case mm[2] == "manifest":
				if mm[3] != hash(b) {
					t.Errorf("%s: the manifest's name does not carry the hash of its bytes", name)
				}
				continue
			case mm[3] != m.Version:
				t.Errorf("%s: a shard not named by the index version %s", name, m.Version)
			}
			if strings.HasPrefix(mm[2], "d-") {
				docShards++
				continue
			}
			key := strings.TrimPrefix(mm[2], "t-")
			terms = append(terms, key)
			shard, _ := readShard(t, res.Files, name)
			for term, ps := range shard {
				if ShardKey(term) != key {
					t.Errorf("%s: term %q belongs to shard %q", name, term, ShardKey(term))
				}
				if len(ps)%3 != 0 {
					t.Errorf("%s: %s: %d numbers, not triples", name, term, len(ps))
				}
			}
		}
		slices.Sort(terms)
		if !slices.Equal(terms, m.Terms) || docShards != m.DocShards {
			t.Errorf("%s: term shards %v and %d document shards; the manifest lists %v and %d", ix.Lang, terms, docShards, m.Terms, m.DocShards)
		}
	}
	// The search pages name the fingerprinted manifest of their language.
	for page, want := range map[string]string{
		"cari/index.html":    `data-cari-manifest="/` + langIndex(t, res, "id").Manifest + `"`,
		"en/cari/index.html": `data-cari-manifest=/` + langIndex(t, res, "en").Manifest + `>`,
	} {
		b, _ := fs.ReadFile(res.Files, page)
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not carry %s:\n%s", page, want, b)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := mustAdd(t, siteFS(), sources)
	reversed := slices.Clone(sources)
	slices.Reverse(reversed)
	b := mustAdd(t, siteFS(), reversed)
	files := func(r Result) map[string]string {
		m := map[string]string{}
		for _, ix := range r.Langs {
			for k, v := range ix.Files {
				m[k] = string(v)
			}
		}
		return m
	}
	if !maps.Equal(files(a), files(b)) {
		t.Errorf("the same pages gave different index files")
	}
	// A change in one page changes the manifest's name.
	changed := siteFS()
	changed["tentang/index.html"] = &fstest.MapFile{Data: []byte(htmlPage("id", "", "Tentang", "", "<p>Isi baru.</p>"))}
	c := mustAdd(t, changed, sources)
	if langIndex(t, a, "id").Manifest == langIndex(t, c, "id").Manifest {
		t.Errorf("the manifest kept its name after a page changed")
	}
}

func TestLargeIndexShardsDocuments(t *testing.T) {
	files := fstest.MapFS{}
	var pages []string
	for i := range 3*DocsPerShard + 7 {
		name := fmt.Sprintf("berita/b%04d/index.html", i)
		files[name] = &fstest.MapFile{Data: []byte(htmlPage("id", "Berita", fmt.Sprintf("Kabar %d", i), "Pelayanan publik.", "<p>Isi.</p>"))}
		pages = append(pages, name)
	}
	res := mustAdd(t, files, pages)
	ix := langIndex(t, res, "id")
	m := readJSON[manifest](t, res.Files, ix.Manifest)
	if m.DocShards != 4 {
		t.Fatalf("%d document shards for %d documents", m.DocShards, m.Docs)
	}
	last := readJSON[[]Doc](t, res.Files, fmt.Sprintf("%s/id/d-3.%s.json", Dir, m.Version))
	if len(last) != 7 || last[6].URL != fmt.Sprintf("berita/b%04d/", 3*DocsPerShard+6) {
		t.Errorf("last shard: %d documents, last %+v", len(last), last[len(last)-1])
	}
	shard, _ := readShard(t, res.Files, fmt.Sprintf("%s/id/t-la.%s.json", Dir, m.Version))
	p := postings(shard["layan"])
	if len(p) != m.Docs {
		t.Errorf("layan in %d of %d documents", len(p), m.Docs)
	}
	for d := range m.Docs {
		if _, ok := p[d]; !ok {
			t.Errorf("document %d missing from the postings of layan", d)
			break
		}
	}
}

func TestOverlayIsAValidFS(t *testing.T) {
	res := mustAdd(t, siteFS(), sources)
	var expected []string
	for _, ix := range res.Langs {
		expected = append(expected, slices.Collect(maps.Keys(ix.Files))...)
	}
	expected = append(expected, "cari/index.html", "en/cari/index.html", "index.html", "css/main.0123456789abcdef0123456789abcdef.css")
	if err := fstest.TestFS(res.Files, expected...); err != nil {
		t.Fatal(err)
	}
	// Untouched files come through unchanged; every file of the input is still there.
	err := fs.WalkDir(siteFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, err := fs.Stat(res.Files, p); err != nil {
			t.Errorf("%s lost: %v", p, err)
		}
		if path.Base(p) != "index.html" || !strings.Contains(p, "cari") {
			a, _ := fs.ReadFile(siteFS(), p)
			b, _ := fs.ReadFile(res.Files, p)
			if string(a) != string(b) {
				t.Errorf("%s changed", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLargeShardsSplitInParts(t *testing.T) {
	// Many terms starting with "la", on many pages: more than one part.
	files := fstest.MapFS{}
	var pages []string
	for i := range 400 {
		var body strings.Builder
		for j := range 60 {
			fmt.Fprintf(&body, "la%s%s ", string(rune('a'+j%26)), string(rune('a'+(i+j)%26)))
		}
		name := fmt.Sprintf("berita/b%04d/index.html", i)
		files[name] = &fstest.MapFile{Data: []byte(htmlPage("id", "Berita", fmt.Sprintf("Kabar %d", i), "", "<p>"+body.String()+"</p>"))}
		pages = append(pages, name)
	}
	res := mustAdd(t, files, pages)
	ix := langIndex(t, res, "id")
	m := readJSON[manifest](t, res.Files, ix.Manifest)
	firsts := m.Parts["la"]
	if len(firsts) == 0 {
		t.Fatalf("the la shard was not split (manifest parts %v)", m.Parts)
	}
	if _, ok := ix.Files[fmt.Sprintf("%s/id/t-la.%s.json", Dir, m.Version)]; ok {
		t.Errorf("a split shard is also published whole")
	}
	seen := map[string]bool{}
	for i := 0; i <= len(firsts); i++ {
		name := fmt.Sprintf("%s/id/t-la-%d.%s.json", Dir, i, m.Version)
		b, ok := ix.Files[name]
		if !ok {
			t.Fatalf("%s missing", name)
		}
		part, _ := readShard(t, res.Files, name)
		if len(b) > maxShard && len(part) > 1 {
			t.Errorf("%s: %d bytes in %d terms, over %d", name, len(b), len(part), maxShard)
		}
		for term := range part {
			// Part i holds the terms from firsts[i-1] up to firsts[i].
			if i > 0 && term < firsts[i-1] || i < len(firsts) && term >= firsts[i] {
				t.Errorf("%s holds %q, outside its range", name, term)
			}
			seen[term] = true
		}
	}
	if len(seen) < 600 {
		t.Errorf("only %d terms in the parts of la", len(seen))
	}
}

func TestTermShardsCarryCards(t *testing.T) {
	// 67 pages of equal length; every fourth has "Layanan" in its title, the others have
	// it in the body only. A query of layan shows the title matches first, the lower
	// numbers (the newer pages) first among equals: the shard must carry their cards.
	files := fstest.MapFS{}
	var pages []string
	var titled []int
	for i := range 3*DocsPerShard + 7 {
		title, body := fmt.Sprintf("Kabar %d", i), "<p>Isi layanan umum.</p>"
		if i%4 == 0 {
			title, body = fmt.Sprintf("Layanan %d", i), "<p>Isi kabar umum.</p>"
		}
		name := fmt.Sprintf("berita/b%04d/index.html", i)
		files[name] = &fstest.MapFile{Data: []byte(htmlPage("id", "Berita", title, "Ringkasan.", body))}
		pages = append(pages, name)
	}
	res := mustAdd(t, files, pages)
	m := readJSON[manifest](t, res.Files, langIndex(t, res, "id").Manifest)
	var all []Doc
	for i := range m.DocShards {
		all = append(all, readJSON[[]Doc](t, res.Files, fmt.Sprintf("%s/id/d-%d.%s.json", Dir, i, m.Version))...)
	}
	for i, d := range all {
		if strings.HasPrefix(d.Title, "Layanan") {
			titled = append(titled, i)
		}
	}
	shard, cards := readShard(t, res.Files, fmt.Sprintf("%s/id/t-la.%s.json", Dir, m.Version))
	if len(postings(shard["layan"])) != len(all) {
		t.Fatalf("layan in %d of %d documents", len(postings(shard["layan"])), len(all))
	}
	if len(cards) < CardsPerTerm || len(cards) > 2*CardsPerTerm {
		t.Errorf("%d cards for one term, want %d to %d", len(cards), CardsPerTerm, 2*CardsPerTerm)
	}
	for _, i := range titled[:CardsPerTerm] {
		if _, ok := cards[i]; !ok {
			t.Errorf("no card for document %d (%s), among the first results of layan", i, all[i].Title)
		}
	}
	for i, c := range cards {
		d := all[i]
		d.Snippet = ""
		if c != d {
			t.Errorf("card %d is %+v, the document %+v", i, c, d)
		}
		if !strings.HasPrefix(c.Title, "Layanan") {
			t.Errorf("card %d (%s) ranks below the title matches", i, c.Title)
		}
	}
	// A term on fewer pages than a page of results: a card for each.
	for term, ps := range shard {
		for d := range postings(ps) {
			if len(ps)/3 <= CardsPerTerm {
				if _, ok := cards[d]; !ok {
					t.Errorf("%s: no card for document %d", term, d)
				}
			}
		}
	}
}
