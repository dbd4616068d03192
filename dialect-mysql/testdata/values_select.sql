SELECT `v`.`n`, `v`.`word`, `v`.`ok` FROM (SELECT ? AS `n`, ? AS `word`, ? AS `ok` UNION ALL SELECT ?, ?, ? UNION ALL SELECT ?, ?, ?) AS `v` ORDER BY `v`.`n`
