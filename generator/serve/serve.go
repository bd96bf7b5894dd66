// Package serve is gnrm's live-reload preview (`gnrm serve`): it watches a site's
// sources, rebuilds in memory through a long-lived engine session, serves the latest
// complete build over HTTP and tells every open browser tab, over Server-Sent Events, to
// reload, swap its stylesheets, or show the build's problems in an overlay.
//
// Why it is built this way (the complaints about `hugo server` it answers are in issue 4):
//   - Only complete builds are served: the engine renders into its own memory, and each
//     successful build is published as an immutable snapshot (generator/hugo.Session).
//     A failed build leaves the last good snapshot in place, under an overlay.
//   - One goroutine owns the engine (builder.go): changes, checks, renders on request and
//     the rest of a partial render run one after another, never in parallel, and a burst
//     of saves is coalesced into the next build rather than queued.
//   - The open pages are rendered first, then everything else the change made stale; a
//     page requested before that is rendered on request (http.go), so nothing served is
//     stale.
//   - Events go to every tab with one marshalled message per build (events.go); the
//     script (assets/reload.js) reloads a tab only when its own page changed.
//   - Security by default: loopback only unless a token is given or generated, the token
//     is kept in an HttpOnly SameSite=Strict cookie, only built files and static files
//     are ever served, and a strict Content-Security-Policy backs the theme's promise of
//     no inline script or style.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"gnrm/generator/diag"
	"gnrm/generator/hugo"
)

// DefaultPort is the port tried first.
const DefaultPort = 1313

// Options say what to preview and how to serve it.
type Options struct {
	// SiteDir is the site folder; the current folder when empty.
	SiteDir string
	// Base is the national base embedded in the binary; nil for none.
	Base fs.FS
	// Bind is the address to listen on: 127.0.0.1 when empty. Any address that is not
	// loopback requires a token (generated when Token is empty).
	Bind string
	// Port is the port to try first (DefaultPort when 0); when it is taken, the next
	// free one is used.
	Port int
	// Drafts and Future build draft and future-dated pages, marked by a banner.
	Drafts, Future bool
	// Token is the access token; when set it is required on any address.
	Token string
	// Open opens the preview in the default browser.
	Open bool
	// Lang is the language of messages: "id" (default) or "en".
	Lang string
	// Check, when set, runs before each build; its errors block the build and show in
	// the browser like build errors. changed lists the paths (absolute) the build is
	// for, nil for the first build.
	Check func(ctx context.Context, changed []string) diag.List
	// Load, when set, returns the engine options for each full build (the first one,
	// and each one after gnrm.toml changed); its errors block that build. By default the
	// options are SiteDir, Base, Drafts, Future and CacheDir.
	Load func() (hugo.Options, diag.List)
	// Stdout and Stderr receive the terminal output; os.Stdout and os.Stderr when nil.
	Stdout, Stderr io.Writer
	// CacheDir is the engine's cache folder; see hugo.Options.
	CacheDir string

	// Listener, when set, is served instead of listening on Bind and Port (for tests);
	// the token rule follows its address.
	Listener net.Listener
	// Ready, when set, is called with the preview's address once it serves.
	Ready func(url string)
	// Search, when set, builds the offline search index of a complete output (files,
	// and the pages to index) and returns its files by slash path, all under SearchDir
	// (in gnrm serve, generator/search's). See search.go.
	Search    func(files fs.FS, pages []string) (map[string][]byte, error)
	SearchDir string
	// Debounce is how long the watcher waits for more events after one (10 ms when 0);
	// a batch never waits more than 50 ms past its first event.
	Debounce time.Duration
}

// ErrUsage matches (errors.Is) the errors of options that cannot work, such as an
// unknown site folder; the command line maps it to exit code 2.
var ErrUsage = errors.New("penggunaan salah")

type usageError string

func (e usageError) Error() string        { return string(e) }
func (e usageError) Is(target error) bool { return target == ErrUsage }

// Run serves the preview until ctx is cancelled, then shuts down cleanly: event streams
// closed, watcher stopped, engine closed. It returns nil after a clean shutdown.
func Run(ctx context.Context, o Options) error {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	t := text(o.Lang)
	if o.SiteDir == "" {
		o.SiteDir = "."
	}
	site, err := filepath.Abs(o.SiteDir)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(site); err != nil || !fi.IsDir() {
		return usageError(fmt.Sprintf(t.noSite, o.SiteDir))
	}
	o.SiteDir = site
	if o.Bind == "" {
		o.Bind = "127.0.0.1"
	}
	if o.Port == 0 {
		o.Port = DefaultPort
	}

	ln := o.Listener
	if ln == nil {
		if ln, err = listen(o.Bind, o.Port); err != nil {
			return fmt.Errorf("%s: %w", fmt.Sprintf(t.noListen, o.Bind, o.Port), err)
		}
	}
	loopback := isLoopback(ln.Addr())
	if !loopback && o.Token == "" {
		o.Token = newToken()
	}

	sv := newServer(o, t, loopback)
	defer sv.hub.close()

	// Watch before the first build, so that nothing saved during it is missed.
	w, err := newWatcher(o.SiteDir, sv.changed, o.Debounce)
	if err != nil {
		ln.Close()
		return fmt.Errorf("%s: %w", t.noWatch, err)
	}
	wctx, stopWatch := context.WithCancel(ctx)
	watchDone := make(chan struct{})
	go func() { defer close(watchDone); w.run(wctx) }()
	defer func() { stopWatch(); <-watchDone }()

	hs := &http.Server{
		Handler:           sv,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          nil,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()

	sv.open(ctx)
	buildDone := make(chan struct{})
	go func() { defer close(buildDone); sv.loop(ctx) }()

	for _, u := range sv.urls(ln.Addr()) {
		fmt.Fprintf(o.Stdout, t.ready+"\n", u)
	}
	if !loopback {
		fmt.Fprintln(o.Stdout, t.tokenNote)
	}
	fmt.Fprintln(o.Stdout, t.stopHint)
	if o.Ready != nil {
		o.Ready(sv.urls(ln.Addr())[0])
	}
	if o.Open {
		openBrowser(sv.urls(ln.Addr())[0])
	}

	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	// Event streams never go idle: close them first, so Shutdown has nothing to wait for.
	sv.hub.close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(sctx)
	<-buildDone
	stopWatch()
	<-watchDone
	sv.sess.Close()
	fmt.Fprintln(o.Stdout, t.stopped)
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// listen binds bind:port, or the next free port after it.
func listen(bind string, port int) (net.Listener, error) {
	var first error
	for p := port; p < port+20 && p < 65536; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			return ln, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// newToken returns 128 random bits, hex-encoded.
func newToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b)
}

// urls are the addresses to print: with the token, and for a wildcard address one per
// interface.
func (sv *server) urls(a net.Addr) []string {
	ta, _ := a.(*net.TCPAddr)
	port := strconv.Itoa(ta.Port)
	var hosts []string
	if ta.IP.IsUnspecified() {
		hosts = append(hosts, "127.0.0.1")
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, ad := range addrs {
				if ipn, ok := ad.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
					hosts = append(hosts, ipn.IP.String())
				}
			}
		}
	} else {
		hosts = append(hosts, ta.IP.String())
	}
	var out []string
	for _, h := range hosts {
		u := "http://" + net.JoinHostPort(h, port) + "/"
		if sv.token != "" {
			u += "?token=" + sv.token
		}
		out = append(out, u)
	}
	return out
}

// openBrowser opens u in the default browser, best effort.
func openBrowser(u string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
