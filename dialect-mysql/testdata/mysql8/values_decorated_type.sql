SELECT `tags`.`label`, `wanted`.`tag` FROM `tags` JOIN (SELECT ? AS `tag` UNION ALL SELECT ?) AS `wanted` ON `wanted`.`tag` = `tags`.`id` ORDER BY `tags`.`id`
