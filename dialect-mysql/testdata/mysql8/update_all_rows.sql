UPDATE `tags` SET `label` = CONCAT(`tags`.`label`, ?)
