SELECT `users`.`name`, TRUE AS `t`, FALSE AS `f` FROM `users` WHERE TRUE AND `users`.`id` <= ? AND TRUE AND (FALSE OR `users`.`id` <= ?) AND NOT (FALSE) ORDER BY `users`.`id`
