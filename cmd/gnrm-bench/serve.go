//go:build unix

package main

// The dev-server benchmark (-serve): what an editor feels, save to reload, for
// `gnrm serve` and `hugo server` side by side on the same site.
//
// Why this shape:
//
//   - Each server runs as a child process, as a user runs it, over its own copy of the
//     same generated site (both watch their folder: one shared folder would make every
//     save rebuild twice at once and each would slow the other).
//   - One client per server listens as a browser does: gnrm's event stream
//     (/_gnrm/events, a reload event naming the edited page) and Hugo's live-reload
//     websocket (/livereload, after the hello handshake; its reload message). The clock
//     starts just before the file is written and stops when the message is read.
//   - Edits alternate between the servers (gnrm, hugo, gnrm, ...) so that a slow spell
//     of the machine hits both, with a pause after each so that work a server does after
//     its reload (gnrm renders the other stale pages; Hugo nothing more) does not overlap
//     the next save. Each edit changes one sentence of the body of the same news page,
//     as an editor does; a warm-up edit per server comes first, untimed.
//   - The pause between edits is shorter than the quiet time after which gnrm serve
//     renders the rest of a middle-sized site (generator/serve/builder.go); the first
//     save after such a pause costs more, so it is measured too, apart: after the timed
//     edits, a few more edits each after a long pause.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// servePause separates one edit's reload from the next edit.
const servePause = 1500 * time.Millisecond

// longPause is a pause after which gnrm serve has brought the whole site up to date.
const longPause = 12 * time.Second

// pausedEdits are the edits measured after a long pause each.
const pausedEdits = 3

// serveTarget is the save-to-reload target at 1,000 pages (p95).
const serveTarget = 100 * time.Millisecond

// devServer is one running server and a client listening for its reloads.
type devServer struct {
	name    string
	site    string // its copy of the site
	cmd     *exec.Cmd
	base    string
	reloads chan time.Time
	stderr  *tailBuffer
}

func runServe(ctx context.Context, root string, sizes []int, edits int, gnrmBin, gnrmVer, hugoBin, hugoVer string, env []string) error {
	fmt.Printf("# gnrm serve vs hugo server: save-to-reload benchmark\n\n")
	fmt.Printf("- date: %s\n", time.Now().Format("2006-01-02 15:04 MST"))
	fmt.Printf("- gnrm: `%s` (`gnrm serve`)\n- hugo: `%s` (`hugo server`, defaults: fast render, in memory)\n", gnrmVer, hugoVer)
	fmt.Printf("- method: one body sentence of one news page rewritten per edit; %d timed edits per server after 1 untimed warm-up each, alternating gnrm, hugo, ...; %v pause after each reload\n", edits, servePause)
	fmt.Printf("- measured: from just before the file is written to the reload message at a listening client (gnrm: event stream; hugo: live-reload websocket)\n")
	fmt.Printf("- target: p95 at most %v at 1,000 pages, at or below Hugo's at 10,000\n", serveTarget)
	fmt.Printf("- machine speed: a fixed single-threaded workload (calibrate.go) took %.1f ms at the start (median of %d; lower is faster)\n", ms(calibrate()), calibrationRuns)

	for _, n := range sizes {
		dir := filepath.Join(root, fmt.Sprintf("serve-n%d", n))
		var servers []*devServer
		for _, name := range []string{"gnrm", "hugo"} {
			site := filepath.Join(dir, name)
			fmt.Fprintf(os.Stderr, "generating %d pages in %s\n", n, site)
			if err := writeSite(site, n); err != nil {
				return err
			}
			servers = append(servers, &devServer{name: name, site: site})
		}
		err := serveSize(ctx, n, edits, servers, gnrmBin, hugoBin, env, filepath.Join(dir, "cache"))
		for _, s := range servers {
			s.stop()
		}
		if err != nil {
			return err
		}
		fmt.Printf("Machine speed after these edits: %.1f ms (at the start: see above).\n", ms(calibrate()))
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	return nil
}

func serveSize(ctx context.Context, n, edits int, servers []*devServer, gnrmBin, hugoBin string, env []string, cache string) error {
	edited := fmt.Sprintf("bench-%05d", (n+1)/2)
	urlPath := "/berita/" + edited + "/"
	for _, s := range servers {
		port, err := freePort()
		if err != nil {
			return err
		}
		s.base = fmt.Sprintf("http://127.0.0.1:%d", port)
		switch s.name {
		case "gnrm":
			s.cmd = exec.CommandContext(ctx, gnrmBin, "serve", "-s", s.site, "--port", fmt.Sprint(port))
		case "hugo":
			s.cmd = exec.CommandContext(ctx, hugoBin, "server", "-s", s.site, "--port", fmt.Sprint(port),
				"--bind", "127.0.0.1", "--cacheDir", filepath.Join(cache, "hugo"), "--quiet")
		}
		s.cmd.Env = append(slices.Clip(env), "XDG_CACHE_HOME="+filepath.Join(cache, s.name))
		s.stderr = &tailBuffer{}
		s.cmd.Stdout, s.cmd.Stderr = io.Discard, s.stderr
		started := time.Now()
		if err := s.cmd.Start(); err != nil {
			return err
		}
		if err := s.ready(ctx, urlPath); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%6d pages  %-4s serving after %.1f s\n", n, s.name, time.Since(started).Seconds())
		if err := s.listen(ctx, urlPath); err != nil {
			return err
		}
	}
	lat := make([][]time.Duration, len(servers))
	for e := 0; e <= edits; e++ {
		for i, s := range servers {
			d, err := s.edit(ctx, edited, e)
			if err != nil {
				return fmt.Errorf("%d pages, %s, edit %d: %w", n, s.name, e, err)
			}
			label := "warm-up"
			if e > 0 {
				label = fmt.Sprintf("edit %d/%d", e, edits)
				lat[i] = append(lat[i], d)
			}
			fmt.Fprintf(os.Stderr, "%6d pages  %-4s %-10s %7.1f ms\n", n, s.name, label, ms(d))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(servePause):
			}
		}
	}
	paused := make([][]time.Duration, len(servers))
	for e := range pausedEdits {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(longPause):
		}
		for i, s := range servers {
			d, err := s.edit(ctx, edited, edits+1+e)
			if err != nil {
				return fmt.Errorf("%d pages, %s, edit after a pause: %w", n, s.name, err)
			}
			paused[i] = append(paused[i], d)
			fmt.Fprintf(os.Stderr, "%6d pages  %-4s %-10s %7.1f ms\n", n, s.name, "paused", ms(d))
		}
	}
	printServeTable(n, servers, lat, paused)
	return nil
}

// ready waits until the server answers the edited page.
func (s *devServer) ready(ctx context.Context, urlPath string) error {
	deadline := time.Now().Add(15 * time.Minute)
	for time.Now().Before(deadline) {
		if s.cmd.ProcessState != nil {
			break
		}
		resp, err := http.Get(s.base + urlPath)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s did not serve %s%s\n--- stderr (end) ---\n%s", s.name, s.base, urlPath, s.stderr)
}

// listen connects the client that receives the reloads.
func (s *devServer) listen(ctx context.Context, urlPath string) error {
	s.reloads = make(chan time.Time, 16)
	if s.name == "gnrm" {
		return s.listenSSE(ctx, urlPath)
	}
	return s.listenWS(ctx)
}

func (s *devServer) listenSSE(ctx context.Context, urlPath string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", s.base+"/_gnrm/events?p="+url.QueryEscape(urlPath), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		return fmt.Errorf("gnrm event stream answered %s", resp.Status)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var typ string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				typ = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && typ == "reload":
				at := time.Now()
				var m struct {
					Changed []string `json:"changed"`
					All     bool     `json:"all"`
				}
				if json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m) == nil &&
					(m.All || slices.Contains(m.Changed, urlPath)) {
					s.reloads <- at
				}
			case line == "":
				typ = ""
			}
		}
	}()
	return nil
}

func (s *devServer) listenWS(ctx context.Context) error {
	c, _, err := websocket.Dial(ctx, strings.Replace(s.base, "http", "ws", 1)+"/livereload", nil)
	if err != nil {
		return fmt.Errorf("hugo live-reload websocket: %w", err)
	}
	c.SetReadLimit(1 << 20)
	hello := `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"]}`
	if err := c.Write(ctx, websocket.MessageText, []byte(hello)); err != nil {
		return err
	}
	go func() {
		defer c.CloseNow()
		for {
			_, b, err := c.Read(ctx)
			if err != nil {
				return
			}
			at := time.Now()
			var m struct {
				Command string `json:"command"`
			}
			if json.Unmarshal(b, &m) == nil && m.Command == "reload" {
				s.reloads <- at
			}
		}
	}()
	return nil
}

// edit rewrites a sentence of the page's body and returns the time to the reload.
func (s *devServer) edit(ctx context.Context, name string, e int) (time.Duration, error) {
	p := filepath.Join(s.site, "content", "berita", name+".md")
	src, err := os.ReadFile(p)
	if err != nil {
		return 0, err
	}
	body := string(src)
	if i := strings.LastIndex(body, "\nPembaruan ke-"); i >= 0 {
		body = body[:i+1]
	}
	body += fmt.Sprintf("Pembaruan ke-%d dari halaman ini untuk uji kecepatan pratinjau.\n", e+1)
	for len(s.reloads) > 0 {
		<-s.reloads
	}
	saved := time.Now()
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		return 0, err
	}
	select {
	case at := <-s.reloads:
		return at.Sub(saved), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(2 * time.Minute):
		return 0, errors.New("no reload within 2 minutes\n--- stderr (end) ---\n" + s.stderr.String())
	}
}

func (s *devServer) stop() {
	if s.cmd == nil || s.cmd.Process == nil || s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

func printServeTable(n int, servers []*devServer, lat, paused [][]time.Duration) {
	fmt.Printf("\n## %s pages\n\n", thousands(n))
	fmt.Printf("| server | median | p95 | min | max | edits | after a %v pause (each) |\n", longPause)
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
	p95s := make([]time.Duration, len(servers))
	meds := make([]time.Duration, len(servers))
	for i, s := range servers {
		l := slices.Clone(lat[i])
		slices.Sort(l)
		meds[i], p95s[i] = l[len(l)/2], l[min(len(l)-1, (len(l)*95+99)/100-1)]
		var after []string
		for _, d := range paused[i] {
			after = append(after, fmt.Sprintf("%.1f ms", ms(d)))
		}
		fmt.Printf("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %s |\n", s.name, ms(meds[i]), ms(p95s[i]), ms(l[0]), ms(l[len(l)-1]), len(l), strings.Join(after, ", "))
	}
	fmt.Printf("\ngnrm/hugo: median **%.2fx**, p95 **%.2fx**.\n", ms(meds[0])/ms(meds[1]), ms(p95s[0])/ms(p95s[1]))
	switch n {
	case 1000:
		verdict := "met"
		if p95s[0] > serveTarget {
			verdict = "NOT met"
		}
		fmt.Printf("Target (gnrm p95 at most %v at 1,000 pages): %s.\n", serveTarget, verdict)
	case 10000:
		verdict := "met"
		if p95s[0] > p95s[1] {
			verdict = "NOT met"
		}
		fmt.Printf("Target (gnrm p95 at or below Hugo's at 10,000 pages): %s.\n", verdict)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// freePort asks the system for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last 8 KB written to it (a child's error output).
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 8<<10 {
		t.b = t.b[len(t.b)-8<<10:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
