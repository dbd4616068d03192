package compiletest

// fromCases are the cases of FROM clauses: inferred and explicit FROM, CTEs, GROUP BY of labels.
func fromCases() []Case {
	return nil
}
