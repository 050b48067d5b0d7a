// Small text helpers shared by the line-oriented data-file loaders (dictionaries,
// patterns, CAMEO table, gazetteer sources). Thread-safe: pure functions and a cursor
// over caller-owned text.
#ifndef KHALDUN_BASE_TEXT_H_
#define KHALDUN_BASE_TEXT_H_

#include <string_view>

namespace khaldun {

// `s` without leading and trailing spaces, tabs and carriage returns.
std::string_view TrimBlanks(std::string_view s);

// One entry line of a data file: 1-based line number and the text with its trailing
// comment cut and blanks trimmed.
struct DataLine {
  int number = 0;
  std::string_view text;
};

// Walks the entry lines of a data file: a line's comment starts at the first
// `comment_mark` (" # " in the dictionaries: "Sa'ar #2" keeps its '#'; " #" where no
// name contains one), a line ending in " #" loses it, and blank lines and lines
// starting with '#' are skipped. The text must outlive the reader.
//
//   DataLineReader lines(text, " # ");
//   for (DataLine l; lines.Next(&l);) { ... l.number, l.text ... }
class DataLineReader {
 public:
  DataLineReader(std::string_view text, std::string_view comment_mark)
      : text_(text), mark_(comment_mark) {}
  // The next entry line; false at the end of the text.
  bool Next(DataLine* line);

 private:
  std::string_view text_;
  std::string_view mark_;
  size_t pos_ = 0;
  int number_ = 0;
};

}  // namespace khaldun

#endif  // KHALDUN_BASE_TEXT_H_
