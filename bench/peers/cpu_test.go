package peers_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuMeter measures the benchmark process's CPU time — user and system,
// every goroutine, the garbage collector's included — from now until the
// returned function is called after the loop, which reports it per
// operation as cpu-ns/op. Unlike ns/op it leaves out the time spent
// waiting for the database server, and it moves far less than wall time
// when other work shares the machine: it is the client's cost.
func cpuMeter(b *testing.B) (stop func()) {
	start := processCPU(b)
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
