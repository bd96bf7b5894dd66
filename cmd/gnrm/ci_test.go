package main

// The CI templates that gnrm init writes are run for real: every shell step of the
// GitHub Actions workflow and of the GitLab CI jobs runs, in order, in a new agency
// folder, with this test's gnrm program committed as bin/gnrm (the steps that need the
// forge, such as actions/checkout or the Pages upload, and the package install of the
// GitLab image, are left out). So a template never ships a step that fails.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"gnrm/generator/scaffold"
)

// agencyWithBinary makes an agency folder with gnrm init and this test's gnrm program
// (set up on $PATH by testscript.Main) copied to bin/gnrm.
func agencyWithBinary(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	dir := filepath.Join(t.TempDir(), "situs")
	if _, err := scaffold.Init(dir, scaffold.InitOptions{Instansi: "Pemerintah Kabupaten Contoh",
		BaseURL: "https://contoh.example.go.id/gnrm/"}); err != nil {
		t.Fatal(err)
	}
	self, err := exec.LookPath("gnrm")
	if err != nil {
		t.Fatalf("gnrm not on PATH (testscript.Main puts it there): %v", err)
	}
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "bin"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "bin", "gnrm"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sh runs a script with bash -eo pipefail (as both forges do) in dir.
func sh(t *testing.T, dir, script string, env []string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// baseEnv is a clean environment: no gnrm on PATH but what the steps install.
func baseEnv(t *testing.T, home string) []string {
	var path []string
	for _, p := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(p, "gnrm")); err != nil {
			path = append(path, p)
		}
	}
	return []string{"HOME=" + home, "PATH=" + strings.Join(path, string(filepath.ListSeparator)), "LANG=C.UTF-8",
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache")}
}

var expr = regexp.MustCompile(`\$\{\{[^}]*\}\}`)

func TestGitHubWorkflowRuns(t *testing.T) {
	dir := agencyWithBinary(t)
	b, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "gnrm.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Env  map[string]string
		Jobs map[string]struct {
			Needs string
			Steps []struct {
				Name, Uses, Run, If string
				Env                 map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("gnrm.yml is not YAML: %v", err)
	}
	if wf.Jobs["terbitkan"].Needs != "bangun" || len(wf.Jobs["bangun"].Steps) < 5 {
		t.Fatalf("unexpected jobs: %+v", wf.Jobs)
	}
	home := t.TempDir()
	ghPath := filepath.Join(home, "github_path")
	os.WriteFile(ghPath, nil, 0o644)
	env := append(baseEnv(t, home), "GITHUB_PATH="+ghPath)
	for k, v := range wf.Env {
		env = append(env, k+"="+v)
	}
	ran := 0
	for _, st := range wf.Jobs["bangun"].Steps {
		if st.Run == "" {
			continue
		}
		stepEnv := env
		for k, v := range st.Env {
			stepEnv = append(stepEnv, k+"="+expr.ReplaceAllString(v, "")) // a skipped step's output is empty
		}
		// Directories added to GITHUB_PATH come first on PATH in the next steps.
		if added, _ := os.ReadFile(ghPath); len(added) > 0 {
			for i, e := range stepEnv {
				if strings.HasPrefix(e, "PATH=") {
					stepEnv[i] = "PATH=" + strings.Join(strings.Fields(string(added)), ":") + ":" + strings.TrimPrefix(e, "PATH=")
				}
			}
		}
		out, err := sh(t, dir, st.Run, stepEnv)
		if err != nil {
			t.Fatalf("step %q failed: %v\n%s", st.Name, err, out)
		}
		ran++
	}
	if ran < 4 {
		t.Errorf("only %d shell steps ran", ran)
	}
	for _, f := range []string{"situs.tar.gz", "public/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("after the workflow: %v", err)
		}
	}

	// Without bin/gnrm and GNRM_URL, the setup step stops with a clear message.
	os.Remove(filepath.Join(dir, "bin", "gnrm"))
	for _, st := range wf.Jobs["bangun"].Steps {
		if st.Name == "Siapkan gnrm" {
			out, err := sh(t, dir, st.Run, env)
			if err == nil || !strings.Contains(out, "isi GNRM_URL") {
				t.Errorf("setup without a program: err %v, output:\n%s", err, out)
			}
		}
	}
}

func TestGitLabPipelineRuns(t *testing.T) {
	dir := agencyWithBinary(t)
	b, err := os.ReadFile(filepath.Join(dir, ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var ci map[string]any
	if err := yaml.Unmarshal(b, &ci); err != nil {
		t.Fatalf(".gitlab-ci.yml is not YAML: %v", err)
	}
	lines := func(v any) []string {
		var out []string
		list, _ := v.([]any)
		for _, l := range list {
			s, _ := l.(string)
			out = append(out, s)
		}
		return out
	}
	def, _ := ci["default"].(map[any]any)
	var before []string
	for _, l := range lines(def["before_script"]) {
		if !strings.HasPrefix(l, "apt-get") { // the image's package install needs the network
			before = append(before, l)
		}
	}
	env := baseEnv(t, t.TempDir())
	vars, _ := ci["variables"].(map[any]any)
	for k, v := range vars {
		env = append(env, k.(string)+"="+v.(string))
	}
	env = append(env, "CI_PAGES_URL=https://pemkab-contoh.gitlab.io/situs")
	for _, job := range []string{"bangun", "pages"} {
		j, ok := ci[job].(map[any]any)
		if !ok {
			t.Fatalf("no job %q", job)
		}
		script := append(append([]string{}, before...), lines(j["script"])...)
		out, err := sh(t, dir, strings.Join(script, "\n"), env)
		if err != nil {
			t.Fatalf("job %s failed: %v\n%s", job, err, out)
		}
	}
	idx, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`href="?/situs/berita/`).Match(idx) {
		t.Errorf("the pages job did not build for the GitLab Pages address")
	}
	pages, _ := ci["pages"].(map[any]any)
	if art, _ := pages["artifacts"].(map[any]any); !strings.Contains(strings.Join(lines(art["paths"]), " "), "public") {
		t.Errorf("the pages job does not publish public/: %v", pages["artifacts"])
	}
}
