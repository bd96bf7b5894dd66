package bundle_test

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gnrm/generator/bundle"
	"gnrm/generator/diag"
)

// deployed writes a bundle of the test site, extracts it into a folder as an operator
// would, and returns the folder and the bundle.
func deployed(t *testing.T, ext string) (dir, archive string) {
	t.Helper()
	files := site()
	archive = filepath.Join(t.TempDir(), "situs"+ext)
	src := tree(t, files)
	if _, err := bundle.Write(src, names(files), archive); err != nil {
		t.Fatal(err)
	}
	dir = tree(t, files)
	m, err := bundle.Hash(dir, names(files))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, bundle.ManifestName), m.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, archive
}

// codes lists the problems as "code path".
func codes(l diag.List) string {
	var b []string
	for _, d := range l {
		b = append(b, d.Code+" "+d.Path)
	}
	return strings.Join(b, "\n")
}

func verify(t *testing.T, target string, o bundle.VerifyOptions) bundle.Result {
	t.Helper()
	res, err := bundle.Verify(target, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != len(site()) {
		t.Errorf("manifest lists %d files, want %d", res.Files, len(site()))
	}
	return res
}

func TestVerifyFolder(t *testing.T) {
	dir, archive := deployed(t, ".tar.gz")
	if res := verify(t, dir, bundle.VerifyOptions{}); len(res.Problems) > 0 {
		t.Fatalf("untouched folder: %s", codes(res.Problems))
	}
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<!doctype html><title>Diretas</title>")
	if err := os.Remove(filepath.Join(dir, "berita", "index.xml")); err != nil {
		t.Fatal(err)
	}
	write("berita/tambahan.html", "?")
	write(".well-known/security.txt", "Contact: mailto:x@example.go.id")
	res := verify(t, dir, bundle.VerifyOptions{})
	want := "verify.extra .well-known/security.txt\nverify.missing berita/index.xml\nverify.extra berita/tambahan.html\nverify.changed index.html"
	if got := codes(res.Problems); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	for _, d := range res.Problems {
		if d.Severity != diag.Error || d.Message == "" || d.MessageEN == "" || d.Hint == "" || d.HintEN == "" {
			t.Errorf("%s: want an error with a message and a hint in both languages: %+v", d.Path, d)
		}
	}
	// The same folder checked against the bundle's manifest (--manifest), as after a
	// deployment that copied public/ without SHA256SUMS.
	if err := os.Remove(filepath.Join(dir, bundle.ManifestName)); err != nil {
		t.Fatal(err)
	}
	if _, err := bundle.Verify(dir, bundle.VerifyOptions{}); err == nil || !strings.Contains(err.Error(), "--manifest") {
		t.Errorf("folder without SHA256SUMS: %v, want an error that suggests --manifest", err)
	}
	res = verify(t, dir, bundle.VerifyOptions{Manifest: archive})
	if got := codes(res.Problems); got != want {
		t.Errorf("against the bundle: problems:\n%s\nwant:\n%s", got, want)
	}
}

func TestVerifyArchive(t *testing.T) {
	for _, ext := range []string{".tar.gz", ".zip"} {
		t.Run(ext, func(t *testing.T) {
			_, archive := deployed(t, ext)
			if res := verify(t, archive, bundle.VerifyOptions{}); len(res.Problems) > 0 {
				t.Fatalf("fresh bundle: %s", codes(res.Problems))
			}
		})
	}
	// A bundle whose file was changed after packing (a zip rewritten with one file
	// altered, one dropped and one added).
	_, archive := deployed(t, ".zip")
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(t.TempDir(), "diubah.zip")
	f, _ := os.Create(tampered)
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		if e.Name == "404.html" {
			continue
		}
		w, _ := zw.Create(e.Name)
		if e.Name == "index.html" {
			w.Write([]byte("diubah"))
			continue
		}
		r, _ := e.Open()
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	w, _ := zw.Create("js/penyusup.js")
	w.Write([]byte("alert(1)"))
	zw.Close()
	f.Close()
	zr.Close()
	res := verify(t, tampered, bundle.VerifyOptions{})
	want := "verify.missing 404.html\nverify.changed index.html\nverify.extra js/penyusup.js"
	if got := codes(res.Problems); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

func TestVerifyErrors(t *testing.T) {
	if _, err := bundle.Verify(filepath.Join(t.TempDir(), "tidak-ada"), bundle.VerifyOptions{}); err == nil {
		t.Error("missing target: no error")
	}
	notArchive := filepath.Join(t.TempDir(), "rusak.tar.gz")
	os.WriteFile(notArchive, []byte("bukan gzip"), 0o644)
	_, err := bundle.Verify(notArchive, bundle.VerifyOptions{})
	var be *bundle.Error
	if err == nil || !strings.Contains(err.Error(), "tidak dapat dibaca sebagai arsip") {
		t.Errorf("broken archive: %v", err)
	} else if !strings.Contains(err.Error(), "rusak.tar.gz") {
		t.Errorf("broken archive: error does not name the file: %v", err)
	}
	if _, ok := err.(*bundle.Error); ok {
		be = err.(*bundle.Error)
		if !strings.Contains(be.EN, "cannot be read as an archive") {
			t.Errorf("English text: %q", be.EN)
		}
	}
}
