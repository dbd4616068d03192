SELECT `users`.`name`, NOT (`users`.`age` <=> ?) AS `d`, `users`.`score` IS NULL AS `nd`, `users`.`score` IS NOT NULL AS `dn` FROM `users` ORDER BY `users`.`id`
