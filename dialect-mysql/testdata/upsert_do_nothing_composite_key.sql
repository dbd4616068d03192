INSERT INTO `user_tags` (`user_id`, `tag_id`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `tag_id` = `user_tags`.`tag_id`
