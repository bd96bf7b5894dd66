// Package servertest runs real web servers (Debian's nginx, Apache httpd and Caddy) with
// a configuration from generator/deploy, for tests: a syntax check with the server's own
// tool, and a server started as a child process on a free loopback port, in the
// foreground, with its own pid, log and temporary paths in a test folder, so that tests
// run in parallel, as any user, and leave nothing behind.
//
// Why real servers rather than a Go imitation: the configurations are for operators'
// servers; only those servers can say that a file parses, that headers reach error pages,
// and that a sub-path maps to the right folder.
//
// A missing server binary skips a test, unless GNRM_AUDIT=1 is set (as .ci/run does after
// installing the servers): then it fails it.
package servertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gnrm/generator/deploy"
)

// Audit reports whether GNRM_AUDIT=1 is set: audits run for real and missing tools fail.
func Audit() bool { return os.Getenv("GNRM_AUDIT") == "1" }

// Binaries are the commands each server kind needs.
var Binaries = map[string][]string{
	"nginx":  {"nginx"},
	"apache": {"apache2", "apache2ctl"},
	"caddy":  {"caddy"},
}

// Packages are the Debian packages that provide them.
var Packages = map[string]string{"nginx": "nginx", "apache": "apache2", "caddy": "caddy"}

// Have reports whether the commands of a server kind are installed.
func Have(kind string) bool {
	for _, name := range Binaries[kind] {
		if _, err := exec.LookPath(name); err != nil {
			if _, err := os.Stat("/usr/sbin/" + name); err != nil {
				return false
			}
		}
	}
	return true
}

// Need returns the path of a command, looking in /usr/sbin too. When it is missing it
// skips the test, or fails it under GNRM_AUDIT=1.
func Need(t testing.TB, kind string) string {
	t.Helper()
	var first string
	for _, name := range Binaries[kind] {
		p, err := exec.LookPath(name)
		if err != nil {
			if _, serr := os.Stat("/usr/sbin/" + name); serr == nil {
				p, err = "/usr/sbin/"+name, nil
			}
		}
		if err != nil {
			msg := fmt.Sprintf("%s not found: install Debian's %s package (apt-get install -y %s)", name, Packages[kind], Packages[kind])
			if Audit() {
				t.Fatalf("GNRM_AUDIT=1: %s", msg)
			}
			t.Skipf("skipped: %s; set GNRM_AUDIT=1 to make this a failure", msg)
		}
		if first == "" {
			first = p
		}
	}
	return first
}

// Dir returns a new temporary folder that any user can read (a server's workers may
// run as another user than the test).
func Dir(t testing.TB) string {
	t.Helper()
	d := t.TempDir()
	for _, p := range []string{filepath.Dir(d), d} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// TLS is a self-signed certificate for 127.0.0.1 and localhost.
type TLS struct {
	Cert, Key string // PEM files
	Pool      *x509.CertPool
}

// NewTLS writes a new certificate and key into dir.
func NewTLS(t testing.TB, dir string) TLS {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "gnrm test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	c := TLS{Cert: filepath.Join(dir, "cert.pem"), Key: filepath.Join(dir, "key.pem"), Pool: x509.NewCertPool()}
	if err := os.WriteFile(c.Cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.Key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o644); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	c.Pool.AddCert(cert)
	return c
}

// Client returns an HTTP client that trusts the certificate, does not follow redirects
// and asks for no compression unless a request says so.
func (c TLS) Client() *http.Client {
	return &http.Client{
		Timeout:       20 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: c.Pool}, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// FreeAddr returns a loopback address with a port that was free a moment ago.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// mainConfig returns the server's main configuration file, which includes site (the
// configuration from generator/deploy) and keeps every path inside prefix.
func mainConfig(kind, prefix, site, listen string) string {
	switch kind {
	case "nginx":
		user := ""
		if os.Geteuid() == 0 {
			user = "user nobody nogroup;\n"
		}
		return user + `worker_processes 1;
daemon off;
pid ` + prefix + `/nginx.pid;
error_log ` + prefix + `/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ` + prefix + `/access.log;
    client_body_temp_path ` + prefix + `/client_body;
    proxy_temp_path ` + prefix + `/proxy;
    fastcgi_temp_path ` + prefix + `/fastcgi;
    uwsgi_temp_path ` + prefix + `/uwsgi;
    scgi_temp_path ` + prefix + `/scgi;
    sendfile on;
    include ` + site + `;
}
`
	case "apache":
		var b strings.Builder
		for _, m := range []string{"mpm_event", "authz_core", "alias", "dir", "mime", "headers", "deflate", "filter", "ssl", "socache_shmcb"} {
			fmt.Fprintf(&b, "LoadModule %s_module /usr/lib/apache2/modules/mod_%s.so\n", m, m)
		}
		if os.Geteuid() == 0 {
			b.WriteString("User www-data\nGroup www-data\n")
		}
		ln := "Listen 80\nListen 443 https\n"
		if listen != "" {
			ln = "Listen " + listen + " https\n"
		}
		b.WriteString(`ServerName 127.0.0.1
ServerRoot ` + prefix + `
DefaultRuntimeDir ` + prefix + `
PidFile ` + prefix + `/apache2.pid
Mutex file:` + prefix + ` default
ErrorLog ` + prefix + `/error.log
LogLevel warn
TypesConfig /etc/mime.types
SSLSessionCache shmcb:` + prefix + `/ssl_scache(512000)
ServerTokens Prod
` + ln + `Include ` + site + "\n")
		return b.String()
	case "caddy":
		return "{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system " + prefix + "/data\n}\n\nimport " + site + "\n"
	}
	panic("unknown server " + kind)
}

// write puts the site configuration and the main configuration in prefix and returns
// the main configuration's path.
func write(t testing.TB, kind, prefix, site, listen string) string {
	t.Helper()
	sitePath := filepath.Join(prefix, "site.conf")
	if err := os.WriteFile(sitePath, []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	mainPath := filepath.Join(prefix, "main.conf")
	if err := os.WriteFile(mainPath, []byte(mainConfig(kind, prefix, sitePath, listen)), 0o644); err != nil {
		t.Fatal(err)
	}
	return mainPath
}

func env(prefix string) []string {
	return append(os.Environ(), "HOME="+prefix, "XDG_DATA_HOME="+prefix+"/data", "XDG_CONFIG_HOME="+prefix+"/config")
}

// Syntax checks a site configuration with the server's own tool (nginx -t, apache2ctl
// -t, caddy validate) and returns its output and error.
func Syntax(t testing.TB, kind, site string) (string, error) {
	t.Helper()
	bin := Need(t, kind)
	prefix := Dir(t)
	conf := write(t, kind, prefix, site, "")
	var cmd *exec.Cmd
	switch kind {
	case "nginx":
		cmd = exec.Command(bin, "-t", "-p", prefix, "-e", prefix+"/error.log", "-c", conf)
	case "apache":
		cmd = exec.Command(filepath.Join(filepath.Dir(bin), "apache2ctl"), "-t", "-f", conf)
	case "caddy":
		cmd = exec.Command(bin, "validate", "--adapter", "caddyfile", "--config", conf)
	}
	cmd.Dir, cmd.Env = prefix, env(prefix)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Server is a running server.
type Server struct {
	Kind string
	Addr string // host:port
	mu   sync.Mutex
	out  strings.Builder
	log  string
}

// Output returns what the server printed and wrote to its error log so far.
func (s *Server) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := os.ReadFile(s.log)
	return s.out.String() + string(b)
}

type lockedWriter struct{ s *Server }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.out.Write(p)
}

// Start runs the server with the site configuration, whose single server listens on
// addr, and waits until it accepts connections. The server stops when the test ends.
func Start(t testing.TB, kind, site, addr string) *Server {
	t.Helper()
	bin := Need(t, kind)
	prefix := Dir(t)
	conf := write(t, kind, prefix, site, addr)
	s := &Server{Kind: kind, Addr: addr, log: filepath.Join(prefix, "error.log")}
	var cmd *exec.Cmd
	switch kind {
	case "nginx":
		cmd = exec.Command(bin, "-p", prefix, "-e", prefix+"/error.log", "-c", conf)
	case "apache":
		cmd = exec.Command(bin, "-f", conf, "-DFOREGROUND")
	case "caddy":
		cmd = exec.Command(bin, "run", "--adapter", "caddyfile", "--config", conf)
	}
	cmd.Dir, cmd.Env = prefix, env(prefix)
	cmd.Stdout, cmd.Stderr = lockedWriter{s}, lockedWriter{s}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", kind, err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		// The server's own process only, by its id: nginx, Apache and Caddy stop
		// their workers on SIGTERM.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-done:
			t.Fatalf("%s stopped at start: %v\n%s", kind, waitErr, s.Output())
		default:
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not accept connections on %s after 30 s\n%s", kind, addr, s.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Port returns the port of a host:port address.
func Port(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(p)
	return n
}

// HeaderProblems lists what is wrong with a response's headers: each security header
// of generator/deploy with its exact value, and the Cache-Control for the URL's path
// (pages, fingerprinted assets and other files; an error page as a page).
func HeaderProblems(resp *http.Response, https bool) []string {
	var p []string
	for _, h := range deploy.SecurityHeaders(https) {
		if got := resp.Header.Values(h.Name); len(got) != 1 || got[0] != h.Value {
			p = append(p, fmt.Sprintf("%s: %q, want %q", h.Name, got, h.Value))
		}
	}
	want := deploy.CacheControl(resp.Request.URL.Path)
	if resp.StatusCode == http.StatusNotFound {
		want = deploy.CachePages
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return p // a redirect's caching is the server's own
	}
	if got := resp.Header.Values("Cache-Control"); len(got) != 1 || got[0] != want {
		p = append(p, fmt.Sprintf("Cache-Control: %q, want %q", got, want))
	}
	return p
}
