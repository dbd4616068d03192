SELECT `users`.`name` FROM `users` WHERE (`users`.`age` = ? OR (`users`.`status` = ? AND `users`.`score` >= ?)) AND NOT (`users`.`name` = ?) ORDER BY `users`.`id`
