// Package bundle packs a published site into one archive that proves what was deployed,
// and checks a deployed copy against it.
//
// A bundle is a .tar.gz or .zip holding the published files and a SHA256SUMS manifest
// in the format of GNU sha256sum (so `sha256sum -c SHA256SUMS` works too, with no gnrm
// on the server). Two builds of the same input give byte-identical bundles: entries
// sorted by path, fixed modes (0644 files, 0755 folders), fixed times and owners, and
// compressors with fixed settings, so an agency can compare a bundle's hash with the one
// its CI published, and an auditor can rebuild it.
//
// Why the manifest travels inside the archive, at its root: an operator extracts the
// bundle into the web root and `gnrm verify` (or sha256sum) can check that folder later
// with nothing else at hand; the archive alone can be checked the same way after a
// transfer.
package bundle

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestName is the manifest's file name at the root of a bundle or a deployed folder.
const ManifestName = "SHA256SUMS"

// Entry is one line of a manifest: a file's slash path relative to the site root and
// the SHA-256 of its bytes.
type Entry struct {
	Path string
	Sum  [sha256.Size]byte
}

// Manifest lists a site's files with their hashes, sorted by path.
type Manifest []Entry

// Sort orders the entries by path, byte by byte (as `LC_ALL=C sort` does).
func (m Manifest) Sort() {
	slices.SortFunc(m, func(a, b Entry) int { return cmp.Compare(a.Path, b.Path) })
}

// Bytes formats the manifest as sha256sum prints it: "<hex>  <path>\n" per file. A path
// holding a backslash, a newline or a carriage return is escaped and its line starts
// with a backslash, as GNU coreutils does.
func (m Manifest) Bytes() []byte {
	var b bytes.Buffer
	for _, e := range m {
		name := e.Path
		if strings.ContainsAny(name, "\\\n\r") {
			b.WriteByte('\\')
			name = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`).Replace(name)
		}
		b.WriteString(hex.EncodeToString(e.Sum[:]))
		b.WriteString("  ")
		b.WriteString(name)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// ParseManifest reads a manifest in sha256sum's format (text "  " or binary " *"
// separators, escaped lines). A malformed line, a path that leaves the site root and a
// path listed twice are errors naming the line.
func ParseManifest(r io.Reader) (Manifest, error) {
	var m Manifest
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		escaped := strings.HasPrefix(line, `\`)
		if escaped {
			line = line[1:]
		}
		const hexLen = 2 * sha256.Size
		if len(line) < hexLen+3 || (line[hexLen:hexLen+2] != "  " && line[hexLen:hexLen+2] != " *") {
			return nil, lineError(n, "bukan baris sha256sum (\"<64 heksadesimal>  <jalur>\")", `not a sha256sum line ("<64 hex digits>  <path>")`)
		}
		var e Entry
		if _, err := hex.Decode(e.Sum[:], []byte(strings.ToLower(line[:hexLen]))); err != nil {
			return nil, lineError(n, "hash SHA-256 tidak sah", "not a valid SHA-256 hash")
		}
		e.Path = line[hexLen+2:]
		if escaped {
			p, ok := unescape(e.Path)
			if !ok {
				return nil, lineError(n, "jalur dengan escape yang tidak sah", "a path with an invalid escape")
			}
			e.Path = p
		}
		e.Path = strings.TrimPrefix(e.Path, "./")
		if !fs.ValidPath(e.Path) || e.Path == "." {
			return nil, lineError(n, fmt.Sprintf("jalur %q keluar dari folder situs", e.Path), fmt.Sprintf("path %q leaves the site folder", e.Path))
		}
		if first, dup := seen[e.Path]; dup {
			return nil, lineError(n, fmt.Sprintf("%s sudah tercantum di baris %d", e.Path, first), fmt.Sprintf("%s is already listed on line %d", e.Path, first))
		}
		seen[e.Path] = n
		m = append(m, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	m.Sort()
	return m, nil
}

func unescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			return "", false
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			return "", false
		}
	}
	return b.String(), true
}

func lineError(n int, id, en string) error {
	return &Error{
		ID: fmt.Sprintf("%s baris %d: %s", ManifestName, n, id),
		EN: fmt.Sprintf("%s line %d: %s", ManifestName, n, en),
	}
}

// HashFile returns the SHA-256 of a file's bytes.
func HashFile(name string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// Hash builds the manifest of the named files (slash paths) under dir.
func Hash(dir string, names []string) (Manifest, error) {
	m := make(Manifest, 0, len(names))
	for _, name := range names {
		if !fs.ValidPath(name) || name == "." {
			return nil, fmt.Errorf("jalur %q keluar dari folder situs", name)
		}
		sum, err := HashFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		m = append(m, Entry{Path: name, Sum: sum})
	}
	m.Sort()
	return m, nil
}

// Error is a problem told in Bahasa Indonesia (ID, also its Error text) and in
// English (EN), for the command line's --lang.
type Error struct {
	ID, EN string
}

func (e *Error) Error() string { return e.ID }

// English returns the message in English.
func (e *Error) English() string { return e.EN }
