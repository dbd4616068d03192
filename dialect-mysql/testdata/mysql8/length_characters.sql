SELECT `events`.`id`, char_length(`events`.`label`) AS `n` FROM `events` WHERE char_length(`events`.`label`) > ? ORDER BY `events`.`id`
