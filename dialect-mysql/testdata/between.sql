SELECT `users`.`name` FROM `users` WHERE `users`.`age` BETWEEN ? AND ? AND `users`.`score` NOT BETWEEN ? AND ? ORDER BY `users`.`id`
