package search

// topDocs keeps the best documents in one pass; here it is checked against a plain sort
// of every posting by the browser's order, on random posting lists.

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTopDocsAsSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(2016, 12))
	weights := []int{WeightBody, WeightSummary, WeightHeading, WeightTitle}
	for round := range 300 {
		n := 50 + r.IntN(2000)
		var ps []int
		last := -1
		for d := range n {
			if r.IntN(3) == 0 {
				delta := d
				if last >= 0 {
					delta = d - last
				}
				ps = append(ps, delta, weights[r.IntN(len(weights))], 1+r.IntN(40))
				last = d
			}
		}
		want := map[int]bool{}
		df := float64(len(ps) / 3)
		idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		for _, factor := range []float64{1, prefixFactor} {
			type scored struct{ doc, band int }
			var all []scored
			d := 0
			for i := 0; i < len(ps); i += 3 {
				d += ps[i]
				tf := float64(ps[i+2]) / 10
				score := (factor * idf * float64(ps[i+1]) * tf * (rankK1 + 1)) / (tf + rankK1)
				all = append(all, scored{d, int(math.Floor(math.Log(score) * rankBands))})
			}
			slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(b.band, a.band), cmp.Compare(a.doc, b.doc)) })
			for _, x := range all[:min(CardsPerTerm, len(all))] {
				want[x.doc] = true
			}
		}
		got := topDocs(ps, n)
		if !slices.IsSorted(got) || len(got) != len(want) {
			t.Fatalf("round %d: %v, want the documents %v", round, got, want)
		}
		for _, d := range got {
			if !want[d] {
				t.Fatalf("round %d: %v, want the documents %v", round, got, want)
			}
		}
	}
}
