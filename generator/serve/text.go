package serve

// The dev server's words, in Bahasa Indonesia (formal) and English. The terminal, the
// pages the server makes itself, and the script in the browser (which carries its own
// copy, chosen by the data-lang attribute) speak the same language as the rest of the CLI.

import "gnrm/generator/diag"

type texts struct {
	lang diag.Lang

	noSite, noListen, noWatch           string
	ready, tokenNote, stopHint, stopped string
	changed, updated, unchanged, static string
	failed, checkFailed, fixed          string
	firstFailed                         string

	// Pages made by the server.
	htmlLang                        string
	notReadyTitle, notReadyBody     string
	busyTitle, busyBody             string
	deniedTitle, deniedBody         string
	hostTitle, hostBody             string
	enterTitle, enterBody, enterTap string
	notFound                        string
	searchFailed                    string
	badMethod                       string
}

var indonesian = texts{
	lang:        diag.Indonesian,
	noSite:      "folder situs %q tidak ditemukan",
	noListen:    "tidak dapat membuka alamat %s mulai port %d",
	noWatch:     "tidak dapat memantau perubahan berkas",
	ready:       "gnrm: pratinjau siap di %s",
	tokenNote:   "gnrm: alamat ini memuat token akses; bagikan hanya kepada peninjau yang berhak.",
	stopHint:    "gnrm: tekan Ctrl+C untuk berhenti.",
	stopped:     "gnrm: pratinjau dihentikan.",
	changed:     "gnrm: berubah: %s",
	updated:     "gnrm: %d berkas diperbarui dalam %s (%s)",
	unchanged:   "gnrm: build selesai dalam %s, tidak ada berkas yang berubah",
	static:      "gnrm: berkas statis diperbarui: %s",
	failed:      "gnrm: %d kesalahan, %d peringatan; pratinjau tetap menampilkan build terakhir yang berhasil.",
	checkFailed: "gnrm: pemeriksaan konten menemukan %d kesalahan; build ditunda sampai diperbaiki.",
	fixed:       "gnrm: semua kesalahan sudah diperbaiki.",
	firstFailed: "gnrm: build pertama gagal; perbaiki kesalahan di atas, pratinjau diperbarui otomatis.",

	htmlLang:      "id",
	notReadyTitle: "Pratinjau belum tersedia",
	notReadyBody:  "Belum ada build yang berhasil. Perbaiki kesalahan yang ditampilkan; halaman ini dimuat ulang otomatis.",
	busyTitle:     "Sedang membangun",
	busyBody:      "Halaman ini sedang dibangun ulang. Muat ulang halaman sebentar lagi.",
	deniedTitle:   "Akses ditolak",
	deniedBody:    "Pratinjau ini memerlukan token akses. Buka alamat lengkap (dengan ?token=...) yang ditampilkan di terminal gnrm serve.",
	hostTitle:     "Nama host tidak diizinkan",
	hostBody:      "Tanpa token, pratinjau hanya melayani localhost dan 127.0.0.1. Untuk membukanya melalui nama host lain atau proxy, jalankan gnrm serve dengan --token.",
	enterTitle:    "Membuka pratinjau",
	enterBody:     "Token diterima. Bila halaman tidak terbuka sendiri, ",
	enterTap:      "lanjutkan ke pratinjau",
	notFound:      "Halaman tidak ditemukan.",
	searchFailed:  "Indeks pencarian tidak dapat dibuat: %v",
	badMethod:     "Metode tidak diizinkan.",
}

var english = texts{
	lang:        diag.English,
	noSite:      "site folder %q not found",
	noListen:    "cannot listen on %s from port %d",
	noWatch:     "cannot watch files for changes",
	ready:       "gnrm: preview ready at %s",
	tokenNote:   "gnrm: this address holds an access token; share it only with authorised reviewers.",
	stopHint:    "gnrm: press Ctrl+C to stop.",
	stopped:     "gnrm: preview stopped.",
	changed:     "gnrm: changed: %s",
	updated:     "gnrm: %d files updated in %s (%s)",
	unchanged:   "gnrm: build done in %s, no file changed",
	static:      "gnrm: static files updated: %s",
	failed:      "gnrm: %d errors, %d warnings; the preview keeps showing the last successful build.",
	checkFailed: "gnrm: the content check found %d errors; the build waits until they are fixed.",
	fixed:       "gnrm: every error is fixed.",
	firstFailed: "gnrm: the first build failed; fix the errors above and the preview updates by itself.",

	htmlLang:      "en",
	notReadyTitle: "Preview not available yet",
	notReadyBody:  "No build has succeeded yet. Fix the problems shown; this page reloads by itself.",
	busyTitle:     "Building",
	busyBody:      "This page is being rebuilt. Reload it in a moment.",
	deniedTitle:   "Access denied",
	deniedBody:    "This preview needs an access token. Open the full address (with ?token=...) printed by gnrm serve.",
	hostTitle:     "Host name not allowed",
	hostBody:      "Without a token the preview answers only localhost and 127.0.0.1. To reach it through another host name or a proxy, run gnrm serve with --token.",
	enterTitle:    "Opening the preview",
	enterBody:     "Token accepted. If the page does not open by itself, ",
	enterTap:      "continue to the preview",
	notFound:      "Page not found.",
	searchFailed:  "The search index cannot be built: %v",
	badMethod:     "Method not allowed.",
}

// text returns the words for a language option ("id" or "en"; Indonesian otherwise).
func text(lang string) *texts {
	if diag.LangFrom(lang, "") == diag.English {
		return &english
	}
	return &indonesian
}
