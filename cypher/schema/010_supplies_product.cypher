// Substitute suppliers in an impact analysis look SUPPLIES up by product.
CREATE INDEX supplies_product IF NOT EXISTS FOR ()-[r:SUPPLIES]-() ON (r.product);
