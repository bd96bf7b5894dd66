package search

// The Indonesian stemmer: confix stripping in the manner of Nazief–Adriani and its
// enhanced version (ECS, Arifin et al.), changed for a search index that has no full
// dictionary.
//
// Why not the classic algorithm as published: it looks every intermediate form up in a
// dictionary of some 29,000 roots and gives up (returns the word) when none matches.
// Shipping that dictionary to every visitor's browser would cost more than the index of a
// small site, and a half dictionary makes the algorithm give up on every unlisted word. So
// the stemmer strips greedily and consistently, and uses a small list of roots (akar.txt,
// a few hundred words) only to stop early at a known root:
//
//  1. A word that is itself a listed root is its own stem.
//  2. Suffixes come off from the end, outermost first: a particle (-lah, -kah, -tah,
//     -pun), a possessive (-ku, -mu, -nya), then up to two derivational suffixes (-kan,
//     -an, -i; the second only -an or -i, so that a root ending in -an or -i, jalan,
//     mandiri, loses it in every form: jalan, perjalanan -> jal; mandiri, kemandirian ->
//     mandir). Each step leaves a "suffix state".
//  3. Prefixes come off the front, up to three, never the same kind twice in a row:
//     di-, ke-, se-, te(r)-, be(r)- (and bel- of belajar), me(N)-, pe(N)- with the
//     nasal rules: meny-/peny- + vowel -> s (menyapu -> sapu), mem-/pem- + vowel -> p
//     (memakai -> pakai), men-/pen- + vowel -> t (menulis -> tulis), meng-/peng- + vowel
//     -> k (mengirim -> kirim). Where a nasal could also belong to the root (memakan:
//     makan, not pakan; menilai: nilai, not tilai), both readings are kept, and so they
//     are for ber-/ter-/per- before a vowel, whose r may belong to the root (berada: ada,
//     beragam: ragam; peraturan: atur, perawatan: rawat).
//  4. If any suffix state, or any form reached from one by removing prefixes (in either
//     reading of an ambiguity), is a listed root, that root is the only stem.
//  5. Otherwise the stems are the forms left after removing everything removable from
//     the most stripped suffix state, in every reading of the nasal (and of -kan versus
//     -an + k: pendidikan is pendidik-an or pendidi-kan). A suffix state whose prefix
//     cannot come off without leaving too little is skipped for a less stripped one
//     (bertemu: ber-temu, not berte-mu).
//
// No removal may leave fewer than three letters or no vowel. A word may thus have up to
// four stems; the index lists a page under each, and a query word matches a page through
// any of them. What is consistent matters more than what is correct: every form of one
// root must reach a common stem (melayani, pelayanan, dilayani, layanan -> layan), even
// where the stem is not a dictionary word (tani, petani, bertani -> tan).
//
// Known limits (README, "Search"): without the full dictionary, a root that ends like a
// suffix or starts like a prefix is cut when it is not listed (berita -> ita would be,
// so berita is listed); unrelated roots can meet at a short stem (tahan and tahu do not,
// but an unlisted pair might); the disallowed prefix–suffix pairs of the classic
// algorithm (be-…-i, di-…-an, ke-…-i, ke-…-kan, me-…-an, se-…-i, se-…-kan, te-…-an)
// are not enforced, because without the dictionary they make forms of one root stem
// differently; reduplication (anak-anak) is two words; infixes (-el-, -em-, -er-) and
// the prefixes ku-/kau- are not handled.
//
// The same algorithm runs in the visitor's browser (themes/gnrm/assets/js/cari.js): the
// two implementations are kept equal by the shared vectors in testdata/vektor.txt and by a
// test that compares the root and stop-word lists of both.

import (
	_ "embed"
	"slices"
	"strings"
)

//go:embed akar.txt
var akarText string

// roots is the list of known Indonesian roots (akar.txt, one per line, '#' comments).
var roots = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range Roots() {
		m[w] = true
	}
	return m
}()

// Roots returns the root list, sorted.
func Roots() []string {
	var out []string
	for _, l := range strings.Split(akarText, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, strings.Fields(l)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// maxStems bounds the stems of one word.
const maxStems = 4

// StemID returns the stems of an Indonesian word (lower case, as Tokens gives it),
// the most likely first. A word that is not made of the letters a-z, or is shorter than
// four letters, is its own stem.
func StemID(w string) []string {
	if len(w) < 4 || !isLetters(w) || roots[w] {
		return []string{w}
	}
	chains := suffixChains(w)
	// A listed root anywhere along the way wins: first a suffix state that is one (least
	// stripped first), then one reached by removing prefixes from a suffix state (most
	// stripped first), as the classic algorithm backtracks.
	for _, states := range chains {
		for _, s := range states {
			if roots[s] {
				return []string{s}
			}
		}
	}
	for _, states := range chains {
		for i := len(states) - 1; i >= 0; i-- {
			if r := findRoot(states[i], 0, ""); r != "" {
				return []string{r}
			}
		}
	}
	var out []string
	for _, states := range chains {
		s := states[len(states)-1]
		for i := len(states) - 1; i >= 0; i-- {
			if !blocked(states[i]) {
				s = states[i]
				break
			}
		}
		leaves(s, 0, "", func(l string) {
			if !slices.Contains(out, l) && len(out) < maxStems {
				out = append(out, l)
			}
		})
	}
	return out
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'
}

// enough reports whether a form left by a removal is long enough to be a stem: three
// letters at least, one of them a vowel.
func enough(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) {
			return true
		}
	}
	return false
}

// cut removes suffix from s when s ends with it and enough is left.
func cut(s, suffix string) (string, bool) {
	if r, ok := strings.CutSuffix(s, suffix); ok && enough(r) {
		return r, true
	}
	return s, false
}

// suffixChains returns the suffix states of w, least stripped first: one chain, or two
// when w ends in a vowel and -kan (removed as -kan, or as -an after a root ending in k).
func suffixChains(w string) [][]string {
	states := []string{w}
	s := w
	for _, p := range []string{"lah", "kah", "tah", "pun"} {
		if r, ok := cut(s, p); ok {
			s = r
			states = append(states, s)
			break
		}
	}
	for _, p := range []string{"nya", "ku", "mu"} {
		if r, ok := cut(s, p); ok {
			s = r
			states = append(states, s)
			break
		}
	}
	var chains [][]string
	kan := false
	if r, ok := cut(s, "kan"); ok {
		chains = append(chains, derivational(slices.Clone(states), r))
		kan = true
	}
	// -kan read as -an after a root ending in k (pendidik-an) only where a vowel comes
	// before the k, as in the roots ending -ak, -ik, -uk, -ek, -ok.
	if r, ok := cut(s, "an"); ok && (!kan || isVowel(s[len(s)-4])) {
		chains = append(chains, derivational(slices.Clone(states), r))
	} else if r, ok := cut(s, "i"); ok {
		chains = append(chains, derivational(slices.Clone(states), r))
	}
	if len(chains) == 0 {
		chains = append(chains, states)
	}
	return chains
}

// derivational appends the state after the first derivational suffix, r, and the one
// after a second (-an or -i) if there is one.
func derivational(states []string, r string) []string {
	states = append(states, r)
	if r2, ok := cut(r, "an"); ok {
		states = append(states, r2)
	} else if r2, ok := cut(r, "i"); ok {
		states = append(states, r2)
	}
	return states
}

// prefix is one removable prefix found at the start of a word: its kind (di, ke, se, be,
// te, me, pe) and the forms left by removing it. strong forms are stems in their own
// right; weak forms (the monosyllable reading of menge-/penge-: mengecat, cat) count
// only when they are a listed root.
type prefix struct {
	kind         string
	strong, weak []string
}

// prefixOf returns the prefix at the start of s, if any.
func prefixOf(s string) (prefix, bool) {
	if len(s) < 3 {
		return prefix{}, false
	}
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	vowel := func(i int) bool { return i < len(s) && isVowel(s[i]) }
	consonant := func(i int) bool { return i < len(s) && !isVowel(s[i]) }
	one := func(kind string, forms ...string) (prefix, bool) { return prefix{kind: kind, strong: forms}, true }

	switch s[:2] {
	case "di", "ke", "se":
		return one(s[:2], s[2:])
	case "be":
		switch {
		case strings.HasPrefix(s, "belajar"):
			return one("be", s[3:])
		case strings.HasPrefix(s, "ber") && vowel(3):
			return one("be", s[3:], s[2:]) // berada: ada; beragam: ragam
		case strings.HasPrefix(s, "ber") && consonant(3) && at(3) != 'r':
			return one("be", s[3:])
		case consonant(2) && at(2) != 'r' && at(2) != 'l' && at(3) == 'e' && at(4) == 'r':
			return one("be", s[2:]) // bekerja
		}
	case "te":
		switch {
		case strings.HasPrefix(s, "ter") && vowel(3):
			return one("te", s[3:], s[2:]) // teratur: atur; terasa: rasa
		case strings.HasPrefix(s, "ter") && consonant(3) && at(3) != 'r':
			return one("te", s[3:])
		case consonant(2) && at(2) != 'r' && at(3) == 'e' && at(4) == 'r':
			return one("te", s[2:])
		}
	case "me":
		switch {
		case (at(2) == 'l' || at(2) == 'r' || at(2) == 'w' || at(2) == 'y') && vowel(3):
			return one("me", s[2:]) // melayani, merawat, mewujudkan
		case strings.HasPrefix(s, "mem") && (at(3) == 'b' || at(3) == 'f' || at(3) == 'v'):
			return one("me", s[3:]) // membangun
		case strings.HasPrefix(s, "mempe"):
			return one("me", s[3:]) // memperkuat -> perkuat
		case strings.HasPrefix(s, "mem") && (vowel(3) || at(3) == 'r' && vowel(4)):
			return one("me", "m"+s[3:], "p"+s[3:]) // memakan, memakai
		case strings.HasPrefix(s, "memp") && vowel(4):
			return one("me", s[3:]) // mempunyai
		case strings.HasPrefix(s, "men") && strings.IndexByte("cdjsz", at(3)) >= 0:
			return one("me", s[3:]) // mencari, mendukung
		case strings.HasPrefix(s, "men") && vowel(3):
			return one("me", "n"+s[3:], "t"+s[3:]) // menilai, menulis
		case strings.HasPrefix(s, "menge") && consonant(5):
			return prefix{kind: "me", strong: []string{s[4:], "k" + s[4:]}, weak: []string{s[5:]}}, true
		case strings.HasPrefix(s, "meng") && strings.IndexByte("ghqk", at(4)) >= 0:
			return one("me", s[4:]) // menggunakan
		case strings.HasPrefix(s, "meng") && vowel(4):
			return one("me", s[4:], "k"+s[4:]) // mengambil, mengirim
		case strings.HasPrefix(s, "meny") && vowel(4):
			return one("me", "s"+s[4:], "ny"+s[4:]) // menyapu, menyanyi
		}
	case "pe":
		switch {
		case (at(2) == 'w' || at(2) == 'y') && vowel(3):
			return one("pe", s[2:])
		case strings.HasPrefix(s, "per") && vowel(3):
			return one("pe", s[3:], s[2:]) // peraturan: atur; perawatan: rawat
		case strings.HasPrefix(s, "per") && consonant(3) && at(3) != 'r':
			return one("pe", s[3:])
		case strings.HasPrefix(s, "pelajar"):
			return one("pe", s[3:])
		case at(2) == 'l' && vowel(3):
			return one("pe", s[2:]) // pelayanan
		case strings.HasPrefix(s, "pem") && (at(3) == 'b' || at(3) == 'f' || at(3) == 'v'):
			return one("pe", s[3:])
		case strings.HasPrefix(s, "pem") && (vowel(3) || at(3) == 'r' && vowel(4)):
			return one("pe", "m"+s[3:], "p"+s[3:])
		case strings.HasPrefix(s, "pen") && strings.IndexByte("cdjz", at(3)) >= 0:
			return one("pe", s[3:])
		case strings.HasPrefix(s, "pen") && vowel(3):
			return one("pe", "n"+s[3:], "t"+s[3:])
		case strings.HasPrefix(s, "penge") && consonant(5):
			return prefix{kind: "pe", strong: []string{s[4:], "k" + s[4:]}, weak: []string{s[5:]}}, true
		case strings.HasPrefix(s, "peng") && strings.IndexByte("ghqk", at(4)) >= 0:
			return one("pe", s[4:])
		case strings.HasPrefix(s, "peng") && vowel(4):
			return one("pe", s[4:], "k"+s[4:])
		case strings.HasPrefix(s, "peny") && vowel(4):
			return one("pe", "s"+s[4:], "ny"+s[4:])
		case consonant(2) && strings.IndexByte("rwylmn", at(2)) < 0:
			return one("pe", s[2:]) // petani, pekerja, pedagang
		}
	}
	return prefix{}, false
}

// maxPrefixes bounds the prefixes removed from one word (di-per-, mem-per-, ke-ber-).
const maxPrefixes = 3

// removable returns the prefix at the start of s and the forms it leaves that are long
// enough, unless the prefix is of the kind just removed or the limit is reached.
func removable(s string, depth int, prev string) (p prefix, ok bool) {
	if depth >= maxPrefixes {
		return p, false
	}
	p, ok = prefixOf(s)
	if !ok || p.kind == prev {
		return p, false
	}
	p.strong = slices.DeleteFunc(slices.Clone(p.strong), func(f string) bool { return !enough(f) })
	p.weak = slices.DeleteFunc(slices.Clone(p.weak), func(f string) bool { return !enough(f) })
	return p, true
}

// findRoot returns the first listed root reached from s by removing prefixes, searching
// each level (strong forms, then weak ones) before the next.
func findRoot(s string, depth int, prev string) string {
	p, ok := removable(s, depth, prev)
	if !ok {
		return ""
	}
	forms := append(slices.Clone(p.strong), p.weak...)
	for _, f := range forms {
		if roots[f] {
			return f
		}
	}
	for _, f := range forms {
		if r := findRoot(f, depth+1, p.kind); r != "" {
			return r
		}
	}
	return ""
}

// blocked reports whether s starts like a prefix (di, ke, se, be, te, me, pe) that
// cannot come off: too little would be left (berte-), or the rest fits no rule (mem-).
// Such a state is usually a suffix removed by mistake (berte-mu, memi-lah).
func blocked(s string) bool {
	p, ok := removable(s, 0, "")
	if ok {
		return len(p.strong) == 0
	}
	switch {
	case len(s) < 2:
		return false
	case s[:2] == "di", s[:2] == "ke", s[:2] == "se", s[:2] == "be", s[:2] == "te", s[:2] == "me", s[:2] == "pe":
		return true
	}
	return false
}

// leaves calls emit with every form reached from s by removing prefixes as far as
// they go, following the strong forms.
func leaves(s string, depth int, prev string, emit func(string)) {
	p, ok := removable(s, depth, prev)
	if !ok || len(p.strong) == 0 {
		emit(s)
		return
	}
	for _, f := range p.strong {
		leaves(f, depth+1, p.kind, emit)
	}
}
