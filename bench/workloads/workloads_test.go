package workloads_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/bench/workloads"
)

// BenchmarkCompile measures building and compiling each workload with
// sqlforge against rendering the same SQL by hand. Both reuse one args
// slice, as a caller of Compile does.
func BenchmarkCompile(b *testing.B) {
	for _, w := range workloads.All {
		b.Run("q="+w.Name, func(b *testing.B) {
			b.Run("impl=sqlforge", func(b *testing.B) { run(b, w.Args, w.SQLForge) })
			b.Run("impl=baseline", func(b *testing.B) { run(b, w.Args, w.Baseline) })
			if w.Prepared != nil {
				b.Run("impl=prepared", func(b *testing.B) { run(b, w.Args, w.Prepared) })
			}
		})
	}
}

// BenchmarkCompileOnly measures sqlforge's compile step alone, on a
// statement built once: the cost of a cache hit.
func BenchmarkCompileOnly(b *testing.B) {
	for _, w := range workloads.All {
		b.Run("q="+w.Name, func(b *testing.B) {
			stmt := w.Build(1)
			args := make([]any, 0, w.Args)
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if _, args, err = workloads.Compiler.Compile(stmt, args[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompileOnlyParallel is BenchmarkCompileOnly on every core at
// once, sharing one Compiler: with GOMAXPROCS cores it should take about
// 1/GOMAXPROCS of BenchmarkCompileOnly's time per statement, unless the
// cores contend for shared memory.
func BenchmarkCompileOnlyParallel(b *testing.B) {
	for _, w := range workloads.All {
		b.Run("q="+w.Name, func(b *testing.B) {
			stmt := w.Build(1)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				args := make([]any, 0, w.Args)
				for pb.Next() {
					var err error
					if _, args, err = workloads.Compiler.Compile(stmt, args[:0]); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func run(b *testing.B, nargs int, f func(int, []any) (string, []any)) {
	args := make([]any, 0, nargs)
	var sql string
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		sql, args = f(i, args[:0])
		i++
	}
	if sql == "" {
		b.Fatal("empty SQL")
	}
}

// TestEquivalent checks that sqlforge and the hand-written baseline produce
// the same SQL and arguments for several inputs, so the benchmark compares
// equal work.
func TestEquivalent(t *testing.T) {
	for _, w := range workloads.All {
		t.Run(w.Name, func(t *testing.T) {
			for _, i := range []int{0, 1, 2, 77, 12345} {
				prefix := []any{"caller's"}
				got, gotArgs := w.SQLForge(i, prefix)
				want, wantArgs := w.Baseline(i, prefix)
				if got != want {
					t.Fatalf("call %d: SQL differs\nsqlforge: %s\nbaseline: %s", i, got, want)
				}
				if !reflect.DeepEqual(gotArgs, wantArgs) {
					t.Fatalf("call %d: args differ\nsqlforge: %v\nbaseline: %v", i, gotArgs, wantArgs)
				}
				if w.Prepared != nil {
					prep, prepArgs := w.Prepared(i, prefix)
					if prep != want || !reflect.DeepEqual(prepArgs, wantArgs) {
						t.Fatalf("call %d: prepared differs\nprepared: %s %v\nbaseline: %s %v", i, prep, prepArgs, want, wantArgs)
					}
				}
				if n := len(gotArgs) - len(prefix); n != w.Args {
					t.Fatalf("call %d: %d args, want %d", i, n, w.Args)
				}
				if n := strings.Count(got, "$"); n != w.Args {
					t.Fatalf("call %d: %d placeholders, want %d", i, n, w.Args)
				}
				if !strings.Contains(got, "$"+itoa(w.Args)) || strings.Contains(got, "$"+itoa(w.Args+1)) {
					t.Fatalf("call %d: placeholders not numbered 1..%d from the statement's start: %s", i, w.Args, got)
				}
			}
		})
	}
}

// TestValuesVary checks that consecutive calls bind different values, so
// no contender can serve a call from a previous one.
func TestValuesVary(t *testing.T) {
	for _, w := range workloads.All {
		_, a := w.Baseline(1, nil)
		_, b := w.Baseline(2, nil)
		if reflect.DeepEqual(a, b) {
			t.Errorf("%s: calls 1 and 2 bind the same values %v", w.Name, a)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// BenchmarkAllocate measures what allocating short-lived memory costs on
// the machine at hand: one pointer-holding object of 64, 256 or 1024 bytes
// per iteration, dropped at once, as a statement tree is after it is
// compiled. On a small heap the collector runs every few megabytes, so the
// cost grows with the bytes allocated rather than with the number of
// allocations; it is the yardstick for the Compile ratios, whose baseline
// is itself mostly its 256- or 512-byte buffer.
func BenchmarkAllocate(b *testing.B) {
	b.Run("bytes=64", func(b *testing.B) { allocate[[4]any](b) })
	b.Run("bytes=256", func(b *testing.B) { allocate[[16]any](b) })
	b.Run("bytes=1024", func(b *testing.B) { allocate[[64]any](b) })
}

var allocSink any

func allocate[T any](b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		allocSink = new(T)
	}
}

// BenchmarkBuildFloor measures the least that building a statement tree
// per call can cost on the machine at hand: the allocations alone of the
// smallest tree that can describe workloads (a) and (b), each node holding
// only its operands and each SELECT only its lists, and nothing else done
// (no compile). Set beside BenchmarkCompile's baseline and peers in the
// same run, it shows which speed targets any per-call tree can reach.
func BenchmarkBuildFloor(b *testing.B) {
	b.Run("q=a-select", func(b *testing.B) { buildFloor(b, workloads.FilterAt, floorFilter) })
	b.Run("q=b-join", func(b *testing.B) { buildFloor(b, workloads.TotalsAt, floorTotals) })
}

func buildFloor[In any](b *testing.B, input func(int) In, build func(In) any) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		floorSink = build(input(i))
		i++
	}
}

// The smallest nodes: an operator and its operands, a function's name,
// argument and label, a join's sides and condition.
type (
	floorCmp struct {
		op          uint8
		left, right any
	}
	floorFunc struct {
		name  string
		arg   any
		label string
	}
	floorIn   struct{ x, sub any }
	floorJoin struct{ left, right, on any }
	// floorSelect holds a SELECT's lists in one array: items, WHERE,
	// GROUP BY, HAVING and ORDER BY one after another, ends[c] marking
	// where each ends.
	floorSelect[T any] struct {
		lists T
		ends  [5]uint8
		from  any
		limit any
	}
)

var floorSink any

var (
	floorUsers, floorOrders = any(workloads.Users), any(workloads.Orders)
	floorCol                = any(workloads.Users.C("id"))
)

// floorFilter is workload (a): three columns, three conditions, one
// ordering, a limit.
func floorFilter(f workloads.Filter) any {
	s := &floorSelect[[7]any]{from: floorUsers, limit: f.Limit, ends: [5]uint8{3, 6, 6, 6, 7}}
	s.lists = [7]any{floorCol, floorCol, floorCol,
		&floorCmp{1, floorCol, f.MinAge}, &floorCmp{2, floorCol, f.Status}, &floorCmp{3, floorCol, f.NameLike},
		floorCol}
	return s
}

// floorTotals is workload (b): four items (two labelled aggregates), a
// join, two conditions (one an IN over a one-column subquery with one
// condition), two GROUP BY columns and a HAVING condition on an aggregate.
func floorTotals(t workloads.Totals) any {
	recent := &floorSelect[[2]any]{from: floorOrders, ends: [5]uint8{1, 2, 2, 2, 2}}
	recent.lists = [2]any{floorCol, &floorCmp{4, floorCol, t.Since}}
	s := &floorSelect[[9]any]{ends: [5]uint8{4, 6, 8, 9, 9}}
	s.from = &floorJoin{floorUsers, floorOrders, &floorCmp{1, floorCol, floorCol}}
	s.lists = [9]any{floorCol, floorCol,
		&floorFunc{"count", floorCol, "order_count"}, &floorFunc{"sum", floorCol, "total"},
		&floorCmp{1, floorCol, t.Status}, &floorIn{floorCol, recent},
		floorCol, floorCol,
		&floorCmp{2, &floorFunc{name: "sum", arg: floorCol}, t.MinTotal}}
	return s
}
