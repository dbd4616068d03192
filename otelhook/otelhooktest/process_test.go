package otelhooktest

import (
	"os"
	"os/exec"
	"testing"
)

// childEnv names the test a child process of inOwnProcess runs.
const childEnv = "OTELHOOKTEST_OWN_PROCESS"

// inOwnProcess runs the calling top-level test again in a process of its
// own and reports whether the caller is that process: a test that sets
// the OpenTelemetry globals, which cannot be unset, runs its body only
// when inOwnProcess returns true, so the other tests keep the globals
// unset. In the parent it fails t when the child's run of the test
// fails, and returns false.
func inOwnProcess(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in its own process: %v\n%s", t.Name(), err, out)
	}
	return false
}
