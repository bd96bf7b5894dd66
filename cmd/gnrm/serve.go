package main

// gnrm serve: the live-reload preview (generator/serve). Flags in, one library call,
// exit code out: 0 after Ctrl-C, 1 when the preview cannot run, 2 on usage errors.

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
	"gnrm/generator/serve"
)

const serveUsage = "Penggunaan: gnrm serve [-s|--site FOLDER] [--bind ALAMAT] [--port N] [--drafts] [--future] [--token TOKEN] [--open] [--lang id|en]"

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm serve", serveUsage, stderr)
	o := serve.Options{Stdout: stdout, Stderr: stderr}
	fl.StringVar(&o.SiteDir, "site", ".", "folder situs")
	fl.StringVar(&o.SiteDir, "s", ".", "singkatan dari --site")
	fl.StringVar(&o.Bind, "bind", "127.0.0.1", "alamat yang dibuka; selain loopback memerlukan token")
	fl.IntVar(&o.Port, "port", serve.DefaultPort, "port pertama yang dicoba; bila terpakai, port berikutnya yang bebas")
	fl.BoolVar(&o.Drafts, "drafts", false, "tampilkan juga halaman draf (ditandai DRAF)")
	fl.BoolVar(&o.Future, "future", false, "tampilkan juga halaman bertanggal mendatang (ditandai TERJADWAL)")
	fl.StringVar(&o.Token, "token", "", "token akses (dibuat otomatis bila alamat bukan loopback)")
	fl.BoolVar(&o.Open, "open", false, "buka pratinjau di peramban")
	fl.StringVar(&o.Lang, "lang", "id", "bahasa pesan: id atau en")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "gnrm serve: argumen tidak dikenal: %q\n", fl.Args())
		fl.Usage()
		return exitUsage
	}
	if o.Port < 1 || o.Port > 65535 {
		fmt.Fprintf(stderr, "gnrm serve: port %d tidak valid (1-65535)\n", o.Port)
		return exitUsage
	}
	if o.Lang != "id" && o.Lang != "en" {
		fmt.Fprintf(stderr, "gnrm serve: bahasa %q tidak dikenal (id atau en)\n", o.Lang)
		return exitUsage
	}
	o.Base = gnrm.Base

	// The preview runs until interrupted; stop cleanly on Ctrl-C or SIGTERM (also when
	// the caller's context has no signal handling of its own).
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second signal ends gnrm at once (see main)
	}()
	if err := generator.Serve(ctx, o); err != nil {
		fmt.Fprintf(stderr, "gnrm serve: %v\n", err)
		if errors.Is(err, serve.ErrUsage) {
			return exitUsage
		}
		return exitError
	}
	return exitOK
}
