SELECT `users`.`id` + 1 AS `next`, -2.5 AS `neg`, .5 AS `half` FROM `users` WHERE `users`.`id` = 2 AND 1e3 > ? AND -1 < (`users`.`id` - -1)
