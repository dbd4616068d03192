SELECT count(*) FROM `users` AS `a` JOIN `users` AS `b` ON NOT (`a`.`age` <=> `b`.`age`)
