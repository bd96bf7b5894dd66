package serve_test

// End-to-end test in a real headless Chromium (Debian's chromium, driven with chromedp):
// a page reloads with the new text after a save and keeps its scroll position, a bad
// save shows the overlay with the problem's position over the last good page, the fix
// removes it, a stylesheet change is swapped in without a reload, and more tabs than
// HTTP/1.1 allows connections per host all stay live.
//
// Without /usr/bin/chromium the test is skipped, unless GNRM_REQUIRE_BROWSER is set (CI
// sets it): then a missing browser fails the test.

import (
	"context"
	"fmt"
	"gnrm/generator/internal/chrome"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gnrm"
)

const chromium = chrome.Path

// browser starts headless Chromium for the test (generator/internal/chrome).
func browser(t *testing.T) context.Context {
	t.Helper()
	return chrome.Start(t, chrome.Options{Timeout: 4 * time.Minute})
}

// within runs an action with its own deadline on a context that already runs a browser.
func within[T any](ctx context.Context, d time.Duration, a chromedp.Action[T]) (T, error) {
	return chrome.Within(ctx, d, a)
}

// waitJS evaluates a JavaScript expression until it is true. It survives reloads (an
// evaluation during a navigation fails and is retried).
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := within(ctx, 5*time.Second, chromedp.Evaluate[bool](`(() => { try { return !!(`+expr+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	state, _ := within(ctx, 5*time.Second, chromedp.Evaluate[string](`document.title + " | " + (document.querySelector("gnrm-pratinjau")?.shadowRoot?.textContent || "(no preview UI)")`))
	t.Fatalf("browser: %s: not within 30 s (last error %v); page: %s", what, last, state)
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := within(ctx, 10*time.Second, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

const (
	jsOverlay   = `document.querySelector("gnrm-pratinjau").shadowRoot.querySelector(".gnrm-overlay")`
	jsBar       = `document.querySelector("gnrm-pratinjau").shadowRoot.querySelector(".gnrm-bar")`
	jsConnected = jsBar + `.textContent.includes("dibangun")`
)

func TestBrowserLiveReload(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	var long strings.Builder
	for i := range 80 {
		fmt.Fprintf(&long, "Paragraf %d tentang pelayanan publik yang lebih baik.\n\n", i)
	}
	writeFile(t, dir, "content/berita/uji.md", news("Judul Awal", long.String()))
	css, err := gnrm.Base.Open("themes/gnrm/assets/css/main.css")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := io.ReadAll(css)
	css.Close()
	writeFile(t, dir, "assets/css/main.css", string(orig))
	p := start(t, dir)

	if _, err := within(ctx, 60*time.Second, chromedp.Navigate(p.base+"/berita/uji/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "preview connected", jsConnected)
	if !js[bool](t, ctx, `document.title.includes("Judul Awal")`) {
		t.Fatal("page has not its title")
	}

	// A save reloads the page with the new text, at the same scroll position.
	js[bool](t, ctx, `(window.scrollTo(0, 900), window.gnrmTanda = true)`)
	saved := time.Now()
	p.write("content/berita/uji.md", news("Judul Baru", long.String()))
	waitJS(t, ctx, "reload with the new title", `document.title.includes("Judul Baru") && !window.gnrmTanda`)
	t.Logf("save to reloaded page: %v", time.Since(saved))
	waitJS(t, ctx, "scroll position kept", `document.readyState === "complete" && Math.abs(scrollY - 900) < 5`)
	waitJS(t, ctx, "preview connected again", jsConnected)

	// A bad save: the overlay lists the problem with its position; the last good page
	// stays underneath.
	js[bool](t, ctx, `(window.gnrmTanda = true)`)
	p.write("content/berita/uji.md", "---\ntitle: \"Judul\nringkasan: [\n---\n\nIsi.\n")
	waitJS(t, ctx, "overlay with the position", `!`+jsOverlay+`.hidden && `+jsOverlay+`.textContent.includes("content/berita/uji.md")`)
	if !js[bool](t, ctx, `document.title.includes("Judul Baru") && window.gnrmTanda`) {
		t.Error("the page under the overlay is not the last good one")
	}
	text := js[string](t, ctx, jsOverlay+`.textContent`)
	if !strings.Contains(text, "Build gagal") {
		t.Errorf("overlay text: %q", text)
	}
	if js[int](t, ctx, jsOverlay+`.querySelectorAll("*").length`) < 5 || js[int](t, ctx, `document.querySelectorAll("script:not([src])").length`) != 0 {
		t.Error("overlay not built as elements, or an inline script appeared")
	}

	// The fix: the overlay goes away by itself, and the page shows the fixed text.
	p.write("content/berita/uji.md", news("Judul Diperbaiki", long.String()))
	waitJS(t, ctx, "overlay gone after the fix", `document.title.includes("Judul Diperbaiki") && `+jsOverlay+`.hidden`)

	// A stylesheet change is swapped in place, without a reload.
	waitJS(t, ctx, "preview connected after the fix", jsConnected)
	js[bool](t, ctx, `(window.gnrmTanda = true)`)
	before := js[string](t, ctx, `document.querySelector('link[rel~="stylesheet"]:not([data-gnrm])').href`)
	p.write("assets/css/main.css", string(orig)+"\nbody { outline: 3px solid rgb(1, 2, 3); }\n")
	waitJS(t, ctx, "stylesheet swapped", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if !js[bool](t, ctx, `window.gnrmTanda === true`) {
		t.Error("a CSS change reloaded the page")
	}
	if after := js[string](t, ctx, `document.querySelector('link[rel~="stylesheet"]:not([data-gnrm])').href`); after == before {
		t.Error("stylesheet address did not change")
	}
}

// More tabs than the six connections per host that HTTP/1.1 allows: one event stream is
// shared by all of them (SharedWorker), so every tab loads and updates.
func TestBrowserManyTabs(t *testing.T) {
	ctx := browser(t)
	p := start(t, newsSite(t))
	pages := []string{"/", "/berita/", "/berita/uji/", "/gerakan/", "/agenda/", "/klarifikasi/", "/materi/", "/tentang/", "/kontak/"}
	var tabs []context.Context
	for _, pg := range pages {
		tab, cancel := chromedp.NewContext(ctx)
		t.Cleanup(cancel)
		// The first action on a tab decides its lifetime: no deadline of its own.
		if err := chromedp.Do(tab, chromedp.Navigate(p.base+pg)); err != nil {
			t.Fatalf("%s: %v", pg, err)
		}
		waitJS(t, tab, pg+" connected", jsConnected)
		tabs = append(tabs, tab)
	}
	p.write("content/berita/uji.md", news("Judul Untuk Semua Tab", "Isi."))
	waitJS(t, tabs[2], "the edited page reloaded", `document.title.includes("Judul Untuk Semua Tab")`)
	waitJS(t, tabs[1], "the news list reloaded", `document.body.textContent.includes("Judul Untuk Semua Tab")`)
	for i, tab := range tabs {
		waitJS(t, tab, pages[i]+" still connected", jsConnected)
	}
}
