SELECT `users`.`name` FROM `users` WHERE `users`.`id` = ? FOR SHARE SKIP LOCKED
