UPDATE `users` SET `score` = `users`.`score` + ?, `name` = ?, `age` = ? WHERE `users`.`id` = ?
