package unitofwork

import (
	"iter"
	"reflect"
)

// objectSet is the session's objects, each with its state record. An
// object taken one at a time (Add, Get, a cascade) has a map entry. The
// rows a query brings in are mostly allocated end to end (the mapper's
// blocks) and their states too (one block per query): such objects are
// held a run at a time, found from an object's address as the owner
// registry finds its runs, so that a query of 5,000 rows makes a few
// hundred entries rather than 5,000 map insertions.
type objectSet struct {
	m     map[any]*state
	pages map[uintptr][]*heldRun // the runs, by page (address >> runPageShift)
	runs  []*heldRun             // the runs, in the order they were made
	inRun int                    // objects still held through runs
}

// heldRun is len(states) objects of type typ (pointers to structs of
// size bytes) lying end to end from address start; states[i] is object
// i's state. Bit i of held is set while object i is in the set.
type heldRun struct {
	start, size uintptr
	typ         reflect.Type
	states      []state
	held        uint64
}

// find returns the run holding obj and its index in it.
func (os *objectSet) find(obj any) (*heldRun, int) {
	if len(os.runs) == 0 {
		return nil, 0
	}
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer {
		return nil, 0
	}
	k := ownerKey{v.Pointer(), v.Type()}
	for _, r := range os.pages[k.addr>>runPageShift] {
		if k.typ != r.typ || k.addr < r.start {
			continue
		}
		if off := k.addr - r.start; off%r.size == 0 && off/r.size < uintptr(len(r.states)) {
			i := int(off / r.size)
			if r.held&(1<<i) != 0 {
				return r, i
			}
		}
	}
	return nil, 0
}

// get returns obj's state, if the set holds obj.
func (os *objectSet) get(obj any) (*state, bool) {
	if st, ok := os.m[obj]; ok {
		return st, true
	}
	if r, i := os.find(obj); r != nil {
		return &r.states[i], true
	}
	return nil, false
}

// at is get's state alone: nil when the set does not hold obj.
func (os *objectSet) at(obj any) *state {
	st, _ := os.get(obj)
	return st
}

func (os *objectSet) len() int { return len(os.m) + os.inRun }

// put adds st, whose object the set does not hold.
func (os *objectSet) put(st *state) {
	if os.m == nil {
		os.m = map[any]*state{}
	}
	os.m[st.obj] = st
}

// remove takes obj out of the set.
func (os *objectSet) remove(obj any) {
	if _, ok := os.m[obj]; ok {
		delete(os.m, obj)
		return
	}
	if r, i := os.find(obj); r != nil {
		r.held &^= 1 << i
		os.inRun--
	}
}

// all yields every state of the set. A state added meanwhile may or may
// not be yielded; one removed is not.
func (os *objectSet) all() iter.Seq[*state] {
	return func(yield func(*state) bool) {
		for _, st := range os.m {
			if !yield(st) {
				return
			}
		}
		for _, r := range os.runs[:len(os.runs):len(os.runs)] {
			for i := range r.states {
				if r.held&(1<<i) != 0 && !yield(&r.states[i]) {
					return
				}
			}
		}
	}
}

// reset empties the set; keep keeps the map's memory for the next use.
func (os *objectSet) reset(keep bool) {
	if keep {
		clear(os.m)
	} else {
		os.m = nil
	}
	os.pages, os.runs, os.inRun = nil, nil, 0
}

// putRuns adds sts, the states of a query's new objects in the order of
// their rows: each run of objects that lie end to end is held with one
// entry, the others one at a time.
func (os *objectSet) putRuns(sts []state) {
	var runs []heldRun
	for i := 0; i < len(sts); {
		v := reflect.ValueOf(sts[i].obj)
		typ, start := v.Type(), v.Pointer()
		size := typ.Elem().Size()
		j := i + 1
		for ; j < len(sts) && j-i < maxRun && size > 0; j++ {
			next := reflect.ValueOf(sts[j].obj)
			if next.Type() != typ || next.Pointer() != start+uintptr(j-i)*size {
				break
			}
		}
		if j-i == 1 {
			os.put(&sts[i])
		} else {
			runs = append(runs, heldRun{start: start, size: size, typ: typ, states: sts[i:j:j], held: 1<<(j-i) - 1})
		}
		i = j
	}
	if len(runs) > 0 && os.pages == nil {
		os.pages = map[uintptr][]*heldRun{}
	}
	for i := range runs { // filed once the slice no longer moves
		r := &runs[i]
		last := (r.start + uintptr(len(r.states))*r.size - 1) >> runPageShift
		for page := r.start >> runPageShift; page <= last; page++ {
			os.pages[page] = append(os.pages[page], r)
		}
		os.runs = append(os.runs, r)
		os.inRun += len(r.states)
	}
}
