SELECT `users`.`id` FROM `users` WHERE (`users`.`score` / ?) >= ? ORDER BY `users`.`id`
