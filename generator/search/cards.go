package search

// Result cards in the term shards. Why: the ten results of a new query are scattered over
// the site, so showing them used to cost up to ten document shard requests, and in a
// throttled phone browser each request costs more than its bytes (measured: 40 to 90 ms
// for a new page of results, against 2 to 5 ms for the ranking). A term shard therefore
// also carries a card (title, address, section, date: what a result needs to be shown
// and followed, without its snippet) for the documents that rank first for each of its
// terms: a query of one word, or one prefix, finds the cards of its first page of
// results in the term shards it fetched anyway, and the browser shows them at once. The
// snippets come from the document shards afterwards. Queries of several words are not
// covered in general (their best documents need not be the best of any one word); the
// browser fetches the document shards it lacks cards for, as before.
//
// The cards are chosen by the browser's own ranking of a one-word query (cari.js, rank
// and top): BM25 with the posting's field weight, scores in bands of about a tenth, the
// lower document number first within a band. Both an exact match and a prefix match (a
// factor of 0.8, which moves the band edges) are considered. A card that the browser
// turns out not to need costs only bytes; a card missing costs one request, never a
// wrong result.

import (
	"math"
	"slices"
)

// The ranking constants of cari.js; TestRankingConstantsMatchScript keeps them equal.
const (
	rankK1       = 1.2 // BM25 saturation (K1)
	rankBands    = 10  // score bands per factor e (BANDS)
	prefixFactor = 0.8 // a prefix match counts less than the whole word (PREFIX_FACTOR)
	resultsPage  = 10  // results shown at first (PAGE)
)

// CardsPerTerm is the number of documents per term whose cards a term shard carries:
// the first page of results of a query of that term alone.
const CardsPerTerm = resultsPage

// topDocs returns the documents that a query of the term alone shows first, as the
// browser ranks them, for an exact and for a prefix match: at most CardsPerTerm each,
// together in document order. ps is the term's posting list, n the document count.
func topDocs(ps []int, n int) []int {
	type hit struct{ doc, weight, tf int }
	hits := make([]hit, 0, len(ps)/3)
	d := 0
	for i := 0; i+2 < len(ps); i += 3 {
		d += ps[i]
		hits = append(hits, hit{d, ps[i+1], ps[i+2]})
	}
	if len(hits) <= CardsPerTerm {
		docs := make([]int, len(hits))
		for i, h := range hits {
			docs[i] = h.doc
		}
		return docs
	}
	// The same arithmetic, in the same order, as cari.js. The hits are in document
	// order, so a later hit enters the first CardsPerTerm only with a higher band.
	df := float64(len(hits))
	idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
	type scored struct{ doc, band int }
	var out []int
	for _, factor := range []float64{1, prefixFactor} {
		best := make([]scored, 0, CardsPerTerm+1)
		for _, h := range hits {
			tf := float64(h.tf) / 10
			score := (factor * idf * float64(h.weight) * tf * (rankK1 + 1)) / (tf + rankK1)
			band := int(math.Floor(math.Log(score) * rankBands))
			if len(best) == CardsPerTerm && band <= best[CardsPerTerm-1].band {
				continue
			}
			i := len(best)
			for i > 0 && best[i-1].band < band {
				i--
			}
			best = slices.Insert(best, i, scored{h.doc, band})
			if len(best) > CardsPerTerm {
				best = best[:CardsPerTerm]
			}
		}
		for _, x := range best {
			out = append(out, x.doc)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// card is a document as a term shard carries it: [number, section, title, date,
// address], the fields of Doc without the snippet.
func card(i int, d Doc) []any {
	return []any{i, d.Section, d.Title, d.Date, d.URL}
}
