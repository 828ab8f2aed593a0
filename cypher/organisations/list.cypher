// One page of organisations of one kind ($kind). Every filter is optional (null = any); pages
// are ordered by id and continue after the cursor's id ($after; $after_id is the same or '' on
// the first page). The start placeholder is one of the clauses in list_from/, chosen by the Rust
// caller for the most selective filter given: a link, a cluster or a region below province level
// start from that node; otherwise the kind's id index is read in order. The order placeholder is
// the id as the start clause has it in an index (o.id, or the link membership's keys), so an
// index start stops as soon as the page is full instead of sorting every candidate.
__START__
WITH *
WHERE o.kind = $kind
  AND ($after IS NULL OR o.id > $after)
  AND ($verified IS NULL OR o.verified = $verified)
  AND ($synthetic IS NULL OR coalesce(o.synthetic, false) = $synthetic)
  AND ($tag IS NULL OR $tag IN o.tags)
  AND ($region IS NULL OR EXISTS {
        (o)-[:LOCATED_IN]->(:Region)-[:PART_OF|ALSO_PART_OF*0..3]->(:Region {code: $region}) })
  AND ($chain IS NULL OR EXISTS { (o)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) })
  AND ($link IS NULL OR EXISTS { (o)-[:OPERATES_IN]->(:Segment {id: $link}) })
  AND ($cluster IS NULL OR EXISTS { (o)-[:MEMBER_OF]->(:Cluster {id: $cluster}) })
  AND ($text IS NULL OR toLower(o.name_zh) CONTAINS $text
       OR toLower(coalesce(o.name_en, '')) CONTAINS $text)
RETURN o.id AS id
ORDER BY __ORDER__
LIMIT $limit
