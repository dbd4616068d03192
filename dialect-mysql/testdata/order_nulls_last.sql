SELECT `users`.`name` FROM `users` ORDER BY `users`.`score` IS NULL, `users`.`score` DESC, `users`.`id`
