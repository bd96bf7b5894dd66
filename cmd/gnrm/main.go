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
)

const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usage = `Penggunaan: gnrm <perintah> [opsi]

Perintah:
  build     membangun situs ke folder public/
  version   menampilkan versi gnrm

Jalankan "gnrm <perintah> -h" untuk opsi tiap perintah.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("gnrm build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o generator.BuildOptions
	fl.StringVar(&o.SiteDir, "site", ".", "folder situs")
	fl.StringVar(&o.SiteDir, "s", ".", "singkatan dari --site")
	fl.StringVar(&o.OutDir, "out", "", "folder keluaran (bawaan: SITUS/public)")
	fl.StringVar(&o.OutDir, "o", "", "singkatan dari --out")
	fl.StringVar(&o.BaseURL, "base-url", "", "alamat publik situs, misalnya https://pemda.go.id/gnrm/")
	fl.BoolVar(&o.Drafts, "drafts", false, "ikut terbitkan halaman draf")
	fl.BoolVar(&o.NoMinify, "no-minify", false, "tulis berkas tanpa minify")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Penggunaan: gnrm build [-s|--site FOLDER] [-o|--out FOLDER] [--base-url URL] [--drafts] [--no-minify]")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "gnrm build: argumen tidak dikenal: %q\n", fl.Args())
		fl.Usage()
		return exitUsage
	}
	o.Base = gnrm.Base

	rep, err := generator.Build(ctx, o)
	rep.Diagnostics.Write(stderr)
	switch {
	case err == nil:
		fmt.Fprintf(stdout, "gnrm: %s\n", rep.Summary())
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "gnrm: build dibatalkan; folder keluaran tidak diubah.")
	case errors.Is(err, generator.ErrFailed):
		fmt.Fprintf(stderr, "gnrm: %d kesalahan, %d peringatan; tidak ada yang diterbitkan, folder keluaran tidak diubah.\n",
			rep.Diagnostics.Errors(), rep.Diagnostics.Warnings())
	default:
		fmt.Fprintf(stderr, "gnrm: %v; folder keluaran tidak diubah.\n", err)
	}
	return exitError
}
