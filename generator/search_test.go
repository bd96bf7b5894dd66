package generator_test

// The search hook of Build: the index joins the output before the checks and the publish
// step, so it is published (unminified: its names are fingerprinted), its manifest is
// the one the search page names, under the site's sub-path, and it holds only the
// pages that a visitor can reach.

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gnrm/generator/search"
)

// searchIndex returns the manifest the search page of lang names, read from the
// published files, and the addresses of the documents it lists.
func searchIndex(t *testing.T, files map[string]string, page, basePath string) (manifest map[string]any, urls []string) {
	t.Helper()
	m := regexp.MustCompile(`data-cari-manifest="?` + regexp.QuoteMeta(basePath) + `(cari/indeks/[a-z]+/manifest\.[0-9a-f]{32}\.json)`).FindStringSubmatch(files[page])
	if m == nil {
		t.Fatalf("%s names no fingerprinted manifest under %s", page, basePath)
	}
	raw, ok := files[m[1]]
	if !ok {
		t.Fatalf("%s names %s, which is not published", page, m[1])
	}
	if err := json.Unmarshal([]byte(raw), &manifest); err != nil {
		t.Fatalf("%s: %v", m[1], err)
	}
	dir := strings.TrimSuffix(m[1], filepath.Base(m[1]))
	for i := range int(manifest["docShards"].(float64)) {
		name := dir + "d-" + strconv.Itoa(i) + "." + manifest["version"].(string) + ".json"
		var docs []search.Doc
		if err := json.Unmarshal([]byte(files[name]), &docs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, d := range docs {
			urls = append(urls, d.URL)
		}
	}
	return manifest, urls
}

func TestBuildAddsSearchIndex(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, "..", out)
	files := snapshot(t, out)

	m, urls := searchIndex(t, files, "cari/index.html", "/")
	if m["lang"] != "id" || m["stemmer"] != "id" {
		t.Errorf("manifest of the Indonesian search page: %v", m)
	}
	for _, want := range []string{"berita/seminar-bakohumas-gerakan-indonesia-melayani/", "gerakan/melayani/", "rencana-aksi/program-05-perilaku-pelayanan/", "tentang/"} {
		if !slices.Contains(urls, want) {
			t.Errorf("%s not indexed", want)
		}
	}
	for _, u := range urls {
		if strings.HasPrefix(u, "en/") || u == "cari/" || strings.Contains(u, "/page/") || strings.HasPrefix(u, "topik/") {
			t.Errorf("%s indexed in the Indonesian index", u)
		}
	}
	if _, ok := files["en/cari/index.html"]; ok {
		em, enURLs := searchIndex(t, files, "en/cari/index.html", "/")
		if em["lang"] != "en" || !slices.Contains(enURLs, "en/") {
			t.Errorf("English index: %v %v", em, enURLs)
		}
		for _, u := range enURLs {
			if !strings.HasPrefix(u, "en/") {
				t.Errorf("%s in the English index", u)
			}
		}
	}
	// Index files are published as they were made (valid JSON, never minified again).
	n := 0
	for name, body := range files {
		if strings.HasPrefix(name, search.Dir+"/") {
			n++
			if !json.Valid([]byte(body)) {
				t.Errorf("%s is not JSON", name)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d index files published", n)
	}
	// The search page: a form that works without script, the script with SRI and defer.
	page := files["cari/index.html"]
	for _, want := range []string{`role="?search`, `method="?get`, `name="?q[" >]`, `<script [^>]*\bdefer\b`,
		`<script [^>]*integrity="?sha384-`, `id="?cari-jelajah`} {
		if !regexp.MustCompile(want).MatchString(page) {
			t.Errorf("search page lacks %s", want)
		}
	}
	// Every page links the search page from the main navigation.
	if !regexp.MustCompile(`<a href="?/cari/"?>Cari</a>`).MatchString(files["tentang/index.html"]) {
		t.Errorf("the main navigation does not link the search page")
	}
}

func TestSearchIndexUnderSubPath(t *testing.T) {
	dir := site(t, "kabupaten")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	files := snapshot(t, out)
	_, urls := searchIndex(t, files, "cari/index.html", "/gnrm/")
	if !slices.Contains(urls, "berita/pasar-tertib/") {
		t.Errorf("the regency's own news is not indexed: %v", urls)
	}
	for _, u := range urls {
		if strings.HasPrefix(u, "/") || strings.HasPrefix(u, "gnrm/") {
			t.Errorf("%s: addresses in the index are relative to the site root", u)
		}
		if strings.HasPrefix(u, "klarifikasi/") || strings.HasPrefix(u, "materi/") {
			t.Errorf("%s indexed though the section is excluded", u)
		}
	}
	if !strings.Contains(files["cari/index.html"], `data-cari-dasar=/gnrm/`) && !strings.Contains(files["cari/index.html"], `data-cari-dasar="/gnrm/"`) {
		t.Errorf("the search page does not give the sub-path to its script")
	}
}
