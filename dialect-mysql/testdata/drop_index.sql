DROP INDEX `ix_orders_amount` ON `orders`
