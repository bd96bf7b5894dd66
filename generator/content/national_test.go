package content_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"gnrm"
	"gnrm/generator/content"
	"gnrm/generator/source"
)

// The national content checks clean: no error, no warning.
func TestNationalContentIsClean(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	res := content.Check(source.FS(root, gnrm.Base))
	if len(res.Diagnostics) > 0 {
		var b bytes.Buffer
		res.Diagnostics.Write(&b)
		t.Errorf("national content has problems:\n%s", b.String())
	}
	if len(res.Files) < 30 {
		t.Errorf("only %d files checked", len(res.Files))
	}
	f := res.Files["content/berita/seminar-bakohumas-gerakan-indonesia-melayani.md"]
	if f == nil || len(f.Links) == 0 {
		t.Fatalf("links of the seminar news not collected")
	}
}
