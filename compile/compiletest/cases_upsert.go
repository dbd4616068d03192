package compiletest

// upsertCases are the cases of INSERT ... ON CONFLICT on every dialect.
func upsertCases() []Case {
	return nil
}
