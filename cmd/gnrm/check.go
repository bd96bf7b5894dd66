package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"gnrm"
	"gnrm/generator"
)

// check runs every check of a build and writes nothing: the problems go to stdout (text
// or JSON, for editors and CI), the one-line verdict to stderr.
func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm check", "Penggunaan: gnrm check [-s|--site FOLDER] [--format text|json] [--strict] [--lang id|en] [--base-url URL] [--drafts]", stderr)
	var c common
	c.register(fl)
	format := fl.String("format", "text", "bentuk laporan: text atau json")
	if code, stop := parse(fl, args, stderr); stop {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "gnrm check: --format %q tidak dikenal; pilih text atau json\n", *format)
		return exitUsage
	}
	lang, ok := c.language(stderr)
	if !ok {
		return exitUsage
	}
	c.o.Base = gnrm.Base

	rep, err := generator.Check(ctx, c.o)
	if err != nil && !errors.Is(err, generator.ErrFailed) {
		fmt.Fprintf(stderr, "gnrm check: %v\n", err)
		return exitError
	}
	if *format == "json" {
		rep.Diagnostics.WriteJSON(stdout, lang)
	} else {
		rep.Diagnostics.WriteLang(stdout, lang)
	}
	pages := ""
	if rep.Pages > 0 {
		pages = fmt.Sprintf(say(lang, ", %d halaman diperiksa", ", %d pages checked"), rep.Pages)
	}
	fmt.Fprintf(stderr, say(lang, "gnrm check: %d kesalahan, %d peringatan%s.\n", "gnrm check: %d errors, %d warnings%s.\n"),
		rep.Diagnostics.Errors(), rep.Diagnostics.Warnings(), pages)
	if err != nil {
		return exitError
	}
	return exitOK
}
