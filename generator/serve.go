package generator

import (
	"context"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"strings"

	"gnrm/generator/content"
	"gnrm/generator/diag"
	"gnrm/generator/hugo"
	"gnrm/generator/search"
	"gnrm/generator/serve"
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
// folder resolved, and the hooks that load the profile and check the sources (those
// that o leaves unset).
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
		// One checker for the session: a save re-reads only the files that changed.
		var c content.Checker
		o.Check = func(_ context.Context, changed []string) diag.List {
			prof, ho, l := engineOptions(siteDir, bo)
			if prof == nil {
				return l
			}
			var rel []string
			for _, p := range changed {
				if r, err := filepath.Rel(siteDir, p); err == nil && !strings.HasPrefix(r, "..") {
					rel = append(rel, filepath.ToSlash(r))
				}
			}
			res, cl := checkSources(&c, siteDir, o.Base, ho, rel...)
			l = append(append(l, res.Diagnostics...), cl...)
			l.Sort()
			return l
		}
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
