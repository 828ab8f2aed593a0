// The Chinese name of what a watch of kind $kind on $target would follow; null when there is no
// such thing.
OPTIONAL MATCH (o:Organisation {id: $target})
OPTIONAL MATCH (s:Segment {id: $target})
OPTIONAL MATCH (c:Chain {id: $target})
OPTIONAL MATCH (r:Region {code: $target})
RETURN CASE $kind
         WHEN 'enterprise' THEN CASE WHEN o:Enterprise THEN o.name_zh END
         WHEN 'rd_source' THEN CASE WHEN o:RdSource THEN o.name_zh END
         WHEN 'link' THEN s.name_zh
         WHEN 'chain' THEN c.name_zh
         WHEN 'region' THEN r.name_zh
       END AS name_zh
