package serve_test

// Benchmark of what an editor feels: the time from writing a content file to the reload
// event that names the edited page, at an event-stream client, through the real watcher,
// content check (generator.ServeOptions, as gnrm serve runs it), builder and HTTP
// server. Not a timed test: run it by hand, for example
//
//	go test ./generator/serve/ -run '^$' -bench SaveToReload -benchtime 30x
//
// It reports the median and the 95th percentile (ms) for the national site alone and
// with 1,000 and 10,000 extra news pages. The side-by-side comparison with hugo server
// is cmd/gnrm-bench -serve.

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gnrm/generator"
	"gnrm/generator/serve"
)

func BenchmarkSaveToReload(b *testing.B) {
	for _, n := range []int{0, 1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) { benchSave(b, n) })
	}
}

func benchSave(b *testing.B, extra int) {
	dir := b.TempDir()
	var body strings.Builder
	for i := range 6 {
		fmt.Fprintf(&body, "Paragraf %d: pelayanan publik yang cepat, tepat dan ramah bagi warga.\n\n", i)
	}
	for i := range extra {
		writeFile(b, dir, fmt.Sprintf("content/berita/kabar-%05d.md", i),
			strings.Replace(news(fmt.Sprintf("Kabar %d", i), body.String()), "2024-03-01", fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+i%28), 1))
	}
	writeFile(b, dir, "content/berita/uji.md", news("Judul 0", body.String()))
	started := time.Now()
	p := start(b, dir, func(o *serve.Options) {
		full, err := generator.ServeOptions(*o)
		if err != nil {
			b.Fatal(err)
		}
		*o = full
	})
	b.Logf("first build and serve: %v", time.Since(started))
	s := p.events("/berita/uji/")
	s.next(b, "hello", func(e event) bool { return e.Type == "hello" })
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		saved := time.Now()
		writeFile(b, dir, "content/berita/uji.md", news(fmt.Sprintf("Judul %d", i+1), body.String()))
		ev := s.next(b, "reload", func(e event) bool { return e.Type == "reload" && lists(e, "/berita/uji/") })
		lat = append(lat, ev.At.Sub(saved))
		// An editor's next save comes a moment later: let the rest of the build run.
		time.Sleep(time.Second)
		for len(s.events) > 0 {
			<-s.events
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	med, p95 := lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*95/100)]
	b.ReportMetric(float64(med.Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(p95.Microseconds())/1000, "ms-p95")
	b.ReportMetric(0, "ns/op")
}
