// Command sqlforgevet runs sqlforge's analyzers for SQL injection:
//
//   - unsaferaw reports every expr.UnsafeRawSQL call whose SQL is not a
//     constant (unless marked reviewed), and every way around the
//     constant-only parameters of the functions that take SQL
//     (expr.Text, Func, Check, ServerDefault, Literal, LimitConst, ...):
//     such a function used as a value (passed, stored, given to reflect),
//     a generic function or type instantiated with a constant-only type,
//     a conversion of a run-time value to one, and reflect's MethodByName
//     naming such a method;
//   - sqlsink reports SQL text built at run time from non-constant text
//     (concatenation, fmt.Sprintf, strings.Builder, strings.Join, ...)
//     that reaches database/sql's, sqlforge pool's or pgx's Query, Exec
//     and Prepare methods, or a function that passes it to one.
//
// Both run by default; -unsaferaw or -sqlsink runs only the one named.
//
//	go run github.com/sqlforge/sqlforge/vet/cmd/sqlforgevet ./...
//	go vet -vettool=$(command -v sqlforgevet) ./...
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/sqlforge/sqlforge/vet/sqlsink"
	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

func main() { multichecker.Main(unsaferaw.Analyzer, sqlsink.Analyzer) }
