package benchcmp_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/sqlforge/sqlforge/bench/benchcmp"
)

// Compare a stored baseline with a new run and apply the regression gate:
// time may grow by at most 10% (when significant), allocations not at all.
func Example() {
	old, _ := benchcmp.Parse(strings.NewReader(`pkg: example.com/app
BenchmarkQuery-2   1000   1000 ns/op   64 B/op   2 allocs/op
BenchmarkQuery-2   1000   1010 ns/op   64 B/op   2 allocs/op
BenchmarkQuery-2   1000    990 ns/op   64 B/op   2 allocs/op
BenchmarkQuery-2   1000   1005 ns/op   64 B/op   2 allocs/op
BenchmarkQuery-2   1000    995 ns/op   64 B/op   2 allocs/op
BenchmarkQuery-2   1000   1002 ns/op   64 B/op   2 allocs/op
`), "baseline.txt")
	new, _ := benchcmp.Parse(strings.NewReader(`pkg: example.com/app
BenchmarkQuery-2   1000   1500 ns/op   80 B/op   3 allocs/op
BenchmarkQuery-2   1000   1510 ns/op   80 B/op   3 allocs/op
BenchmarkQuery-2   1000   1490 ns/op   80 B/op   3 allocs/op
BenchmarkQuery-2   1000   1505 ns/op   80 B/op   3 allocs/op
BenchmarkQuery-2   1000   1495 ns/op   80 B/op   3 allocs/op
BenchmarkQuery-2   1000   1502 ns/op   80 B/op   3 allocs/op
`), "new.txt")

	c := benchcmp.Compare(old, new, benchcmp.Options{})
	c.WriteText(os.Stdout)
	for _, v := range c.Gate(benchcmp.Policy{MaxTimeRegression: 0.10}) {
		fmt.Println("FAIL", v)
	}
	// Output:
	// benchmark           unit                old           new   change  p (n)
	// app.BenchmarkQuery  sec/op     1.001µs ± 1%  1.501µs ± 1%  +49.95%  p=0.002 n=6+6
	// app.BenchmarkQuery  B/op            64 ± 0%       80 ± 0%  +25.00%  p=0.002 n=6+6
	// app.BenchmarkQuery  allocs/op        2 ± 0%        3 ± 0%  +50.00%  p=0.002 n=6+6
	// FAIL app.BenchmarkQuery sec/op: time regressed +49.95% (1.001µs -> 1.501µs, p=0.002), beyond the tolerated +10%
	// FAIL app.BenchmarkQuery allocs/op: allocations increased from 2 to 3 per op
}
