package fleet

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// startRedis starts a redis-server of its own on a free loopback port, without persistence, stopped when the test
// ends. Without redis-server it skips, saying how to install it; where CI is set (.ci/run installs it), it fails.
func startRedis(t *testing.T) *redis.Client {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		const how = "redis-server is not installed: install Debian's package (apt-get install -y redis-server) to run this test"
		if os.Getenv("CI") != "" {
			t.Fatal(how + "; .ci/run installs it, so CI must have it")
		}
		t.Skip(how)
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	// redis-server says when it accepts connections; its log is kept for a failure.
	var log []string
	ready := false
	for lines := bufio.NewScanner(stdout); !ready && lines.Scan(); {
		log = append(log, lines.Text())
		ready = strings.Contains(lines.Text(), "Ready to accept connections")
	}
	if !ready {
		t.Fatalf("redis-server did not start:\n%s", strings.Join(log, "\n"))
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	client := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	t.Cleanup(func() { _ = client.Close() })
	if err := client.Ping(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	return client
}

// freePort is a loopback TCP port free a moment ago (redis-server's port 0 would turn TCP off).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
