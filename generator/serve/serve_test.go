package serve_test

// HTTP tests of the dev server: a real server on a free port, real HTTP, real files
// edited in a temporary site folder built over the national base. Every wait has a
// deadline, so a test fails rather than hangs.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gnrm"
	"gnrm/generator/diag"
	"gnrm/generator/serve"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// preview is a running dev server.
type preview struct {
	t      testing.TB
	dir    string
	url    string // with the token, if any
	base   string // http://127.0.0.1:port
	out    *syncBuffer
	err    *syncBuffer
	client *http.Client
	stop   func() error
}

// start runs the dev server over dir until the test ends.
func start(t testing.TB, dir string, mod ...func(*serve.Options)) *preview {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &preview{t: t, dir: dir, out: &syncBuffer{}, err: &syncBuffer{}}
	ready := make(chan string, 1)
	o := serve.Options{
		SiteDir: dir, Base: gnrm.Base, CacheDir: t.TempDir(),
		Stdout: p.out, Stderr: p.err, Listener: ln,
		Ready: func(u string) { ready <- u },
	}
	for _, m := range mod {
		m(&o)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve.Run(ctx, o) }()
	var once sync.Once
	var runErr error
	p.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(20 * time.Second):
				runErr = fmt.Errorf("Run did not return 20 s after cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := p.stop(); err != nil {
			t.Error(err)
		}
	})
	select {
	case p.url = <-ready:
	case err := <-done:
		t.Fatalf("Run returned before serving: %v\n%s", err, p.err)
	case <-time.After(2 * time.Minute):
		t.Fatal("no preview after 2 minutes")
	}
	u, _ := url.Parse(p.url)
	p.base = "http://" + u.Host
	p.client = &http.Client{Timeout: 30 * time.Second}
	return p
}

// get fetches a path and returns the status and body.
func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := p.client.Get(p.base + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// write replaces a file of the site folder (creating its folder).
func (p *preview) write(name, body string) {
	p.t.Helper()
	writeFile(p.t, p.dir, name, body)
}

type event struct {
	Type string
	Msg  struct {
		Server      string   `json:"server"`
		Gen         uint64   `json:"gen"`
		From        uint64   `json:"from"`
		Changed     []string `json:"changed"`
		All         bool     `json:"all"`
		CSS         bool     `json:"css"`
		Failing     bool     `json:"failing"`
		Warnings    int      `json:"warnings"`
		Diagnostics []struct {
			Pos      string `json:"pos"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Hint     string `json:"hint"`
		} `json:"diagnostics"`
	}
	At time.Time
}

// sse is an event-stream client.
type sse struct {
	events chan event
	cancel func()
}

// events connects an event stream for the page at path.
func (p *preview) events(page string) *sse {
	p.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", p.base+"/_gnrm/events?p="+url.QueryEscape(page), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		p.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		cancel()
		p.t.Fatalf("event stream answered %s %q", resp.Status, ct)
	}
	s := &sse{events: make(chan event, 256), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.Type = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.Msg)
			case line == "" && ev.Type != "":
				ev.At = time.Now()
				select {
				case s.events <- ev:
				default:
				}
				ev = event{}
			}
		}
	}()
	p.t.Cleanup(cancel)
	return s
}

// next waits for the next event that satisfies ok.
func (s *sse) next(t testing.TB, what string, ok func(event) bool) event {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev, open := <-s.events:
			if !open {
				t.Fatalf("stream closed while waiting for %s", what)
			}
			if ok(ev) {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s within 30 s", what)
		}
	}
}

func lists(ev event, page string) bool {
	if ev.Msg.All {
		return true
	}
	for _, c := range ev.Msg.Changed {
		if c == page {
			return true
		}
	}
	return false
}

func newsSite(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, dir, "content/berita/uji.md", news("Judul Awal", "Isi awal."))
	return dir
}

func title(body string) string {
	m := regexp.MustCompile(`<title>([^<]*)`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestEditReloadsOpenPage(t *testing.T) {
	p := start(t, newsSite(t))
	code, body := p.get("/berita/uji/")
	if code != 200 || !strings.Contains(title(body), "Judul Awal") {
		t.Fatalf("GET /berita/uji/: %d %q", code, title(body))
	}
	// The script is injected with relative URLs, only into HTML.
	if !strings.Contains(body, `<script src="../../_gnrm/reload.js"`) || !strings.Contains(body, `defer></script></head>`) {
		t.Errorf("reload script not injected before </head>")
	}
	if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).MatchString(body) {
		t.Errorf("inline script in a served page")
	}
	s := p.events("/berita/uji/")
	hello := s.next(t, "hello", func(e event) bool { return e.Type == "hello" })

	saved := time.Now()
	p.write("content/berita/uji.md", news("Judul Baru", "Isi baru."))
	ev := s.next(t, "reload of the page", func(e event) bool { return e.Type == "reload" && lists(e, "/berita/uji/") })
	t.Logf("save to reload event: %v", ev.At.Sub(saved))
	if ev.Msg.From != hello.Msg.Gen || ev.Msg.Gen <= ev.Msg.From {
		t.Errorf("reload from %d to %d after hello at %d", ev.Msg.From, ev.Msg.Gen, hello.Msg.Gen)
	}
	if _, body := p.get("/berita/uji/"); !strings.Contains(title(body), "Judul Baru") {
		t.Errorf("page after reload: %q", title(body))
	}
	// Other pages that list it are fresh too, whenever they are asked for.
	if _, body := p.get("/berita/"); !strings.Contains(body, "Judul Baru") || strings.Contains(body, "Judul Awal") {
		t.Errorf("news list is stale")
	}
	for _, h := range []string{"Cache-Control"} {
		resp, err := p.client.Get(p.base + "/berita/uji/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get(h) != "no-store" {
			t.Errorf("%s = %q", h, resp.Header.Get(h))
		}
	}
}

func TestBrokenTemplateShowsErrorUntilFixed(t *testing.T) {
	dir := newsSite(t)
	writeFile(t, dir, "layouts/berita/page.html", "{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n{{ end }}\n")
	p := start(t, dir)
	s := p.events("/berita/uji/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	_, before := p.get("/berita/uji/")

	p.write("layouts/berita/page.html", "{{ define \"main\" }}\n<h1>{{ .Judul.Utama }}</h1>\n{{ end }}\n")
	ev := s.next(t, "error event", func(e event) bool { return e.Msg.Failing })
	found := false
	for _, d := range ev.Msg.Diagnostics {
		if strings.HasPrefix(d.Pos, "layouts/berita/page.html:2:") && d.Severity == "error" && d.Message != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no error at layouts/berita/page.html:2 in %+v", ev.Msg.Diagnostics)
	}
	// The last good build is still served.
	if code, body := p.get("/berita/uji/"); code != 200 || body != before {
		t.Errorf("page changed by a failed build (status %d)", code)
	}
	if !strings.Contains(p.err.String(), "layouts/berita/page.html:2:") {
		t.Errorf("terminal does not show the error:\n%s", p.err)
	}

	p.write("layouts/berita/page.html", "{{ define \"main\" }}\n<h1 class=\"diperbaiki\">{{ .Title }}</h1>\n{{ end }}\n")
	ev = s.next(t, "reload after the fix", func(e event) bool { return !e.Msg.Failing && e.Type == "reload" })
	if !lists(ev, "/berita/uji/") {
		t.Errorf("fix reload does not list the page: %v", ev.Msg.Changed)
	}
	if _, body := p.get("/berita/uji/"); !strings.Contains(body, "diperbaiki") {
		t.Errorf("page not rendered with the fixed template")
	}
	if n := strings.Count(p.err.String(), "layouts/berita/page.html:2:"); n != 1 {
		t.Errorf("error printed %d times, want once:\n%s", n, p.err)
	}
}

func TestBrokenFrontMatterShowsPosition(t *testing.T) {
	p := start(t, newsSite(t))
	s := p.events("/berita/uji/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	p.write("content/berita/uji.md", "---\ntitle: \"Judul\nringkasan: [\n---\n\nIsi.\n")
	ev := s.next(t, "error event", func(e event) bool { return e.Msg.Failing })
	found := false
	for _, d := range ev.Msg.Diagnostics {
		if strings.HasPrefix(d.Pos, "content/berita/uji.md") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no error in content/berita/uji.md: %+v", ev.Msg.Diagnostics)
	}
	p.write("content/berita/uji.md", news("Judul Pulih", "Isi."))
	s.next(t, "reload after the fix", func(e event) bool { return !e.Msg.Failing && e.Type == "reload" && lists(e, "/berita/uji/") })
	if _, body := p.get("/berita/uji/"); !strings.Contains(title(body), "Judul Pulih") {
		t.Errorf("page after fix: %q", title(body))
	}
}

func TestCheckHookBlocksBuild(t *testing.T) {
	dir := newsSite(t)
	check := func(context.Context, []string) diag.List {
		b, _ := os.ReadFile(filepath.Join(dir, "content/berita/uji.md"))
		var l diag.List
		if i := bytes.Index(b, []byte("DILARANG")); i >= 0 {
			line := bytes.Count(b[:i], []byte("\n")) + 1
			l.Errorf("content/berita/uji.md", line, 1, "Hapus kata itu.", "kata terlarang <b>DILARANG</b>")
		}
		return l
	}
	p := start(t, dir, func(o *serve.Options) { o.Check = check })
	s := p.events("/berita/uji/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	p.write("content/berita/uji.md", news("Judul DILARANG", "Isi."))
	ev := s.next(t, "check error", func(e event) bool { return e.Msg.Failing })
	if len(ev.Msg.Diagnostics) != 1 || ev.Msg.Diagnostics[0].Pos != "content/berita/uji.md:2:1" ||
		ev.Msg.Diagnostics[0].Message != "kata terlarang <b>DILARANG</b>" || ev.Msg.Diagnostics[0].Hint != "Hapus kata itu." {
		t.Fatalf("check diagnostics: %+v", ev.Msg.Diagnostics)
	}
	if _, body := p.get("/berita/uji/"); strings.Contains(body, "DILARANG") {
		t.Errorf("a build ran despite the failed check")
	}
	p.write("content/berita/uji.md", news("Judul Boleh", "Isi."))
	s.next(t, "reload after the fix", func(e event) bool { return !e.Msg.Failing && e.Type == "reload" && lists(e, "/berita/uji/") })
	if _, body := p.get("/berita/uji/"); !strings.Contains(title(body), "Judul Boleh") {
		t.Errorf("page after fix: %q", title(body))
	}
}

func TestTraversalAnswers404(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "situs")
	writeFile(t, root, "rahasia.txt", "RAHASIA-LUAR")
	writeFile(t, dir, "content/berita/uji.md", news("Judul", "Isi RAHASIA-SUMBER tidak di sini."))
	writeFile(t, dir, "gnrm.toml", "# RAHASIA-PROFIL\n")
	writeFile(t, dir, "catatan.txt", "RAHASIA-CATATAN")
	writeFile(t, dir, "static/boleh.txt", "boleh dibaca")
	p := start(t, dir)
	if code, body := p.get("/boleh.txt"); code != 200 || body != "boleh dibaca" {
		t.Fatalf("static file: %d %q", code, body)
	}
	raw := func(target string) (int, string) {
		conn, err := net.DialTimeout("tcp", strings.TrimPrefix(p.base, "http://"), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, target := range []string{
		"/../rahasia.txt", "/../../rahasia.txt", "/%2e%2e/rahasia.txt", "/%2e%2e/%2e%2e/rahasia.txt",
		"/static/../gnrm.toml", "/gnrm.toml", "/catatan.txt", "/content/berita/uji.md",
		"/..%2frahasia.txt", "/..%5crahasia.txt", "/%5c..%5crahasia.txt", "/boleh.txt%00", "//etc/passwd",
		"/./boleh.txt", "/berita//uji/", "/_gnrm/../gnrm.toml", "/_gnrm/tidak-ada", "/" + strings.Repeat("a/", 3000),
	} {
		code, body := raw(target)
		if code != 404 && code != 400 {
			t.Errorf("%s: status %d, want 404", target, code)
		}
		if strings.Contains(body, "RAHASIA") || strings.Contains(body, "root:") {
			t.Errorf("%s: leaked a file: %.80q", target, body)
		}
	}
}

func TestTokenRequiredOffLoopback(t *testing.T) {
	dir := newsSite(t)
	ln, err := net.Listen("tcp", "0.0.0.0:0") // every address; the test speaks to loopback only
	if err != nil {
		t.Skipf("cannot listen on 0.0.0.0: %v", err)
	}
	p := start(t, dir, func(o *serve.Options) { o.Listener = ln })
	u, _ := url.Parse(p.url)
	token := u.Query().Get("token")
	if len(token) < 32 {
		t.Fatalf("printed address %q has no generated token", p.url)
	}
	if !strings.Contains(p.out.String(), "?token="+token) {
		t.Errorf("token not printed with the address:\n%s", p.out)
	}
	base := "http://127.0.0.1:" + u.Port()
	noRedirect := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/", "/berita/uji/", "/_gnrm/events", "/_gnrm/reload.js", "/?token=salah", "/?token=" + token[:len(token)-1]} {
		resp, err := noRedirect.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 401 && resp.StatusCode != 403 {
			t.Errorf("%s without a valid token: %d", path, resp.StatusCode)
		}
		if strings.Contains(string(b), "Judul Awal") {
			t.Errorf("%s without a valid token shows the site", path)
		}
	}
	resp, err := noRedirect.Get(base + "/berita/uji/?token=" + token + "&x=1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		cookie = c
	}
	if resp.StatusCode != 200 || cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("token accepted: status %d, cookie %+v", resp.StatusCode, cookie)
	}
	if !strings.Contains(string(b), `http-equiv="refresh" content="0;url=/berita/uji/?x=1"`) || strings.Contains(string(b), token) {
		t.Errorf("token page does not move on to the address without the token:\n%s", b)
	}
	req, _ := http.NewRequest("GET", base+"/berita/uji/", nil)
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	req.Host = "pratinjau.kantor.example:8080" // any host name, e.g. behind a proxy
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Judul Awal") {
		t.Errorf("with the cookie: %d", resp.StatusCode)
	}
}

func TestLoopbackRefusesOtherHostNames(t *testing.T) {
	p := start(t, newsSite(t))
	for host, want := range map[string]int{"127.0.0.1": 200, "localhost:1313": 200, "[::1]:80": 200, "penyerang.example": 403, "10.0.0.1": 403} {
		req, _ := http.NewRequest("GET", p.base+"/", nil)
		req.Host = host
		resp, err := p.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

func TestBurstOfSavesIsCoalesced(t *testing.T) {
	p := start(t, newsSite(t))
	s := p.events("/berita/uji/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	before := strings.Count(p.out.String(), "berubah:")
	burst := time.Now()
	for i := range 30 {
		p.write("content/berita/uji.md", news(fmt.Sprintf("Judul %d", i), "Isi."))
		time.Sleep(2 * time.Millisecond)
	}
	// On an idle machine the burst takes about 60 ms and gives 1 to 3 builds; on a loaded
	// one the saves spread out, and at most one build per quiet window of the watcher
	// (20 ms) of the burst's real length, plus one, is allowed: never one build per save.
	burstLen := time.Since(burst)
	allowed := max(3, 2+int(burstLen/(20*time.Millisecond)))
	s.next(t, "reload with the last save", func(e event) bool { return e.Type == "reload" && lists(e, "/berita/uji/") })
	// Let anything still queued run, then count the builds.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, body := p.get("/berita/uji/"); strings.Contains(title(body), "Judul 29") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if _, body := p.get("/berita/uji/"); !strings.Contains(title(body), "Judul 29") {
		t.Fatalf("last save not shown: %q", title(body))
	}
	if n := strings.Count(p.out.String(), "berubah:") - before; n < 1 || n > min(allowed, 29) {
		t.Errorf("30 saves in %v gave %d builds, want 1 to %d:\n%s", burstLen.Round(time.Millisecond), n, min(allowed, 29), p.out)
	}
}

func TestHundredsOfClientsOneBuild(t *testing.T) {
	p := start(t, newsSite(t))
	const n = 300
	var streams []*sse
	for range n {
		streams = append(streams, p.events("/"))
	}
	for _, s := range streams {
		s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	}
	before := strings.Count(p.out.String(), "berubah:")
	p.write("content/berita/uji.md", news("Judul Ramai", "Isi."))
	var got atomic.Int64
	var wg sync.WaitGroup
	for _, s := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.next(t, "reload", func(e event) bool { return e.Type == "reload" })
			got.Add(1)
		}()
	}
	wg.Wait()
	if got.Load() != n {
		t.Errorf("%d of %d clients got the reload", got.Load(), n)
	}
	if b := strings.Count(p.out.String(), "berubah:") - before; b != 1 {
		t.Errorf("%d builds for one save with %d clients", b, n)
	}
}

func TestStaticFileUpdatesWithoutBuild(t *testing.T) {
	dir := newsSite(t)
	writeFile(t, dir, "static/gaya/tambahan.css", "body { color: red; }\n")
	writeFile(t, dir, "static/catatan.txt", "versi satu")
	p := start(t, dir)
	s := p.events("/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	if _, body := p.get("/gaya/tambahan.css"); body != "body{color:red}" {
		t.Errorf("static CSS not minified as published: %q", body)
	}
	p.write("static/catatan.txt", "versi dua")
	s.next(t, "static event", func(e event) bool { return e.Type == "static" && !e.Msg.CSS })
	if _, body := p.get("/catatan.txt"); body != "versi dua" {
		t.Errorf("static file: %q", body)
	}
	p.write("static/gaya/tambahan.css", "body { color: blue; }\n")
	s.next(t, "static CSS event", func(e event) bool { return e.Type == "static" && e.Msg.CSS })
	if _, body := p.get("/gaya/tambahan.css"); body != "body{color:blue}" {
		t.Errorf("static CSS: %q", body)
	}
}

func TestThemeCSSChangeSwapsStyles(t *testing.T) {
	dir := newsSite(t)
	css, err := gnrm.Base.Open("themes/gnrm/assets/css/main.css")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := io.ReadAll(css)
	css.Close()
	writeFile(t, dir, "assets/css/main.css", string(orig))
	p := start(t, dir)
	s := p.events("/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	p.write("assets/css/main.css", string(orig)+"\n.uji-ganti { color: #123456; }\n")
	ev := s.next(t, "css event", func(e event) bool { return e.Type == "css" || e.Type == "reload" })
	if ev.Type != "css" || !lists(ev, "/") {
		t.Fatalf("CSS-only change sent %s listing %v", ev.Type, ev.Msg.Changed)
	}
	_, home := p.get("/")
	m := regexp.MustCompile(`href=(/css/main[^ >]*\.css)`).FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("no fingerprinted stylesheet in the home page")
	}
	if _, body := p.get(m[1]); !strings.Contains(body, "#123456") {
		t.Errorf("new stylesheet lacks the change")
	}
}

func TestDraftsAndFutureCarryBanner(t *testing.T) {
	dir := newsSite(t)
	writeFile(t, dir, "content/berita/draf.md", strings.Replace(news("Masih Draf", "Isi."), "jenis:", "draft: true\njenis:", 1))
	writeFile(t, dir, "content/berita/nanti.md", strings.Replace(news("Terbit Nanti", "Isi."), "2024-03-01", "2099-01-01", 1))
	p := start(t, dir, func(o *serve.Options) { o.Drafts, o.Future = true, true })
	if _, body := p.get("/berita/draf/"); !strings.Contains(body, "gnrm-pratinjau-status") || !strings.Contains(body, "DRAF") {
		t.Errorf("draft page has no DRAF banner")
	}
	if _, body := p.get("/berita/nanti/"); !strings.Contains(body, "TERJADWAL") {
		t.Errorf("future page has no TERJADWAL banner")
	}
	if _, body := p.get("/berita/uji/"); strings.Contains(body, "gnrm-pratinjau-status") {
		t.Errorf("published page carries a preview banner")
	}
	q := start(t, dir)
	if code, _ := q.get("/berita/draf/"); code != 404 {
		t.Errorf("draft served without --drafts: %d", code)
	}
}

func TestShutdownClosesStreams(t *testing.T) {
	p := start(t, newsSite(t))
	s := p.events("/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	start := time.Now()
	if err := p.stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	select {
	case _, open := <-s.events:
		for open {
			_, open = <-s.events
		}
	case <-time.After(5 * time.Second):
		t.Errorf("event stream still open after shutdown")
	}
	if !strings.Contains(p.out.String(), "pratinjau dihentikan") {
		t.Errorf("no shutdown message:\n%s", p.out)
	}
}

func TestEnglishMessages(t *testing.T) {
	p := start(t, newsSite(t), func(o *serve.Options) { o.Lang = "en" })
	if !strings.Contains(p.out.String(), "gnrm: preview ready at http://127.0.0.1:") {
		t.Errorf("terminal not in English:\n%s", p.out)
	}
	if _, body := p.get("/"); !strings.Contains(body, `data-lang="en"`) {
		t.Errorf("script not told to speak English")
	}
	req, _ := http.NewRequest("GET", p.base+"/", nil)
	req.Host = "elsewhere.example"
	resp, err := p.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Host name not allowed") {
		t.Errorf("refusal page not in English: %s", b)
	}
}

// A site whose first content check fails is still previewed: a placeholder page with the
// script (the overlay lists the problems), then the site once the problem is fixed.
func TestFirstCheckFailureThenFix(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/berita/uji.md", news("Judul DILARANG", "Isi."))
	check := func(context.Context, []string) diag.List {
		b, _ := os.ReadFile(filepath.Join(dir, "content/berita/uji.md"))
		var l diag.List
		if bytes.Contains(b, []byte("DILARANG")) {
			l.Errorf("content/berita/uji.md", 2, 8, "", "kata terlarang")
		}
		return l
	}
	p := start(t, dir, func(o *serve.Options) { o.Check = check })
	code, body := p.get("/berita/uji/")
	if code != 503 || !strings.Contains(body, "_gnrm/reload.js") {
		t.Fatalf("before any build: %d, script %v", code, strings.Contains(body, "_gnrm/reload.js"))
	}
	s := p.events("/berita/uji/")
	hello := s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	if !hello.Msg.Failing || len(hello.Msg.Diagnostics) != 1 || hello.Msg.Diagnostics[0].Pos != "content/berita/uji.md:2:8" {
		t.Fatalf("hello does not carry the problem: %+v", hello.Msg)
	}
	p.write("content/berita/uji.md", news("Judul Boleh", "Isi."))
	s.next(t, "first reload", func(e event) bool { return e.Type == "reload" && !e.Msg.Failing && lists(e, "/berita/uji/") })
	if code, body := p.get("/berita/uji/"); code != 200 || !strings.Contains(title(body), "Judul Boleh") {
		t.Errorf("after the fix: %d %q", code, title(body))
	}
}

// On a site whose full build takes longer than the rest of a save's build may take
// unasked (maxComplete, 1 s), that rest still runs once the sources have been quiet
// for a while: the news list, which no browser has open, is brought up to date
// without a request. (The full build's time was once taken for the rest's cost, so on
// such a site it never ran.)
func TestRestOfSiteRendersWhenQuiet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 pages")
	}
	dir := t.TempDir()
	for i := range 2000 {
		writeFile(t, dir, fmt.Sprintf("content/berita/kabar-%05d.md", i),
			strings.Replace(news(fmt.Sprintf("Kabar %d", i), "Isi."), "2024-03-01", fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+i%28), 1))
	}
	writeFile(t, dir, "content/berita/uji.md", news("Judul Awal", "Isi awal."))
	p := start(t, dir)
	s := p.events("/berita/uji/")
	s.next(t, "hello", func(e event) bool { return e.Type == "hello" })
	p.write("content/berita/uji.md", news("Judul Baru", "Isi baru."))
	saved := time.Now()
	s.next(t, "reload of the open page", func(e event) bool { return e.Type == "reload" && lists(e, "/berita/uji/") })
	ev := s.next(t, "reload of the news list, unasked", func(e event) bool { return e.Type == "reload" && lists(e, "/berita/") })
	t.Logf("news list reloaded %v after the save", ev.At.Sub(saved).Round(time.Millisecond))
	if _, body := p.get("/berita/"); !strings.Contains(body, "Judul Baru") {
		t.Error("news list without the new title")
	}
}
