// Package publish writes a rendered site to disk: every file minified by its media type
// (tdewolff/minify) on all cores, into a staging folder beside the output folder, which
// is then swapped in whole. The output folder is thus either the previous build, byte for
// byte, or the new one: never a mix, whatever fails or is interrupted on the way.
//
// Why minify here rather than inside the engine: one minifier with one configuration
// serves both the build and the checks of its output, runs in parallel over the finished
// files, and reports bytes before and after for the summary.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"gnrm/generator/diag"
)

// Options say where and how to publish.
type Options struct {
	// OutDir is the output folder (absolute); its parent must exist or be creatable.
	OutDir string
	// NoMinify copies files as rendered.
	NoMinify bool
	// BeforeSwap, when set, runs once every file is written to the staging folder dir
	// and before it is swapped in, with the published files' slash paths (sorted; the
	// carried-over dot files of the previous output are not among them). An error stops
	// the publication and leaves the output folder as it was. gnrm build --bundle packs
	// the archive here, from exactly the bytes that are about to be published.
	BeforeSwap func(dir string, names []string) error
}

// Summary tells what was published.
type Summary struct {
	Files    int
	BytesIn  int64 // before minify
	BytesOut int64 // as written
}

// mediaTypes maps file extensions to the minifier's media types.
var mediaTypes = map[string]string{
	".html": "text/html", ".htm": "text/html",
	".css": "text/css",
	".js":  "application/javascript", ".mjs": "application/javascript",
	".svg":  "image/svg+xml",
	".json": "application/json", ".webmanifest": "application/json",
	".xml": "application/xml", ".rss": "application/xml", ".atom": "application/xml",
}

// NewMinifier returns the minifier used for every published file.
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepDefaultAttrVals: true,
		KeepSpecialComments: true,
	})
	m.Add("text/css", &css.Minifier{})
	m.Add("application/javascript", &js.Minifier{Version: 2022})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.Add("application/json", &json.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	return m
}

// A fingerprinted asset carries the hash of its content in its name
// (main.<hex>.css): pages reference it with a Subresource Integrity hash of those exact
// bytes, so it is published as the engine produced it (the theme minifies it before
// fingerprinting).
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{32,}\.[a-z0-9]+$`)

// Minify returns b minified by the media type of name's extension, or b unchanged when
// the type is not one that is minified or the file is fingerprinted.
func Minify(m *minify.M, name string, b []byte) ([]byte, error) {
	mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok || fingerprinted.MatchString(path.Base(name)) {
		return b, nil
	}
	return m.Bytes(mt, b)
}

// Publish writes files into a staging folder and swaps it in as o.OutDir. On any error
// (including a cancelled ctx) the output folder is left exactly as it was.
func Publish(ctx context.Context, files fs.FS, o Options) (Summary, diag.List, error) {
	var sum Summary
	names, err := list(files)
	if err != nil {
		return sum, nil, err
	}
	parent, base := filepath.Split(filepath.Clean(o.OutDir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return sum, nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return sum, nil, err
	}
	defer os.RemoveAll(staging) // after a swap, this is the previous output
	if err := os.Chmod(staging, 0o755); err != nil {
		return sum, nil, err
	}

	diags, err := writeAll(ctx, files, names, staging, !o.NoMinify, &sum)
	if err != nil || diags.Errors() > 0 {
		return sum, diags, err
	}
	if err := keepDotfiles(o.OutDir, staging, names); err != nil {
		return sum, diags, err
	}
	if o.BeforeSwap != nil {
		if err := o.BeforeSwap(staging, names); err != nil {
			return sum, diags, err
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, diags, err
	}
	return sum, diags, swap(staging, o.OutDir)
}

// list returns every regular file of files, sorted.
func list(files fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			names = append(names, p)
		}
		return nil
	})
	slices.Sort(names)
	return names, err
}

// writeAll minifies and writes every file with one worker per core.
func writeAll(ctx context.Context, files fs.FS, names []string, dir string, doMinify bool, sum *Summary) (diag.List, error) {
	m := NewMinifier()
	var (
		next     atomic.Int64
		in, out  atomic.Int64
		mu       sync.Mutex
		diags    diag.List
		firstErr error
		wg       sync.WaitGroup
		workers  = min(runtime.GOMAXPROCS(0), max(len(names), 1))
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) || ctx.Err() != nil {
					return
				}
				name := names[i]
				if !filepath.IsLocal(filepath.FromSlash(name)) {
					fail(fmt.Errorf("refusing to write %q outside the output folder", name))
					return
				}
				b, err := fs.ReadFile(files, name)
				if err != nil {
					fail(err)
					return
				}
				in.Add(int64(len(b)))
				if doMinify {
					mb, err := Minify(m, name, b)
					if err != nil {
						mu.Lock()
						diags.Add(diag.Diagnostic{Path: name, Severity: diag.Error, Code: "output.minify",
							Message: fmt.Sprintf("berkas keluaran tidak dapat diperkecil (minify): %v", err),
							Hint:    "Periksa templat atau berkas aset yang menghasilkan berkas ini."})
						mu.Unlock()
						continue
					}
					b = mb
				}
				out.Add(int64(len(b)))
				dst := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					fail(err)
					return
				}
				if err := os.WriteFile(dst, b, 0o644); err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	sum.Files, sum.BytesIn, sum.BytesOut = len(names), in.Load(), out.Load()
	diags.Sort()
	return diags, firstErr
}

// keepDotfiles carries the top-level dot files of the previous output (such as the
// .gitignore that keeps a repository's public/ out of version control) into the new one,
// unless the build produced a file of that name.
func keepDotfiles(outDir, staging string, names []string) error {
	entries, err := os.ReadDir(outDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() || slices.Contains(names, e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(outDir, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(staging, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// swap puts staging in place of outDir; staging then holds the previous output (or
// nothing) and is removed by the caller.
func swap(staging, outDir string) error {
	if _, err := os.Lstat(outDir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, outDir)
	}
	return exchange(staging, outDir)
}
