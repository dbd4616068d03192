SELECT `users`.`name` FROM `users` WHERE `users`.`id` = ? LOCK IN SHARE MODE SKIP LOCKED
