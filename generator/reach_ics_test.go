package generator_test

// A small, strict RFC 5545 checker for the calendars gnrm publishes (agenda/kalender.ics
// and one per event). Why our own: the calendar programs that read these files are
// lenient, so a file that "opens" proves little; the rules below are the ones the RFC
// states and the ones a mistake in a template would break: CRLF line ends, lines folded
// at 75 octets without splitting a UTF-8 character, content lines of name, parameters
// and value, matched BEGIN/END, the properties each component must carry exactly once,
// date-times in UTC or with a TZID, and TEXT values with ; , \ and line breaks escaped.

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// vevent is one parsed VEVENT: its properties by name, values as written (escaped).
type vevent map[string][]icsProp

type icsProp struct {
	params map[string]string
	value  string
}

// raw returns the value of a property as written in the file (escaped TEXT).
func (e vevent) raw(name string) string {
	if ps := e[name]; len(ps) > 0 {
		return ps[0].value
	}
	return ""
}

// get returns the value of a property with TEXT escapes undone.
func (e vevent) get(name string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n", `\N`, "\n")
	return r.Replace(e.raw(name))
}

var (
	icsName     = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	icsUTC      = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	icsLocal    = regexp.MustCompile(`^\d{8}T\d{6}$`)
	icsDate     = regexp.MustCompile(`^\d{8}$`)
	icsTextProp = map[string]bool{"SUMMARY": true, "DESCRIPTION": true, "LOCATION": true, "COMMENT": true, "X-WR-CALNAME": true, "CATEGORIES": false}
)

// reporter is where the checker reports: a *testing.T, or a list in the checker's own
// test.
type reporter interface {
	Errorf(format string, args ...any)
}

type reports []string

func (r *reports) Errorf(format string, args ...any) { *r = append(*r, format) }

// parseICS checks a calendar file against RFC 5545 and returns its events. Every
// violation is reported with its line.
func parseICS(t reporter, name, body string) []vevent {
	if !strings.HasSuffix(body, "\r\n") {
		t.Errorf("%s: does not end with CRLF", name)
	}
	physical := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	var lines []string // unfolded content lines
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("%s:%d: a bare CR or LF (lines end with CRLF)", name, i+1)
		}
		if len(l) > 75 {
			t.Errorf("%s:%d: %d octets, more than 75 (RFC 5545 3.1)", name, i+1, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("%s:%d: a UTF-8 character split by folding", name, i+1)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Errorf("%s:%d: a continuation line first", name, i+1)
				continue
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}

	type comp struct {
		name  string
		props map[string][]icsProp
	}
	var stack []*comp
	var events []vevent
	uids := map[string]bool{}
	for i, l := range lines {
		where := func(format string, args ...any) {
			t.Errorf("%s: content line %d (%.40q): "+format, append([]any{name, i + 1, l}, args...)...)
		}
		nameParams, value, ok := cutValue(l)
		if !ok {
			where("no colon")
			continue
		}
		parts := splitParams(nameParams)
		pname := strings.ToUpper(parts[0])
		if !icsName.MatchString(pname) {
			where("bad property name %q", parts[0])
		}
		params := map[string]string{}
		for _, p := range parts[1:] {
			k, v, ok := strings.Cut(p, "=")
			if !ok || !icsName.MatchString(k) {
				where("bad parameter %q", p)
			}
			params[strings.ToUpper(k)] = strings.Trim(v, `"`)
		}
		for _, r := range value {
			if r < 0x20 && r != '\t' || r == 0x7f {
				where("a control character in the value")
			}
		}
		switch pname {
		case "BEGIN":
			if len(stack) == 0 && value != "VCALENDAR" {
				where("the file must begin with BEGIN:VCALENDAR")
			}
			stack = append(stack, &comp{name: value, props: map[string][]icsProp{}})
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				where("END without its BEGIN")
				continue
			}
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			once := func(names ...string) {
				for _, n := range names {
					if len(c.props[n]) != 1 {
						t.Errorf("%s: %s has %d %s, want exactly one", name, c.name, len(c.props[n]), n)
					}
				}
			}
			switch c.name {
			case "VCALENDAR":
				once("PRODID", "VERSION")
				if len(stack) != 0 || i != len(lines)-1 {
					where("END:VCALENDAR must close the file")
				}
				if v := c.props["VERSION"]; len(v) == 1 && v[0].value != "2.0" {
					t.Errorf("%s: VERSION %q", name, v[0].value)
				}
			case "VEVENT":
				once("UID", "DTSTAMP", "DTSTART")
				if len(c.props["DTEND"]) > 1 || len(c.props["DTEND"]) == 1 && len(c.props["DURATION"]) > 0 {
					t.Errorf("%s: VEVENT with DTEND %d times (and DURATION %d)", name, len(c.props["DTEND"]), len(c.props["DURATION"]))
				}
				e := vevent(c.props)
				if uids[e.raw("UID")] {
					t.Errorf("%s: UID %s twice", name, e.raw("UID"))
				}
				uids[e.raw("UID")] = true
				if !icsUTC.MatchString(e.raw("DTSTAMP")) {
					t.Errorf("%s: DTSTAMP %q is not a UTC date-time", name, e.raw("DTSTAMP"))
				}
				start, end := icsTime(t, name, c.props["DTSTART"]), icsTime(t, name, c.props["DTEND"])
				if !end.IsZero() && !end.After(start) {
					t.Errorf("%s: DTEND %v not after DTSTART %v", name, end, start)
				}
				events = append(events, e)
			}
			continue
		}
		if len(stack) == 0 {
			where("a property outside VCALENDAR")
			continue
		}
		if icsTextProp[pname] {
			checkText(t, name, pname, value)
		}
		if pname == "URL" {
			if u, err := url.Parse(value); err != nil || !u.IsAbs() {
				where("URL %q is not an absolute URI", value)
			}
		}
		c := stack[len(stack)-1]
		c.props[pname] = append(c.props[pname], icsProp{params, value})
	}
	if len(stack) != 0 {
		t.Errorf("%s: %d components not closed", name, len(stack))
	}
	return events
}

// cutValue splits a content line at the colon that ends its name and parameters (a
// colon inside a quoted parameter value does not count).
func cutValue(l string) (string, string, bool) {
	quoted := false
	for i, r := range l {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ':' && !quoted:
			return l[:i], l[i+1:], true
		}
	}
	return "", "", false
}

func splitParams(s string) []string {
	var out []string
	quoted, start := false, 0
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ';' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// checkText checks the escaping of a TEXT value (RFC 5545 3.3.11).
func checkText(t reporter, name, prop, v string) {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			if i+1 >= len(v) || !strings.ContainsRune(`\;,nN`, rune(v[i+1])) {
				t.Errorf("%s: %s: a backslash not followed by \\ ; , or n: %q", name, prop, v)
				return
			}
			i++
		case ';', ',':
			t.Errorf("%s: %s: an unescaped %q: %q", name, prop, v[i], v)
			return
		}
	}
}

// icsTime reads a DTSTART or DTEND: UTC, local time with a TZID, or a date.
func icsTime(t reporter, name string, ps []icsProp) time.Time {
	if len(ps) == 0 {
		return time.Time{}
	}
	p := ps[0]
	switch {
	case icsUTC.MatchString(p.value):
		tm, _ := time.Parse("20060102T150405Z", p.value)
		return tm
	case icsLocal.MatchString(p.value) && p.params["TZID"] != "":
		loc, err := time.LoadLocation(p.params["TZID"])
		if err != nil {
			t.Errorf("%s: TZID %q: %v", name, p.params["TZID"], err)
			return time.Time{}
		}
		tm, _ := time.ParseInLocation("20060102T150405", p.value, loc)
		return tm
	case icsDate.MatchString(p.value) && p.params["VALUE"] == "DATE":
		tm, _ := time.Parse("20060102", p.value)
		return tm
	}
	t.Errorf("%s: %q is not a UTC date-time, a date-time with TZID or a date", name, p.value)
	return time.Time{}
}

// checkCalendar checks a published calendar and that it holds n events.
func checkCalendar(t *testing.T, p *published, name string, n int) []vevent {
	t.Helper()
	body, ok := p.files[name]
	if !ok {
		t.Fatalf("%s not published", name)
	}
	events := parseICS(t, name, body)
	if len(events) != n {
		t.Fatalf("%s: %d events, want %d", name, len(events), n)
	}
	return events
}

// The checker itself refuses what it must.
func TestICSCheckerRefusesBadCalendars(t *testing.T) {
	good := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//ID\r\nBEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20240101T000000Z\r\n" +
		"DTSTART:20240102T010000Z\r\nDTEND:20240102T020000Z\r\nSUMMARY:Rapat\\, dan diskusi\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	var r reports
	if parseICS(&r, "good", good); len(r) > 0 {
		t.Fatalf("the good calendar is refused: %v", r)
	}
	for name, bad := range map[string]string{
		"LF line ends":     strings.ReplaceAll(good, "\r\n", "\n"),
		"long line":        strings.Replace(good, "SUMMARY:Rapat", "SUMMARY:"+strings.Repeat("a", 80), 1),
		"unescaped comma":  strings.Replace(good, `Rapat\, dan`, "Rapat, dan", 1),
		"no DTSTAMP":       strings.Replace(good, "DTSTAMP:20240101T000000Z\r\n", "", 1),
		"floating time":    strings.Replace(good, "DTSTART:20240102T010000Z", "DTSTART:20240102T010000", 1),
		"end before start": strings.Replace(good, "DTEND:20240102T020000Z", "DTEND:20240101T020000Z", 1),
		"unmatched END":    strings.Replace(good, "END:VEVENT", "END:VTODO", 1),
		"split character":  strings.Replace(good, "SUMMARY:Rapat", "SUMMARY:"+strings.Repeat("a", 66)+"\xc3\r\n \xa9", 1),
	} {
		var r reports
		parseICS(&r, name, bad)
		if len(r) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}
