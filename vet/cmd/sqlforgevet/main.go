// Command sqlforgevet runs sqlforge's analyzers: today unsaferaw, which
// reports every expr.UnsafeRawSQL call whose SQL is not a constant (unless
// marked reviewed), and every way around the constant-only parameters of
// the functions that take SQL (expr.Text, Func, Check, ServerDefault,
// Literal, LimitConst, ...): such a function used as a value (passed,
// stored, given to reflect), a generic function or type instantiated with
// a constant-only type, a conversion of a run-time value to one, and
// reflect's MethodByName naming such a method.
//
//	go run github.com/sqlforge/sqlforge/vet/cmd/sqlforgevet ./...
//	go vet -vettool=$(command -v sqlforgevet) ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

func main() { singlechecker.Main(unsaferaw.Analyzer) }
