package generator

// gnrm build --bundle: the archive is packed from the staging folder, from exactly the
// bytes about to be published, before the staging folder is swapped in; it is put in
// place only when the swap succeeds. So the output folder and the bundle always describe
// the same build, and a failed build leaves both as they were.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gnrm/generator/bundle"
	"gnrm/generator/diag"
	"gnrm/generator/source"
)

// bundleStep carries a bundle through a build.
type bundleStep struct {
	dest    string
	pending *bundle.Pending
}

// newBundleStep checks the bundle's path before anything is built: a known archive
// extension, not a folder, and outside the output folder (which the swap replaces) and
// the site's source folders (whose files the next build would publish).
func newBundleStep(dest, siteDir, outDir string) (*bundleStep, error) {
	if dest == "" {
		return nil, nil
	}
	if _, err := bundle.FormatOf(dest); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, &bundle.Error{
			ID: fmt.Sprintf("arsip %q adalah folder; berikan nama berkas, misalnya situs.tar.gz", dest),
			EN: fmt.Sprintf("archive %q is a folder; give a file name, for example site.tar.gz", dest),
		}
	}
	real, realOut := realPath(abs), realPath(outDir)
	if isWithin(abs, outDir) || isWithin(real, realOut) {
		return nil, &bundle.Error{
			ID: fmt.Sprintf("arsip %q berada di dalam folder keluaran %s, yang diganti utuh setiap build; simpan di luar folder itu", dest, outDir),
			EN: fmt.Sprintf("archive %q lies inside the output folder %s, which every build replaces whole; keep it outside that folder", dest, outDir),
		}
	}
	if r, err := filepath.Rel(realPath(siteDir), real); err == nil && filepath.IsLocal(r) {
		top, _, _ := strings.Cut(filepath.ToSlash(r), "/")
		if slices.Contains(source.Dirs, top) && strings.Contains(filepath.ToSlash(r), "/") {
			return nil, &bundle.Error{
				ID: fmt.Sprintf("arsip %q berada di dalam folder sumber %s/ dan akan ikut terbit pada build berikutnya; simpan di luar folder itu", dest, top),
				EN: fmt.Sprintf("archive %q lies inside the source folder %s/ and would be published by the next build; keep it outside that folder", dest, top),
			}
		}
	}
	return &bundleStep{dest: abs}, nil
}

// beforeSwap packs the staging folder; it is publish.Options.BeforeSwap.
func (b *bundleStep) beforeSwap(dir string, names []string) error {
	p, err := bundle.Prepare(dir, names, b.dest)
	if err != nil {
		return err
	}
	b.pending = p
	return nil
}

// finish puts the archive in place once the site is published, or removes it.
func (b *bundleStep) finish(published bool, rep *Report) error {
	if b == nil || b.pending == nil {
		return nil
	}
	if !published {
		b.pending.Discard()
		return nil
	}
	if err := b.pending.Commit(); err != nil {
		return &afterPublish{bundle.Error{
			ID: fmt.Sprintf("situs sudah diterbitkan, tetapi arsip %s gagal ditulis: %v", b.dest, err),
			EN: fmt.Sprintf("the site was published, but the archive %s could not be written: %v", b.dest, err),
		}}
	}
	rep.Bundle, rep.BundleFiles, rep.BundleBytes = b.dest, b.pending.Files, b.pending.Size
	return nil
}

// ErrBundleAfterPublish is returned (wrapped) when the site was published but its
// bundle could not be put in place: unlike every other error of Build, the output
// folder holds the new build.
var ErrBundleAfterPublish = errors.New("arsip gagal ditulis setelah situs diterbitkan")

type afterPublish struct{ e bundle.Error }

func (e *afterPublish) Error() string   { return e.e.ID }
func (e *afterPublish) English() string { return e.e.EN }
func (e *afterPublish) Unwrap() error   { return ErrBundleAfterPublish }

// realPath resolves the symbolic links of the longest existing prefix of p.
func realPath(p string) string {
	rest := ""
	for cur := p; ; cur = filepath.Dir(cur) {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(cur) == cur {
			return p
		}
		rest = filepath.Join(filepath.Base(cur), rest)
	}
}

// BundleSummaryIn is the one-line account of the bundle a build wrote, in lang; empty
// when it wrote none.
func (r Report) BundleSummaryIn(lang diag.Lang) string {
	if r.Bundle == "" {
		return ""
	}
	if lang == diag.English {
		return fmt.Sprintf("archive %s: %d files and %s, %s", r.Bundle, r.BundleFiles, bundle.ManifestName,
			strings.Replace(Bytes(r.BundleBytes), ",", ".", 1))
	}
	return fmt.Sprintf("arsip %s: %d berkas dan %s, %s", r.Bundle, r.BundleFiles, bundle.ManifestName, Bytes(r.BundleBytes))
}
