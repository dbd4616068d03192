SELECT `users`.`name` FROM `users` ORDER BY `users`.`age` IS NULL DESC, `users`.`age`, `users`.`id`
