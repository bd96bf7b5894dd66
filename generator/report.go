package generator

import (
	"fmt"

	"gnrm/generator/diag"
	"strconv"
	"strings"
)

// Summary is the one-line account of a finished build, in Bahasa Indonesia.
func (r Report) Summary() string { return r.SummaryIn(diag.Indonesian) }

// SummaryIn is the one-line account of a finished build in lang.
func (r Report) SummaryIn(lang diag.Lang) string {
	saved := ""
	pct := ""
	if r.BytesIn > 0 && r.BytesOut < r.BytesIn {
		pct = decimal(100*float64(r.BytesIn-r.BytesOut)/float64(r.BytesIn), 1)
	}
	warn := ""
	if n := r.Diagnostics.Warnings(); n > 0 {
		warn = fmt.Sprintf(", %d peringatan", n)
		if lang == diag.English {
			warn = fmt.Sprintf(", %d warnings", n)
		}
	}
	if lang == diag.English {
		if pct != "" {
			saved = fmt.Sprintf(" (%s%% saved)", strings.Replace(pct, ",", ".", 1))
		}
		return fmt.Sprintf("%d pages, %d files, %s -> %s after minify%s, %s s%s",
			r.Pages, r.Files, bytesIn(r.BytesIn, "."), bytesIn(r.BytesOut, "."), saved,
			strings.Replace(decimal(r.Duration.Seconds(), 2), ",", ".", 1), warn)
	}
	if pct != "" {
		saved = fmt.Sprintf(" (hemat %s%%)", pct)
	}
	return fmt.Sprintf("%d halaman, %d berkas, %s -> %s setelah minify%s, %s detik%s",
		r.Pages, r.Files, Bytes(r.BytesIn), Bytes(r.BytesOut), saved, decimal(r.Duration.Seconds(), 2), warn)
}

func bytesIn(n int64, point string) string { return strings.Replace(Bytes(n), ",", point, 1) }

// Bytes formats a size with Indonesian decimals: 1,5 MB.
func Bytes(n int64) string {
	switch {
	case n >= 1<<20:
		return decimal(float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return decimal(float64(n)/(1<<10), 1) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func decimal(f float64, prec int) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', prec, 64), ".", ",", 1)
}
