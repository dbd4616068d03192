package mysqldialect

import "github.com/go-sql-driver/mysql"

// ApplyTLSPolicyForTest applies the TLS policy to dsn with the options
// given and returns the resulting configuration.
func ApplyTLSPolicyForTest(dsn string, opts ...Option) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var oc openConfig
	for _, o := range opts {
		o.apply(&oc)
	}
	return cfg, applyTLSPolicy(cfg, &oc)
}

// ClassifyGrantForTest exposes the SHOW GRANTS reader.
var ClassifyGrantForTest = classifyGrant

// TypeOfForTest exposes the information_schema type mapping.
var TypeOfForTest = typeOf

// DSNHasParamForTest exposes the DSN parameter lookup.
var DSNHasParamForTest = dsnHasParam
