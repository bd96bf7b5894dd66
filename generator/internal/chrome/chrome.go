// Package chrome starts Debian's headless Chromium for the project's browser tests
// (live reload, search, audits), with the flags that keep it off the network this
// machine cannot reach (see BROWSER-NOTES). One launcher serves every test package, so
// the flags, the skip rule and the cold-start deadline stay the same everywhere.
package chrome

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path is where Debian's chromium package installs the browser.
const Path = "/usr/bin/chromium"

// Options say how to start the browser.
type Options struct {
	// Timeout bounds the whole browser's life; the first launch on a cold machine
	// takes about 19 s.
	Timeout time.Duration
	// Required makes a missing browser a failure, not a skip (GNRM_REQUIRE_BROWSER
	// in the environment has the same effect).
	Required bool
	// Flags are added to the default ones.
	Flags []chromedp.ExecAllocatorOption
}

// Start launches the browser for the test and returns its context; it is closed when
// the test ends.
func Start(t testing.TB, o Options) context.Context {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		if o.Required || os.Getenv("GNRM_REQUIRE_BROWSER") != "" {
			t.Fatalf("%s is missing but the browser test is required: install it with apt-get install -y chromium", Path)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium; set GNRM_REQUIRE_BROWSER=1 to make this a failure)", Path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	opts = append(opts, o.Flags...)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	// Launch now, without a step deadline (a deadline here would stop the browser).
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", Path, err)
	}
	return bctx
}

// Within runs an action with its own deadline on a context that already runs a browser.
func Within[T any](ctx context.Context, d time.Duration, a chromedp.Action[T]) (T, error) {
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return chromedp.Run(c, a)
}
