DROP INDEX "ix_orders_amount"
