package audit_test

// The sites under audit, built once per test run: the national site (this repository's
// root) at the domain root, and the kabupaten fixture (an agency with fewer sections and
// its own colours) under the sub-path /gnrm/. Each is built for its own loopback address,
// so that feeds and canonical addresses point at the server that the audits start.

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"gnrm"
	"gnrm/generator"
	"gnrm/generator/deploy"
	"gnrm/generator/deploy/servertest"
)

var tmpRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gnrm-audit-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = os.Chmod(dir, 0o755) // nginx's workers read the builds
	tmpRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// site is a built site and where it is served.
type site struct {
	Name    string
	Addr    string // 127.0.0.1:port of its nginx
	BaseURL string // https://127.0.0.1:port/ or .../gnrm/
	Path    string // "/" or "/gnrm/"
	Dir     string // the published folder
	Pages   []pageType

	once sync.Once
	err  error
}

// pageType is one kind of page and the file that stands for it.
type pageType struct {
	Name string
	File string // slash path in the published folder; "" for the 404 page
}

// URL returns the address of the page on the site's server (a missing address for the
// 404 page).
func (s *site) URL(p pageType) string {
	if p.File == "" {
		return s.BaseURL + "halaman-yang-tidak-ada/"
	}
	return s.BaseURL + strings.TrimSuffix(p.File, "index.html")
}

var (
	national = &site{Name: "nasional", Path: "/"}
	regency  = &site{Name: "kabupaten", Path: "/gnrm/"}
)

// built returns the site, building it on first use.
func built(t *testing.T, s *site) *site {
	t.Helper()
	s.once.Do(func() { s.err = s.build() })
	if s.err != nil {
		t.Fatalf("building the %s site: %v", s.Name, s.err)
	}
	return s
}

func (s *site) build() error {
	siteDir := filepath.Join("..", "..")
	if s.Name != "nasional" {
		siteDir = filepath.Join(tmpRoot, s.Name+"-src")
		a, err := txtar.ParseFile(filepath.Join("..", "testdata", "sites", s.Name+".txtar"))
		if err != nil {
			return err
		}
		for _, f := range a.Files {
			p := filepath.Join(siteDir, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.Addr = l.Addr().String()
	l.Close()
	s.BaseURL = "https://" + s.Addr + s.Path
	s.Dir = filepath.Join(tmpRoot, s.Name)
	rep, err := generator.Build(context.Background(), generator.BuildOptions{
		SiteDir: siteDir, OutDir: s.Dir, Base: gnrm.Base, BaseURL: s.BaseURL,
		CacheDir: filepath.Join(tmpRoot, "cache-"+s.Name)})
	if err != nil {
		var b strings.Builder
		rep.Diagnostics.Write(&b)
		return fmt.Errorf("%v\n%s", err, b.String())
	}
	s.Pages, err = pageTypes(s.Dir)
	return err
}

// pageTypes finds the file of each page type in a published folder: a fixed page, or
// the first of a kind (sorted by path) so that content may be renamed. A site without
// a national section has no page of its kinds.
func pageTypes(dir string) ([]pageType, error) {
	first := func(section string) string {
		m, _ := filepath.Glob(filepath.Join(dir, section, "*", "index.html"))
		slices.Sort(m)
		for _, f := range m {
			rel, _ := filepath.Rel(dir, f)
			rel = filepath.ToSlash(rel)
			if !strings.HasPrefix(rel, section+"/page/") {
				return rel
			}
		}
		return ""
	}
	exists := func(rel string) string {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
			return rel
		}
		return ""
	}
	kinds := []pageType{
		{"home", exists("index.html")},
		{"movement list", exists("gerakan/index.html")},
		{"movement page", exists("gerakan/melayani/index.html")},
		{"action-plan list", exists("rencana-aksi/index.html")},
		{"program page", first("rencana-aksi")},
		{"news list", exists("berita/index.html")},
		{"news item", first("berita")},
		{"clarification", first("klarifikasi")},
		{"event", first("agenda")},
		{"campaign kit", first("materi")},
		{"about", exists("tentang/index.html")},
		{"taxonomy term", first("topik")},
		{"search", exists("cari/index.html")},
	}
	var out []pageType
	for _, k := range kinds {
		if k.File != "" {
			out = append(out, k)
		}
	}
	if len(out) < 3 || out[0].Name != "home" {
		return nil, fmt.Errorf("%s: too few page types found: %v", dir, out)
	}
	return append(out, pageType{Name: "404"}), nil
}

// requireAudit skips a test that needs the audit tools unless GNRM_AUDIT=1.
func requireAudit(t *testing.T, what string) {
	t.Helper()
	if !servertest.Audit() {
		t.Skipf("audit skipped: %s runs only with GNRM_AUDIT=1 (see .ci/run for what it installs)", what)
	}
}

// serve starts nginx with the site's configuration from gnrm deploy-config (the same
// code path), on the site's address, with a certificate made for the test.
func serve(t *testing.T, s *site) servertest.TLS {
	t.Helper()
	servertest.Need(t, "nginx")
	cert := servertest.NewTLS(t, servertest.Dir(t))
	// The site's other languages are the folders with their own 404 page (/en/404.html).
	langs := []string{"id"}
	entries, _ := os.ReadDir(s.Dir)
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(s.Dir, e.Name(), "404.html")); err == nil && e.IsDir() && len(e.Name()) <= 3 {
			langs = append(langs, e.Name())
		}
	}
	conf, err := deploy.Config(deploy.Options{Server: "nginx", BaseURL: s.BaseURL, Root: s.Dir,
		Listen: s.Addr, Cert: cert.Cert, Key: cert.Key, Languages: langs})
	if err != nil {
		t.Fatal(err)
	}
	servertest.Start(t, "nginx", conf, s.Addr)
	return cert
}

// urlPath returns the URL path of a published file: index.html stands for its folder.
func (s *site) urlPath(rel string) string {
	p := s.Path + rel
	if path.Base(rel) == "index.html" {
		p = strings.TrimSuffix(p, "index.html")
	}
	return p
}

// fileOf returns the published file for a URL path of the site, or "".
func (s *site) fileOf(u *url.URL) string {
	rel, ok := strings.CutPrefix(u.Path, s.Path)
	if !ok {
		return ""
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel
}
