-- The tokens of search_entries (rowid = search_entries.id), written by the seed with the
-- tokenizer of src/domain/search.ts: one token per Chinese character, stemmed words otherwise,
-- separated by spaces, which unicode61 splits on. Contentless: the entries hold the text.
CREATE VIRTUAL TABLE `search_index` USING fts5(`own`, `names`, `context`, content='', tokenize='unicode61 remove_diacritics 0');
