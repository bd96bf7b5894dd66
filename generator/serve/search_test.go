package serve_test

import (
	"encoding/json"
	"strings"
	"testing"

	"gnrm/generator"
	"gnrm/generator/serve"
)

// withGnrm runs the dev server as gnrm serve does: content check and search index.
func withGnrm(t testing.TB) func(*serve.Options) {
	return func(o *serve.Options) {
		full, err := generator.ServeOptions(*o)
		if err != nil {
			t.Fatal(err)
		}
		*o = full
	}
}

// The preview's search page finds what a build's would: its manifest is answered
// (under the name the preview's page gives it), and after a page is added the index
// counts it, even while the rest of the site waits to be rendered.
func TestPreviewSearchIndex(t *testing.T) {
	dir := newsSite(t)
	p := start(t, dir, withGnrm(t))
	code, page := p.get("/cari/")
	if code != 200 || !strings.Contains(page, "cari/indeks/id/manifest.json") {
		t.Fatalf("search page: %d, manifest reference %v", code, strings.Contains(page, "cari/indeks/id/manifest.json"))
	}
	docs := func() int {
		t.Helper()
		code, body := p.get("/cari/indeks/id/manifest.json")
		if code != 200 {
			t.Fatalf("manifest: %d %s", code, body)
		}
		var m struct {
			Docs int `json:"docs"`
		}
		if err := json.Unmarshal([]byte(body), &m); err != nil || m.Docs == 0 {
			t.Fatalf("manifest %q: %v", body, err)
		}
		return m.Docs
	}
	before := docs()
	s := p.events("/berita/uji/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	p.write("content/berita/baru.md", news("Kabar Baru", "Pelayanan publik yang baru."))
	s.next(t, "reload", func(e event) bool { return e.Type == "reload" })
	if after := docs(); after != before+1 {
		t.Errorf("documents in the index: %d before the new page, %d after", before, after)
	}
	if code, _ := p.get("/cari/indeks/id/tidak-ada.json"); code != 404 {
		t.Errorf("unknown index file: %d", code)
	}
}
