SELECT `users`.`name`, coalesce(?, ?) AS `seven`, coalesce(`users`.`age`, ?) + ? AS `age1` FROM `users` WHERE `users`.`id` IN (?, ?) ORDER BY `users`.`id`
