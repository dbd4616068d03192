package clustertest_test

import (
	"fmt"

	"github.com/sqlforge/sqlforge/clustertest"
)

// A test starts a cluster with clustertest.StartPG(t, opts) and connects
// to its nodes with their DSNs; PrimaryDSN lists both nodes so that a
// pool finds whichever is the primary, before and after a promotion.
func ExamplePrimaryDSN() {
	primary := &clustertest.PGNode{Name: "primary", Port: 15432}
	standby := &clustertest.PGNode{Name: "standby", Port: 15433}
	fmt.Println(standby.DSN())
	fmt.Println(clustertest.PrimaryDSN(primary, standby))
	// Output:
	// host=127.0.0.1 port=15433 user=postgres dbname=postgres sslmode=disable
	// host=127.0.0.1,127.0.0.1 port=15432,15433 user=postgres dbname=postgres sslmode=disable target_session_attrs=read-write
}
