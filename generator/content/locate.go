package content

import (
	"regexp"
	"strings"
)

// locator finds the line of a front matter key, of the i-th item of a list, and of a
// key inside that item, by reading the YAML lines. goldmark-meta gives values without
// positions; editors need the line of the key a problem concerns.
type locator struct {
	lines []string
	first int // file line of lines[0]
}

func newLocator(lines []string, first int) locator { return locator{lines, first} }

var topKeyRe = regexp.MustCompile(`^([^\s#:\-][^:]*?)\s*:(?:\s|$)`)

// key returns the file line and column of a top-level key, or 0, 0.
func (l locator) key(name string) (int, int) {
	if i := l.keyIndex(name); i >= 0 {
		return l.first + i, 1
	}
	return 0, 0
}

func (l locator) keyIndex(name string) int {
	for i, s := range l.lines {
		if m := topKeyRe.FindStringSubmatch(s); m != nil && strings.Trim(m[1], `"'`) == name {
			return i
		}
	}
	return -1
}

// keyLines returns the file lines of every occurrence of a top-level key.
func (l locator) keyLines(name string) []int {
	var out []int
	for i, s := range l.lines {
		if m := topKeyRe.FindStringSubmatch(s); m != nil && strings.Trim(m[1], `"'`) == name {
			out = append(out, l.first+i)
		}
	}
	return out
}

// item returns the position of the i-th (0-based) item of a list key; the key's own
// position when the list is written inline or the item is not found.
func (l locator) item(name string, i int) (int, int) {
	k := l.keyIndex(name)
	if k < 0 {
		return 0, 0
	}
	n := 0
	for j := k + 1; j < len(l.lines); j++ {
		s := l.lines[j]
		if topKeyRe.MatchString(s) {
			break
		}
		t := strings.TrimLeft(s, " ")
		if strings.HasPrefix(t, "- ") || t == "-" {
			if n == i {
				return l.first + j, 1 + len(s) - len(t) + 2
			}
			n++
		}
	}
	return l.first + k, 1
}

// itemKey returns the position of key sub within the i-th item of list name.
func (l locator) itemKey(name string, i int, sub string) (int, int) {
	line, col := l.item(name, i)
	if line == 0 {
		return 0, 0
	}
	re := regexp.MustCompile(`^(\s*-?\s*)` + regexp.QuoteMeta(sub) + `\s*:`)
	for j := line - l.first; j < len(l.lines); j++ {
		if j > line-l.first && (topKeyRe.MatchString(l.lines[j]) || strings.HasPrefix(strings.TrimLeft(l.lines[j], " "), "- ")) {
			break
		}
		if m := re.FindStringSubmatch(l.lines[j]); m != nil {
			return l.first + j, len(m[1]) + 1
		}
	}
	return line, col
}

// KeyPos returns the line and column of a top-level front matter key, or 0, 0.
func (f *File) KeyPos(key string) (int, int) { return f.keys.key(key) }
