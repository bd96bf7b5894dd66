package search

// The index files. Why this shape:
//
//   - Sharded so that a visitor downloads only what a query needs: a small manifest, the
//     term shards of the query's stems (keyed by the stem's first two characters, so the
//     words typed so far name their shard; a shard over 64 KB is split into parts by
//     term, so that a common word on a large site costs tens of kilobytes, not
//     hundreds) and, for their snippets, the document shards of the results shown
//     (small ones: the ten results of a page of results are scattered over the site).
//   - Result cards beside the postings: a request costs more than its bytes, so each term
//     shard also carries the title, address, section and date of the documents that a
//     query of each of its terms shows first (cards.go). A query of one word shows its
//     results from the term shards alone; only their snippets wait for document shards.
//   - Fingerprinted, so that every file can be cached for good by browsers and servers
//     (the deploy configurations do so for names with a hash of 32 hex digits or more).
//     The manifest is named by the hash of its bytes, and the search page carries that
//     name. The shards are named by the index's version, the hash of every shard's name
//     and bytes: a change to any page changes the average page length and the numbering
//     of the pages after it, so nearly every shard changes anyway, and one hash for all
//     keeps the manifest small (it lists shard keys, not a hash per shard).
//   - Ranking data computed here, so that the browser only adds numbers: each posting is
//     a document, the weight of the best field the term occurs in (title > headings >
//     summary > body) and the term's frequency already normalised by the document's
//     length as BM25 does (tf / (1 - b + b * length / average length)), so that no
//     per-document table of lengths is needed in the browser. The browser multiplies by
//     the term's rarity (idf, from the posting count and the document count) and BM25's
//     saturation.
//   - JSON with sorted keys, documents newest first (then by address) and postings in
//     document order: the same pages give the same bytes.
//
// Format (version 2), under cari/indeks/<lang>/, <v> being the version:
//
//	manifest.<hash>.json {"docShards": 3, "docs": 52, "format": 2, "lang": "id",
//	                      "parts": {"la": ["layan", "lingkung"]}, "perShard": 20,
//	                      "short": ["12", "uu"], "stemmer": "id",
//	                      "terms": ["ag", "ak", ...], "version": <v>}
//	                      short: the terms of two characters
//	d-<i>.<v>.json       [{"b": section, "j": title, "r": snippet, "t": "YYYY-MM-DD",
//	                       "u": "berita/x/"}, ...]  documents i*perShard to
//	                      (i+1)*perShard-1
//	t-<key>.<v>.json     {"c": [[doc, section, title, "YYYY-MM-DD", "berita/x/"], ...],
//	                      "p": {"layan": [doc delta, weight, tf x 10, doc delta, ...], ...}}
//	                      c: the cards of the first CardsPerTerm documents of each term
//	                      of p (all of them for a rarer term), by document number
//	t-<key>-<n>.<v>.json part n of a term shard over 64 KB (cards included), split by
//	                      term: part 0 from the start, part n from parts[key][n-1]; each
//	                      part carries the cards of its own terms
//
// Document numbers in a posting list are delta-coded (the first is the number itself),
// which keeps the numbers, and so the files, short.

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Format is the version of the index files; cari.js refuses another.
const Format = 2

// Field weights of a posting.
const (
	WeightTitle   = 5
	WeightHeading = 3
	WeightSummary = 2
	WeightBody    = 1
)

// BM25's length normalisation; k1, the saturation, is applied in the browser.
const bm25B = 0.75

// DocsPerShard is the number of documents per document shard: a page of ten results
// fetches at most ten of them, a few kilobytes each.
const DocsPerShard = 20

// snippetLen bounds the snippet kept for a result, in characters: two lines or so.
const snippetLen = 180

// Dir is the folder of the index in the output.
const Dir = "cari/indeks"

// Doc is one document as a result shows it.
type Doc struct {
	Section string `json:"b,omitempty"`
	Title   string `json:"j"`
	Snippet string `json:"r,omitempty"`
	Date    string `json:"t,omitempty"` // shown in the page's language by the browser
	URL     string `json:"u"`
}

// manifest is the manifest file; its fields are in the order of their JSON names, so
// that the keys come out sorted.
type manifest struct {
	DocShards int    `json:"docShards"`
	Docs      int    `json:"docs"`
	Format    int    `json:"format"`
	Lang      string `json:"lang"`
	// Parts lists, for a term shard split in parts, the first term of each part after
	// the first.
	Parts    map[string][]string `json:"parts"`
	PerShard int                 `json:"perShard"`
	// Short lists the terms of two characters: a word of two letters being typed is
	// searched only as a whole word, so the browser knows without its term shard
	// whether it finds anything.
	Short   []string `json:"short"`
	Stemmer string   `json:"stemmer"`
	Terms   []string `json:"terms"`
	Version string   `json:"version"`
}

// indexed is a page ready for the index: its address and what extract read.
type indexed struct {
	url string
	p   page
}

// LangIndex is the index of one language: its files by output path and its manifest's
// path.
type LangIndex struct {
	Lang     string
	Manifest string            // e.g. cari/indeks/id/manifest.<h>.json
	Files    map[string][]byte // every file of the index, the manifest included
	Docs     int
	Terms    int
}

// termStat is a term's frequency and best field in one document.
type termStat struct {
	tf, weight int
}

// buildLang builds the index of one language from its pages.
func buildLang(lang string, pages []indexed) (*LangIndex, error) {
	an := ForLang(lang)
	// Newest first, then pages without a date, each by address: the browser breaks ties
	// between equally relevant pages by this order (see cari.js, rank), so the results
	// of a broad query come from few document shards, which stay cached while the
	// visitor types.
	slices.SortFunc(pages, func(a, b indexed) int {
		return cmp.Or(strings.Compare(b.p.date, a.p.date), strings.Compare(a.url, b.url))
	})
	docs := make([]Doc, len(pages))
	stats := make([]map[string]termStat, len(pages))
	lengths := make([]int, len(pages))
	// The pages are analysed in parallel, each worker with its own memory of stems: a
	// site's words repeat, so most are stemmed once per worker.
	parallel(len(pages), func() func(int) {
		stems := map[string][]string{}
		return func(i int) {
			p := pages[i].p
			docs[i] = Doc{Section: p.section, Title: p.title, Snippet: snippet(p), Date: p.date, URL: pages[i].url}
			st := map[string]termStat{}
			n := 0
			for _, f := range []struct {
				text   string
				weight int
			}{{p.title, WeightTitle}, {p.headings, WeightHeading}, {p.summary, WeightSummary}, {p.body, WeightBody}} {
				forEachWord(f.text, func(w string) {
					if an.Stop(w) {
						return
					}
					n++
					ss, ok := stems[w]
					if !ok {
						ss = an.Stems(w)
						stems[strings.Clone(w)] = ss
					}
					for _, s := range ss {
						t := st[s]
						t.tf++
						t.weight = max(t.weight, f.weight)
						st[s] = t
					}
				})
			}
			stats[i], lengths[i] = st, n
		}
	})
	total := 0
	for _, n := range lengths {
		total += n
	}
	avg := 1.0
	if len(pages) > 0 && total > 0 {
		avg = float64(total) / float64(len(pages))
	}

	postings := map[string][]int{}
	last := map[string]int{}
	for i, st := range stats {
		norm := 1 - bm25B + bm25B*float64(lengths[i])/avg
		terms := make([]string, 0, len(st))
		for t := range st {
			terms = append(terms, t)
		}
		slices.Sort(terms)
		for _, t := range terms {
			s := st[t]
			tf := max(1, int(math.Round(10*float64(s.tf)/norm)))
			prev, seen := last[t]
			delta := i
			if seen {
				delta = i - prev
			}
			last[t] = i
			postings[t] = append(postings[t], delta, s.weight, tf)
		}
	}

	ix := &LangIndex{Lang: lang, Files: map[string][]byte{}, Docs: len(docs), Terms: len(postings)}
	dir := Dir + "/" + lang + "/"
	m := manifest{Format: Format, Lang: lang, Docs: len(docs), PerShard: DocsPerShard,
		Stemmer: an.Stemmer(), Terms: []string{}, Parts: map[string][]string{}, Short: []string{}}
	// Shards by name without the version, in name order.
	type shard struct {
		name string
		data []byte
	}
	var shards []shard
	for i := 0; i < len(docs); i += DocsPerShard {
		b, err := json.Marshal(docs[i:min(i+DocsPerShard, len(docs))])
		if err != nil {
			return nil, err
		}
		shards = append(shards, shard{fmt.Sprintf("d-%d", i/DocsPerShard), b})
		m.DocShards++
	}
	byKey := map[string]map[string][]int{}
	for t, ps := range postings {
		if utf8.RuneCountInString(t) == 2 {
			m.Short = append(m.Short, t)
		}
		k := ShardKey(t)
		if byKey[k] == nil {
			byKey[k] = map[string][]int{}
		}
		byKey[k][t] = ps
	}
	slices.Sort(m.Short)
	// The cards each term's shard carries, and each document's card, encoded once.
	terms := slices.Collect(maps.Keys(postings))
	topsOf := make([][]int, len(terms))
	parallel(len(terms), func() func(int) {
		return func(i int) { topsOf[i] = topDocs(postings[terms[i]], len(docs)) }
	})
	tops := make(map[string][]int, len(terms))
	cards := make([]json.RawMessage, len(docs))
	for i, t := range terms {
		tops[t] = topsOf[i]
		for _, d := range topsOf[i] {
			if cards[d] == nil {
				b, err := json.Marshal(card(d, docs[d]))
				if err != nil {
					return nil, err
				}
				cards[d] = b
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		parts, firsts, err := split(byKey[k], tops, cards)
		if err != nil {
			return nil, err
		}
		m.Terms = append(m.Terms, k)
		if len(parts) == 1 {
			shards = append(shards, shard{"t-" + k, parts[0]})
			continue
		}
		m.Parts[k] = firsts[1:]
		for i, b := range parts {
			shards = append(shards, shard{fmt.Sprintf("t-%s-%d", k, i), b})
		}
	}
	slices.SortFunc(shards, func(a, b shard) int { return strings.Compare(a.name, b.name) })
	h := sha256.New()
	for _, s := range shards {
		fmt.Fprintf(h, "%s %d\n", s.name, len(s.data))
		h.Write(s.data)
	}
	m.Version = hex.EncodeToString(h.Sum(nil)[:16])
	for _, s := range shards {
		ix.Files[dir+s.name+"."+m.Version+".json"] = s.data
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	ix.Manifest = dir + "manifest." + hash(b) + ".json"
	ix.Files[ix.Manifest] = b
	return ix, nil
}

// maxShard is the size above which a term shard is split into parts by term, so that
// a query on a large site fetches and parses tens of kilobytes per term, not hundreds.
const maxShard = 64 << 10

// termShard is a term shard, or a part of one, as a file: the postings of its terms and
// the cards of the documents that rank first for each of them (see cards.go).
type termShard struct {
	Cards    []json.RawMessage `json:"c"` // in document order
	Postings map[string][]int  `json:"p"`
}

// split encodes the terms of one shard, with their cards, as one JSON file, or as
// several parts of at most maxShard bytes (a term larger than that alone in its part), in
// term order. It returns the files and the first term of each. tops are the documents
// whose cards each term needs, cards the encoded card of each document.
func split(terms map[string][]int, tops map[string][]int, cards []json.RawMessage) (parts [][]byte, firsts []string, err error) {
	encode := func(ts []string) ([]byte, error) {
		sh := termShard{Cards: []json.RawMessage{}, Postings: map[string][]int{}}
		var ids []int
		for _, t := range ts {
			sh.Postings[t] = terms[t]
			ids = append(ids, tops[t]...)
		}
		slices.Sort(ids)
		for _, i := range slices.Compact(ids) {
			sh.Cards = append(sh.Cards, cards[i])
		}
		return json.Marshal(sh)
	}
	var cur []string
	carded := map[int]bool{}
	size := 0
	flush := func() error {
		b, err := encode(cur)
		if err != nil {
			return err
		}
		parts = append(parts, b)
		cur, carded, size = nil, map[int]bool{}, 0
		return nil
	}
	// cost is what t adds to the current part: its postings and the cards not yet there.
	cost := func(t string) int {
		n := len(t) + 6 // "term":[],
		for _, v := range terms[t] {
			n += digits(v) + 1
		}
		for _, i := range tops[t] {
			if !carded[i] {
				n += len(cards[i]) + 1
			}
		}
		return n
	}
	all := slices.Sorted(maps.Keys(terms))
	// The whole shard, unless its size as estimated is clearly over the bound.
	estimate := 0
	for _, t := range all {
		estimate += cost(t)
		for _, i := range tops[t] {
			carded[i] = true
		}
	}
	clear(carded)
	if estimate <= maxShard*5/4 {
		whole, err := encode(all)
		if err != nil || len(whole) <= maxShard {
			return [][]byte{whole}, []string{""}, err
		}
	}
	for _, t := range all {
		n := cost(t)
		if size > 0 && size+n > maxShard {
			if err := flush(); err != nil {
				return nil, nil, err
			}
			n = cost(t)
		}
		if size == 0 {
			firsts = append(firsts, t)
		}
		cur = append(cur, t)
		for _, i := range tops[t] {
			carded[i] = true
		}
		size += n
	}
	return parts, firsts, flush()
}

// parallel calls the function made by work for each i in [0, n), on one worker per
// core; work makes one function per worker, which may keep state of its own.
func parallel(n int, work func() func(int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := work()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// digits is the length of n written in decimal.
func digits(n int) int {
	d := 1
	if n < 0 {
		d, n = 2, -n
	}
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// ShardKey is the term shard of a term: its first two characters when both are a-z or
// 0-9, else "_".
func ShardKey(term string) string {
	if len(term) < 2 {
		return "_"
	}
	for i := 0; i < 2; i++ {
		c := term[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return "_"
		}
	}
	return term[:2]
}

// hash is the fingerprint of a file: the first 32 hex digits of its SHA-256.
func hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:16])
}

// snippet is the text a result shows under its title: the page's summary, else the start
// of its body, cut at a word boundary.
func snippet(p page) string {
	s := p.summary
	if s == "" {
		s = p.body
	}
	r := []rune(s)
	if len(r) <= snippetLen {
		return s
	}
	cutAt := snippetLen
	for i := snippetLen; i > snippetLen*2/3; i-- {
		if r[i] == ' ' {
			cutAt = i
			break
		}
	}
	return strings.TrimRight(string(r[:cutAt]), " ,.;:") + "…"
}
