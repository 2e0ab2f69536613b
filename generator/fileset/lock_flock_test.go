//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package fileset

import (
	"errors"
	"testing"
	"time"
)

// A second Open waits for the first to Close, and gives up after Wait with ErrBusy.
func TestOpenLocksTheDirectory(t *testing.T) {
	out, files := setup(t)
	first, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, Options{}); !errors.Is(err, ErrBusy) ||
		err.Error() != out+": another chatt2me-gen run is using it (waited 0s for it to finish)" {
		t.Fatalf("second Open while locked: %v", err)
	}
	notified := make(chan string, 1)
	opened := make(chan error, 1)
	start := time.Now()
	go func() {
		second, err := Open(out, Options{Wait: 10 * time.Second, Notify: func(s string) { notified <- s }})
		if err == nil {
			err = second.Close()
		}
		opened <- err
	}()
	if note := <-notified; note != out+": another chatt2me-gen run is using it; waiting up to 10s for it to finish" {
		t.Errorf("note %q", note)
	}
	time.Sleep(100 * time.Millisecond)
	if err := first.Write(files); err != nil {
		t.Fatal(err)
	}
	first.Close()
	if err := <-opened; err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("the second Open did not wait (%s)", waited)
	}
}
