package search

// The browser's copy of the stemmer's lists must be the Go lists, word for word: a root
// missing in cari.js would stem a query differently from the pages. The lists live in
// cari.js between marker comments; -update rewrites them from the Go lists.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the lists in cari.js from the Go lists")

// scriptPath is the search script of the theme.
var scriptPath = filepath.Join("..", "..", "themes", "gnrm", "assets", "js", "cari.js")

func scriptLists() map[string][]string {
	return map[string][]string{
		"akar":     Roots(),
		"henti-id": StopID,
		"henti-en": StopEN,
	}
}

var jsConst = map[string]string{"akar": "AKAR", "henti-id": "HENTI_ID", "henti-en": "HENTI_EN"}

func blockRe(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)(/\* ` + name + `:mulai \*/\n)(.*?)(\n\s*/\* ` + name + `:selesai \*/)`)
}

var literalRe = regexp.MustCompile(`"([^"]*)"`)

// jsBlock writes a list as a JavaScript constant of space-separated words, wrapped.
func jsBlock(name string, words []string) string {
	var lines []string
	var cur string
	for _, w := range words {
		if len(cur)+len(w)+1 > 88 {
			lines = append(lines, cur)
			cur = ""
		}
		cur += w + " "
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	lines[len(lines)-1] = strings.TrimSuffix(lines[len(lines)-1], " ")
	var b strings.Builder
	b.WriteString("  const " + jsConst[name] + " =\n")
	for i, l := range lines {
		b.WriteString(`    "` + l + `"`)
		if i < len(lines)-1 {
			b.WriteString(" +\n")
		}
	}
	b.WriteString(";")
	return b.String()
}

func TestListsMatchScript(t *testing.T) {
	b, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for name, want := range scriptLists() {
		re := blockRe(name)
		m := re.FindStringSubmatch(src)
		if m == nil {
			t.Fatalf("cari.js has no block /* %s:mulai */ ... /* %s:selesai */", name, name)
		}
		if *update {
			src = re.ReplaceAllLiteralString(src, m[1]+jsBlock(name, want)+m[3])
			continue
		}
		var joined string
		for _, l := range literalRe.FindAllStringSubmatch(m[2], -1) {
			joined += l[1]
		}
		got := strings.Fields(joined)
		if !slices.Equal(got, want) {
			t.Errorf("the list %s in cari.js differs from the Go list (%d words there, %d here); run go test ./generator/search -run TestListsMatchScript -update", name, len(got), len(want))
		}
	}
	if *update {
		if err := os.WriteFile(scriptPath, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The browser ranks; the index chooses the cards of each term by the same ranking
// (cards.go), so the constants must agree.
func TestRankingConstantsMatchScript(t *testing.T) {
	b, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"K1": fmt.Sprint(rankK1), "BANDS": fmt.Sprint(rankBands), "PREFIX_FACTOR": fmt.Sprint(prefixFactor),
		"PAGE": fmt.Sprint(resultsPage), "FORMAT": fmt.Sprint(Format),
	} {
		m := regexp.MustCompile(`\bconst ` + name + ` = ([0-9.]+);`).FindSubmatch(b)
		if m == nil || string(m[1]) != want {
			t.Errorf("cari.js: const %s = %s, the Go side has %s", name, m, want)
		}
	}
}
