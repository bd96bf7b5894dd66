package hugo

import "runtime/debug"

// EngineVersion is the version of the Hugo module this binary was built with, from the
// binary's build information ("?" when it has none).
func EngineVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/gohugoio/hugo" {
				return d.Version
			}
		}
	}
	return "?"
}
