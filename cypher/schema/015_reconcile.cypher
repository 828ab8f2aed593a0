// Reconciling lists (issue 20): each organisation's names as single characters, pinyin and Latin
// words in `match_text` (src/domain/names.rs), kept word for word by the whitespace analyzer.
// Start-up fills it for organisations written before it existed.
CREATE FULLTEXT INDEX organisation_match IF NOT EXISTS
FOR (o:Enterprise|RdSource) ON EACH [o.match_text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}};
