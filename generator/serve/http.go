package serve

// The HTTP side: access control, the built site from the current snapshot, static files
// from the source folders, and the preview's own script, stylesheet and event stream.
//
// Why these rules:
//   - Only names that are clean relative paths are looked up, and only in the snapshot
//     (files the build produced) and the static folders: a path with "..", a backslash,
//     a NUL or an empty segment answers 404 before anything is opened, so no file
//     outside the build can leak.
//   - Without a token the server answers only requests whose Host is a loopback name,
//     which defeats DNS rebinding from a web page; with a token (required off loopback)
//     any host name works, so a reviewer can use a proxy or the office's host name. The
//     token is compared in constant time and then kept in an HttpOnly SameSite=Strict
//     cookie; the address with the token is answered by a page that moves on by meta
//     refresh (a redirect would carry a cross-site navigation, and SameSite=Strict would
//     then withhold the new cookie) to the same address without it.
//   - Every response is Cache-Control: no-store, so a browser never shows an old build,
//     and carries a strict Content-Security-Policy, as the published site promises no
//     inline script or style.
//   - A page that is not known to be fresh in an incomplete snapshot waits for the
//     builder to render it (or for the rest of the build), so nothing stale is served.
//   - The script is injected, with relative URLs, into HTML responses only, and only
//     here: published output never contains it.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"gnrm/generator/hugo"
	"gnrm/generator/publish"
)

//go:embed assets/reload.js
var reloadJS []byte

//go:embed assets/ui.css
var uiCSS []byte

const (
	cookieName = "gnrm_pratinjau"
	prefix     = "/_gnrm/"
	csp        = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; media-src 'self'; worker-src 'self'; object-src 'none'; " +
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	// freshWait is how long a request waits for a page to be rendered.
	freshWait = 30 * time.Second
)

func (sv *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Frame-Options", "DENY")
	if !sv.allowed(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		sv.plain(w, http.StatusMethodNotAllowed, sv.t.badMethod)
		return
	}
	switch r.URL.Path {
	case prefix + "reload.js":
		sv.asset(w, r, "text/javascript; charset=utf-8", reloadJS)
		return
	case prefix + "ui.css":
		sv.asset(w, r, "text/css; charset=utf-8", uiCSS)
		return
	case prefix + "events":
		// The pages the client shows (a shared stream names several): rendered first.
		var pages []string
		for _, p := range r.URL.Query()["p"] {
			if strings.HasPrefix(p, "/") && len(p) < 2048 && len(pages) < 256 {
				pages = append(pages, p)
			}
		}
		sv.hub.stream(w, r, pages, sv.hello)
		return
	}
	if strings.HasPrefix(r.URL.Path, prefix) {
		sv.plain(w, http.StatusNotFound, sv.t.notFound)
		return
	}
	sv.site(w, r)
}

// allowed applies the access rules; when it returns false it has answered.
func (sv *server) allowed(w http.ResponseWriter, r *http.Request) bool {
	if sv.token == "" {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		ip := net.ParseIP(host)
		if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") || ip != nil && ip.IsLoopback() {
			return true
		}
		sv.page(w, r, http.StatusForbidden, sv.t.hostTitle, sv.t.hostBody, "", false)
		return false
	}
	q := r.URL.Query()
	if q.Has("token") {
		if !sameSecret(q.Get("token"), sv.token) {
			sv.page(w, r, http.StatusForbidden, sv.t.deniedTitle, sv.t.deniedBody, "", false)
			return false
		}
		http.SetCookie(w, &http.Cookie{
			Name: cookieName, Value: sv.token, Path: "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode,
		})
		q.Del("token")
		target := (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
		if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") {
			target = "/"
		}
		sv.page(w, r, http.StatusOK, sv.t.enterTitle, sv.t.enterBody, target, false)
		return false
	}
	if c, err := r.Cookie(cookieName); err == nil && sameSecret(c.Value, sv.token) {
		return true
	}
	sv.page(w, r, http.StatusUnauthorized, sv.t.deniedTitle, sv.t.deniedBody, "", false)
	return false
}

// sameSecret compares in constant time (lengths too: the hashes have one length).
func sameSecret(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// outputName turns a URL path into the name of an output file, refusing anything that
// is not a clean path inside the site.
func outputName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") || len(p) > 4096 {
		return "", false
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		if s == "." || s == ".." || s == "" && i != len(segs)-1 {
			return "", false
		}
	}
	name := p[1:]
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

// site serves the built site.
func (sv *server) site(w http.ResponseWriter, r *http.Request) {
	name, ok := outputName(r.URL.Path)
	if !ok {
		sv.plain(w, http.StatusNotFound, sv.t.notFound)
		return
	}
	if sv.isSearch(name) {
		sv.search(w, r, name)
		return
	}
	snap, ok := sv.snapshotFor(r.Context(), name)
	switch {
	case r.Context().Err() != nil:
		return
	case snap == nil:
		sv.page(w, r, http.StatusServiceUnavailable, sv.t.notReadyTitle, sv.t.notReadyBody, "", true)
		return
	case !ok:
		sv.page(w, r, http.StatusServiceUnavailable, sv.t.busyTitle, sv.t.busyBody, "", true)
		return
	}
	if b, mod, found := snap.Lookup(name); found {
		sv.send(w, r, snap, name, b, mod, http.StatusOK)
		return
	}
	if !strings.HasSuffix(name, "index.html") {
		if _, _, found := snap.Lookup(name + "/index.html"); found || isDir(snap.Static(), name) {
			target := (&url.URL{Path: r.URL.Path + "/", RawQuery: r.URL.RawQuery}).String()
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	if b, mod, found := sv.static(snap.Static(), name); found {
		sv.send(w, r, snap, name, b, mod, http.StatusOK)
		return
	}
	if b, mod, found := snap.Lookup("404.html"); found {
		sv.send(w, r, snap, "404.html", b, mod, http.StatusNotFound)
		return
	}
	sv.plain(w, http.StatusNotFound, sv.t.notFound)
}

// snapshotFor returns the snapshot to serve name from: one in which it is known to be
// fresh, or the current one when the builder cannot do better (no page, a failed build).
// ok is false when the wait timed out.
func (sv *server) snapshotFor(ctx context.Context, name string) (*hugo.Snapshot, bool) {
	timeout := time.NewTimer(freshWait)
	defer timeout.Stop()
	for round := 0; ; round++ {
		sv.mu.Lock()
		wake := sv.wake
		sv.mu.Unlock()
		snap := sv.current()
		if snap == nil || snap.Fresh(name) || sv.failing() || !pageLike(name) {
			return snap, true
		}
		if round == 8 { // the builder did not render it: never serve it stale
			return snap, false
		}
		sv.requestRender(hugo.URLPath(name))
		select {
		case <-wake:
		case <-ctx.Done():
			return nil, false
		case <-timeout.C:
			return snap, false
		}
	}
}

// pageLike reports whether a name may be a rendered page (which can be stale), rather
// than an asset.
func pageLike(name string) bool {
	switch path.Ext(name) {
	case "", ".html", ".htm", ".xml", ".json", ".txt":
		return true
	}
	return false
}

func isDir(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, name)
	return err == nil && fi.IsDir()
}

type staticEntry struct {
	mod  time.Time
	size int64
	data []byte
}

// static reads a file of the static folders, minified as it is published. Minified
// copies are cached by modification time and size.
func (sv *server) static(fsys fs.FS, name string) ([]byte, time.Time, bool) {
	fi, err := fs.Stat(fsys, name)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, time.Time{}, false
	}
	sv.staticMu.Lock()
	e, ok := sv.staticCache[name]
	sv.staticMu.Unlock()
	if ok && e.mod.Equal(fi.ModTime()) && e.size == fi.Size() {
		return e.data, e.mod, true
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, time.Time{}, false
	}
	if m, err := publish.Minify(publish.NewMinifier(), name, b); err == nil {
		b = m
	}
	sv.staticMu.Lock()
	if len(sv.staticCache) > 1024 {
		clear(sv.staticCache)
	}
	sv.staticCache[name] = staticEntry{mod: fi.ModTime(), size: fi.Size(), data: b}
	sv.staticMu.Unlock()
	return b, fi.ModTime(), true
}

func (sv *server) clearStatic() {
	sv.staticMu.Lock()
	clear(sv.staticCache)
	sv.staticMu.Unlock()
}

// send writes a file; HTML gets the preview's script.
func (sv *server) send(w http.ResponseWriter, r *http.Request, snap *hugo.Snapshot, name string, b []byte, mod time.Time, code int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	if strings.HasPrefix(ctype, "text/html") {
		if code == http.StatusOK {
			sv.visit(hugo.URLPath(name))
		}
		b = sv.inject(b, r.URL.Path, snap.Gen())
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.WriteHeader(code)
		if r.Method != http.MethodHead {
			w.Write(b)
		}
		return
	}
	w.Header().Set("Content-Type", ctype)
	if code != http.StatusOK {
		w.WriteHeader(code)
		w.Write(b)
		return
	}
	http.ServeContent(w, r, name, mod, bytes.NewReader(b))
}

func (sv *server) asset(w http.ResponseWriter, r *http.Request, ctype string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// tags are what the preview adds to the head of an HTML page, with URLs relative to the
// request path, so that they work under any host name or path prefix.
func (sv *server) tags(reqPath string, gen uint64) string {
	dir := reqPath
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir)
		if !strings.HasSuffix(dir, "/") {
			dir += "/"
		}
	}
	rel := strings.Repeat("../", max(strings.Count(dir, "/")-1, 0))
	return fmt.Sprintf(`<link rel="stylesheet" href="%s_gnrm/ui.css" data-gnrm>`+
		`<script src="%s_gnrm/reload.js" data-gen="%d" data-server="%s" data-lang="%s" defer></script>`,
		rel, rel, gen, sv.id, sv.t.htmlLang)
}

// inject puts the preview's tags before </head> (or at the start of a page without one).
func (sv *server) inject(b []byte, reqPath string, gen uint64) []byte {
	tags := sv.tags(reqPath, gen)
	i := indexFold(b, []byte("</head>"))
	if i < 0 {
		i = 0
	}
	out := make([]byte, 0, len(b)+len(tags))
	out = append(out, b[:i]...)
	out = append(out, tags...)
	return append(out, b[i:]...)
}

// indexFold is bytes.Index ignoring ASCII case.
func indexFold(b, sep []byte) int {
	for i := 0; i+len(sep) <= len(b); i++ {
		if b[i] == '<' && bytes.EqualFold(b[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}

// page answers with a small page of the server's own: a title and a sentence, escaped.
// With next, it moves on to that address; with script, it carries the preview's script
// (it then reloads by itself once there is something to show).
func (sv *server) page(w http.ResponseWriter, r *http.Request, code int, title, body, next string, script bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", sv.t.htmlLang)
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	if next != "" {
		fmt.Fprintf(&b, "<meta http-equiv=\"refresh\" content=\"0;url=%s\">\n", html.EscapeString(next))
	}
	fmt.Fprintf(&b, "<title>%s — gnrm</title>\n</head>\n<body>\n<main>\n<h1>%s</h1>\n<p>%s", html.EscapeString(title), html.EscapeString(title), html.EscapeString(body))
	if next != "" {
		fmt.Fprintf(&b, "<a href=\"%s\">%s</a>.", html.EscapeString(next), html.EscapeString(sv.t.enterTap))
	}
	b.WriteString("</p>\n</main>\n</body>\n</html>\n")
	out := []byte(b.String())
	if script {
		out = sv.inject(out, r.URL.Path, 0)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(out)
}

func (sv *server) plain(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	io.WriteString(w, msg+"\n")
}
