package generator_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Hugo's Go API changes between releases: only the adapter may import it, so that an
// upgrade touches one folder. This test reads every Go file of the module, tests too.
func TestOnlyTheAdapterImportsHugo(t *testing.T) {
	const adapter = "generator/hugo"
	root := ".."
	checked := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "public" || strings.HasPrefix(d.Name(), ".") && p != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if (path == "github.com/gohugoio/hugo" || strings.HasPrefix(path, "github.com/gohugoio/hugo/")) &&
				filepath.ToSlash(filepath.Dir(rel)) != adapter {
				t.Errorf("%s imports %s: only %s may import Hugo", filepath.ToSlash(rel), path, adapter)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("only %d Go files checked; is the module root right?", checked)
	}
}
