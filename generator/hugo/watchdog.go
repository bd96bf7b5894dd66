package hugo

// The watchdog around one engine build.
//
// Why: Hugo v0.165.0 can hang when ten pages fail to render. Its error collector
// (hugolib/site.go, errorCollator) stops the build after the tenth error and then blocks
// handing over the errors, while the walk that feeds pages to the renderers may itself
// be blocked sending a page that no renderer will take any more (hugolib/site_render.go,
// renderPages). Whether it hangs depends on timing: a broken layout override on a site
// of a few dozen pages hung one `gnrm build` in two. An editor or operator would see a
// command that never ends and ignores Ctrl-C.
//
// So the build runs in its own goroutine, and the caller watches the engine's stop
// signal (HugoSites.Done, closed when the engine gives up): once the engine has given
// up, the build has stuckAfter to return; after that it is abandoned, its goroutines are
// left behind (the process ends soon after in gnrm build; the dev server starts a fresh
// engine for the next build). Render tries again with a fresh engine, up to
// stuckAttempts builds in all (a hang came in about two builds of five here), since a
// build that ends reports the failing pages themselves; after the last, the user is
// told what happened and what to do. The stop signal is read only after the build had a
// moment to install it (the engine replaces it at the start of each build).

import (
	"fmt"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/hugolib"

	"gnrm/generator/diag"
)

// stuckAfter is how long a build may go on once the engine gave up.
const stuckAfter = 5 * time.Second

// stuckAttempts is how many times Render builds a site whose builds hang.
const stuckAttempts = 3

// pollEvery is how often the watchdog looks at the engine's stop signal.
const pollEvery = 200 * time.Millisecond

// enginePanic carries a panic of the engine's goroutine to the caller's, where guard
// turns it into a diagnostic.
type enginePanic struct{ v any }

// build runs a full build, or a partial one for the changed source files in events.
// It returns the build's diagnostics, sorted.
func (e *engine) build(cfg hugolib.BuildCfg, events ...fsnotify.Event) diag.List {
	cfg.NoBuildLock = true
	done := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- enginePanic{r}
			}
		}()
		done <- e.sites.Build(cfg, events...)
	}()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var gaveUp time.Time
	for {
		select {
		case r := <-done:
			switch r := r.(type) {
			case enginePanic:
				panic(r.v)
			case error:
				e.rec.fromError(r)
			}
			return e.rec.take()
		case <-tick.C:
			if gaveUp.IsZero() {
				select {
				case <-e.sites.Done():
					gaveUp = time.Now()
				default:
				}
			} else if time.Since(gaveUp) > stuckAfter {
				e.stuck = true
				l := e.rec.take()
				l.Add(diag.Diagnostic{Severity: diag.Error, Code: "engine.stuck",
					Message:   fmt.Sprintf("mesin Hugo berhenti setelah banyak halaman gagal dibuat dan tidak selesai dalam %v", stuckAfter),
					MessageEN: fmt.Sprintf("the Hugo engine stopped after many pages failed to render and did not finish within %v", stuckAfter),
					Hint: "Biasanya penyebabnya satu templat yang gagal untuk setiap halaman yang memakainya: periksa templat di layouts/ yang terakhir diubah " +
						"(bandingkan dengan themes/gnrm), lalu jalankan gnrm check untuk melihat kesalahannya satu per satu.",
					HintEN: "Usually one template fails for every page that uses it: check the template under layouts/ changed last " +
						"(compare it with themes/gnrm), then run gnrm check to see the errors one by one."})
				l.Sort()
				return l
			}
		}
	}
}
