// Who else supplies the products that affected firms lost every supplier of: for each product in
// $products, the organisations that deliver it to anyone and are not stopped or disrupted ($hit),
// with how many customers they deliver it to — only the best $per_city of each city (the first
// four digits of the region code) by customers, then id. The Rust caller ranks them per firm,
// nearest first, and needs no more: a firm's best same-city substitutes are among its city's
// best (one more than it lists, in case it is among them itself), and its best further away are
// among the other cities' best. Reads SUPPLIES by the supplies_product index (schema 010).
UNWIND $products AS product
MATCH (alt:Organisation)-[r:SUPPLIES]->(:Organisation)
WHERE r.product = product
  AND ($synthetic IS NULL OR coalesce(alt.synthetic, false) = $synthetic)
WITH product, alt, count(r) AS customers
WHERE NOT alt.id IN $hit
WITH product, left(alt.region_code, 4) AS city, alt, customers
ORDER BY customers DESC, alt.id
WITH product, city,
     collect({firm: alt {.id, .name_zh, .region_code, .kind}, customers: customers})[..$per_city]
       AS best
UNWIND best AS b
RETURN product, b.firm AS firm, b.customers AS customers
