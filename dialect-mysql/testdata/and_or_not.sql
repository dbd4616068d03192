SELECT `users`.`name` FROM `users` WHERE (`users`.`status` = ? OR (`users`.`age` < ? AND `users`.`score` > ?)) AND NOT (`users`.`name` = ?) ORDER BY `users`.`name`
