package bundle

// Why verification reports positioned diagnostics: each missing, changed or extra file
// is one problem "path: error: message" in the project's usual form, all of them at once,
// sorted, in Bahasa Indonesia or English; a script reads the codes (verify.missing,
// verify.changed, verify.extra) and the exit code.

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gnrm/generator/diag"
)

// Result is what Verify found.
type Result struct {
	// Files is the number of files the manifest lists.
	Files int
	// Problems holds one error per missing, changed or extra file, sorted by path.
	Problems diag.List
}

// VerifyOptions say what to check against which manifest.
type VerifyOptions struct {
	// Manifest is a SHA256SUMS file or a bundle whose SHA256SUMS is used; empty: the
	// SHA256SUMS at the root of the folder or archive being checked.
	Manifest string
}

// Verify checks a deployed folder or a bundle (.tar.gz, .tgz, .zip) against a manifest.
// An error means the check could not be made (no manifest, an unreadable archive); a
// mismatch is reported in Result.Problems.
func Verify(target string, o VerifyOptions) (Result, error) {
	var res Result
	fi, err := os.Stat(target)
	if err != nil {
		return res, &Error{
			ID: fmt.Sprintf("%s tidak ditemukan", target),
			EN: fmt.Sprintf("%s not found", target),
		}
	}
	var files map[string]fileSum
	var own []byte
	if fi.IsDir() {
		files, own, err = readDir(target)
	} else {
		files, own, err = readArchive(target)
	}
	if err != nil {
		return res, err
	}
	var mtext []byte
	switch {
	case o.Manifest != "":
		if mtext, err = manifestFrom(o.Manifest); err != nil {
			return res, err
		}
	case own != nil:
		mtext = own
	default:
		return res, &Error{
			ID: fmt.Sprintf("%s tidak memuat %s; berikan --manifest BERKAS (SHA256SUMS atau arsip dari gnrm build --bundle)", target, ManifestName),
			EN: fmt.Sprintf("%s holds no %s; give --manifest FILE (a SHA256SUMS or an archive from gnrm build --bundle)", target, ManifestName),
		}
	}
	m, err := ParseManifest(bytes.NewReader(mtext))
	if err != nil {
		return res, err
	}
	res.Files = len(m)
	listed := map[string]bool{}
	for _, e := range m {
		listed[e.Path] = true
		f, ok := files[e.Path]
		switch {
		case !ok:
			res.Problems.Add(problem(e.Path, "verify.missing",
				"hilang: tercantum di "+ManifestName+" tetapi tidak ada", "missing: listed in "+ManifestName+" but absent",
				"Salin ulang berkas ini dari arsip build.", "Copy this file again from the build's archive."))
		case f.err != nil:
			res.Problems.Add(problem(e.Path, "verify.unreadable",
				"tidak dapat dibaca: "+f.err.Error(), "cannot be read: "+f.err.Error(), "", ""))
		case f.sum != e.Sum:
			res.Problems.Add(problem(e.Path, "verify.changed",
				"berubah: isinya tidak sama dengan hash di "+ManifestName, "changed: its content does not match the hash in "+ManifestName,
				"Berkas ini diubah setelah build; salin ulang dari arsip build atau bangun ulang situs.",
				"This file was changed after the build; copy it again from the build's archive or rebuild the site."))
		}
	}
	for p := range files {
		if !listed[p] {
			res.Problems.Add(problem(p, "verify.extra",
				"tambahan: tidak tercantum di "+ManifestName, "extra: not listed in "+ManifestName,
				"Berkas ini bukan hasil build; hapus bila tidak sengaja diunggah.",
				"This file is not part of the build; remove it if it was uploaded by mistake."))
		}
	}
	res.Problems.Sort()
	return res, nil
}

func problem(path, code, id, en, hint, hintEN string) diag.Diagnostic {
	return diag.Diagnostic{Path: path, Severity: diag.Error, Code: code, Message: id, MessageEN: en, Hint: hint, HintEN: hintEN}
}

type fileSum struct {
	sum [sha256.Size]byte
	err error
}

// readDir hashes every file under dir except its own manifest, which it returns.
func readDir(dir string) (map[string]fileSum, []byte, error) {
	files := map[string]fileSum{}
	var own []byte
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestName {
			own, err = os.ReadFile(p)
			return err
		}
		// A symbolic link is checked by what it points to, as a web server serves it.
		sum, err := HashFile(p)
		files[rel] = fileSum{sum: sum, err: err}
		return nil
	})
	return files, own, err
}

// readArchive hashes every file of a bundle except its manifest, which it returns.
func readArchive(name string) (map[string]fileSum, []byte, error) {
	format, err := FormatOf(name)
	if err != nil {
		return nil, nil, err
	}
	files := map[string]fileSum{}
	var own []byte
	add := func(entry string, r io.Reader) error {
		entry = strings.TrimPrefix(entry, "./")
		if !fs.ValidPath(entry) {
			return &Error{
				ID: fmt.Sprintf("%s: entri %q keluar dari folder situs", name, entry),
				EN: fmt.Sprintf("%s: entry %q leaves the site folder", name, entry),
			}
		}
		if entry == ManifestName {
			b, err := io.ReadAll(io.LimitReader(r, 64<<20))
			own = b
			return err
		}
		h := sha256.New()
		if _, err := io.Copy(h, r); err != nil {
			return err
		}
		var fsum fileSum
		copy(fsum.sum[:], h.Sum(nil))
		files[entry] = fsum
		return nil
	}
	bad := func(err error) error {
		var e *Error
		if errors.As(err, &e) {
			return err
		}
		return &Error{
			ID: fmt.Sprintf("%s tidak dapat dibaca sebagai arsip: %v", name, err),
			EN: fmt.Sprintf("%s cannot be read as an archive: %v", name, err),
		}
	}
	if format == Zip {
		zr, err := zip.OpenReader(name)
		if err != nil {
			return nil, nil, bad(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, "/") {
				continue
			}
			r, err := f.Open()
			if err != nil {
				return nil, nil, bad(err)
			}
			err = add(f.Name, r)
			r.Close()
			if err != nil {
				return nil, nil, bad(err)
			}
		}
		return files, own, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, bad(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, bad(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, bad(err)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
			if err := add(h.Name, tr); err != nil {
				return nil, nil, bad(err)
			}
		default:
			// A link or device has no place in a site bundle: it is reported as a file
			// that is not what the manifest lists.
			files[strings.TrimPrefix(h.Name, "./")] = fileSum{err: fmt.Errorf("bukan berkas biasa (jenis tar %q)", h.Typeflag)}
		}
	}
	return files, own, nil
}

// manifestFrom reads a manifest file, or the manifest inside a bundle.
func manifestFrom(name string) ([]byte, error) {
	if _, err := FormatOf(name); err == nil {
		_, own, err := readArchive(name)
		if err != nil {
			return nil, err
		}
		if own == nil {
			return nil, &Error{
				ID: fmt.Sprintf("arsip %s tidak memuat %s", name, ManifestName),
				EN: fmt.Sprintf("archive %s holds no %s", name, ManifestName),
			}
		}
		return own, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, &Error{
			ID: fmt.Sprintf("daftar hash %s tidak dapat dibaca: %v", name, err),
			EN: fmt.Sprintf("the list of hashes %s cannot be read: %v", name, err),
		}
	}
	return b, nil
}
