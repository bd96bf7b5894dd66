package content

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"gnrm/generator/diag"
)

// body checks the Markdown body: raw HTML is not rendered (the engine's unsafe mode stays
// off) and script links are removed, so the editor is told what will be missing; and
// every link and image is collected for the check of the rendered output.
func (f *File) body() diag.List {
	var l diag.List
	warn := func(n ast.Node, code, id, en, hintID, hintEN string) {
		line, col := f.nodePos(n)
		l.Add(diag.Diagnostic{Path: f.Path, Line: line, Col: col, Severity: diag.Warning, Code: code,
			Message: id, MessageEN: en, Hint: hintID, HintEN: hintEN})
	}
	ast.Walk(f.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			warn(n, "html.raw", "HTML mentah tidak ditampilkan dan dibuang dari halaman", "raw HTML is not shown and is dropped from the page",
				"Gunakan Markdown biasa (judul ##, daftar -, tautan [teks](alamat)); HTML di dalam Markdown dimatikan demi keamanan.",
				"Use plain Markdown (## headings, - lists, [text](address) links); HTML inside Markdown is off for safety.")
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			f.addLink(n, string(n.Destination), false, warn)
		case *ast.Image:
			f.addLink(n, string(n.Destination), true, warn)
		case *ast.AutoLink:
			f.addLink(n, string(n.URL(f.Src)), false, warn)
		}
		return ast.WalkContinue, nil
	})
	return l
}

func (f *File) addLink(n ast.Node, dest string, image bool, warn func(ast.Node, string, string, string, string, string)) {
	scheme, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(dest)), ":")
	switch scheme {
	case "javascript", "vbscript", "data":
		if !strings.HasPrefix(strings.ToLower(dest), "data:image/") || !image {
			warn(n, "link.script", fmt.Sprintf("tautan %s: dibuang dari halaman", scheme), fmt.Sprintf("%s: link dropped from the page", scheme),
				"Tautan yang menjalankan skrip tidak diizinkan; gunakan alamat http(s) atau alamat halaman di situs ini.",
				"Links that run scripts are not allowed; use an http(s) address or the address of a page on this site.")
			return
		}
	}
	line, col := f.nodePos(n)
	f.Links = append(f.Links, Link{Dest: dest, Line: line, Col: col, Image: image})
}

// nodePos is the position of a node: its first line or text segment.
func (f *File) nodePos(n ast.Node) (int, int) {
	off := -1
	var find func(ast.Node)
	find = func(n ast.Node) {
		if off >= 0 {
			return
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			off = n.Lines().At(0).Start
			return
		}
		switch t := n.(type) {
		case *ast.Text:
			off = t.Segment.Start
			return
		case *ast.RawHTML:
			if t.Segments.Len() > 0 {
				off = t.Segments.At(0).Start
				return
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			find(c)
		}
	}
	find(n)
	if off < 0 {
		for p := n.Parent(); p != nil && off < 0; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
			}
		}
	}
	if off < 0 {
		return 0, 0
	}
	line, col := lineCol(f.Src, off)
	switch n.(type) {
	case *ast.Link:
		if col > 1 && f.Src[off-1] == '[' {
			col--
		}
	case *ast.Image:
		if col > 2 && f.Src[off-1] == '[' && f.Src[off-2] == '!' {
			col -= 2
		}
	}
	return line, col
}
