package diag

import (
	"encoding/json"
	"io"
)

// jsonDiag is the JSON form of a diagnostic, for editors and CI.
type jsonDiag struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// WriteJSON prints the list as one JSON document in lang:
// {"errors": n, "warnings": n, "diagnostics": [...]}.
func (l List) WriteJSON(w io.Writer, lang Lang) error {
	out := struct {
		Errors      int        `json:"errors"`
		Warnings    int        `json:"warnings"`
		Diagnostics []jsonDiag `json:"diagnostics"`
	}{Errors: l.Errors(), Warnings: l.Warnings(), Diagnostics: []jsonDiag{}}
	for _, d := range l {
		msg, hint := d.Text(lang)
		out.Diagnostics = append(out.Diagnostics, jsonDiag{d.Path, d.Line, d.Col, d.Severity.String(), d.Code, msg, hint})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
