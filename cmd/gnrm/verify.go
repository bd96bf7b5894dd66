package main

import (
	"fmt"
	"io"
	"strings"

	"gnrm/generator/bundle"
	"gnrm/generator/diag"
)

// verifyCmd checks a deployed folder or a bundle against its SHA256SUMS: each missing,
// changed or extra file to stdout (text or JSON), the verdict to stderr; exit 1 on any
// mismatch.
func verifyCmd(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm verify", "Penggunaan: gnrm verify FOLDER|ARSIP [--manifest SHA256SUMS|ARSIP] [--format text|json] [--lang id|en]", stderr)
	var c common
	var o bundle.VerifyOptions
	fl.StringVar(&o.Manifest, "manifest", "", "daftar hash yang dipakai: berkas SHA256SUMS atau arsip dari gnrm build --bundle (bawaan: SHA256SUMS di dalam FOLDER|ARSIP)")
	format := fl.String("format", "text", "bentuk laporan: text atau json")
	fl.StringVar(&c.lang, "lang", "", "bahasa pesan: id atau en (bawaan: dari $LANG, selain itu id)")
	target, rest := firstArg(args)
	if code, stop := parse(fl, rest, stderr); stop {
		return code
	}
	if target == "" {
		fl.Usage()
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "gnrm verify: --format %q tidak dikenal; pilih text atau json\n", *format)
		return exitUsage
	}
	lang, ok := c.language(stderr)
	if !ok {
		return exitUsage
	}
	res, err := bundle.Verify(target, o)
	if err != nil {
		fmt.Fprintf(stderr, "gnrm verify: %s\n", errorIn(err, lang))
		return exitError
	}
	if *format == "json" {
		res.Problems.WriteJSON(stdout, lang)
	} else {
		res.Problems.WriteLang(stdout, lang)
	}
	if len(res.Problems) == 0 {
		fmt.Fprintf(stderr, say(lang, "gnrm verify: %s cocok dengan %s: %d berkas, tidak ada yang hilang, berubah atau tambahan.\n",
			"gnrm verify: %s matches %s: %d files, none missing, changed or extra.\n"), target, bundle.ManifestName, res.Files)
		return exitOK
	}
	n := map[string]int{}
	for _, d := range res.Problems {
		n[d.Code]++
	}
	var parts []string
	for _, k := range []struct{ code, id, en string }{
		{"verify.missing", "hilang", "missing"},
		{"verify.changed", "berubah", "changed"},
		{"verify.extra", "tambahan", "extra"},
		{"verify.unreadable", "tidak terbaca", "unreadable"},
	} {
		if n[k.code] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k.code], say(lang, k.id, k.en)))
		}
	}
	fmt.Fprintf(stderr, say(lang, "gnrm verify: %s TIDAK cocok dengan %s (%d berkas): %s.\n", "gnrm verify: %s does NOT match %s (%d files): %s.\n"),
		target, bundle.ManifestName, res.Files, strings.Join(parts, ", "))
	return exitError
}

// errorIn returns an error's text in lang, when the error carries an English text.
func errorIn(err error, lang diag.Lang) string {
	if e, ok := err.(interface{ English() string }); ok && lang == diag.English {
		return e.English()
	}
	return err.Error()
}
