package search_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gnrm"
	"gnrm/generator"
)

func TestZZBuild10k(t *testing.T) {
	if os.Getenv("ZZBUILD") == "" {
		t.Skip()
	}
	dir := "/tmp/bench10k"
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	site := writeBenchSite(t, 10000)
	os.CopyFS(dir+"/site", os.DirFS(site))
	_, err := generator.Build(context.Background(), generator.BuildOptions{SiteDir: dir + "/site", OutDir: dir + "/public", Base: gnrm.Base, CacheDir: dir + "/cache"})
	if err != nil {
		t.Fatal(err)
	}
}

func TestZZProf(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	base := profServer(t)
	ctx := browser(t)
	for _, q := range strings.Split(os.Getenv("ZZPROF"), ",") {
		profQuery(t, ctx, base, q)
	}
}

func profServer(t *testing.T) string {
	out := "/tmp/bench10k/public"
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	fsrv := http.FileServer(http.Dir(out))
	integ := regexp.MustCompile(`(<script src=[^ ]*cari[^ ]*) integrity="?[^ >"]*"?`)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasPrefix(r.URL.Path, "/js/cari.") {
			b, _ := os.ReadFile(filepath.Join("..", "..", "themes", "gnrm", "assets", "js", "cari.js"))
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(b)
			return
		}
		if r.URL.Path == "/cari/" {
			b, _ := os.ReadFile(out + "/cari/index.html")
			w.Header().Set("Content-Type", "text/html")
			w.Write(integ.ReplaceAll(b, []byte("$1")))
			return
		}
		fsrv.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func profQuery(t *testing.T, ctx context.Context, base, q string) {
	{
		do(t, ctx, 2*time.Minute, chromedp.Navigate(base+"/cari/"))
		waitJS(t, ctx, "manifest", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
		js[bool](t, ctx, recorder+`; globalThis.__prof = []; true`)
		do(t, ctx, 10*time.Second, chromedp.Focus(chromedp.CSS("#cari-q")))
		throttle(t, ctx, 4)
		for i, r := range q {
			do(t, ctx, 30*time.Second, chromedp.KeyEvent(string(r)))
			waitJS(t, ctx, "key", `window.__lat.length >= `+fmt.Sprint(i+1))
			k := js[keystroke](t, ctx, `window.__lat[`+fmt.Sprint(i)+`]`)
			p := js[string](t, ctx, `JSON.stringify(globalThis.__prof[globalThis.__prof.length-1] || {})`)
			fmt.Printf("%-20q dom %6.1f frame %6.1f n %5d %s\n", q[:i+len(string(r))], k.DOM, k.Frame, k.N, p)
		}
		throttle(t, ctx, 1)
	}
}

func TestZZFetch(t *testing.T) {
	if os.Getenv("ZZFETCH") == "" {
		t.Skip()
	}
	base, _ := serve(t, "/tmp/bench10k/public")
	ctx := browser(t)
	do(t, ctx, 2*time.Minute, chromedp.Navigate(base+"/cari/"))
	waitJS(t, ctx, "manifest", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
	for _, rate := range []float64{1, 4} {
		throttle(t, ctx, rate)
		for round := 0; round < 4; round++ {
			res, err := within(ctx, time.Minute, chromedp.Evaluate[string](`(async () => {
				const f = document.querySelector("form[data-cari-manifest]");
				const m = await (await fetch(f.dataset.cariManifest)).json();
				const dir = f.dataset.cariManifest.replace(/[^/]*$/, "");
				const ids = Array.from({length: 10}, (_, i) => (i * 37 + `+fmt.Sprint(round*11)+`) % m.docShards);
				const t0 = performance.now();
				await Promise.all(ids.map(i => fetch(dir + "d-" + i + "." + m.version + ".json").then(r => r.json())));
				const t1 = performance.now();
				const one = await fetch(dir + "d-" + ((`+fmt.Sprint(round)+`*7+3) % m.docShards) + "." + m.version + ".json").then(r => r.json());
				const t2 = performance.now();
				const big = await fetch(dir + "t-se." + m.version + ".json").then(r => r.text());
				const t3 = performance.now();
				JSON.parse(big);
				const t4 = performance.now();
				return "10 docs " + (t1-t0).toFixed(1) + " | 1 doc " + (t2-t1).toFixed(1) + " | t-se fetch " + (t3-t2).toFixed(1) + " (" + big.length + " B) parse " + (t4-t3).toFixed(1);
			})()`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("rate %v: %s\n", rate, res)
		}
	}
}

func TestZZKeys(t *testing.T) {
	if os.Getenv("ZZKEYS") == "" {
		t.Skip()
	}
	base := profServer(t)
	ctx := browser(t)
	var all []float64
	nd := 0
	for _, q := range benchQueries {
		do(t, ctx, 2*time.Minute, chromedp.Navigate(base+"/cari/"))
		waitJS(t, ctx, "manifest", `document.querySelector("form[data-cari-manifest]").dataset.cariSiap === "1"`)
		js[bool](t, ctx, recorder+`; globalThis.__prof = []; true`)
		do(t, ctx, 10*time.Second, chromedp.Focus(chromedp.CSS("#cari-q")))
		throttle(t, ctx, 4)
		for i, r := range q {
			do(t, ctx, 30*time.Second, chromedp.KeyEvent(string(r)))
			waitJS(t, ctx, "key", `window.__lat.length >= `+fmt.Sprint(i+1))
			k := js[keystroke](t, ctx, `window.__lat[`+fmt.Sprint(i)+`]`)
			all = append(all, k.DOM)
		}
		nd += js[int](t, ctx, `globalThis.__prof.reduce((a, p) => a + (p.nd || 0), 0)`)
		throttle(t, ctx, 1)
	}
	fmt.Printf("keys %d DOM median %.1f p95 %.1f  doc shard fetches %d\n", len(all), median(all), percentile(all, .95), nd)
}
