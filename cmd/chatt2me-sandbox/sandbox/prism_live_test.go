//go:build unix

package sandbox

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func init() { prismLive = runPrism }

// runPrism starts Prism 5.16.0 (npx) on testdata/prism/formats.yaml on a free port, sends each case and stops it
// (its process group, which it runs in alone).
func runPrism(t *testing.T, cases []formatCase) []bool {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	var log bytes.Buffer
	cmd := exec.Command("npx", "--yes", "@stoplight/prism-cli@5.16.0", "mock", "testdata/prism/formats.yaml", "-h", "127.0.0.1", "-p", port)
	cmd.Stdout, cmd.Stderr = &log, &log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting Prism: %v", err)
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	base := "http://127.0.0.1:" + port
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(500 * time.Millisecond) {
		if resp, err := http.Get(base + "/uuid"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prism did not start:\n%s", log.String())
		}
	}
	answers := make([]bool, len(cases))
	for i, c := range cases {
		body, _ := json.Marshal(map[string]string{"v": c.Value})
		resp, err := http.Post(base+"/"+c.Format, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusNoContent:
			answers[i] = true
		case http.StatusUnprocessableEntity:
		default:
			t.Fatalf("%s %q: Prism answered %d", c.Format, c.Value, resp.StatusCode)
		}
	}
	return answers
}
