// Package audit holds the audits of the published site, as Go tests that look at it the
// way its readers and hosts will: served by a real nginx with the configuration of
// gnrm deploy-config, read by a real browser, checked by the reference tools.
//
//   - crawl: nginx (Debian's package) serves the national site at the root and the
//     kabupaten fixture under a sub-path; a crawler from each home page must reach every
//     published page, with no broken link, fragment, image, stylesheet or feed, and every
//     answer (errors and redirects too) must carry the security and caching headers;
//   - HTML validity: the Nu HTML Checker (npm vnu-jar, run with the machine's Java)
//     reports no error on any page of either site;
//   - accessibility: axe-core (npm) in headless Chromium reports no WCAG 2.2 A/AA
//     violation on any page type, at a desktop and a phone width;
//   - CSP: Chromium loads each page type from nginx with the Content-Security-Policy
//     enforced as a header, and records no console error, no CSP violation, no failed
//     request and no request to another host;
//   - page weight: each page type's HTML, CSS and JS, gzip-compressed as nginx sends them,
//     stays under the budget (30 KB), printed as a table.
//
// The audits need tools that a plain `go test ./...` cannot assume (nginx, Java, the npm
// packages of package.json in this folder, Chromium), so they run for real only with
// GNRM_AUDIT=1, as .ci/run does after installing them; otherwise they are skipped with a
// message saying so. The page-weight budget needs nothing and always runs.
//
// Why Go tests: one `go test` runs them with the project's own builds, fixtures and
// servers (generator/deploy/servertest), and a failure names the page, the rule and the
// element.
package audit
