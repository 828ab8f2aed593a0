// Search over Chinese and English names: the CJK analyzer indexes Han text as bigrams, so a
// partial Chinese name (e.g. 氢能) matches, while Latin text is tokenised as words.
CREATE FULLTEXT INDEX organisation_names IF NOT EXISTS
FOR (o:Enterprise|RdSource) ON EACH [o.name_zh, o.name_en, o.description]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
