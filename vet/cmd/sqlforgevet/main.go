// Command sqlforgevet runs sqlforge's analyzers: today unsaferaw, which
// reports every expr.UnsafeRawSQL call whose SQL is not a constant.
//
//	go run github.com/sqlforge/sqlforge/vet/cmd/sqlforgevet ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

func main() { singlechecker.Main(unsaferaw.Analyzer) }
