package generator_test

// gnrm build --bundle on real builds: the archive holds exactly the published files and
// their SHA256SUMS, two builds of the same input give byte-identical archives in both
// formats, a folder extracted from it verifies, and a failed build or a bad archive path
// leaves everything as it was.

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gnrm/generator"
	"gnrm/generator/bundle"
)

func withBundle(p string) func(*generator.BuildOptions) {
	return func(o *generator.BuildOptions) { o.Bundle = p }
}

func TestBundlesOfTwoBuildsAreByteIdentical(t *testing.T) {
	dir := site(t, "kabupaten")
	for _, ext := range []string{".tar.gz", ".zip"} {
		t.Run(ext, func(t *testing.T) {
			tmp := t.TempDir()
			one, two := filepath.Join(tmp, "satu"+ext), filepath.Join(tmp, "dua"+ext)
			rep := mustBuild(t, dir, filepath.Join(tmp, "a"), withBundle(one))
			mustBuild(t, dir, filepath.Join(tmp, "b"), withBundle(two))
			if rep.Bundle != one || rep.BundleFiles != rep.Files || rep.BundleBytes <= 0 {
				t.Errorf("report: bundle %q, %d files (build: %d), %d bytes", rep.Bundle, rep.BundleFiles, rep.Files, rep.BundleBytes)
			}
			x, _ := os.ReadFile(one)
			y, _ := os.ReadFile(two)
			if len(x) == 0 || !bytes.Equal(x, y) {
				t.Fatalf("two builds of the same site: bundles of %d and %d bytes differ", len(x), len(y))
			}
			// The archive verifies, and its manifest lists exactly the published files.
			res, err := bundle.Verify(one, bundle.VerifyOptions{})
			if err != nil || len(res.Problems) > 0 {
				t.Fatalf("verify: %v %v", err, res.Problems)
			}
			if res.Files != rep.Files {
				t.Errorf("manifest lists %d files, the build published %d", res.Files, rep.Files)
			}
			res, err = bundle.Verify(filepath.Join(tmp, "a"), bundle.VerifyOptions{Manifest: one})
			if err != nil || len(res.Problems) > 0 {
				t.Errorf("output folder against its bundle: %v %v", err, res.Problems)
			}
		})
	}
}

// The carried-over placeholder of the previous output is not part of the site.
func TestBundleLeavesOutPlaceholderDotfile(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".gitignore"), []byte("*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	arc := filepath.Join(dir, "situs.tar.gz")
	mustBuild(t, dir, out, withBundle(arc))
	res, err := bundle.Verify(out, bundle.VerifyOptions{Manifest: arc})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range res.Problems {
		paths = append(paths, d.Code+" "+d.Path)
	}
	if !slices.Equal(paths, []string{"verify.extra .gitignore"}) {
		t.Errorf("output against bundle: %q, want only the placeholder as extra", paths)
	}
}

func TestBundlePathIsChecked(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	mustBuild(t, dir, out)
	before := snapshot(t, out)
	for _, p := range []string{
		filepath.Join(out, "situs.tar.gz"),
		filepath.Join(out, "sub", "situs.zip"),
		filepath.Join(dir, "static", "situs.zip"),
		filepath.Join(dir, "situs.rar"),
		t.TempDir(),
	} {
		_, err := build(t, dir, out, withBundle(p))
		var be *bundle.Error
		if !errors.As(err, &be) || be.EN == "" {
			t.Errorf("bundle %s: err = %v, want a refusal in both languages", p, err)
		}
		if _, err := os.Stat(p); err == nil && !strings.HasPrefix(p, os.TempDir()) {
			t.Errorf("bundle %s was written", p)
		}
	}
	sameTree(t, before, snapshot(t, out))
}

func TestFailedBuildKeepsPreviousBundle(t *testing.T) {
	dir := site(t, "overlay")
	out := filepath.Join(dir, "public")
	arc := filepath.Join(t.TempDir(), "situs.zip")
	mustBuild(t, dir, out, withBundle(arc))
	prev, _ := os.ReadFile(arc)
	bad, err := os.ReadFile(filepath.Join(site(t, "bad-template"), "layouts", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "layouts", "page.html"), bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, dir, out, withBundle(arc)); !errors.Is(err, generator.ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	if now, _ := os.ReadFile(arc); !bytes.Equal(prev, now) {
		t.Error("a failed build changed the previous bundle")
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(arc), ".situs.zip.tmp-*")); len(m) > 0 {
		t.Errorf("temporary archive left behind: %v", m)
	}
}
