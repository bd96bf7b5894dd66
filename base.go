// Package gnrm holds the national base that every gnrm binary carries: the campaign
// content and the theme, embedded so that an agency site folder builds with the binary
// alone. The build reads the union of this base and the site folder; a file in the site
// folder wins (see generator/source).
package gnrm

import "embed"

// Base is the national base: content/, themes/ and the national profile gnrm.toml as
// they are in this repository. The all: prefix keeps files such as _index.md, which
// go:embed would otherwise skip.
//
//go:embed all:content all:themes gnrm.toml
var Base embed.FS
