SELECT CONCAT(CAST(`users`.`age` AS CHAR(10)), ?) AS `a`, CAST(? AS SIGNED) + ? AS `b` FROM `users` WHERE `users`.`id` = ?
