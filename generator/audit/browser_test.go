package audit_test

// The browser audits, in Debian's headless Chromium driven by chromedp, against the
// sites served by nginx with their generated configuration:
//
//   - CSP and console: each page type loads with the Content-Security-Policy enforced
//     (sent as a header, checked on the document's answer), and the page records no
//     console error, no exception, no CSP violation, no failed or refused request and no
//     request to another host. A control first proves that the browser enforces the
//     policy (an inline script and style added to the page are refused and reported).
//   - accessibility: axe-core runs in each page type, at a desktop and a phone width,
//     with the WCAG 2.0, 2.1 and 2.2 A and AA rules; any violation fails, named with its
//     rule, help text and elements. A control proves that a planted violation is found.

import (
	"context"
	"encoding/json"
	"fmt"
	"gnrm/generator/internal/chrome"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const chromium = chrome.Path

// browser starts headless Chromium for the test (generator/internal/chrome).
func browser(t *testing.T) context.Context {
	t.Helper()
	return chrome.Start(t, chrome.Options{Timeout: 10 * time.Minute, Required: true, Flags: []chromedp.ExecAllocatorOption{chromedp.Flag("ignore-certificate-errors", true)}})
}

// within runs an action with its own deadline on a context that already runs a browser.
func within[T any](ctx context.Context, d time.Duration, a chromedp.Action[T]) (T, error) {
	return chrome.Within(ctx, d, a)
}

// recorder collects what a tab reports about the page it shows.
type recorder struct {
	mu       sync.Mutex
	host     string
	problems []string
	csp      map[string]string // URL of each document -> its CSP header
	statuses map[string]int64  // URL -> status
}

func (r *recorder) add(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// listen is the tab's event handler; it must return fast (chromedp.Listen).
func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level == log.EntryLevelError || e.Source == log.EntrySourceSecurity {
			r.add("console %s (%s): %s %s", e.Level, e.Source, e.Text, e.URL)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			r.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		r.add("exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		if err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "ws" || u.Scheme == "wss") && u.Host != r.host {
			r.add("request to another host: %s", ev.Request.URL)
		}
	case *network.EventLoadingFailed:
		if ev.BlockedReason != "" || !ev.Canceled {
			r.add("request failed: %s %s %s", ev.Type, ev.ErrorText, ev.BlockedReason)
		}
	case *network.EventResponseReceived:
		r.statuses[ev.Response.URL] = ev.Response.Status
		if ev.Type == network.ResourceTypeDocument {
			for k, v := range ev.Response.Headers {
				if strings.EqualFold(k, "Content-Security-Policy") {
					r.csp[ev.Response.URL], _ = v.(string)
				}
			}
		}
	}
}

// take returns and clears what was recorded.
func (r *recorder) take() (problems []string, csp map[string]string, statuses map[string]int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	problems, csp, statuses = r.problems, r.csp, r.statuses
	r.problems, r.csp, r.statuses = nil, map[string]string{}, map[string]int64{}
	return
}

// cspWatch records the page's CSP violations as the page itself sees them.
const cspWatch = `window.__gnrmCSP = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__gnrmCSP.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));`

func TestCSPAndConsoleInChromium(t *testing.T) {
	requireAudit(t, "the CSP and console audit in Chromium")
	ctx := browser(t)
	for i, s := range []*site{national, regency} {
		t.Run(s.Name, func(t *testing.T) {
			s := built(t, s)
			serve(t, s)
			tab, cancel := chromedp.NewContext(ctx)
			defer cancel()
			rec := &recorder{host: s.Addr}
			rec.take()
			if err := chromedp.Listen(tab, rec.listen); err != nil {
				t.Fatal(err)
			}
			if _, err := within(tab, time.Minute, chromedp.Action[page.AddScriptToEvaluateOnNewDocumentResult](
				func(ctx context.Context, tt *chromedp.Target) (page.AddScriptToEvaluateOnNewDocumentResult, error) {
					return cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
				})); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				cspControl(t, tab, rec, s)
			}
			for _, p := range s.Pages {
				u := s.URL(p)
				if err := chromedp.Do(tab, chromedp.Navigate(u)); err != nil {
					t.Errorf("%s (%s): %v", p.Name, u, err)
					continue
				}
				time.Sleep(300 * time.Millisecond) // late requests and reports
				violations, err := within(tab, 10*time.Second, chromedp.Evaluate[[]string](`window.__gnrmCSP || []`))
				if err != nil {
					t.Errorf("%s: reading CSP reports: %v", p.Name, err)
				}
				problems, csp, statuses := rec.take()
				for _, v := range violations {
					t.Errorf("%s (%s): CSP violation: %s", p.Name, u, v)
				}
				if !strings.Contains(csp[u], "script-src 'self'") {
					t.Errorf("%s (%s): the document came without the CSP header (got %q)", p.Name, u, csp[u])
				}
				for _, pr := range problems {
					if p.File == "" && strings.Contains(pr, "status of 404") && statuses[u] == 404 {
						continue // the 404 page itself answers 404, as it should
					}
					t.Errorf("%s (%s): %s", p.Name, u, pr)
				}
				for su, st := range statuses {
					if st >= 400 && !(p.File == "" && su == u) {
						t.Errorf("%s (%s): %s answered %d", p.Name, u, su, st)
					}
				}
				if p.File == "" && statuses[u] != 404 {
					t.Errorf("404 page (%s): status %d, want 404", u, statuses[u])
				}
			}
			t.Logf("%s: %d page types loaded with the CSP enforced: no console error, no violation, no request to another host", s.Name, len(s.Pages))
		})
	}
}

// cspControl proves that the browser enforces the policy that the audit relies on: an
// inline script and an inline style added to a page are refused and reported.
func cspControl(t *testing.T, tab context.Context, rec *recorder, s *site) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Navigate(s.BaseURL)); err != nil {
		t.Fatal(err)
	}
	ran, err := within(tab, 10*time.Second, chromedp.Evaluate[bool](`(() => {
	  const s = document.createElement('script'); s.textContent = 'window.__gnrmInline = true'; document.head.appendChild(s);
	  const st = document.createElement('style'); st.textContent = 'body { outline: 1px solid red }'; document.head.appendChild(st);
	  return window.__gnrmInline === true; })()`))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	v, _ := within(tab, 10*time.Second, chromedp.Evaluate[[]string](`window.__gnrmCSP || []`))
	problems, _, _ := rec.take()
	joined := strings.Join(v, "\n")
	if ran || !strings.Contains(joined, "script-src") || !strings.Contains(joined, "style-src") || len(problems) == 0 {
		t.Fatalf("control: the browser did not enforce the CSP (inline script ran: %v; violations: %q; console: %q)", ran, v, problems)
	}
}

// axeTags are the rule sets of WCAG 2.2 level A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []struct{ Target, HTML, Summary string }
	}
	Passes     int
	Incomplete []string
}

func runAxe(tab context.Context, src string) (axeResult, error) {
	var res axeResult
	if _, err := within(tab, 30*time.Second, chromedp.Evaluate[bool](src+"\n;true")); err != nil {
		return res, fmt.Errorf("injecting axe-core: %v", err)
	}
	tags, _ := json.Marshal(axeTags)
	out, err := within(tab, time.Minute, chromedp.Evaluate[string](`axe.run(document, {
	  runOnly: {type: 'tag', values: `+string(tags)+`},
	  resultTypes: ['violations'],
	}).then(r => JSON.stringify({
	  violations: r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
	    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary || ''}))})),
	  passes: r.passes.length,
	  incomplete: r.incomplete.map(i => i.id),
	}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return res, fmt.Errorf("running axe: %v", err)
	}
	err = json.Unmarshal([]byte(out), &res)
	return res, err
}

func TestAccessibilityWithAxe(t *testing.T) {
	requireAudit(t, "the axe-core accessibility audit in Chromium")
	src, err := os.ReadFile(npmFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	viewports := []struct {
		name string
		set  chromedp.Action[chromedp.Void]
	}{
		{"desktop 1280x900", chromedp.EmulateViewport(1280, 900)},
		{"phone 390x844", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(3), chromedp.EmulatePortrait)},
	}
	for i, s := range []*site{national, regency} {
		t.Run(s.Name, func(t *testing.T) {
			s := built(t, s)
			serve(t, s)
			tab, cancel := chromedp.NewContext(ctx)
			defer cancel()
			for _, vp := range viewports {
				if err := chromedp.Do(tab, vp.set); err != nil {
					t.Fatal(err)
				}
				for _, p := range s.Pages {
					u := s.URL(p)
					if err := chromedp.Do(tab, chromedp.Navigate(u)); err != nil {
						t.Errorf("%s (%s): %v", p.Name, u, err)
						continue
					}
					res, err := runAxe(tab, string(src))
					if err != nil {
						t.Errorf("%s, %s: %v", p.Name, vp.name, err)
						continue
					}
					for _, v := range res.Violations {
						var nodes []string
						for _, n := range v.Nodes {
							nodes = append(nodes, fmt.Sprintf("    %s\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      ")))
						}
						t.Errorf("%s (%s), %s: axe %s (%s): %s\n%s", p.Name, u, vp.name, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n"))
					}
					if len(res.Violations) == 0 {
						t.Logf("%s, %s: %s: no violation (%d rules passed; to review by hand: %s)", s.Name, vp.name, p.Name, res.Passes, strings.Join(res.Incomplete, ", "))
					}
				}
			}
			if i == 0 {
				// Control: a planted violation (an image without a text alternative) is found.
				if _, err := within(tab, 10*time.Second, chromedp.Evaluate[bool](
					`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'); true`)); err != nil {
					t.Fatal(err)
				}
				res, err := runAxe(tab, string(src))
				found := false
				for _, v := range res.Violations {
					found = found || v.ID == "image-alt"
				}
				if err != nil || !found {
					t.Errorf("control: axe did not report the planted image without alt (err %v, %+v)", err, res.Violations)
				}
			}
		})
	}
}
