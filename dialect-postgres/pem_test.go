package pgdialect_test

import "encoding/pem"

// pemDecode returns the DER bytes of the first PEM block.
func pemDecode(b []byte) ([]byte, bool) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, false
	}
	return block.Bytes, true
}
