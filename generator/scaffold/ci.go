package scaffold

import "strings"

// The CI pipelines that gnrm init writes into an agency's folder: GitHub Actions and
// GitLab CI, each checking the content, building the site with a bundle, verifying the
// bundle and the output against its SHA256SUMS, keeping the bundle as the build's
// artifact, and publishing public/ to the forge's static pages (GitHub Pages, GitLab
// Pages) from the default branch.
//
// Why a prebuilt binary: an agency has no Go toolchain and should not need one; the
// pipeline downloads the gnrm program the national coordinator publishes (GNRM_URL,
// checked against GNRM_SHA256) or uses one committed at bin/gnrm. The shell of each step
// is tested by running it for real (cmd/gnrm ci_test.go), so a template never ships a
// step that fails.

// ciFiles are the CI templates by path; Init skips one that already exists, since an
// agency's repository may have its own pipeline.
var ciFiles = map[string]string{
	".github/workflows/gnrm.yml": githubWorkflow,
	".gitlab-ci.yml":             gitlabCI,
}

// ciOrder is the order in which Init writes them.
var ciOrder = []string{".github/workflows/gnrm.yml", ".gitlab-ci.yml"}

// setupScript puts gnrm on the PATH: bin/gnrm of the repository, or a download checked
// against its SHA-256. It is the same in both pipelines.
const setupScript = `mkdir -p "$HOME/.local/bin"
if [ -f bin/gnrm ]; then
  cp bin/gnrm "$HOME/.local/bin/gnrm"
elif [ -n "${GNRM_URL:-}" ]; then
  curl -fsSL --retry 3 -o "$HOME/.local/bin/gnrm" "$GNRM_URL"
  if [ -n "${GNRM_SHA256:-}" ]; then
    echo "$GNRM_SHA256  $HOME/.local/bin/gnrm" | sha256sum -c -
  else
    echo "Peringatan: GNRM_SHA256 kosong; program gnrm yang diunduh tidak diperiksa." >&2
  fi
else
  echo "Program gnrm tidak ada: isi GNRM_URL (dan GNRM_SHA256) atau simpan program di bin/gnrm." >&2
  exit 1
fi
chmod +x "$HOME/.local/bin/gnrm"
"$HOME/.local/bin/gnrm" version`

// indent prefixes every non-empty line of s.
func indent(s, prefix string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if line != "" {
			b.WriteString(prefix + line)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

var githubWorkflow = `# Alur CI situs gnrm di GitHub Actions, dibuat oleh gnrm init.
# Setiap push dan pull request: periksa konten (gnrm check), bangun situs beserta arsipnya
# (gnrm build --bundle), cocokkan arsip dan folder public/ dengan daftar hash SHA256SUMS
# (gnrm verify), dan simpan arsipnya sebagai artefak. Dari cabang utama, public/ diterbitkan
# ke GitHub Pages.
#
# Sebelum dipakai:
# 1. Isi GNRM_URL dengan alamat unduhan program gnrm untuk Linux x86-64 dari koordinator
#    nasional, dan GNRM_SHA256 dengan hash SHA-256-nya; atau simpan program itu di bin/gnrm.
# 2. Untuk GitHub Pages: Settings > Pages > Source: GitHub Actions. Situs lalu dibangun
#    untuk alamat GitHub Pages. Bila situs diterbitkan di server instansi sendiri, hapus
#    langkah "Alamat GitHub Pages" dan tugas "terbitkan"; arsip situs.tar.gz (artefak
#    "situs-gnrm") berisi situs yang siap diekstrak di server, lalu: gnrm verify FOLDER.
name: gnrm

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: gnrm-${{ github.ref }}
  cancel-in-progress: true

env:
  GNRM_URL: ""
  GNRM_SHA256: ""

jobs:
  bangun:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4

      - name: Siapkan gnrm
        run: |
          set -eu
` + indent(setupScript, "          ") + `          echo "$HOME/.local/bin" >> "$GITHUB_PATH"

      - name: Alamat GitHub Pages
        id: pages
        if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
        uses: actions/configure-pages@v5

      - name: Periksa konten
        run: gnrm check

      - name: Bangun situs dan arsipnya
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: gnrm build --bundle situs.tar.gz ${BASE_URL:+--base-url "$BASE_URL/"}

      - name: Cocokkan dengan SHA256SUMS
        run: |
          gnrm verify situs.tar.gz
          gnrm verify public --manifest situs.tar.gz

      - name: Simpan arsip situs
        uses: actions/upload-artifact@v4
        with:
          name: situs-gnrm
          path: situs.tar.gz

      - name: Siapkan artefak GitHub Pages
        if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
        uses: actions/upload-pages-artifact@v3
        with:
          path: public

  terbitkan:
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    needs: bangun
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Terbitkan ke GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
`

var gitlabCI = `# Alur CI situs gnrm di GitLab CI, dibuat oleh gnrm init.
# Setiap pipeline: periksa konten (gnrm check), bangun situs beserta arsipnya
# (gnrm build --bundle), cocokkan arsip dan folder public/ dengan daftar hash SHA256SUMS
# (gnrm verify), dan simpan arsipnya sebagai artefak. Dari cabang utama, tugas "pages"
# menerbitkan public/ ke GitLab Pages.
#
# Sebelum dipakai: isi GNRM_URL dengan alamat unduhan program gnrm untuk Linux x86-64 dari
# koordinator nasional, dan GNRM_SHA256 dengan hash SHA-256-nya (di sini atau di
# Settings > CI/CD > Variables); atau simpan program itu di bin/gnrm. Bila situs diterbitkan
# di server instansi sendiri, hapus tugas "pages" dan ambil arsip situs.tar.gz dari artefak
# tugas "bangun", lalu di server: gnrm verify FOLDER.

variables:
  GNRM_URL: ""
  GNRM_SHA256: ""

default:
  image: debian:bookworm-slim
  before_script:
    - apt-get update -qq && apt-get install -y -qq ca-certificates curl > /dev/null
    - |
` + indent(setupScript, "      ") + `    - export PATH="$HOME/.local/bin:$PATH"

bangun:
  stage: build
  script:
    - gnrm check
    - gnrm build --bundle situs.tar.gz
    - gnrm verify situs.tar.gz
    - gnrm verify public --manifest situs.tar.gz
  artifacts:
    name: situs-gnrm
    paths:
      - situs.tar.gz
    expire_in: 30 days

pages:
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - gnrm check
    - gnrm build --bundle situs.tar.gz --base-url "$CI_PAGES_URL/"
    - gnrm verify situs.tar.gz
    - gnrm verify public --manifest situs.tar.gz
  artifacts:
    paths:
      - public
      - situs.tar.gz
`
