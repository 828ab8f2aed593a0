// What the chain's organisations ($ids, read by members.cypher) get from organisations outside
// the chain: supplies between two members were read as the supplier's.
UNWIND $ids AS id
MATCH (o:Organisation {id: id})<-[r:$($supplies)]-(s:Organisation)
WHERE NOT s.id IN $ids
RETURN {supplier: s.id, customer: o.id, product: r.product, year: r.year,
        valid_from: r.valid_from, valid_to: r.valid_to} AS supply
