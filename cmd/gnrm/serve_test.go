package main

// CLI tests of `gnrm serve`: testscript runs the real command in the background on a
// free port (testdata/serve/*.txtar) and talks to it over HTTP with the small commands
// below. They live in their own script folder and test, so that the shared
// testdata/script runner needs no commands of its own.
//
//	freeport NAME                     set $NAME to a free TCP port on 127.0.0.1
//	fetch [-status N] URL FILE        GET URL (status 200 unless -status), body to FILE
//	waitfor URL REGEXP                GET URL until its body matches (60 s at most)
//	waitevent URL REGEXP FILE         read the event stream at URL until an event
//	                                  ("event: T\ndata: JSON") matches; it to FILE

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// serveCmds are the testscript commands of the serve scripts.
var serveCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"freeport": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: freeport NAME")
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		ts.Check(err)
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		ts.Setenv(args[0], strconv.Itoa(port))
	},
	"fetch": func(ts *testscript.TestScript, neg bool, args []string) {
		want := 200
		if len(args) == 4 && args[0] == "-status" {
			n, err := strconv.Atoi(args[1])
			ts.Check(err)
			want, args = n, args[2:]
		}
		if len(args) != 2 {
			ts.Fatalf("usage: fetch [-status N] URL FILE")
		}
		code, body, err := httpGet(args[0])
		ts.Check(err)
		if code != want {
			ts.Fatalf("GET %s: status %d, want %d", args[0], code, want)
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), body, 0o644))
	},
	"waitfor": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: waitfor URL REGEXP")
		}
		re := regexp.MustCompile(args[1])
		deadline := time.Now().Add(60 * time.Second)
		var last string
		for time.Now().Before(deadline) {
			if _, body, err := httpGet(args[0]); err == nil {
				if re.Match(body) {
					return
				}
				last = string(body)
			} else {
				last = err.Error()
			}
			time.Sleep(50 * time.Millisecond)
		}
		ts.Fatalf("%s did not match %q within 60 s; last answer: %.300s", args[0], args[1], last)
	},
	"waitevent": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 3 {
			ts.Fatalf("usage: waitevent URL REGEXP FILE")
		}
		re := regexp.MustCompile(args[1])
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, "GET", args[0], nil)
		ts.Check(err)
		resp, err := http.DefaultClient.Do(req)
		ts.Check(err)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev strings.Builder
		for sc.Scan() {
			if sc.Text() != "" {
				ev.WriteString(sc.Text() + "\n")
				continue
			}
			if re.MatchString(ev.String()) {
				ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(ev.String()), 0o644))
				return
			}
			ev.Reset()
		}
		ts.Fatalf("no event matching %q from %s within 60 s (%v)", args[1], args[0], sc.Err())
	},
}

func httpGet(u string) (int, []byte, error) {
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func TestServeScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:  filepath.Join("testdata", "serve"),
		Cmds: serveCmds,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
	})
}
