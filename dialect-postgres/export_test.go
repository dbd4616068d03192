package pgdialect

// Exported for tests of the TLS policy without a server.
var (
	ParseConfigForTest = parseConfig
	DSNPasswords       = dsnPasswords
)

// CheckTLSForTest applies the TLS policy to dsn with the insecure options
// given.
func CheckTLSForTest(dsn string, opts ...Option) error {
	cfg, err := parseConfig(dsn)
	if err != nil {
		return err
	}
	var oc openConfig
	for _, o := range opts {
		o.apply(&oc)
	}
	return checkTLS(cfg, &oc)
}
