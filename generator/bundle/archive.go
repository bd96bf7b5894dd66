package bundle

// Why these archive settings: the same files must give the same bytes on every machine
// and every day. Everything that tar, gzip and zip would otherwise take from the
// machine is fixed: entry order (sorted paths, each folder before its contents), modes,
// owners (0, no names), times (the Unix epoch in tar, 1980-01-01 in zip, the earliest
// time a zip can hold), the gzip header (no name, no time) and the compression levels.
//
// Why a temporary file and a rename: an interrupted or failed build never leaves a
// half-written archive at the bundle's path, only the previous one. The archive is
// written in two steps (Prepare, then Commit) so that a build can prepare it from the
// staging folder before the site is swapped in, and keep it only when the swap succeeds.

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Format is an archive format, chosen by the file name's extension.
type Format int

const (
	TarGz Format = iota + 1 // .tar.gz or .tgz
	Zip                     // .zip
)

// FormatOf returns the archive format for a bundle's file name.
func FormatOf(name string) (Format, error) {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".tar.gz"), strings.HasSuffix(n, ".tgz"):
		return TarGz, nil
	case strings.HasSuffix(n, ".zip"):
		return Zip, nil
	}
	return 0, &Error{
		ID: fmt.Sprintf("arsip %q harus berakhiran .tar.gz, .tgz atau .zip", name),
		EN: fmt.Sprintf("archive %q must end in .tar.gz, .tgz or .zip", name),
	}
}

var (
	tarTime = time.Unix(0, 0).UTC()
	zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Pending is an archive written to a temporary file beside its destination, not yet in
// place.
type Pending struct {
	tmp, dest string
	Files     int   // site files in the archive, the manifest not counted
	Size      int64 // archive size in bytes
}

// Prepare writes the archive of the named files (slash paths) under dir, plus their
// SHA256SUMS, to a temporary file beside dest. Commit puts it in place; Discard
// removes it.
func Prepare(dir string, names []string, dest string) (*Pending, error) {
	format, err := FormatOf(dest)
	if err != nil {
		return nil, err
	}
	names = slices.Clone(names)
	slices.Sort(names)
	if slices.Contains(names, ManifestName) {
		return nil, &Error{
			ID: fmt.Sprintf("situs menerbitkan berkas %s sendiri; nama itu dipakai untuk daftar hash arsip", ManifestName),
			EN: fmt.Sprintf("the site publishes a file named %s; that name is reserved for the archive's list of hashes", ManifestName),
		}
	}
	m, err := Hash(dir, names)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return nil, err
	}
	p := &Pending{tmp: f.Name(), dest: dest, Files: len(names)}
	err = write(f, format, dir, names, m.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(p.tmp, 0o644)
	}
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(p.tmp); err == nil {
			p.Size = fi.Size()
		}
	}
	if err != nil {
		p.Discard()
		return nil, err
	}
	return p, nil
}

// Commit renames the archive into place, replacing any previous file there.
func (p *Pending) Commit() error {
	if err := os.Rename(p.tmp, p.dest); err != nil {
		p.Discard()
		return err
	}
	return nil
}

// Discard removes the temporary archive.
func (p *Pending) Discard() { _ = os.Remove(p.tmp) }

// Write writes the archive of the named files under dir to dest at once.
func Write(dir string, names []string, dest string) (*Pending, error) {
	p, err := Prepare(dir, names, dest)
	if err != nil {
		return nil, err
	}
	return p, p.Commit()
}

// entries lists the archive's entries in order: each folder (with a trailing slash)
// before the first file inside it, files sorted by path, the manifest last.
func entries(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		var dirs []string
		for d := path.Dir(n); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d+"/")
		}
		slices.Reverse(dirs)
		out = append(out, dirs...)
		out = append(out, n)
	}
	return append(out, ManifestName)
}

func write(w io.Writer, format Format, dir string, names []string, manifest []byte) error {
	open := func(name string) (io.ReadCloser, int64, error) {
		if name == ManifestName {
			return io.NopCloser(strings.NewReader(string(manifest))), int64(len(manifest)), nil
		}
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, 0, err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			return nil, 0, fmt.Errorf("%s bukan berkas biasa", name)
		}
		return f, fi.Size(), nil
	}
	if format == Zip {
		return writeZip(w, entries(names), open)
	}
	return writeTarGz(w, entries(names), open)
}

type opener func(name string) (io.ReadCloser, int64, error)

func writeTarGz(w io.Writer, list []string, open opener) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	// The header's name, comment and time stay empty; Go writes the OS byte as 255
	// (unknown) whatever the machine.
	tw := tar.NewWriter(gz)
	for _, name := range list {
		h := &tar.Header{Name: name, ModTime: tarTime, Format: tar.FormatPAX}
		if strings.HasSuffix(name, "/") {
			h.Typeflag, h.Mode = tar.TypeDir, 0o755
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			continue
		}
		r, size, err := open(name)
		if err != nil {
			return err
		}
		h.Typeflag, h.Mode, h.Size = tar.TypeReg, 0o644, size
		if err := tw.WriteHeader(h); err != nil {
			r.Close()
			return err
		}
		_, err = io.Copy(tw, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, list []string, open opener) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, name := range list {
		h := &zip.FileHeader{Name: name, Modified: zipTime}
		if strings.HasSuffix(name, "/") {
			h.Method = zip.Store
			h.SetMode(0o755 | os.ModeDir)
			if _, err := zw.CreateHeader(h); err != nil {
				return err
			}
			continue
		}
		r, _, err := open(name)
		if err != nil {
			return err
		}
		h.Method = zip.Deflate
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			r.Close()
			return err
		}
		_, err = io.Copy(fw, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}
