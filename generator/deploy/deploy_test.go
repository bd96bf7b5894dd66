package deploy_test

// Tests of the server configurations: golden files (go test ./generator/deploy/ -update
// rewrites them), the servers' own syntax checks (nginx -t, apache2ctl -t, caddy
// validate), and each server started for real on a loopback port with the agency
// fixture built under a sub-path: pages, the fingerprinted stylesheet, the 404 page,
// redirects, hidden files, compression and the headers of every answer.

import (
	"context"
	"flag"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"gnrm"
	"gnrm/generator"
	"gnrm/generator/deploy"
	"gnrm/generator/deploy/servertest"
	"gnrm/generator/diag"
)

var update = flag.Bool("update", false, "rewrite golden files")

var kinds = []string{"nginx", "apache", "caddy"}

func agency() deploy.Options {
	return deploy.Options{
		BaseURL:   "https://contoh.example.go.id/gnrm/",
		Root:      "/var/www/gnrm",
		Languages: []string{"id", "en"},
		Hashed:    []string{"css/main.min.0123456789abcdef0123456789abcdef0123456789abcdef.css"},
	}
}

func TestGolden(t *testing.T) {
	cases := map[string]func(o *deploy.Options){
		"":      func(*deploy.Options) {},
		".en":   func(o *deploy.Options) { o.Lang = diag.English },
		".root": func(o *deploy.Options) { o.BaseURL, o.Languages = "https://gnrm.example.go.id", []string{"id"} },
		".http": func(o *deploy.Options) { o.BaseURL = "http://intranet.example.go.id/gnrm/" },
		".listen": func(o *deploy.Options) {
			o.Listen, o.Cert, o.Key = "127.0.0.1:8443", "/etc/ssl/gnrm.pem", "/etc/ssl/gnrm.key"
		},
		".nohash":  func(o *deploy.Options) { o.Hashed = nil },
		".nolangs": func(o *deploy.Options) { o.Languages = nil },
	}
	for _, server := range deploy.Servers {
		for suffix, mod := range cases {
			if suffix == ".nohash" && server != "headers" || suffix == ".nolangs" && server == "headers" {
				continue
			}
			o := agency()
			o.Server = server
			mod(&o)
			got, err := deploy.Config(o)
			if err != nil {
				t.Fatalf("%s%s: %v", server, suffix, err)
			}
			golden := filepath.Join("testdata", "golden", server+suffix+".conf")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./generator/deploy/ -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the output; if the change is meant, run go test ./generator/deploy/ -update\n%s", golden, got)
			}
		}
	}
}

func TestPolicyAndCaching(t *testing.T) {
	for _, https := range []bool{true, false} {
		var csp string
		names := map[string]bool{}
		for _, h := range deploy.SecurityHeaders(https) {
			names[h.Name] = true
			if h.Name == "Content-Security-Policy" {
				csp = h.Value
			}
		}
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
			"object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp+";", want+";") {
				t.Errorf("https=%v: CSP lacks %q: %s", https, want, csp)
			}
		}
		if strings.Contains(csp, "unsafe") {
			t.Errorf("CSP allows something unsafe: %s", csp)
		}
		if strings.Contains(csp, "upgrade-insecure-requests") != https || names["Strict-Transport-Security"] != https {
			t.Errorf("https=%v: upgrade-insecure-requests and HSTS must come with https only: %v %s", https, names, csp)
		}
		for _, n := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} {
			if !names[n] {
				t.Errorf("https=%v: no %s", https, n)
			}
		}
	}
	for p, want := range map[string]string{
		"/gnrm/":                  deploy.CachePages,
		"/gnrm/berita/index.html": deploy.CachePages,
		"/gnrm/index.xml":         deploy.CachePages,
		"/gnrm/css/main.min.3973e7da620462101a4f6ca6e37559946b3dc1ede390203a93215f942d54656f4dfac7e0a59f4c1ca09475c5cfd3c74c.css": deploy.CacheHashed,
		"/gnrm/js/cari.0123456789abcdef0123456789abcdef.js":                                                                       deploy.CacheHashed,
		"/gnrm/css/agensi.css":          deploy.CacheOther,
		"/gnrm/favicon.svg":             deploy.CacheOther,
		"/gnrm/materi/poster/cafe.png":  deploy.CacheOther,
		"/gnrm/materi/poster/abc12.pdf": deploy.CacheOther,
	} {
		if got := deploy.CacheControl(p); got != want {
			t.Errorf("CacheControl(%s) = %q, want %q", p, got, want)
		}
	}
}

func TestOptionsAreChecked(t *testing.T) {
	for _, o := range []deploy.Options{
		{Server: "iis", BaseURL: "https://contoh.go.id/"},
		{Server: "nginx"},
		{Server: "nginx", BaseURL: "contoh.go.id/gnrm/"},
		{Server: "nginx", BaseURL: "ftp://contoh.go.id/"},
		{Server: "nginx", BaseURL: "https://contoh.go.id/gnrm/?x=1"},
		{Server: "nginx", BaseURL: "https://contoh.go.id/gn rm/"},
		{Server: "nginx", BaseURL: "https://contoh.go.id/a/../b/"},
		{Server: "nginx", BaseURL: "https://contoh.go.id/", Root: "var/www"},
		{Server: "nginx", BaseURL: "https://contoh.go.id/", Root: "/var/www/situs kami"},
		{Server: "nginx", BaseURL: "https://contoh.go.id/", Root: "/var/www/x;include /etc/passwd"},
		{Server: "apache", BaseURL: "https://contoh.go.id/", Cert: "sertifikat.pem", Key: "/etc/ssl/kunci.pem"},
		{Server: "caddy", BaseURL: "https://contoh.go.id/", Cert: "/etc/ssl/a b.pem", Key: "/etc/ssl/kunci.pem"},
	} {
		_, err := deploy.Config(o)
		e, ok := err.(*deploy.Error)
		if !ok || e.ID == "" || e.EN == "" {
			t.Errorf("%+v: err = %v, want a *deploy.Error in both languages", o, err)
		}
	}
}

// Each production configuration (ports 80 and 443, TLS files) passes the server's own
// syntax check, for a sub-path and for the domain root.
func TestSyntaxCheckedByServer(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			servertest.Need(t, kind)
			dir := servertest.Dir(t)
			cert := servertest.NewTLS(t, dir)
			for _, base := range []string{"https://contoh.example.go.id/gnrm/", "https://gnrm.example.go.id/", "http://intranet.example.go.id/kampanye/gnrm/"} {
				o := agency()
				o.Server, o.BaseURL, o.Root = kind, base, dir
				if kind != "caddy" || strings.HasPrefix(base, "https") {
					o.Cert, o.Key = cert.Cert, cert.Key
				}
				conf, err := deploy.Config(o)
				if err != nil {
					t.Fatal(err)
				}
				out, err := servertest.Syntax(t, kind, conf)
				if err != nil {
					t.Errorf("%s for %s fails the syntax check: %v\n%s\n%s", kind, base, err, out, conf)
				}
			}
			// The check is real: a broken file is refused.
			if out, err := servertest.Syntax(t, kind, "server {\n"); err == nil {
				t.Errorf("%s accepted a broken configuration:\n%s", kind, out)
			}
		})
	}
}

// buildFixture builds generator/testdata/sites/NAME.txtar at baseURL, with the site
// languages given, into a folder any user can read, and returns it.
func buildFixture(t *testing.T, name, baseURL string, langs string) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("..", "testdata", "sites", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(site, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		data := f.Data
		if f.Name == "gnrm.toml" {
			data = []byte(strings.Replace(string(data), "[situs]\n", "[situs]\nbahasa = "+langs+"\n", 1))
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(servertest.Dir(t), "www")
	rep, err := generator.Build(context.Background(), generator.BuildOptions{
		SiteDir: site, OutDir: out, Base: gnrm.Base, BaseURL: baseURL, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatalf("build %s: %v\n%v", name, err, rep.Diagnostics)
	}
	// A hidden file in the web root, as a careless upload would leave one.
	if err := os.WriteFile(filepath.Join(out, ".env"), []byte("RAHASIA=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// Each server, started for real, serves the agency fixture (in two languages) under its
// sub-path with the generated configuration.
func TestServersServeTheSite(t *testing.T) {
	some := servertest.Audit()
	for _, kind := range kinds {
		some = some || servertest.Have(kind)
	}
	if !some {
		t.Skip("skipped: none of nginx, apache2, caddy is installed; set GNRM_AUDIT=1 to make this a failure")
	}
	// One build for every server, each started in turn on the same address.
	addr := servertest.FreeAddr(t)
	base := "https://" + addr + "/gnrm/"
	root := buildFixture(t, "kabupaten", base, `["id", "en"]`)
	cert := servertest.NewTLS(t, servertest.Dir(t))
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			servertest.Need(t, kind)
			conf, err := deploy.Config(deploy.Options{Server: kind, BaseURL: base, Root: root, Listen: addr,
				Cert: cert.Cert, Key: cert.Key, Languages: []string{"id", "en"}})
			if err != nil {
				t.Fatal(err)
			}
			srv := servertest.Start(t, kind, conf, addr)
			smoke(t, srv, cert.Client(), base, root)
		})
	}
}

func smoke(t *testing.T, srv *servertest.Server, c *http.Client, base, root string) {
	t.Helper()
	all, err := deploy.Hashed(root)
	var hashed []string // the fingerprinted stylesheets
	for _, h := range all {
		if strings.HasSuffix(h, ".css") {
			hashed = append(hashed, h)
		}
	}
	if err != nil || len(hashed) == 0 {
		t.Fatalf("no fingerprinted stylesheet in %s: %v %v", root, err, all)
	}
	notFound, err := os.ReadFile(filepath.Join(root, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	index, _ := os.ReadFile(filepath.Join(root, "index.html"))
	get := func(p, enc string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+p, nil)
		if p == ".." {
			req, _ = http.NewRequest("GET", strings.TrimSuffix(base, "/"), nil)
		}
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", req.URL, err, srv.Output())
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, p := range servertest.HeaderProblems(resp, true) {
			t.Errorf("%s %s: %s", srv.Kind, req.URL.Path, p)
		}
		return resp, string(b)
	}
	expect := func(p string, status int, ctype string) (*http.Response, string) {
		t.Helper()
		resp, body := get(p, "")
		if resp.StatusCode != status {
			t.Errorf("%s GET %s: status %d, want %d", srv.Kind, p, resp.StatusCode, status)
		}
		if ct := resp.Header.Get("Content-Type"); ctype != "" && !strings.HasPrefix(ct, ctype) {
			t.Errorf("%s GET %s: Content-Type %q, want %s", srv.Kind, p, ct, ctype)
		}
		return resp, body
	}
	if _, body := expect("", 200, "text/html"); body != string(index) {
		t.Errorf("%s: the home page is not index.html", srv.Kind)
	}
	expect("berita/", 200, "text/html")
	expect("index.xml", 200, "")
	expect("favicon.svg", 200, "image/svg+xml")
	expect(hashed[0], 200, "text/css")
	for _, missing := range []string{"tidak-ada/", "berita/tidak-ada.html", "gambar/tidak-ada.png", ".env", "berita/.git/config"} {
		if _, body := expect(missing, 404, "text/html"); body != string(notFound) {
			t.Errorf("%s GET %s: the body is not the site's 404.html:\n%.300s", srv.Kind, missing, body)
		}
	}
	// A calendar of events (when the theme publishes one) is served as text/calendar.
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".ics") {
			rel, _ := filepath.Rel(root, p)
			expect(filepath.ToSlash(rel), 200, "text/calendar")
			return filepath.SkipAll
		}
		return err
	})
	// The English pages have their own 404 page.
	notFoundEN, err := os.ReadFile(filepath.Join(root, "en", "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	expect("en/", 200, "text/html")
	if _, body := expect("en/tidak-ada/", 404, "text/html"); body != string(notFoundEN) {
		t.Errorf("%s GET en/tidak-ada/: the body is not the site's en/404.html:\n%.300s", srv.Kind, body)
	}
	for _, p := range []string{"..", "berita"} {
		resp, _ := get(p, "")
		want := strings.TrimPrefix(base, "https://"+srv.Addr)
		if p == "berita" {
			want += "berita/"
		}
		loc := strings.TrimPrefix(resp.Header.Get("Location"), "https://"+srv.Addr)
		if resp.StatusCode/100 != 3 || loc != want {
			t.Errorf("%s GET %s: %d to %q, want a redirect to %s", srv.Kind, p, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	for _, p := range []string{"", hashed[0]} {
		if resp, _ := get(p, "gzip"); resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s GET %s with Accept-Encoding gzip: Content-Encoding %q", srv.Kind, p, resp.Header.Get("Content-Encoding"))
		}
	}
}
