DELETE `orders` FROM `orders`, (SELECT ? AS `id` UNION ALL SELECT ? UNION ALL SELECT ?) AS `gone` WHERE `orders`.`id` = `gone`.`id`
