//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chatt2me/chatt2me-go/generator/plan"
)

// holdLock takes the lock another run would hold on dir (flock(2) on the directory), until the returned function
// is called.
func holdLock(t *testing.T, dir string) (release func()) {
	t.Helper()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	return func() { f.Close() }
}

// A run that finds the output directory locked waits for the lock, up to -lock-wait, in every mode; past it, it
// fails with exit status 2 and changes nothing.
func TestRunsTakeTurnsOnTheOutputDirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "generated")
	copyDir(t, repoGenerated, out)
	mustWrite(t, filepath.Join(out, "chatt2me", "gone", "gone.gen.go"), []byte("// "+plan.Mark+" v0.1.0. DO NOT EDIT.\n\npackage gone\n"))
	before := snapshot(t, out)
	release := holdLock(t, out)
	for _, mode := range [][]string{{}, {"-check"}} {
		code, stdout, stderr := runCLI(t, append(mode, "-out", out, "-lock-wait", "0")...)
		want := "chatt2me-gen: " + out + ": another chatt2me-gen run is using it (waited 0s for it to finish); " +
			"try again once it has finished, or wait longer with -lock-wait\n"
		if code != exitBadInput || stderr != want || stdout != "" {
			t.Errorf("%v while locked: exit %d\nstderr %q\nwant   %q", mode, code, stderr, want)
		}
	}
	sameSnapshot(t, before, snapshot(t, out))

	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-out", out, "-lock-wait", "20s"}, &stdout, &stderr)
		done <- result{code, stdout.String(), stderr.String()}
	}()
	select {
	case r := <-done:
		t.Fatalf("the run did not wait for the lock: exit %d, %s", r.code, r.stderr)
	case <-time.After(500 * time.Millisecond):
	}
	sameSnapshot(t, before, snapshot(t, out))
	release()
	r := <-done
	if r.code != exitOK || r.stderr != "chatt2me-gen: "+out+": another chatt2me-gen run is using it; waiting up to 20s for it to finish\n" {
		t.Fatalf("after the lock was released: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "chatt2me", "gone")); !os.IsNotExist(err) {
		t.Error("the run that waited did not regenerate")
	}
}

// Two generator processes started together on one output directory, from two different specs, both succeed,
// and the directory is then exactly what one of the two specs produces (without the lock, it could mix them).
func TestConcurrentRunsDoNotMix(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator four times in child processes")
	}
	self := testBinary(t)
	bundle, fragment := withoutSMS(t, t.TempDir())
	out := filepath.Join(t.TempDir(), "generated")
	copyDir(t, repoGenerated, out)
	var runs []*exec.Cmd
	var outputs []*bytes.Buffer
	for _, args := range [][]string{{"-out", out}, {"-out", out, "-spec", bundle, "-fragment", fragment}} {
		cmd := exec.Command(self, args...)
		cmd.Env = append(os.Environ(), "CHATT2ME_GEN_MAIN=1")
		var output bytes.Buffer
		cmd.Stdout, cmd.Stderr = &output, &output
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		runs, outputs = append(runs, cmd), append(outputs, &output)
	}
	for i, cmd := range runs {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, outputs[i])
		}
	}
	matches := 0
	for _, args := range [][]string{{"-check", "-out", out}, {"-check", "-out", out, "-spec", bundle, "-fragment", fragment}} {
		if code, _, _ := runCLI(t, args...); code == exitOK {
			matches++
		}
	}
	if matches != 1 {
		t.Fatalf("the directory matches %d of the two specs, want exactly one:\n%s\n%s", matches, outputs[0], outputs[1])
	}
	if strings.Contains(outputs[0].String()+outputs[1].String(), "error") {
		t.Errorf("output:\n%s\n%s", outputs[0], outputs[1])
	}
}
