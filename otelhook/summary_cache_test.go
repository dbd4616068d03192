package otelhook

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// retained returns how many bytes of heap stay reachable after fill has
// run, once the garbage it made is collected.
func retained(fill func()) int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := int64(ms.HeapAlloc)
	fill()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc) - before
}

// TestSummaryCacheMemory checks that the summary cache holds a bounded
// amount of memory whatever texts go through it: long ones (multi-row
// INSERTs of every row count a batch insert sends) and many distinct
// ones of moderate size. The bound is generous — several times the
// cache's budget — so that the collector's own noise cannot fail it.
func TestSummaryCacheMemory(t *testing.T) {
	const limit = 16 << 20
	row := "(?, ?, ?, ?, ?, ?, ?, ?), "
	for _, c := range []struct {
		name string
		n    int
		text func(i int) string
	}{
		// INSERTs of 1 to 1200 rows: texts of 76 bytes to 31 KB, 19 MB in all.
		{"long", 1200, func(i int) string {
			return "INSERT INTO events (a, b, c, d, e, f, g, h) VALUES " + strings.Repeat(row, i+1)
		}},
		// 8192 distinct texts of about 3.5 KB: 29 MB in all.
		{"many", 8192, func(i int) string {
			return "SELECT * FROM t" + strconv.Itoa(i) + " WHERE id IN (" + strings.Repeat("?, ", 1150) + "?)"
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cache := new(summaries)
			kept := retained(func() {
				for i := range c.n {
					cache.get(c.text(i))
				}
			})
			runtime.KeepAlive(cache)
			t.Logf("%d distinct texts: %d KiB retained", c.n, kept>>10)
			if kept > limit {
				t.Errorf("the cache holds %d MiB after %d distinct texts; want at most %d MiB", kept>>20, c.n, limit>>20)
			}
		})
	}
}
