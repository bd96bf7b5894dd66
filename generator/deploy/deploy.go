// Package deploy writes ready web server configurations for a published gnrm site:
// nginx, Apache and Caddy, and a _headers file for static hosts that read one (Netlify,
// Cloudflare Pages). Each configuration serves the site at its public address (a
// sub-path included), with
//
//   - long immutable caching for fingerprinted assets (names carrying a hex hash, such as
//     css/main.min.<hash>.css: their content never changes under that name), short caching
//     for pages and feeds, a day for other files;
//   - compression of text responses;
//   - the site's own 404 page (per language) as the error page;
//   - security headers on every answer, errors and redirects included: a
//     Content-Security-Policy that the site satisfies with no 'unsafe-inline' (the theme
//     has no inline script or style and makes no third-party request), HSTS,
//     X-Content-Type-Options, Referrer-Policy, Permissions-Policy, X-Frame-Options and
//     Cross-Origin-Opener-Policy.
//
// Why text/template, one template per server: an operator reads and edits the result,
// so it must look like a hand-written file with comments in their language; the policy
// values come from this one file, so every server sends the same headers, and the audits
// (generator/audit) check them on a real nginx and a real browser.
package deploy

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"gnrm/generator/diag"
)

// Servers are the configurations Config writes.
var Servers = []string{"nginx", "apache", "caddy", "headers"}

// Options describe the site and where it is served from.
type Options struct {
	// Server is one of Servers.
	Server string
	// BaseURL is the site's public address, "https://contoh.go.id/" or with a sub-path
	// "https://contoh.go.id/gnrm/".
	BaseURL string
	// Root is the folder on the server that holds the published files (the content of
	// public/, or the extracted bundle); DefaultRoot when empty.
	Root string
	// Languages are the site's languages, the default first; each other language has
	// its own 404 page under its prefix (/en/404.html).
	Languages []string
	// Cert and Key are the TLS certificate chain and key for an https address; empty:
	// Let's Encrypt's paths for the host (nginx, Apache), automatic HTTPS (Caddy).
	Cert, Key string
	// Listen, when set ("127.0.0.1:8443"), makes one server on that address instead of
	// the usual ports 80 and 443: for tests and for a server behind a proxy.
	Listen string
	// Hashed are the fingerprinted files of the output (slash paths), listed one by one
	// in a _headers file, whose paths cannot be patterns; see Hashed.
	Hashed []string
	// Lang is the language of the comments.
	Lang diag.Lang
}

// DefaultRoot is the server folder used when Options.Root is empty.
const DefaultRoot = "/var/www/gnrm"

// Header is one response header.
type Header struct{ Name, Value string }

// CSP is the Content-Security-Policy for a site served over https: only the site's own
// files, no inline script or style, no plug-ins, no framing, forms only to the site.
// (Over plain http, upgrade-insecure-requests is left out: there is nothing to upgrade
// to.)
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; upgrade-insecure-requests"

// Cache-Control values by kind of file.
const (
	CacheHashed = "public, max-age=31536000, immutable"
	CachePages  = "public, max-age=300"
	CacheOther  = "public, max-age=86400"
)

// HashedPattern matches the name of a fingerprinted file (as generator/publish does);
// PagesPattern matches pages, feeds, calendars and other documents that change in place.
const (
	HashedPattern = `\.[0-9a-f]{32,}\.[A-Za-z0-9]+$`
	PagesPattern  = `(/|\.html|\.xml|\.json|\.txt|\.ics|\.webmanifest)$`
)

var (
	hashedRe  = regexp.MustCompile(HashedPattern)
	pagesRe   = regexp.MustCompile(PagesPattern)
	subPathRe = regexp.MustCompile(`^[A-Za-z0-9/._~-]+$`)
	langRe    = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// SecurityHeaders returns the security headers every answer carries, for a site
// served over https or not.
func SecurityHeaders(https bool) []Header {
	csp := CSP
	if !https {
		csp = strings.TrimSuffix(csp, "; upgrade-insecure-requests")
	}
	h := []Header{{"Content-Security-Policy", csp}}
	if https {
		// One year, without includeSubDomains: a site under a sub-path shares its host
		// with the agency's other pages, whose subdomains may not all have TLS yet.
		h = append(h, Header{"Strict-Transport-Security", "max-age=31536000"})
	}
	return append(h,
		Header{"X-Content-Type-Options", "nosniff"},
		Header{"Referrer-Policy", "strict-origin-when-cross-origin"},
		Header{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"},
		Header{"X-Frame-Options", "DENY"},
		Header{"Cross-Origin-Opener-Policy", "same-origin"},
	)
}

// CacheControl returns the Cache-Control a configuration sends for a URL path.
func CacheControl(urlPath string) string {
	switch {
	case hashedRe.MatchString(urlPath):
		return CacheHashed
	case pagesRe.MatchString(urlPath):
		return CachePages
	}
	return CacheOther
}

// Error is a problem with the options, told in Bahasa Indonesia (ID, also its Error
// text) and in English (EN).
type Error struct{ ID, EN string }

func (e *Error) Error() string { return e.ID }

// English returns the message in English.
func (e *Error) English() string { return e.EN }

//go:embed templates
var templateFS embed.FS

// ErrorPage is a 404 page for the URLs under a prefix.
type ErrorPage struct {
	Prefix string // URL path, "/gnrm/en/"
	Page   string // URL path of the page, "/gnrm/en/404.html"
	Dir    string // folder under the root, "en" ("" for the site's root)
}

// data is what the templates see.
type data struct {
	Options
	Server        string
	BaseURL       string
	HTTPS         bool
	Host          string
	Path          string // "/" or "/gnrm/"
	PathNoSlash   string // "" or "/gnrm"
	SubPath       bool
	Root          string // without a trailing slash
	Headers       []Header
	NotFound      string      // URL path of the site's 404 page, "/gnrm/404.html"
	ErrorPages    []ErrorPage // the 404 pages of the other languages
	HashedPattern string
	PagesPattern  string
	CacheHashed   string
	CachePages    string
	CacheOther    string
	Var           string // a name unique to the site, for nginx variables
}

// Config returns the configuration for o.Server.
func Config(o Options) (string, error) {
	if !slices.Contains(Servers, o.Server) {
		return "", &Error{
			ID: fmt.Sprintf("server %q tidak dikenal; pilihan: %s", o.Server, strings.Join(Servers, ", ")),
			EN: fmt.Sprintf("unknown server %q; choose one of %s", o.Server, strings.Join(Servers, ", ")),
		}
	}
	d, err := prepare(o)
	if err != nil {
		return "", err
	}
	t := template.New("").Funcs(template.FuncMap{
		"t": func(id, en string) string {
			if o.Lang == diag.English {
				return en
			}
			return id
		},
		"quote": func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` },
	})
	t, err = t.ParseFS(templateFS, "templates/*.tmpl")
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, o.Server+".tmpl", d); err != nil {
		return "", err
	}
	return tidy(b.String()), nil
}

// tidy removes the blank lines that template actions leave, keeping single blank lines
// between blocks.
func tidy(s string) string {
	var out []string
	blank := false
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, line)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}

// prepare checks the options and computes what the templates need.
func prepare(o Options) (*data, error) {
	if o.BaseURL == "" {
		return nil, &Error{
			ID: "alamat publik situs tidak diketahui: isi base_url di gnrm.toml atau berikan --base-url, misalnya https://contoh.go.id/gnrm/",
			EN: "the site's public address is unknown: set base_url in gnrm.toml or give --base-url, for example https://contoh.go.id/gnrm/",
		}
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, &Error{
			ID: fmt.Sprintf("alamat publik %q bukan alamat http(s):// yang utuh, misalnya https://contoh.go.id/gnrm/", o.BaseURL),
			EN: fmt.Sprintf("public address %q is not a whole http(s):// address, for example https://contoh.go.id/gnrm/", o.BaseURL),
		}
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if p != path.Clean(p)+"/" && p != "/" || !subPathRe.MatchString(p) {
		return nil, &Error{
			ID: fmt.Sprintf("sub-path %q tidak didukung: gunakan huruf, angka, - _ . ~ dan /", p),
			EN: fmt.Sprintf("sub-path %q is not supported: use letters, digits, - _ . ~ and /", p),
		}
	}
	root := o.Root
	if root == "" {
		root = DefaultRoot
	}
	// Paths are written into the configuration as they are: only plain absolute paths.
	plain := func(p string) bool { return strings.HasPrefix(p, "/") && !strings.ContainsAny(p, "\"'`;{}$#\\\n\r\t ") }
	if !plain(root) {
		return nil, &Error{
			ID: fmt.Sprintf("folder server %q harus jalur absolut tanpa spasi atau tanda kutip, misalnya %s", root, DefaultRoot),
			EN: fmt.Sprintf("server folder %q must be an absolute path with no spaces or quotes, for example %s", root, DefaultRoot),
		}
	}
	for _, f := range []string{o.Cert, o.Key} {
		if f != "" && !plain(f) {
			return nil, &Error{
				ID: fmt.Sprintf("berkas TLS %q harus jalur absolut tanpa spasi atau tanda kutip", f),
				EN: fmt.Sprintf("TLS file %q must be an absolute path with no spaces or quotes", f),
			}
		}
	}
	root = strings.TrimRight(path.Clean(root), "/")
	if root == "" {
		root = "/"
	}
	host := u.Hostname()
	https := u.Scheme == "https"
	d := &data{
		Options: o, Server: o.Server, BaseURL: u.String(), HTTPS: https, Host: host,
		Path: p, PathNoSlash: strings.TrimSuffix(p, "/"), SubPath: p != "/", Root: root,
		Headers:       SecurityHeaders(https),
		HashedPattern: HashedPattern, PagesPattern: PagesPattern,
		CacheHashed: CacheHashed, CachePages: CachePages, CacheOther: CacheOther,
	}
	if o.Listen != "" {
		if _, _, err := net.SplitHostPort(o.Listen); err != nil {
			return nil, fmt.Errorf("listen %q: %v", o.Listen, err)
		}
	}
	if https && o.Cert == "" && o.Server != "caddy" {
		d.Cert = "/etc/letsencrypt/live/" + host + "/fullchain.pem"
		d.Key = "/etc/letsencrypt/live/" + host + "/privkey.pem"
	}
	for _, l := range o.Languages[min(1, len(o.Languages)):] {
		if !langRe.MatchString(l) {
			continue
		}
		d.ErrorPages = append(d.ErrorPages, ErrorPage{Prefix: p + l + "/", Page: p + l + "/404.html", Dir: l})
	}
	d.NotFound = p + "404.html"
	// nginx variables share one namespace on a server (and a short hash table): a
	// short name derived from the address keeps two gnrm sites on one nginx apart.
	h := sha256.Sum256([]byte(host + p))
	d.Var = "gnrm_cache_" + hex.EncodeToString(h[:4])
	return d, nil
}

// Hashed lists the fingerprinted files of a published folder (slash paths), for a
// _headers file.
func Hashed(outDir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(outDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() && hashedRe.MatchString(e.Name()) {
			rel, err := filepath.Rel(outDir, p)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(names)
	return names, err
}
