DELETE FROM `orders` WHERE `orders`.`amount` < ?
