package workloads_test

import (
	"fmt"

	"github.com/sqlforge/sqlforge/bench/workloads"
)

// The sqlforge version of workload (e) and its hand-written baseline
// produce the same SQL and arguments.
func Example() {
	c := workloads.ChangeAt(5)
	sql, args := workloads.UpdateUser(c, nil)
	fmt.Println(sql)
	fmt.Println(args...)
	hand, _ := workloads.UpdateUserBaseline(c, nil)
	fmt.Println(hand == sql)
	// Output:
	// UPDATE "users" SET "name" = $1, "email" = $2, "status" = $3 WHERE "users"."id" = $4
	// user1005 user1012@example.com pending 1005
	// true
}
