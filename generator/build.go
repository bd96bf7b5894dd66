// Package generator is gnrm's library: what the command line does, callable from Go.
// Every command is one function here (Build, ...) that takes options, reports
// positioned diagnostics and never panics at its caller; cmd/gnrm only parses flags and
// maps the result to an exit code, as esbuild's pkg/api does for its CLI.
//
// Data flows one way: sources -> diagnostics -> render in memory (generator/hugo) ->
// publish to disk (generator/publish).
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gnrm/generator/diag"
	"gnrm/generator/hugo"
	"gnrm/generator/publish"
	"gnrm/generator/source"
)

// BuildOptions say what to build and where.
type BuildOptions struct {
	// SiteDir is the site folder; the current folder when empty.
	SiteDir string
	// OutDir is the output folder; SiteDir/public when empty.
	OutDir string
	// Base is the national base embedded in the binary (content/, themes/); nil for none.
	Base fs.FS
	// BaseURL overrides the site's public address.
	BaseURL string
	// Drafts publishes draft pages too.
	Drafts bool
	// NoMinify writes files as rendered.
	NoMinify bool
	// CacheDir is the engine's cache folder; see hugo.Options.
	CacheDir string
}

// Report tells what a build did.
type Report struct {
	Diagnostics diag.List
	Pages       int
	Files       int
	BytesIn     int64 // rendered bytes, before minify
	BytesOut    int64 // published bytes
	Duration    time.Duration
	OutDir      string
}

// ErrFailed is returned (wrapped) when the build stopped on errors in the diagnostics.
var ErrFailed = errors.New("build gagal")

// Build renders the site and publishes it into the output folder. When it returns an
// error, the output folder is exactly as it was before.
func Build(ctx context.Context, o BuildOptions) (rep Report, err error) {
	start := time.Now()
	defer func() { rep.Duration = time.Since(start) }()

	siteDir, outDir, err := resolveDirs(o.SiteDir, o.OutDir)
	if err != nil {
		return rep, err
	}
	rep.OutDir = outDir

	out, diags, err := hugo.Render(ctx, hugo.Options{
		SiteDir: siteDir, Base: o.Base, BaseURL: o.BaseURL, Drafts: o.Drafts, CacheDir: o.CacheDir,
	})
	rep.Diagnostics = diags
	if err != nil {
		return rep, err
	}
	if out == nil || diags.Errors() > 0 {
		return rep, fmt.Errorf("%w: %d kesalahan", ErrFailed, diags.Errors())
	}
	rep.Pages = out.Pages

	sum, pdiags, err := publish.Publish(ctx, out.Files, publish.Options{OutDir: outDir, NoMinify: o.NoMinify})
	rep.Diagnostics = append(rep.Diagnostics, pdiags...)
	rep.Files, rep.BytesIn, rep.BytesOut = sum.Files, sum.BytesIn, sum.BytesOut
	if err != nil {
		return rep, err
	}
	if pdiags.Errors() > 0 {
		return rep, fmt.Errorf("%w: %d kesalahan", ErrFailed, pdiags.Errors())
	}
	return rep, nil
}

// resolveDirs makes both folders absolute and refuses an output folder whose
// replacement would destroy sources or unrelated files.
func resolveDirs(siteDir, outDir string) (string, string, error) {
	if siteDir == "" {
		siteDir = "."
	}
	site, err := filepath.Abs(siteDir)
	if err != nil {
		return "", "", err
	}
	fi, err := os.Stat(site)
	if err != nil || !fi.IsDir() {
		return "", "", fmt.Errorf("folder situs %q tidak ditemukan", siteDir)
	}
	if outDir == "" {
		outDir = filepath.Join(site, "public")
	}
	out, err := filepath.Abs(outDir)
	if err != nil {
		return "", "", err
	}
	if out == site || isWithin(site, out) {
		return "", "", fmt.Errorf("folder keluaran %q memuat folder situs; pilih folder lain, misalnya %s", outDir, filepath.Join(site, "public"))
	}
	if r, err := filepath.Rel(site, out); err == nil && filepath.IsLocal(r) {
		top, _, _ := strings.Cut(filepath.ToSlash(r), "/")
		if slices.Contains(source.Dirs, top) {
			return "", "", fmt.Errorf("folder keluaran %q berada di dalam folder sumber %s/; pilih folder lain", outDir, top)
		}
	}
	if err := replaceable(out); err != nil {
		return "", "", err
	}
	return site, out, nil
}

// isWithin reports whether path lies inside dir (or is dir).
func isWithin(path, dir string) bool {
	r, err := filepath.Rel(dir, path)
	return err == nil && (r == "." || filepath.IsLocal(r))
}

// replaceable refuses to replace an existing folder that does not look like a site
// output: the whole folder is swapped out, so pointing -o at a documents folder by
// mistake must not delete it.
func replaceable(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("folder keluaran %q tidak dapat dibaca: %v", out, err)
	}
	for _, e := range entries {
		if e.Name() == "index.html" {
			return nil
		}
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			return fmt.Errorf("folder keluaran %q berisi berkas yang bukan hasil build (tidak ada index.html); kosongkan folder itu atau pilih folder lain", out)
		}
	}
	return nil
}
