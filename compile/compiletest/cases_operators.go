package compiletest

// operatorCases are the cases of the condition methods (And, Or, Not), IS TRUE and IS DISTINCT FROM.
func operatorCases() []Case {
	return nil
}
