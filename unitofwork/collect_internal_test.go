package unitofwork

import (
	"reflect"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
)

type fillKid struct{ N int }

type fillParent struct{ Kids []*fillKid }

// TestFillWindows: fill gives each parent its group's objects in the
// order given, as a slice that appending to copies; a parent without a
// key, or without rows, gets an empty, non-nil slice; two parents with
// one key get a slice each.
func TestFillWindows(t *testing.T) {
	parents := []*fillParent{{}, {}, {}, {}, {}}
	c := &collecting{l: &loader{r: &mapper.Relationship{Kind: mapper.OneToMany}}, ints: map[int64]int32{}}
	for i, g := range []int32{0, 1, -1, 0, 2} { // parents 0 and 3 share a key; 4's has no rows
		c.todo = append(c.todo, parents[i])
		c.fields = append(c.fields, reflect.ValueOf(parents[i]).Elem().Field(0))
		c.group = append(c.group, g)
	}
	c.keys = []any{int64(10), int64(11), int64(12)}
	kids := []*fillKid{{1}, {2}, {3}, {4}, {5}}
	groups := []int32{1, 0, -1, 1, 0} // kid 3 is no one's
	objs := []any{kids[0], kids[1], kids[2], kids[3], kids[4]}
	related := c.fill(objs, func(i int) int32 { return groups[i] })

	want := [][]*fillKid{{kids[1], kids[4]}, {kids[0], kids[3]}, {}, {kids[1], kids[4]}, {}}
	for i, p := range parents {
		if p.Kids == nil || !slices.Equal(p.Kids, want[i]) {
			t.Errorf("parent %d: %v; want %v (non-nil)", i, p.Kids, want[i])
		}
	}
	if wantRel := []any{kids[1], kids[4], kids[0], kids[3]}; !slices.Equal(related, wantRel) {
		t.Errorf("related %v; want %v", related, wantRel)
	}
	parents[3].Kids[0] = &fillKid{8}
	if parents[0].Kids[0] != kids[1] {
		t.Errorf("parents 0 and 3, of one key, share a slice: %v", parents[0].Kids)
	}
	parents[0].Kids = append(parents[0].Kids, &fillKid{9})
	if !slices.Equal(parents[1].Kids, want[1]) {
		t.Errorf("appending to parent 0's collection changed parent 1's: %v", parents[1].Kids)
	}
}
