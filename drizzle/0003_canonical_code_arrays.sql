-- A text[] of codes or tags as its canonical JSON array (docs/draw-algorithm.md §4): sorted
-- by code unit (codes and tags are ASCII, where COLLATE "C" order is code-unit order),
-- without duplicates, no spaces. The lock writes snapshot lines with it; an array the
-- registry already keeps sorted and unique (registry-types.ts normalizeTags) is written as
-- it is, without the sort. PARALLEL SAFE so the department query keeps its parallel plan.
CREATE FUNCTION ssj_code_array_json(codes text[]) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality(codes) < 2 OR (cardinality(codes) = 2 AND codes[1] COLLATE "C" < codes[2] COLLATE "C")
      THEN array_to_json(codes)::text
    ELSE array_to_json(ARRAY(SELECT DISTINCT v COLLATE "C" FROM unnest(codes) v ORDER BY 1))::text
  END
$$;
