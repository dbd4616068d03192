package mapper_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
)

// nullColumnRows fails a Scan that meets NULL with an error naming the
// column through NullColumn, as the engine's native pgx source does, and
// cannot scan again afterwards.
type nullColumnRows struct {
	memRows
	failed bool
}

type nullColumnErr int

func (e nullColumnErr) Error() string   { return "NULL in column " + strconv.Itoa(int(e)) }
func (e nullColumnErr) NullColumn() int { return int(e) }

func (r *nullColumnRows) Scan(dest ...any) error {
	if r.failed {
		return errors.New("nullcolumnrows: closed after an error")
	}
	if err := r.memRows.Scan(dest...); err != nil {
		r.failed = true
		for i, v := range r.data[r.i-1] {
			if v == nil {
				return nullColumnErr(i)
			}
		}
		return err
	}
	return nil
}

func TestNullFoundFromNullColumn(t *testing.T) {
	src := itemRows(2)
	src.data[1][1] = nil
	_, err := mapper.All[Item](&nullColumnRows{memRows: *src})
	var ne *mapper.NullError
	if !errors.As(err, &ne) || ne.Column != "name" || ne.Field != "Name" || ne.Type != "mapper_test.Item" {
		t.Fatalf("got %v; want *NullError for name", err)
	}
}
