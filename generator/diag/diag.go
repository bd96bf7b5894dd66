// Package diag holds the positioned diagnostics every gnrm check and build reports:
// "path:line:col: error: message" plus an indented hint, sorted by file and line, all at
// once. It follows go/scanner's ErrorList (Add, Sort, Err) and clang's printed form.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build: nothing is published.
	Error Severity = iota
	// Warning is reported but does not stop the build.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem, positioned in a source file of the site.
type Diagnostic struct {
	// Path is relative to the site folder, with forward slashes; empty when the
	// problem concerns no file.
	Path     string
	Line     int // 1-based; 0 when unknown
	Col      int // 1-based; 0 when unknown
	Severity Severity
	// Code names the class of problem (for example "schema.enum", "link.broken"), stable
	// across languages, for editors, CI and tests.
	Code string
	// Message and Hint (how to fix it; may be empty) are in Bahasa Indonesia;
	// MessageEN and HintEN say the same in English (empty: use the Indonesian).
	Message   string
	Hint      string
	MessageEN string
	HintEN    string
}

// Lang is the language of printed diagnostics: "id" (the default) or "en".
type Lang string

const (
	Indonesian Lang = "id"
	English    Lang = "en"
)

// LangFrom picks the language from a flag value, else from a locale such as $LANG
// ("en_US.UTF-8" is English); Bahasa Indonesia otherwise.
func LangFrom(flag, locale string) Lang {
	for _, v := range []string{flag, locale} {
		v = strings.ToLower(v)
		switch {
		case v == "":
			continue
		case strings.HasPrefix(v, "en"):
			return English
		case strings.HasPrefix(v, "id"), strings.HasPrefix(v, "in"):
			return Indonesian
		}
		if v == flag {
			return Indonesian
		}
	}
	return Indonesian
}

// Text returns the message and hint in lang.
func (d Diagnostic) Text(lang Lang) (msg, hint string) {
	msg, hint = d.Message, d.Hint
	if lang == English {
		if d.MessageEN != "" {
			msg = d.MessageEN
		}
		if d.HintEN != "" {
			hint = d.HintEN
		}
	}
	return msg, hint
}

// In returns d with its Indonesian text replaced by the text in lang.
func (d Diagnostic) In(lang Lang) Diagnostic {
	d.Message, d.Hint = d.Text(lang)
	return d
}

// Pos formats the position as path:line:col, leaving out what is unknown.
func (d Diagnostic) Pos() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	return b.String()
}

func (d Diagnostic) Error() string {
	if p := d.Pos(); p != "" {
		return fmt.Sprintf("%s: %s: %s", p, d.Severity, d.Message)
	}
	return fmt.Sprintf("%s: %s", d.Severity, d.Message)
}

// List is a list of diagnostics. The zero value is ready to use.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at a position.
func (l *List) Errorf(path string, line, col int, hint, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Sort orders the list by path, line, column, then severity (errors first) and message,
// and drops exact duplicates.
func (l *List) Sort() {
	slices.SortStableFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Message, b.Message),
		)
	})
	*l = slices.Compact(*l)
}

// Errors counts the diagnostics that stop the build.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts the diagnostics that do not stop the build.
func (l List) Warnings() int { return len(l) - l.Errors() }

// Err returns the list as an error when it holds at least one error, else nil.
func (l List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return l
}

func (l List) Error() string {
	switch len(l) {
	case 0:
		return "tidak ada masalah"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (dan %d masalah lain)", l[0].Error(), len(l)-1)
}

// Write prints every diagnostic clang-style in Bahasa Indonesia, the hint indented
// under its line.
func (l List) Write(w io.Writer) error { return l.WriteLang(w, Indonesian) }

// WriteLang prints every diagnostic clang-style in lang.
func (l List) WriteLang(w io.Writer, lang Lang) error {
	var b strings.Builder
	for _, d := range l {
		d = d.In(lang)
		b.WriteString(d.Error())
		b.WriteByte('\n')
		if d.Hint != "" {
			for _, line := range strings.Split(d.Hint, "\n") {
				b.WriteString("    ")
				b.WriteString(line)
				b.WriteByte('\n')
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
