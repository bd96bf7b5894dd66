package audit_test

// The page-weight budget: for each page type, the HTML and the stylesheets and scripts
// it loads, each gzip-compressed at level 6 (as the generated nginx configuration sends
// them), must stay under Budget. Images and downloads are not counted: they are the
// editors' content, and the pages load them lazily or on demand. The table is printed in
// the test log (go test -v) and copied into the README.
//
// It needs no tool, so it runs in every `go test ./...`, not only with GNRM_AUDIT=1.

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/tabwriter"

	"golang.org/x/net/html"
)

// Budget is the most a page type may weigh, HTML+CSS+JS, gzip-compressed.
const Budget = 30 * 1024

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// assets returns the stylesheets and scripts that a page loads from its own site, as
// files of the published folder.
func assets(s *site, pageURL *url.URL, doc []byte) (css, js []string, err error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return nil, nil, err
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			var ref string
			var into *[]string
			switch {
			case n.Data == "link" && strings.Contains(" "+strings.ToLower(attr["rel"])+" ", " stylesheet "):
				ref, into = attr["href"], &css
			case n.Data == "script" && attr["src"] != "":
				ref, into = attr["src"], &js
			}
			if ref != "" {
				if u, perr := pageURL.Parse(ref); perr == nil && u.Host == pageURL.Host {
					if f := s.fileOf(u); f != "" {
						*into = append(*into, f)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return css, js, nil
}

func TestPageWeight(t *testing.T) {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "site\tpage type\tHTML\tHTML gz\tCSS gz\tJS gz\ttotal gz\tbudget\t")
	kb := func(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }
	for _, s := range []*site{national, regency} {
		s := built(t, s)
		for _, p := range s.Pages {
			file := p.File
			if file == "" {
				file = "404.html"
			}
			doc, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(file)))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(s.URL(p))
			css, js, err := assets(s, u, doc)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			sizes := map[string]int{}
			for kind, files := range map[string][]string{"css": css, "js": js} {
				for _, f := range files {
					a, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(f)))
					if err != nil {
						t.Errorf("%s %s: %s loads %s, which is not published", s.Name, p.Name, file, f)
						continue
					}
					sizes[kind] += gzipSize(a)
				}
			}
			htmlGz := gzipSize(doc)
			total := htmlGz + sizes["css"] + sizes["js"]
			verdict := "ok"
			if total > Budget {
				verdict = "OVER"
				t.Errorf("%s %s (%s): %s of HTML+CSS+JS gzip-compressed, over the budget of %s", s.Name, p.Name, file, kb(total), kb(Budget))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s %s\t\n", s.Name, p.Name, kb(len(doc)), kb(htmlGz), kb(sizes["css"]), kb(sizes["js"]), kb(total), kb(Budget), verdict)
		}
	}
	tw.Flush()
	t.Logf("page weight, gzip level 6 (as nginx sends it):\n%s", b.String())
}
