// Package engine executes sqlforge statements.
package engine
