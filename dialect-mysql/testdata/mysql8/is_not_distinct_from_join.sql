SELECT `a`.`name`, `b`.`name` FROM `users` AS `a` JOIN `users` AS `b` ON `a`.`score` <=> `b`.`age`
