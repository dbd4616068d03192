package unsaferaw_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/sqlforge/sqlforge/vet/unsaferaw"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unsaferaw.Analyzer, "app", unsaferaw.ExprPath)
}
