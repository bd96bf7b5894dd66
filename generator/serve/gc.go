package serve

// Garbage collection and the time from a save to the reload.
//
// Why: the engine keeps the whole site in memory (about a hundred megabytes at 1,000
// pages) and a partial build allocates little (about 12 MB at 1,000 pages), yet when
// the Go runtime starts a collection in the middle of one, that save's reload comes
// 25-40 ms late: on two cores the collector takes a quarter of the processor and makes
// the build help it mark. Measured in-process at 1,000 pages, a partial build took
// 46-60 ms without a collection in it and 75-113 ms with one, and one save in four had
// one. So the builder keeps the collector out of the step a browser waits for:
//   - noGC turns collection off for that step (the open pages' render up to the reload
//     event) and back on after it, when the heap is collected if it grew past its goal,
//     while the rest of the site renders;
//   - a memory limit of the heap in use plus gcHeadroom stays in force meanwhile, so a
//     step that allocates far more than a save does (a mass change) is still collected;
//   - the builder also collects once it has been idle for idleGC, so that the next
//     steps start with the heap's whole goal ahead of them.

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// idleGC is the quiet time after a build step after which the builder collects
// garbage (see above). Measured in-process at 1,000 pages, the p95 of a partial build
// fell from 136-188 ms to 96-107 ms when it was added.
const idleGC = 200 * time.Millisecond

// gcHeadroom is how far the heap may grow during a step with collection off.
const gcHeadroom = 1 << 30

// noGC turns garbage collection off until the returned function is called, with a
// memory limit gcHeadroom above the memory the runtime holds now. Not for nesting.
func noGC() (restore func()) {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	limit := int64(math.MaxInt64)
	if s[0].Value.Kind() == metrics.KindUint64 {
		limit = int64(min(s[0].Value.Uint64()+gcHeadroom, math.MaxInt64))
	}
	oldLimit := debug.SetMemoryLimit(limit)
	oldPercent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// collectWhenIdle collects garbage once the builder has been idle for idleGC after
// its last build step.
func (sv *server) collectWhenIdle() {
	n := sv.steps.Load()
	if n == sv.collected {
		return
	}
	sv.collected = n
	time.AfterFunc(idleGC, func() {
		if sv.steps.Load() == n {
			runtime.GC()
		}
	})
}
