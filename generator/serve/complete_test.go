package serve

import (
	"testing"
	"time"
)

// When the rest of a partial render runs: at once where it is cheap, after the sources
// have been quiet where it costs more, never unasked where it costs too much.
func TestCompleteWait(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		cost  time.Duration
		since time.Duration // since the last build of a change
		want  func(time.Duration) bool
		what  string
	}{
		{100 * time.Millisecond, 0, func(d time.Duration) bool { return d == 0 }, "cheap: at once"},
		{600 * time.Millisecond, 0, func(d time.Duration) bool { return d > idleComplete-time.Second && d <= idleComplete }, "dear, just saved: wait"},
		{600 * time.Millisecond, 2 * time.Second, func(d time.Duration) bool { return d > 0 && d <= idleComplete-2*time.Second }, "dear, saved a while ago: wait the rest"},
		{600 * time.Millisecond, idleComplete + time.Second, func(d time.Duration) bool { return d == 0 }, "dear, quiet long enough: now"},
		{3 * time.Second, time.Hour, func(d time.Duration) bool { return d < 0 }, "too dear: only on request"},
	} {
		sv := &server{completeCost: c.cost, lastBuild: now.Add(-c.since)}
		if got := sv.completeWait(); !c.want(got) {
			t.Errorf("%s: cost %v, %v after the last build: wait %v", c.what, c.cost, c.since, got)
		}
	}
}
