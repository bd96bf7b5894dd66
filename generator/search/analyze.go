package search

// Text analysis: the same steps turn a page's text into index terms at build time and a
// visitor's query into search terms in the browser (cari.js ports every function here).
//
// Why so plain: the two implementations must agree byte for byte, on every page and every
// query, or a word in a page would be indexed under a stem the browser never asks for. So
// the rules are the few that both Go and JavaScript do identically: Unicode
// canonical decomposition with the combining marks dropped (é -> e), lower case, words as
// runs of letters and digits (\p{L}\p{N}), two to 32 characters long; then, by the page's
// language, stop words dropped and a stemmer (Indonesian: stem.go; English: the S-stemmer
// of Harman, 1991, which only removes plural endings; other languages: none).

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Word lengths kept by Tokens, in characters.
const (
	minWord = 2
	maxWord = 32
)

// Tokens splits text into normalised words: canonical decomposition without combining
// marks, lower case, runs of letters and digits of 2 to 32 characters.
func Tokens(text string) []string {
	var out []string
	forEachWord(text, func(w string) { out = append(out, w) })
	return out
}

// forEachWord calls f with each normalised word of text, in order.
func forEachWord(text string, f func(string)) {
	// Word by word, which is the same as normalising the whole text first (canonical
	// decomposition only adds combining marks, which are dropped) but leaves most words,
	// plain ASCII, untouched.
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		start = -1
		ascii := true
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 {
				ascii = false
				break
			}
		}
		n := len(w)
		if ascii {
			if n < minWord || n > maxWord {
				return
			}
			for i := 0; i < len(w); i++ {
				if c := w[i]; c >= 'A' && c <= 'Z' {
					w = strings.ToLower(w)
					break
				}
			}
		} else {
			if w = Normalize(w); w == "" {
				return
			}
			n = utf8.RuneCountInString(w)
		}
		if n >= minWord && n <= maxWord {
			f(w)
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
}

// Normalize decomposes text (NFD), drops the combining marks and lowers the case, as
// cari.js does with text.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase().
func Normalize(text string) string {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(text)
	}
	text = norm.NFD.String(text)
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// Analyzer turns the words of one language into index terms.
type Analyzer struct {
	// Lang is the language code ("id", "en"; any other code gets no stemming).
	Lang string
	stop map[string]bool
	stem func(string) []string
}

// ForLang returns the analyzer for a language code.
func ForLang(lang string) Analyzer {
	switch lang {
	case "id":
		return Analyzer{Lang: lang, stop: set(StopID), stem: StemID}
	case "en":
		return Analyzer{Lang: lang, stop: set(StopEN), stem: func(w string) []string { return []string{StemEN(w)} }}
	}
	return Analyzer{Lang: lang, stop: map[string]bool{}, stem: func(w string) []string { return []string{w} }}
}

// Stemmer names the stemmer of the analyzer, as the manifest records it for cari.js.
func (a Analyzer) Stemmer() string {
	switch a.Lang {
	case "id", "en":
		return a.Lang
	}
	return ""
}

// Stop reports whether w is a stop word, left out of the index.
func (a Analyzer) Stop(w string) bool { return a.stop[w] }

// Stems returns the index terms of a normalised word (one or more stems).
func (a Analyzer) Stems(w string) []string { return a.stem(w) }

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// StemEN is the S-stemmer (Harman, 1991): plural endings only. "policies" -> "policy",
// "services" -> "service", "movements" -> "movement"; "status", "access" stay.
func StemEN(w string) string {
	if len(w) < 4 || !isLetters(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// StopID are Indonesian function words: conjunctions, prepositions, pronouns, particles
// and the commonest auxiliaries. They occur on nearly every page, so their postings would
// be a large part of the index and tell nothing. Content words (satu, baru, hari) are not
// here, even where frequent.
var StopID = []string{
	"ada", "adalah", "agar", "akan", "aku", "anda", "antara", "apa", "apabila", "apakah",
	"atas", "atau", "bagaimana", "bagi", "bahkan", "bahwa", "beberapa", "belum", "bila",
	"bisa", "boleh", "dalam", "dan", "dapat", "dari", "daripada", "demikian", "dengan",
	"di", "dia", "ia", "ialah", "ini", "itu", "jika", "juga", "kalau", "kami",
	"kamu", "karena", "ke", "kepada", "ketika", "kita", "lagi", "lain", "maka", "masih",
	"melalui", "mereka", "meskipun", "namun", "oleh", "pada", "para", "pula", "saat",
	"sangat", "saja", "sebagai", "sebelum", "sedangkan", "sehingga", "sejak", "selama",
	"seorang", "seperti", "sebuah", "serta", "setelah", "sudah", "supaya", "tanpa",
	"telah", "tentang", "tersebut", "tetapi", "tidak", "untuk", "walaupun", "yaitu",
	"yakni", "yang",
}

// StopEN are English function words.
var StopEN = []string{
	"a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been",
	"but", "by", "can", "for", "from", "had", "has", "have", "he", "her", "his", "how",
	"if", "in", "into", "is", "it", "its", "more", "no", "not", "of", "on", "or", "our",
	"she", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these",
	"they", "this", "those", "through", "to", "was", "we", "were", "what", "when", "which",
	"who", "will", "with", "you", "your",
}
