//go:build unix

// Command gnrm-bench measures a full gnrm build against the plain Hugo CLI of the same
// version (v0.165.0) building the same synthetic site, and prints Markdown tables: wall
// time, peak memory and output size per tool and site size. With -serve it measures
// the dev servers instead, `gnrm serve` against `hugo server`: the time from saving a
// content file to the reload message at a listening client (see serve.go).
//
//	go run ./cmd/gnrm-bench [-pages 1000,10000] [-runs 5] [-keep]
//	go run ./cmd/gnrm-bench -serve [-pages 1000,10000] [-edits 25]
//
// Why it is built this way:
//
//   - Both tools run as child processes, exactly as a user runs them, so the time covers
//     the whole job (start-up, configuration, render, minify, write to disk) and the peak
//     RSS of each build is the child's own (wait4 rusage), not a share of this process.
//   - The site is one folder on disk that both tools read: the national content/ and
//     themes/ copied out of gnrm.Base, N generated news pages, and a hugo.json written
//     from hugo.Settings, the very map gnrm hands to the engine. gnrm ignores hugo.json
//     (its source union shows only content/, themes/, ...); the Hugo CLI reads it, so both
//     build the same pages with the same theme and settings. Hugo runs with --minify
//     because gnrm minifies every output file.
//   - Noise on a small shared machine is handled by an untimed warm-up per tool, runs
//     interleaved (gnrm, hugo, gnrm, hugo, ...) so a slow spell hits both, and medians.
//     Each run starts from an empty output folder, removed before the clock starts.
//   - Each tool's cache lives in the temp folder (Hugo: --cacheDir; gnrm: XDG_CACHE_HOME)
//     and HUGO_* variables are dropped from the children's environment, so nothing from
//     the user's setup leaks into either side.
//
// It lives in the project, not in timed tests (see DESIGN.md, quality bars); it reports
// what it measures and never adjusts the numbers.
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	hugoVersion = "v0.165.0"
	targetPages = 10000
	targetRatio = 1.10
)

func main() {
	pages := flag.String("pages", "1000,10000", "comma-separated site sizes (generated news pages)")
	runs := flag.Int("runs", 5, "timed runs per tool and size, after one untimed warm-up each")
	keep := flag.Bool("keep", false, "keep the temp folders (sites, outputs, binary)")
	serve := flag.Bool("serve", false, "measure the dev servers (save to reload) instead of full builds")
	edits := flag.Int("edits", 25, "with -serve: timed edits per server and size, after one untimed warm-up each")
	flag.Parse()
	sizes, err := parseSizes(*pages)
	if err != nil || *runs < 1 || *edits < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gnrm-bench [-pages 1000,10000] [-runs 5] [-keep]\n       gnrm-bench -serve [-pages 1000,10000] [-edits 25] [-keep]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	edit := 0 // full builds
	if *serve {
		edit = *edits
	}
	err = run(ctx, sizes, *runs, edit, *keep)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gnrm-bench:", err)
		os.Exit(1)
	}
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(f), "_", ""))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad page count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// tool is one command under test.
type tool struct {
	name string
	bin  string
	env  []string
	args func(site, out, cache string) []string
}

// sample is one timed build.
type sample struct {
	wall   time.Duration
	rssKiB int64
	files  int
	bytes  int64
}

// run measures full builds (runs timed runs each) or, when edits > 0, the dev servers
// (edits timed edits each).
func run(ctx context.Context, sizes []int, runs, edits int, keep bool) (err error) {
	root, err := os.MkdirTemp("", "gnrm-bench-")
	if err != nil {
		return err
	}
	defer func() {
		if keep {
			fmt.Fprintln(os.Stderr, "kept:", root)
		} else if rerr := os.RemoveAll(root); rerr != nil && err == nil {
			err = rerr
		}
	}()

	hugoBin, hugoVer, err := findHugo(ctx)
	if err != nil {
		return err
	}
	gnrmBin := filepath.Join(root, "bin", "gnrm")
	if err := buildGnrm(ctx, gnrmBin); err != nil {
		return err
	}
	gnrmVer, err := output(ctx, gnrmBin, "version")
	if err != nil {
		return err
	}

	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "HUGO_") || strings.HasPrefix(kv, "XDG_CACHE_HOME=")
	})
	if edits > 0 {
		return runServe(ctx, root, sizes, edits, gnrmBin, gnrmVer, hugoBin, hugoVer, env)
	}
	tools := []tool{
		{name: "gnrm", bin: gnrmBin, env: env, args: func(site, out, cache string) []string {
			return []string{"build", "-s", site, "-o", out}
		}},
		{name: "hugo", bin: hugoBin, env: env, args: func(site, out, cache string) []string {
			return []string{"--minify", "--quiet", "-s", site, "-d", out, "--cacheDir", cache}
		}},
	}

	fmt.Printf("# gnrm vs Hugo CLI: full build benchmark\n\n")
	fmt.Printf("- date: %s\n", time.Now().Format("2006-01-02 15:04 MST"))
	fmt.Printf("- machine: %d CPUs, %s/%s, %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Printf("- gnrm: `%s`\n- hugo: `%s` (`hugo --minify`)\n", gnrmVer, hugoVer)
	fmt.Printf("- method: %d timed runs per tool after 1 untimed warm-up each, interleaved gnrm, hugo, ...; fresh empty output folder per run\n", runs)
	fmt.Printf("- target: gnrm at most %.2fx Hugo's median wall time at %s pages\n", targetRatio, thousands(targetPages))

	for _, n := range sizes {
		dir := filepath.Join(root, fmt.Sprintf("n%d", n))
		site := filepath.Join(dir, "site")
		fmt.Fprintf(os.Stderr, "generating %d pages in %s\n", n, site)
		if err := writeSite(site, n); err != nil {
			return err
		}
		national, err := countMarkdown(site)
		if err != nil {
			return err
		}
		res := make([][]sample, len(tools))
		for r := range runs + 1 {
			for i, t := range tools {
				s, err := runOnce(ctx, t, dir, site)
				if err != nil {
					return fmt.Errorf("%d pages, %s: %w", n, t.name, err)
				}
				label := "warm-up"
				if r > 0 {
					label = fmt.Sprintf("run %d/%d", r, runs)
					res[i] = append(res[i], s)
				}
				fmt.Fprintf(os.Stderr, "%6d pages  %-4s %-9s %7.2f s  %7.1f MiB\n", n, t.name, label, s.wall.Seconds(), mib(s.rssKiB))
			}
		}
		printTable(n, national-n, tools, res)
		if !keep {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
		}
	}
	return nil
}

// runOnce times one build into a fresh, empty output folder.
func runOnce(ctx context.Context, t tool, dir, site string) (sample, error) {
	out := filepath.Join(dir, "out-"+t.name)
	if err := os.RemoveAll(out); err != nil {
		return sample{}, err
	}
	cache := filepath.Join(dir, "cache-"+t.name)
	cmd := exec.CommandContext(ctx, t.bin, t.args(site, out, cache)...)
	cmd.Dir = dir
	// gnrm has no cache flag; it keeps its engine cache under the user cache folder.
	cmd.Env = append(slices.Clip(t.env), "XDG_CACHE_HOME="+cache)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ctx.Err() != nil {
		return sample{}, ctx.Err()
	}
	if err != nil {
		return sample{}, fmt.Errorf("`%s` failed: %v\n--- stderr ---\n%s--- stdout ---\n%s",
			strings.Join(cmd.Args, " "), err, stderr.String(), stdout.String())
	}
	s := sample{wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rssKiB = int64(ru.Maxrss) // KiB on Linux and the BSDs
		if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
			s.rssKiB /= 1024 // bytes there
		}
	}
	err = filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		s.files++
		s.bytes += fi.Size()
		return nil
	})
	return s, err
}

func printTable(n, national int, tools []tool, res [][]sample) {
	fmt.Printf("\n## %s pages\n\n", thousands(n))
	fmt.Printf("%s generated news pages + %d national content files.\n\n", thousands(n), national)
	fmt.Println("| tool | median wall | min | max | median peak RSS | output files | output bytes |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	type summary struct {
		wall, rss float64
		bytes     int64
	}
	sums := make([]summary, len(tools))
	for i, t := range tools {
		ss := res[i]
		walls := make([]float64, len(ss))
		rss := make([]float64, len(ss))
		for k, s := range ss {
			walls[k], rss[k] = s.wall.Seconds(), mib(s.rssKiB)
		}
		last := ss[len(ss)-1]
		sums[i] = summary{median(walls), median(rss), last.bytes}
		note := ""
		for _, s := range ss {
			if s.files != last.files || s.bytes != last.bytes {
				note = " (varies between runs; last shown)"
			}
		}
		fmt.Printf("| %s | %.2f s | %.2f s | %.2f s | %.1f MiB | %s | %s%s |\n", t.name,
			sums[i].wall, slices.Min(walls), slices.Max(walls), sums[i].rss,
			thousands(last.files), thousands(int(last.bytes)), note)
	}
	g, h := sums[0], sums[1]
	tr := g.wall / h.wall
	fmt.Printf("\ngnrm/hugo (medians): time **%.2fx**, peak RSS **%.2fx**; output bytes %.2fx.\n",
		tr, g.rss/h.rss, float64(g.bytes)/float64(h.bytes))
	if n == targetPages {
		verdict := "met"
		if tr > targetRatio {
			verdict = "NOT met"
		}
		fmt.Printf("Target (at most %.2fx Hugo's time at %s pages): %s.\n", targetRatio, thousands(targetPages), verdict)
	}
}

// findHugo returns the plain Hugo CLI of the required version and its version line.
func findHugo(ctx context.Context) (string, string, error) {
	var cands []string
	if p, err := exec.LookPath("hugo"); err == nil {
		cands = append(cands, p)
	}
	if gopath, err := output(ctx, "go", "env", "GOPATH"); err == nil && gopath != "" {
		cands = append(cands, filepath.Join(filepath.SplitList(gopath)[0], "bin", "hugo"))
	}
	var seen []string
	for _, c := range cands {
		v, err := output(ctx, c, "version")
		if err != nil {
			continue
		}
		// "hugo v0.165.0+extended linux/amd64 BuildDate=..."
		if f := strings.Fields(v); len(f) > 1 && f[0] == "hugo" {
			if ver, _, _ := strings.Cut(strings.SplitN(f[1], "-", 2)[0], "+"); ver == hugoVersion {
				return c, v, nil
			}
		}
		seen = append(seen, fmt.Sprintf("%s says %q", c, v))
	}
	msg := "the plain Hugo CLI " + hugoVersion + " was not found (looked for hugo on PATH and in $(go env GOPATH)/bin)"
	if len(seen) > 0 {
		msg = "no Hugo CLI " + hugoVersion + " found: " + strings.Join(seen, "; ")
	}
	return "", "", errors.New(msg + "\ninstall it with:\n\n\tgo install github.com/gohugoio/hugo@" + hugoVersion + "\n")
}

// buildGnrm builds the gnrm command of this module's tree into bin.
func buildGnrm(ctx context.Context, bin string) error {
	gomod, err := output(ctx, "go", "env", "GOMOD")
	if err != nil || gomod == "" || gomod == os.DevNull {
		return fmt.Errorf("run gnrm-bench inside the gnrm module (go env GOMOD: %q, %v)", gomod, err)
	}
	fmt.Fprintln(os.Stderr, "building gnrm: go build -o", bin, "./cmd/gnrm")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/gnrm")
	cmd.Dir = filepath.Dir(gomod)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/gnrm: %w", err)
	}
	return nil
}

// output runs a short command and returns its trimmed standard output.
func output(ctx context.Context, name string, args ...string) (string, error) {
	b, err := exec.CommandContext(ctx, name, args...).Output()
	return strings.TrimSpace(string(b)), err
}

// countMarkdown counts the Markdown files under site/content.
func countMarkdown(site string) (int, error) {
	n := 0
	err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			n++
		}
		return err
	})
	return n, err
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.SortFunc(s, cmp.Compare)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

// thousands writes 12345 as 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
