// CoNLL-U reading and writing (https://universaldependencies.org/format.html).
//
// ReadConllu turns CoNLL-U text into Documents: a new Document starts at each
// "# newdoc" comment (or one Document for the whole input). The document text is
// rebuilt from the surface tokens (multi-word token forms, SpaceAfter=No honoured,
// sentences joined by "\n", paragraphs by "\n\n"), and every token's span points into
// it, so CoNLL-U input flows through the same pipeline as raw text.
//
// A malformed sentence (wrong column count, bad id or head, a cycle or no root when
// heads are given) is reported through `on_error` with the input name and line number
// and skipped; reading goes on. Empty nodes (ids like 8.1) are dropped. HEAD "_" reads
// as -1 (unparsed), which `khaldun parse --input conllu` accepts.
// Thread-safe: pure functions.
#ifndef KHALDUN_DOCUMENT_CONLLU_H_
#define KHALDUN_DOCUMENT_CONLLU_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/document.h"
#include "khaldun/status.h"

namespace khaldun {

using ErrorCallback = std::function<void(const Status&)>;

struct ConlluStats {
  size_t sentences = 0;  // read successfully
  size_t skipped = 0;    // malformed, reported and skipped
};

// `name` names the input in error messages (file path). `default_doc_id` is used for
// documents without a "# newdoc id". Appends to *docs.
ConlluStats ReadConllu(std::string_view data, std::string_view name,
                       std::string_view default_doc_id, std::vector<Document>* docs,
                       const ErrorCallback& on_error);

// Appends one sentence in CoNLL-U (comments, MWT lines, words, blank line).
// Unset fields print "_"; head -1 prints "_".
void AppendConlluSentence(const Sentence& s, std::string* out);

// Writes all sentences of `doc`, with "# newdoc id" and "# text" when not present in
// the sentence comments.
void AppendConlluDocument(const Document& doc, std::string* out);

// Checks that heads form a tree rooted at 0 (each word reaches 0, exactly no cycle).
// Returns InvalidArgument describing the problem.
Status CheckTree(const Sentence& s);

}  // namespace khaldun

#endif  // KHALDUN_DOCUMENT_CONLLU_H_
