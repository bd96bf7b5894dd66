package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gnrm"
	"gnrm/generator/profile"
	"gnrm/generator/scaffold"
	"gnrm/generator/source"
)

// initCmd creates an agency site folder.
func initCmd(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm init", "Penggunaan: gnrm init FOLDER [--instansi NAMA] [--singkatan SINGKATAN] [--base-url URL]", stderr)
	var o scaffold.InitOptions
	fl.StringVar(&o.Instansi, "instansi", "", "nama lengkap instansi, misalnya \"Pemerintah Kabupaten Contoh\"")
	fl.StringVar(&o.Singkatan, "singkatan", "", "nama singkat instansi, misalnya \"Pemkab Contoh\"")
	fl.StringVar(&o.BaseURL, "base-url", "", "alamat publik situs, misalnya https://contoh.go.id/gnrm/")
	dir, rest := firstArg(args)
	if code, stop := parse(fl, rest, stderr); stop {
		return code
	}
	if dir == "" {
		fl.Usage()
		return exitUsage
	}
	written, err := scaffold.Init(dir, o)
	if err != nil {
		fmt.Fprintf(stderr, "gnrm init: %v\n", err)
		return exitError
	}
	for _, p := range written {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "Situs baru siap di %s. Ubah %s, lalu jalankan: gnrm build -s %s\n",
		dir, filepath.Join(dir, profile.File), dir)
	return exitOK
}

// newCmd writes a new page.
func newCmd(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm new", fmt.Sprintf("Penggunaan: gnrm new JENIS \"Judul\" [-s|--site FOLDER]\nJENIS: %s", strings.Join(scaffold.Kinds, ", ")), stderr)
	site := "."
	fl.StringVar(&site, "site", ".", "folder situs")
	fl.StringVar(&site, "s", ".", "singkatan dari --site")
	kind, rest := firstArg(args)
	title, rest := firstArg(rest)
	if code, stop := parse(fl, rest, stderr); stop {
		return code
	}
	if kind == "" || title == "" {
		fl.Usage()
		return exitUsage
	}
	dir, err := filepath.Abs(site)
	if err != nil {
		fmt.Fprintf(stderr, "gnrm new: %v\n", err)
		return exitError
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "gnrm new: folder situs %q tidak ditemukan\n", site)
		return exitError
	}
	agency := "Gerakan Nasional Revolusi Mental"
	if p, _ := profile.Load(dir, gnrm.Base, source.FS(dir, gnrm.Base)); p != nil {
		agency = p.Instansi.Nama
	}
	rel, err := scaffold.New(dir, kind, title, agency, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "gnrm new: %v\n", err)
		if strings.Contains(err.Error(), "tidak dikenal") {
			return exitUsage
		}
		return exitError
	}
	fmt.Fprintln(stdout, filepath.Join(site, filepath.FromSlash(rel)))
	return exitOK
}

// firstArg splits off a leading positional argument, so that flags may follow it
// (gnrm init DIR --instansi ...).
func firstArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}
