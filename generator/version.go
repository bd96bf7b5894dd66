package generator

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version describes this binary: its own version, the engine's and Go's.
func Version() string {
	v, hugoV := "(devel)", "?"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == "github.com/gohugoio/hugo" {
				hugoV = d.Version
			}
		}
	}
	return fmt.Sprintf("gnrm %s (Hugo %s, %s %s/%s)", v, hugoV, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
