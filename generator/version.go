package generator

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"gnrm/generator/hugo"
)

// Version describes this binary: its own version, the engine's and Go's.
func Version() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return fmt.Sprintf("gnrm %s (Hugo %s, %s %s/%s)", v, hugo.EngineVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
