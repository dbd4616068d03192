//go:build race

package compiletest

const raceEnabled = true
