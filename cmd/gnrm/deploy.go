package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gnrm"
	"gnrm/generator/deploy"
	"gnrm/generator/profile"
	"gnrm/generator/source"
)

// deployConfigCmd prints a web server configuration for the site (generator/deploy),
// with the public address from the profile or --base-url.
func deployConfigCmd(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("gnrm deploy-config", "Penggunaan: gnrm deploy-config --server nginx|apache|caddy|headers [-s|--site FOLDER] [--base-url URL] [--root FOLDER] [--cert BERKAS --key BERKAS] [-o|--out FOLDER] [--lang id|en]", stderr)
	var c common
	var o deploy.Options
	site, out := ".", ""
	fl.StringVar(&o.Server, "server", "", "jenis server: "+strings.Join(deploy.Servers, ", ")+" (headers: berkas _headers untuk Netlify/Cloudflare Pages)")
	fl.StringVar(&site, "site", ".", "folder situs")
	fl.StringVar(&site, "s", ".", "singkatan dari --site")
	fl.StringVar(&o.BaseURL, "base-url", "", "alamat publik situs (bawaan: base_url di gnrm.toml)")
	fl.StringVar(&o.Root, "root", "", "folder di server yang berisi berkas situs (isi public/) (bawaan: "+deploy.DefaultRoot+")")
	fl.StringVar(&o.Cert, "cert", "", "berkas sertifikat TLS (bawaan: milik Let's Encrypt untuk domain itu; Caddy: otomatis)")
	fl.StringVar(&o.Key, "key", "", "berkas kunci TLS (bawaan: milik Let's Encrypt untuk domain itu)")
	fl.StringVar(&out, "out", "", "folder keluaran build, untuk daftar aset ber-sidik-jari di _headers (bawaan: SITUS/public)")
	fl.StringVar(&out, "o", "", "singkatan dari --out")
	fl.StringVar(&c.lang, "lang", "", "bahasa pesan dan komentar: id atau en (bawaan: dari $LANG, selain itu id)")
	if code, stop := parse(fl, args, stderr); stop {
		return code
	}
	lang, ok := c.language(stderr)
	if !ok {
		return exitUsage
	}
	o.Lang = lang
	if o.Server == "" {
		fmt.Fprintln(stderr, say(lang, "gnrm deploy-config: pilih --server: ", "gnrm deploy-config: choose --server: ")+strings.Join(deploy.Servers, ", "))
		return exitUsage
	}
	if (o.Cert == "") != (o.Key == "") {
		fmt.Fprintln(stderr, say(lang, "gnrm deploy-config: --cert dan --key diberikan bersama", "gnrm deploy-config: give --cert and --key together"))
		return exitUsage
	}
	dir, err := filepath.Abs(site)
	if fi, serr := os.Stat(dir); err != nil || serr != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, say(lang, "gnrm deploy-config: folder situs %q tidak ditemukan\n", "gnrm deploy-config: site folder %q not found\n"), site)
		return exitError
	}
	prof, diags := profile.Load(dir, gnrm.Base, source.FS(dir, gnrm.Base))
	if diags.Errors() > 0 || prof == nil {
		diags.WriteLang(stderr, lang)
		fmt.Fprintln(stderr, say(lang, "gnrm deploy-config: perbaiki profil dulu.", "gnrm deploy-config: fix the profile first."))
		return exitError
	}
	if o.BaseURL == "" {
		o.BaseURL = prof.Situs.BaseURL
	}
	o.Languages = prof.Situs.Bahasa
	if o.Server == "headers" {
		if out == "" {
			out = filepath.Join(dir, "public")
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, say(lang, "gnrm deploy-config: %s belum berisi hasil build; jalankan gnrm build dulu (berkas _headers mendaftar aset ber-sidik-jari hasil build)\n",
				"gnrm deploy-config: %s holds no build yet; run gnrm build first (the _headers file lists the build's fingerprinted assets)\n"), out)
			return exitError
		}
		if o.Hashed, err = deploy.Hashed(out); err != nil {
			fmt.Fprintf(stderr, "gnrm deploy-config: %v\n", err)
			return exitError
		}
	}
	conf, err := deploy.Config(o)
	if err != nil {
		fmt.Fprintf(stderr, "gnrm deploy-config: %s\n", errorIn(err, lang))
		var de *deploy.Error
		if errors.As(err, &de) {
			return exitUsage
		}
		return exitError
	}
	fmt.Fprint(stdout, conf)
	return exitOK
}
