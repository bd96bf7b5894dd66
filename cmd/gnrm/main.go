// Command gnrm builds the Gerakan Nasional Revolusi Mental campaign site. It is a thin
// layer over the gnrm/generator library: parse flags, make one library call, print the
// result, exit 0 (ok), 1 (content or build errors) or 2 (usage).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"gnrm"
	"gnrm/generator"
	"gnrm/generator/diag"
)

const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usage = `Penggunaan: gnrm <perintah> [opsi]

Perintah:
  build     memeriksa dan membangun situs ke folder public/
  check     memeriksa konten dan hasil render tanpa menulis apa pun
  init      membuat folder situs instansi baru
  new       menulis halaman baru (berita, siaran-pers, klarifikasi, agenda, materi)
  verify    mencocokkan folder situs di server atau arsip dengan daftar hash SHA256SUMS
  deploy-config  mencetak konfigurasi server web (nginx, apache, caddy, _headers)
  version   menampilkan versi gnrm

Jalankan "gnrm <perintah> -h" untuk opsi tiap perintah.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C (or SIGTERM) winds the command down: a build is cancelled and
	// leaves the output folder as it was, the preview shuts down. A second one ends gnrm
	// at once, whatever it waits for.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return build(ctx, args[1:], stdout, stderr)
	case "check":
		return check(ctx, args[1:], stdout, stderr)
	case "init":
		return initCmd(args[1:], stdout, stderr)
	case "new":
		return newCmd(args[1:], stdout, stderr)
	case "verify":
		return verifyCmd(args[1:], stdout, stderr)
	case "deploy-config":
		return deployConfigCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, generator.Version())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "gnrm: perintah %q tidak dikenal\n\n%s", args[0], usage)
	return exitUsage
}

// common are the flags build and check share.
type common struct {
	o    generator.BuildOptions
	lang string
}

func (c *common) register(fl *flag.FlagSet) {
	fl.StringVar(&c.o.SiteDir, "site", ".", "folder situs")
	fl.StringVar(&c.o.SiteDir, "s", ".", "singkatan dari --site")
	fl.StringVar(&c.o.BaseURL, "base-url", "", "alamat publik situs, misalnya https://pemda.go.id/gnrm/")
	fl.BoolVar(&c.o.Drafts, "drafts", false, "ikut sertakan halaman draf")
	fl.BoolVar(&c.o.Strict, "strict", false, "peringatan juga menggagalkan")
	fl.StringVar(&c.lang, "lang", "", "bahasa pesan: id atau en (bawaan: dari $LANG, selain itu id)")
}

// newFlags makes the flag set of a command: errors and usage go to stderr, the usage
// being the command's usage line(s) and then its flags.
func newFlags(name, usageLine string, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(stderr, usageLine)
		fl.PrintDefaults()
	}
	return fl
}

// parse parses the flags; it returns an exit code when the command must stop.
func parse(fl *flag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: argumen tidak dikenal: %q\n", fl.Name(), fl.Args())
		fl.Usage()
		return exitUsage, true
	}
	return 0, false
}

func (c *common) language(stderr io.Writer) (diag.Lang, bool) {
	if c.lang != "" && c.lang != "id" && c.lang != "en" {
		fmt.Fprintf(stderr, "gnrm: --lang %q tidak dikenal; pilih id atau en\n", c.lang)
		return "", false
	}
	return diag.LangFrom(c.lang, os.Getenv("LANG")), true
}

// say picks the sentence in the user's language.
func say(lang diag.Lang, id, en string) string {
	if lang == diag.English {
		return en
	}
	return id
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm build", "Penggunaan: gnrm build [-s|--site FOLDER] [-o|--out FOLDER] [--base-url URL] [--drafts] [--no-minify] [--strict] [--bundle ARSIP] [--lang id|en]", stderr)
	var c common
	c.register(fl)
	fl.StringVar(&c.o.OutDir, "out", "", "folder keluaran (bawaan: SITUS/public)")
	fl.StringVar(&c.o.OutDir, "o", "", "singkatan dari --out")
	fl.BoolVar(&c.o.NoMinify, "no-minify", false, "tulis berkas tanpa minify")
	fl.StringVar(&c.o.Bundle, "bundle", "", "tulis juga arsip .tar.gz atau .zip berisi situs dan SHA256SUMS (di luar folder keluaran)")
	if code, stop := parse(fl, args, stderr); stop {
		return code
	}
	lang, ok := c.language(stderr)
	if !ok {
		return exitUsage
	}
	c.o.Base = gnrm.Base

	rep, err := generator.Build(ctx, c.o)
	rep.Diagnostics.WriteLang(stderr, lang)
	switch {
	case err == nil:
		fmt.Fprintf(stdout, "gnrm: %s\n", rep.SummaryIn(lang))
		if b := rep.BundleSummaryIn(lang); b != "" {
			fmt.Fprintf(stdout, "gnrm: %s\n", b)
		}
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, say(lang, "gnrm: build dibatalkan; folder keluaran tidak diubah.", "gnrm: build cancelled; the output folder was not changed."))
	case errors.Is(err, generator.ErrFailed):
		fmt.Fprintf(stderr, say(lang, "gnrm: %d kesalahan, %d peringatan; tidak ada yang diterbitkan, folder keluaran tidak diubah.\n",
			"gnrm: %d errors, %d warnings; nothing was published, the output folder was not changed.\n"),
			rep.Diagnostics.Errors(), rep.Diagnostics.Warnings())
	case errors.Is(err, generator.ErrBundleAfterPublish):
		fmt.Fprintf(stderr, "gnrm: %s\n", errorIn(err, lang))
	default:
		fmt.Fprintf(stderr, say(lang, "gnrm: %v; folder keluaran tidak diubah.\n", "gnrm: %v; the output folder was not changed.\n"), errorIn(err, lang))
	}
	return exitError
}
