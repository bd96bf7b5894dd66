package profile

import (
	"regexp"
	"strings"
)

// locator finds the line of "table.key" in a TOML profile by reading its lines: the
// decoder reports positions for syntax errors only.
type locator map[string][2]int

var (
	tableRe = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]`)
	keyRe   = regexp.MustCompile(`^(\s*)([A-Za-z0-9_-]+)\s*=`)
)

func newLocator(src []byte) locator {
	l := locator{}
	table := ""
	for i, line := range strings.Split(string(src), "\n") {
		if m := tableRe.FindStringSubmatch(line); m != nil {
			table = m[1]
			if _, ok := l[table]; !ok {
				l[table] = [2]int{i + 1, 1}
			}
			continue
		}
		if m := keyRe.FindStringSubmatch(line); m != nil {
			key := m[2]
			if table != "" {
				key = table + "." + key
			}
			l[key] = [2]int{i + 1, len(m[1]) + 1}
		}
	}
	return l
}

// pos returns the position of a key, else of its table, else the top of the file.
func (l locator) pos(key string) (int, int) {
	if p, ok := l[key]; ok {
		return p[0], p[1]
	}
	if i := strings.LastIndexByte(key, '.'); i > 0 {
		if p, ok := l[key[:i]]; ok {
			return p[0], p[1]
		}
	}
	return 1, 1
}
