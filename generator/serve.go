package generator

import (
	"context"

	"gnrm/generator/diag"
	"gnrm/generator/hugo"
	"gnrm/generator/serve"
)

// Serve runs the live-reload preview of the site until ctx ends. It checks the
// profile and the sources before every build with the same checks as Build, so the
// preview refuses exactly what a build would refuse and shows it in the browser.
func Serve(ctx context.Context, o serve.Options) error {
	siteDir, err := resolveSite(o.SiteDir)
	if err != nil {
		return err
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
		o.Check = func(context.Context) diag.List {
			prof, ho, l := engineOptions(siteDir, bo)
			if prof == nil {
				return l
			}
			res, cl := checkSources(siteDir, o.Base, ho)
			l = append(append(l, res.Diagnostics...), cl...)
			l.Sort()
			return l
		}
	}
	return serve.Run(ctx, o)
}
