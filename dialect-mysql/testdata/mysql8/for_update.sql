SELECT `users`.`name` FROM `users` WHERE `users`.`id` = ? FOR UPDATE
