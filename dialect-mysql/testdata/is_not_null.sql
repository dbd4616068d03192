SELECT count(*) FROM `users` WHERE `users`.`email` IS NOT NULL
