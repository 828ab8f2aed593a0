// Who else supplies the products that affected firms lost every supplier of: for each product in
// $products, every organisation that delivers it to anyone and is not stopped or disrupted ($hit),
// with how many customers it delivers that product to. The Rust caller ranks them per firm,
// nearest first. Reads SUPPLIES by the supplies_product index (schema 010), not every SUPPLIES.
UNWIND $products AS product
MATCH (alt:Organisation)-[r:SUPPLIES]->(:Organisation)
WHERE r.product = product AND NOT alt.id IN $hit
  AND ($synthetic IS NULL OR coalesce(alt.synthetic, false) = $synthetic)
WITH product, alt, count(r) AS customers
RETURN product, alt {.id, .name_zh, .region_code, .kind} AS firm, customers
