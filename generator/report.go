package generator

import (
	"fmt"
	"strconv"
	"strings"
)

// Summary is the one-line account of a finished build, in Bahasa Indonesia.
func (r Report) Summary() string {
	saved := ""
	if r.BytesIn > 0 && r.BytesOut < r.BytesIn {
		saved = fmt.Sprintf(" (hemat %s%%)", decimal(100*float64(r.BytesIn-r.BytesOut)/float64(r.BytesIn), 1))
	}
	return fmt.Sprintf("%d halaman, %d berkas, %s -> %s setelah minify%s, %s detik",
		r.Pages, r.Files, Bytes(r.BytesIn), Bytes(r.BytesOut), saved, decimal(r.Duration.Seconds(), 2))
}

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
