package fakedriver

import (
	"database/sql/driver"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WideColumns are the columns of a "rows N" query. Row i holds
// int64(i), "name-i", float64(i)+0.5, a time.Time, NULL, []byte("blob-i"),
// i%2 == 0 and NULL: the value types a driver hands to Scan.
var WideColumns = []string{"id", "name", "score", "at", "tag", "blob", "ok", "note"}

// wide holds the rows handed out so far, built once, so that reading them
// costs the driver no allocation and a benchmark measures the scanning.
var wide struct {
	sync.Mutex
	rows [][]driver.Value
}

func wideRows(n int) [][]driver.Value {
	wide.Lock()
	defer wide.Unlock()
	base := time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)
	for i := len(wide.rows); i < n; i++ {
		wide.rows = append(wide.rows, []driver.Value{
			int64(i), "name-" + strconv.Itoa(i), float64(i) + 0.5, base.Add(time.Duration(i) * time.Second),
			nil, []byte("blob-" + strconv.Itoa(i)), i%2 == 0, nil,
		})
	}
	return wide.rows[:n]
}

// newRows returns the rows of query: "rows N" or the one-row default.
func newRows(query string) driver.Rows {
	if n, ok := strings.CutPrefix(query, "rows "); ok {
		if k, err := strconv.Atoi(n); err == nil && k >= 0 {
			return &wideSet{data: wideRows(k)}
		}
	}
	return &rows{}
}

type wideSet struct {
	data [][]driver.Value
	next int
}

func (w *wideSet) Columns() []string { return WideColumns }
func (w *wideSet) Close() error      { return nil }
func (w *wideSet) Next(dest []driver.Value) error {
	if w.next >= len(w.data) {
		return io.EOF
	}
	copy(dest, w.data[w.next])
	w.next++
	return nil
}
