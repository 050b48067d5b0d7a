#include "base/text.h"

namespace khaldun {

std::string_view TrimBlanks(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

bool DataLineReader::Next(DataLine* out) {
  while (pos_ < text_.size()) {
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    std::string_view line = text_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    ++number_;
    size_t cut = line.find(mark_);
    if (cut != std::string_view::npos) line = line.substr(0, cut);
    line = TrimBlanks(line);
    if (line.size() >= 2 && line.substr(line.size() - 2) == " #") line.remove_suffix(2);
    line = TrimBlanks(line);
    if (line.empty() || line.front() == '#') continue;
    out->number = number_;
    out->text = line;
    return true;
  }
  return false;
}

}  // namespace khaldun
