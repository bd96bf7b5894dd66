package serve

import (
	"runtime"
	"runtime/debug"
	"testing"
)

var sink []byte

// Between noGC and its restore, garbage far beyond the heap's goal starts no
// collection; after it, the collector's settings are as they were.
func TestNoGCHoldsCollectionsAndRestores(t *testing.T) {
	percent := debug.SetGCPercent(150)
	defer debug.SetGCPercent(percent)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	restore := noGC()
	for range 64 { // 256 MiB of garbage: several heap goals of this test binary
		sink = make([]byte, 4<<20)
	}
	runtime.ReadMemStats(&after)
	restore()
	if after.NumGC != before.NumGC {
		t.Errorf("%d collections with collection off", after.NumGC-before.NumGC)
	}
	if p := debug.SetGCPercent(150); p != 150 {
		t.Errorf("GC percent after restore: %d", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<63-1 {
		t.Errorf("memory limit after restore: %d", l)
	}
}
