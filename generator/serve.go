package generator

import (
	"context"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"

	"gnrm/generator/content"
	"gnrm/generator/diag"
	"gnrm/generator/hugo"
	"gnrm/generator/profile"
	"gnrm/generator/search"
	"gnrm/generator/serve"
	"gnrm/generator/source"
)

// Serve runs the live-reload preview of the site until ctx ends. It checks the
// profile and the sources before every build with the same checks as Build, so the
// preview refuses exactly what a build would refuse and shows it in the browser.
func Serve(ctx context.Context, o serve.Options) error {
	o, err := ServeOptions(o)
	if err != nil {
		return err
	}
	return serve.Run(ctx, o)
}

// ServeOptions completes the options of the dev server as Serve runs it: the site
// folder resolved, and the hooks that load the profile, check the sources and build the
// search index (those that o leaves unset).
func ServeOptions(o serve.Options) (serve.Options, error) {
	siteDir, err := resolveSite(o.SiteDir)
	if err != nil {
		return o, err
	}
	o.SiteDir = siteDir
	bo := BuildOptions{SiteDir: siteDir, Base: o.Base, Drafts: o.Drafts, CacheDir: o.CacheDir}
	if o.Load == nil {
		o.Load = func() (hugo.Options, diag.List) {
			_, ho, l := engineOptions(siteDir, bo)
			ho.Future = o.Future
			return ho, l
		}
	}
	if o.Check == nil {
		o.Check = sessionCheck(siteDir, bo)
	}
	if o.Search == nil {
		o.Search = func(files fs.FS, pages []string) (map[string][]byte, error) {
			res, err := search.Add(files, pages)
			if err != nil {
				return nil, err
			}
			out := map[string][]byte{}
			for _, l := range res.Langs {
				maps.Copy(out, l.Files)
				// The preview's search page names its manifest without the fingerprint
				// that a build writes into it.
				out[path.Join(path.Dir(l.Manifest), "manifest.json")] = l.Files[l.Manifest]
			}
			return out, nil
		}
		o.SearchDir = search.Dir
	}
	return o, nil
}

// sessionCheck is the check before each build of the dev server: the same as Build's,
// with one content.Checker for the session, so that a save re-reads only what the
// watcher reported (content.Checker.Update). A change to the profile, which may hide or
// show sections, and the first check (Update does a Check then) read everything.
func sessionCheck(siteDir string, bo BuildOptions) func(context.Context, []string) diag.List {
	var c content.Checker
	var hidden []string
	return func(_ context.Context, changed []string) diag.List {
		prof, ho, l := engineOptions(siteDir, bo)
		if prof == nil {
			return l
		}
		site := source.FS(siteDir, bo.Base, ho.Hidden()...)
		full := changed == nil || !slices.Equal(hidden, ho.Hidden())
		var rel []string
		for _, p := range changed {
			r, err := filepath.Rel(siteDir, p)
			if err != nil || !filepath.IsLocal(r) || filepath.ToSlash(r) == hugo.ProfileFile {
				full = true
				continue
			}
			rel = append(rel, filepath.ToSlash(r))
		}
		var res content.Result
		if full {
			res = c.Check(site, rel...)
		} else {
			res = c.Update(site, rel)
		}
		hidden = ho.Hidden()
		l = append(append(l, res.Diagnostics...), profile.CheckCapaian(site)...)
		l.Sort()
		return l
	}
}
