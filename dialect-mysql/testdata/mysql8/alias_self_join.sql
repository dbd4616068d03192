SELECT `child`.`label` AS `child`, `parent`.`label` AS `parent` FROM `nodes` AS `child` JOIN `nodes` AS `parent` ON `child`.`parent_id` = `parent`.`id` ORDER BY `child`.`id`
