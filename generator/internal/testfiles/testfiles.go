// Package testfiles writes the files of a site folder for tests, creating their
// folders: one helper for the test packages that build a site on disk.
package testfiles

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes data to name (a slash path) under dir, creating its folder, and
// returns the file's path; a failure ends the test.
func Write(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
