// Command sqlforgevet runs sqlforge's analyzers: today unsaferaw, which
// reports every expr.UnsafeRawSQL call whose SQL is not a constant, and
// every constant-only function (expr.Text, LimitConst, ...) used as a
// function value, the one way around their constant-only parameters.
//
//	go run github.com/sqlforge/sqlforge/vet/cmd/sqlforgevet ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

func main() { singlechecker.Main(unsaferaw.Analyzer) }
