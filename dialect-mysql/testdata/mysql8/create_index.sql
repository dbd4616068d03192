CREATE INDEX `ix_orders_amount` ON `orders` (`amount`, `user_id`)
