SELECT `tags`.`label`, `user_tags`.`user_id` FROM `user_tags` RIGHT JOIN `tags` ON `tags`.`id` = `user_tags`.`tag_id` ORDER BY `tags`.`id`, `user_tags`.`user_id`
