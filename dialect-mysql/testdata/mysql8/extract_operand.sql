SELECT `events`.`id`, (DAYOFWEEK(`events`.`at`) - 1) * ? AS `dow10` FROM `events` WHERE EXTRACT(YEAR FROM `events`.`at`) < ? ORDER BY `events`.`id`
