// Package generator is gnrm's library: what the command line does, callable from Go.
// Every command is one function here (Build, ...) that takes options, reports
// positioned diagnostics and never panics at its caller; cmd/gnrm only parses flags and
// maps the result to an exit code, as esbuild's pkg/api does for its CLI.
//
// Data flows one way: sources -> diagnostics (generator/content) -> render in memory
// (generator/hugo) -> checks of the output (generator/links) -> publish to disk
// (generator/publish).
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gnrm/generator/content"
	"gnrm/generator/diag"
	"gnrm/generator/hugo"
	"gnrm/generator/links"
	"gnrm/generator/profile"
	"gnrm/generator/publish"
	"gnrm/generator/search"
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
	// Strict makes warnings stop the build like errors.
	Strict bool
	// CacheDir is the engine's cache folder; see hugo.Options.
	CacheDir string
	// Bundle, when set, is the path of a .tar.gz, .tgz or .zip archive to write after a
	// successful build: the published files plus their SHA256SUMS (see generator/bundle).
	// It must lie outside the output folder.
	Bundle string
}

// Report tells what a build or a check did.
type Report struct {
	Site        string // the agency named by the profile
	Diagnostics diag.List
	Pages       int
	Files       int
	BytesIn     int64 // rendered bytes, before minify
	BytesOut    int64 // published bytes
	Duration    time.Duration
	OutDir      string
	Bundle      string // the archive written by BuildOptions.Bundle (absolute), if any
	BundleFiles int    // site files in it, its SHA256SUMS not counted
	BundleBytes int64  // its size
}

// ErrFailed is returned (wrapped) when the build or check stopped on errors in the
// diagnostics (or on warnings, in strict mode).
var ErrFailed = errors.New("build gagal")

// Build runs every check of Check, then publishes the rendered site into the output
// folder. When it returns an error, the output folder is exactly as it was before.
func Build(ctx context.Context, o BuildOptions) (rep Report, err error) {
	start := time.Now()
	defer func() { rep.Duration = time.Since(start) }()

	siteDir, outDir, err := resolveDirs(o.SiteDir, o.OutDir)
	if err != nil {
		return rep, err
	}
	rep.OutDir = outDir
	bstep, err := newBundleStep(o.Bundle, siteDir, outDir)
	if err != nil {
		return rep, err
	}
	out, err := analyse(ctx, siteDir, o, true, &rep)
	if err != nil {
		return rep, err
	}

	po := publish.Options{OutDir: outDir, NoMinify: o.NoMinify}
	if bstep != nil {
		po.BeforeSwap = bstep.beforeSwap
	}
	sum, pdiags, err := publish.Publish(ctx, out.Files, po)
	rep.Diagnostics = append(rep.Diagnostics, pdiags...)
	rep.Files, rep.BytesIn, rep.BytesOut = sum.Files, sum.BytesIn, sum.BytesOut
	if berr := bstep.finish(err == nil, &rep); err == nil {
		err = berr
	}
	if err != nil {
		return rep, err
	}
	return rep, failed(rep.Diagnostics, o.Strict)
}

// Check runs every check that Build runs, the checks of the rendered output included
// (it renders in memory), and writes nothing.
func Check(ctx context.Context, o BuildOptions) (rep Report, err error) {
	start := time.Now()
	defer func() { rep.Duration = time.Since(start) }()
	siteDir, err := resolveSite(o.SiteDir)
	if err != nil {
		return rep, err
	}
	_, err = analyse(ctx, siteDir, o, false, &rep)
	return rep, err
}

// analyse checks the sources, renders the site in memory and checks the output. It
// returns the rendered output only when nothing stops the build. prune is set for a
// build that publishes (see hugo.Options.Prune).
func analyse(ctx context.Context, siteDir string, o BuildOptions, prune bool, rep *Report) (*hugo.Output, error) {
	prof, ho, pdiags := engineOptions(siteDir, o)
	ho.Prune = prune
	rep.Diagnostics = pdiags
	defer rep.Diagnostics.Sort()
	if prof != nil {
		rep.Site = prof.Instansi.Nama
	}
	res, cdiags := checkSources(siteDir, o.Base, ho)
	rep.Diagnostics = append(rep.Diagnostics, res.Diagnostics...)
	rep.Diagnostics = append(rep.Diagnostics, cdiags...)
	if res.Fatal || prof == nil || cdiags.Errors() > 0 {
		// The engine would stop at the same broken front matter, profile or progress
		// data, less clearly.
		return nil, failed(rep.Diagnostics, o.Strict)
	}
	out, diags, err := hugo.Render(ctx, ho)
	if res.Diagnostics.Errors() > 0 {
		// A national template failing on content that is already reported as wrong
		// (text where a number belongs) only repeats that error, in the engine's words.
		diags = slices.DeleteFunc(diags, func(d diag.Diagnostic) bool {
			return strings.HasPrefix(d.Path, "themes/") && strings.HasPrefix(d.Code, "engine.")
		})
	}
	rep.Diagnostics = append(rep.Diagnostics, diags...)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, failed(rep.Diagnostics, o.Strict)
	}
	rep.Pages = out.Pages
	rep.Diagnostics = append(rep.Diagnostics, duplicateURLs(out.Sources, res.Files)...)
	if rep.Diagnostics.Errors() > 0 {
		// Broken links in the output would mostly repeat the content errors (a bad slug,
		// a bad address); they are checked once the content is right.
		return nil, failed(rep.Diagnostics, o.Strict)
	}
	pages := make([]links.Page, 0, len(out.Sources))
	for _, s := range out.Sources {
		p := links.Page{Output: s.Output, Content: s.Content}
		if f := res.Files[s.Content]; f != nil {
			p.Links = f.Links
		}
		pages = append(pages, p)
	}
	// The offline search index (generator/search) joins the output here, so that the
	// link check, the publish step and gnrm check see it like any rendered file.
	idx, err := search.Add(out.Files, hugo.SearchPages(out.Sources))
	if err != nil {
		return nil, err
	}
	out.Files = idx.Files
	rep.Diagnostics = append(rep.Diagnostics, links.Check(out.Files, basePath(ho.BaseURL), pages)...)
	if err := failed(rep.Diagnostics, o.Strict); err != nil {
		return nil, err
	}
	return out, nil
}

// engineOptions loads the site's profile and turns it into the engine's options. The
// profile is nil when it cannot be read at all.
func engineOptions(siteDir string, o BuildOptions) (*profile.Profile, hugo.Options, diag.List) {
	prof, l := profile.Load(siteDir, o.Base, source.FS(siteDir, o.Base))
	ho := hugo.Options{SiteDir: siteDir, Base: o.Base, BaseURL: o.BaseURL, Drafts: o.Drafts, CacheDir: o.CacheDir}
	if prof != nil {
		ho.Params, ho.Title, ho.Languages, ho.Excluded = prof.Params(), prof.Situs.Judul, prof.Situs.Bahasa, prof.Excluded()
		if ho.BaseURL == "" {
			ho.BaseURL = prof.Situs.BaseURL
		}
	}
	return prof, ho, l
}

// checkSources checks the Markdown sources and the progress data the engine will read.
func checkSources(siteDir string, base fs.FS, ho hugo.Options) (content.Result, diag.List) {
	site := source.FS(siteDir, base, ho.Hidden()...)
	return content.Check(site), profile.CheckCapaian(site)
}

// failed returns ErrFailed when the diagnostics stop the build.
func failed(l diag.List, strict bool) error {
	n := l.Errors()
	if strict {
		n = len(l)
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d masalah", ErrFailed, n)
}

func basePath(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Path != "" {
		return u.Path
	}
	return "/"
}

// duplicateURLs reports content files published at the same address: the engine would
// silently keep only one of them.
func duplicateURLs(sources []hugo.Source, files map[string]*content.File) diag.List {
	byOutput := map[string][]string{}
	for _, s := range sources {
		byOutput[s.Output] = append(byOutput[s.Output], s.Content)
	}
	var l diag.List
	for out, srcs := range byOutput {
		if len(srcs) < 2 {
			continue
		}
		for _, src := range srcs {
			others := slices.DeleteFunc(slices.Clone(srcs), func(s string) bool { return s == src })
			d := diag.Diagnostic{Path: src, Line: 1, Col: 1, Severity: diag.Error, Code: "url.duplicate",
				Message:   fmt.Sprintf("diterbitkan ke alamat yang sama dengan %s (%s); salah satunya akan hilang", strings.Join(others, ", "), out),
				MessageEN: fmt.Sprintf("published at the same address as %s (%s); one of them would be lost", strings.Join(others, ", "), out),
				Hint:      "Ubah slug atau url salah satu halaman, atau ganti nama berkasnya.",
				HintEN:    "Change the slug or url of one of the pages, or rename its file."}
			if f := files[src]; f != nil {
				for _, k := range []string{"url", "slug"} {
					if line, col := f.KeyPos(k); line > 0 {
						d.Line, d.Col = line, col
						break
					}
				}
			}
			l.Add(d)
		}
	}
	return l
}

// resolveSite makes the site folder absolute and checks that it exists.
func resolveSite(siteDir string) (string, error) {
	if siteDir == "" {
		siteDir = "."
	}
	site, err := filepath.Abs(siteDir)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(site)
	if err != nil || !fi.IsDir() {
		return "", fmt.Errorf("folder situs %q tidak ditemukan", siteDir)
	}
	return site, nil
}

// resolveDirs makes both folders absolute and refuses an output folder whose
// replacement would destroy sources or unrelated files.
func resolveDirs(siteDir, outDir string) (string, string, error) {
	site, err := resolveSite(siteDir)
	if err != nil {
		return "", "", err
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
