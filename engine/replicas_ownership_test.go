package engine

import (
	"context"
	"errors"
	"testing"
)

// TestFailedOpenLeavesReplicasOpen: when New or Open fails, the replicas
// given to WithReplicas stay the caller's — open, for the caller to
// close — whatever step failed; an engine that opened closes them.
func TestFailedOpenLeavesReplicasOpen(t *testing.T) {
	ctx := context.Background()
	rep := &fakeSource{}
	if _, err := New(&fakeSource{}, fakeDialect{}, WithReplicas(rep), WithReplicaPolicy(99)); err == nil {
		t.Fatal("New with an unknown ReplicaPolicy succeeded")
	}
	src := &fakeSource{pingErr: errors.New("no route")}
	if _, err := Open(ctx, "", &fakeDriver{src: src}, WithReplicas(rep)); err == nil {
		t.Fatal("Open with a failing ping succeeded")
	}
	if rep.closed || !src.closed {
		t.Errorf("after failed opens: replica closed %v, primary closed %v; want the replica open, the primary Open made closed", rep.closed, src.closed)
	}
	e, err := Open(ctx, "", &fakeDriver{src: &fakeSource{}}, WithReplicas(rep))
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	if !rep.closed {
		t.Error("Engine.Close left the replica open")
	}
}
