SELECT CAST(strftime('%Y', ?) AS INTEGER) AS "y", CAST(strftime('%m', ?) AS INTEGER) AS "mo", CAST(strftime('%w', ?) AS INTEGER) AS "dow", CAST(strftime('%s', ?) AS INTEGER) AS "epoch"
