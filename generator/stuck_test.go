package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gnrm/generator/internal/testfiles"
)

// A layout that fails for every page of a section that holds many pages: the engine
// gives up after ten errors and, depending on timing, used to hang there (see
// generator/hugo/watchdog.go). Every build must end, with the failure reported and the
// output folder untouched.
func TestManyFailingPagesEndTheBuild(t *testing.T) {
	dir := t.TempDir()
	for i := range 40 {
		testfiles.Write(t, dir, fmt.Sprintf("content/berita/kabar-%02d.md", i),
			[]byte(fmt.Sprintf("---\ntitle: \"Kabar %d\"\ndate: 2024-01-01T09:00:00+07:00\njenis: \"berita\"\ngerakan: [\"tertib\"]\nringkasan: \"Ringkasan.\"\n---\n\nIsi.\n", i)))
	}
	testfiles.Write(t, dir, "layouts/berita/page.html", []byte("{{ define \"main\" }}{{ .TidakAda }}{{ end }}\n"))
	out := filepath.Join(t.TempDir(), "public")
	for run := range 6 {
		done := make(chan error, 1)
		go func() {
			rep, err := build(t, dir, out)
			if err == nil {
				err = fmt.Errorf("the build succeeded")
			} else if rep.Diagnostics.Errors() == 0 {
				err = fmt.Errorf("failed with no error reported: %v", err)
			} else {
				err = nil
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("run %d: the build did not end within 2 minutes", run)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("run %d: the output folder was written", run)
		}
	}
}
