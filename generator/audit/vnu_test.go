package audit_test

// HTML validity: the Nu HTML Checker (the W3C's validator, npm vnu-jar) over every page
// of both sites, errors only, with the machine's Java.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// npmFile returns a file of the audit's npm packages (package.json in this folder,
// installed by `npm ci` in .ci/run), or fails the test saying how to install them.
func npmFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("node_modules", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is missing: run `npm ci` in generator/audit (the versions are locked in package-lock.json)", p)
	}
	return p
}

func TestHTMLValidity(t *testing.T) {
	requireAudit(t, "the Nu HTML Checker")
	jar := npmFile(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java not found: install a Java runtime (Debian: default-jre-headless)")
	}
	for _, s := range []*site{national, regency} {
		t.Run(s.Name, func(t *testing.T) {
			s := built(t, s)
			cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", s.Dir)
			out, err := cmd.CombinedOutput()
			if err != nil || len(strings.TrimSpace(string(out))) > 0 {
				t.Errorf("vnu.jar reports errors in the %s site (%v):\n%s", s.Name,
					err, strings.ReplaceAll(string(out), "file:"+s.Dir+"/", ""))
			}
			n := 0
			filepath.WalkDir(s.Dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, ".html") {
					n++
				}
				return err
			})
			t.Logf("%s: vnu.jar checked %d HTML files, no error", s.Name, n)
		})
	}
}
