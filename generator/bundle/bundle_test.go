package bundle_test

// Unit tests of the archive and manifest formats and of verification, on small folders
// made by the tests. The real builds (two builds, byte-identical bundles) are tested in
// the generator package.

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gnrm/generator/bundle"
	"gnrm/generator/internal/testfiles"
)

var longName = "berita/" + strings.Repeat("judul-yang-sangat-panjang-", 6) + "/index.html"

// tree writes files into a new folder and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		testfiles.Write(t, dir, name, []byte(data))
	}
	return dir
}

func site() map[string]string {
	return map[string]string{
		"index.html": "<!doctype html><title>Beranda</title>",
		"404.html":   "<!doctype html><title>Tidak ditemukan</title>",
		"css/main.min.0123456789abcdef0123456789abcdef.css": "body{margin:0}",
		"berita/index.html":        "<!doctype html><title>Berita</title>",
		"berita/index.xml":         "<rss/>",
		longName:                   "<!doctype html><title>Panjang</title>",
		"materi/poster/poster.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
	}
}

func names(files map[string]string) []string {
	var n []string
	for k := range files {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

type entry struct {
	name string
	mode int64
	mod  time.Time
	data string
	dir  bool
}

func readTarGz(t *testing.T, name string) []entry {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header carries name %q and time %v; want neither", gz.Name, gz.ModTime)
	}
	var out []entry
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: owner %d/%d %q/%q; want 0/0 and no names", h.Name, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		b, _ := io.ReadAll(tr)
		out = append(out, entry{h.Name, h.Mode, h.ModTime.UTC(), string(b), h.Typeflag == tar.TypeDir})
	}
	return out
}

func readZip(t *testing.T, name string) []entry {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []entry
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		out = append(out, entry{f.Name, int64(f.Mode().Perm()), f.Modified.UTC(), string(b), f.Mode().IsDir()})
	}
	return out
}

func TestArchiveContentsAndManifest(t *testing.T) {
	files := site()
	dir := tree(t, files)
	for _, ext := range []string{".tar.gz", ".zip"} {
		t.Run(ext, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "situs"+ext)
			p, err := bundle.Write(dir, names(files), dest)
			if err != nil {
				t.Fatal(err)
			}
			if p.Files != len(files) || p.Size <= 0 {
				t.Errorf("pending: %d files, %d bytes", p.Files, p.Size)
			}
			var got []entry
			wantTime := time.Unix(0, 0).UTC()
			if ext == ".zip" {
				got = readZip(t, dest)
				wantTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
			} else {
				got = readTarGz(t, dest)
			}
			var order []string
			for _, e := range got {
				order = append(order, e.name)
				wantMode := int64(0o644)
				if e.dir {
					wantMode = 0o755
				}
				if e.mode != wantMode {
					t.Errorf("%s: mode %o, want %o", e.name, e.mode, wantMode)
				}
				if !e.mod.Equal(wantTime) {
					t.Errorf("%s: time %v, want %v", e.name, e.mod, wantTime)
				}
				if !e.dir && e.name != bundle.ManifestName && e.data != files[e.name] {
					t.Errorf("%s: content %q, want %q", e.name, e.data, files[e.name])
				}
			}
			want := []string{"404.html", "berita/", "berita/index.html", "berita/index.xml",
				longName[:strings.LastIndex(longName, "/")+1], longName, "css/", "css/main.min.0123456789abcdef0123456789abcdef.css",
				"index.html", "materi/", "materi/poster/", "materi/poster/poster.svg", bundle.ManifestName}
			if !slices.Equal(order, want) {
				t.Errorf("entries:\n got %q\nwant %q", order, want)
			}
			var manifest string
			for _, e := range got {
				if e.name == bundle.ManifestName {
					manifest = e.data
				}
			}
			var lines []string
			for _, n := range names(files) {
				lines = append(lines, sum(files[n])+"  "+n)
			}
			if wantM := strings.Join(lines, "\n") + "\n"; manifest != wantM {
				t.Errorf("manifest:\n%s\nwant:\n%s", manifest, wantM)
			}
		})
	}
}

// The manifest is GNU sha256sum's own format: sha256sum -c accepts it in the extracted
// folder, and the archive extracts with the system's tar and unzip.
func TestManifestWorksWithSystemTools(t *testing.T) {
	for _, tool := range []string{"sha256sum", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	files := site()
	dest := filepath.Join(t.TempDir(), "situs.tar.gz")
	if _, err := bundle.Write(tree(t, files), names(files), dest); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if b, err := exec.Command("tar", "-xzf", dest, "-C", out).CombinedOutput(); err != nil {
		t.Fatalf("tar -xzf: %v\n%s", err, b)
	}
	cmd := exec.Command("sha256sum", "--strict", "-c", bundle.ManifestName)
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	if _, err := exec.LookPath("unzip"); err == nil {
		zdest := filepath.Join(t.TempDir(), "situs.zip")
		if _, err := bundle.Write(tree(t, files), names(files), zdest); err != nil {
			t.Fatal(err)
		}
		zout := t.TempDir()
		if b, err := exec.Command("unzip", "-q", zdest, "-d", zout).CombinedOutput(); err != nil {
			t.Fatalf("unzip: %v\n%s", err, b)
		}
		cmd := exec.Command("sha256sum", "--strict", "-c", bundle.ManifestName)
		cmd.Dir = zout
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sha256sum -c after unzip: %v\n%s", err, b)
		}
	}
}

// The same files give the same bytes, whatever their times, modes and the order in
// which they are given.
func TestArchivesAreByteIdentical(t *testing.T) {
	files := site()
	a := tree(t, files)
	b := tree(t, files)
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, n := range names(files) {
		p := filepath.Join(b, filepath.FromSlash(n))
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	reversed := names(files)
	slices.Reverse(reversed)
	exts := []string{".tar.gz", ".tgz", ".zip"}
	d := t.TempDir()
	for _, ext := range exts {
		if _, err := bundle.Write(a, names(files), filepath.Join(d, "1"+ext)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(1100 * time.Millisecond) // a clock tick that a time stamp would show
	for _, ext := range exts {
		one, two := filepath.Join(d, "1"+ext), filepath.Join(d, "2"+ext)
		if _, err := bundle.Write(b, reversed, two); err != nil {
			t.Fatal(err)
		}
		x, _ := os.ReadFile(one)
		y, _ := os.ReadFile(two)
		if !bytes.Equal(x, y) {
			t.Errorf("%s: two archives of the same files differ (%d and %d bytes)", ext, len(x), len(y))
		}
	}
}

func TestWriteIsAtomic(t *testing.T) {
	files := site()
	dir := tree(t, files)
	out := t.TempDir()
	dest := filepath.Join(out, "situs.zip")
	if err := os.WriteFile(dest, []byte("arsip lama"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A listed file that is missing fails the archive: the previous one stays, and no
	// temporary file is left beside it.
	if _, err := bundle.Write(dir, append(names(files), "hilang.html"), dest); err == nil {
		t.Fatal("archive of a missing file: no error")
	}
	if b, _ := os.ReadFile(dest); string(b) != "arsip lama" {
		t.Errorf("previous archive changed: %q", b)
	}
	p, err := bundle.Prepare(dir, names(files), dest)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "arsip lama" {
		t.Errorf("Prepare replaced the archive before Commit")
	}
	p.Discard()
	if b, _ := os.ReadFile(dest); string(b) != "arsip lama" {
		t.Errorf("Discard changed the archive")
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
	// A site that publishes its own SHA256SUMS cannot be bundled.
	withOwn := tree(t, map[string]string{"index.html": "x", bundle.ManifestName: "y"})
	if _, err := bundle.Write(withOwn, []string{"index.html", bundle.ManifestName}, dest); err == nil {
		t.Error("a site with its own SHA256SUMS: no error")
	}
	if _, err := bundle.FormatOf("situs.rar"); err == nil {
		t.Error("FormatOf(.rar): no error")
	}
}

func TestParseManifest(t *testing.T) {
	h := sum("x")
	m, err := bundle.ParseManifest(strings.NewReader(h + "  b.html\n" + h + " *./a.html\r\n\n" +
		`\` + h + `  c\\d\nbaru.html` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range m {
		got = append(got, e.Path)
	}
	if want := []string{"a.html", "b.html", "c\\d\nbaru.html"}; !slices.Equal(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
	// Bytes writes back what sha256sum would print, escapes included.
	if want := h + "  a.html\n" + h + "  b.html\n" + `\` + h + `  c\\d\nbaru.html` + "\n"; string(m.Bytes()) != want {
		t.Errorf("Bytes:\n%s\nwant:\n%s", m.Bytes(), want)
	}
	for _, bad := range []string{
		"bukan hash  a.html\n",
		h[:60] + "  a.html\n",
		h + " a.html\n",
		h + "  ../rahasia\n",
		h + "  /etc/passwd\n",
		h + "  a.html\n" + h + "  a.html\n",
		`\` + h + `  a\x` + "\n",
	} {
		_, err := bundle.ParseManifest(strings.NewReader(bad))
		var be *bundle.Error
		if !errors.As(err, &be) || !strings.Contains(be.ID, "baris") || !strings.Contains(be.EN, "line") {
			t.Errorf("%q: error %v, want a bilingual error naming the line", bad, err)
		}
	}
}
