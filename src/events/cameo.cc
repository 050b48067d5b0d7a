#include "events/cameo.h"

#include <cstdlib>

#include "base/file.h"
#include "base/text.h"

namespace khaldun {
namespace {

}  // namespace

int CameoTable::Key(std::string_view code) {
  if (code.size() < 2 || code.size() > 4) return -1;
  int v = 0;
  for (char c : code) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  // Lengths 2, 3, 4 occupy disjoint ranges so "01", "010", "0100" differ.
  static const int kBase[] = {0, 0, 0, 100, 1100};
  return kBase[code.size()] + v;
}

const CameoCode* CameoTable::Find(std::string_view code) const {
  int k = Key(code);
  if (k < 0 || k >= static_cast<int>(index_.size()) || index_[k] < 0) return nullptr;
  return &codes_[index_[k]];
}

StatusOr<std::unique_ptr<CameoTable>> CameoTable::Parse(std::string_view text,
                                                        std::string_view name) {
  auto t = std::make_unique<CameoTable>();
  t->index_.assign(11100, -1);
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = TrimBlanks(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::string where = std::string(name) + ":" + std::to_string(line_no) + ": ";
    std::vector<std::string_view> f;
    size_t p = 0;
    while (true) {
      size_t bar = line.find('|', p);
      f.push_back(TrimBlanks(line.substr(p, bar == std::string_view::npos ? bar : bar - p)));
      if (bar == std::string_view::npos) break;
      p = bar + 1;
    }
    if (f.size() != 6) return InvalidArgumentError(where + "expected 6 fields");
    CameoCode c;
    c.code = std::string(f[0]);
    int key = Key(c.code);
    if (key < 0) return InvalidArgumentError(where + "bad code '" + c.code + "'");
    if (t->index_[key] >= 0) return InvalidArgumentError(where + "duplicate code " + c.code);
    c.root = c.code.substr(0, 2);
    if (f[1].size() != 1 || f[1][0] < '1' || f[1][0] > '4')
      return InvalidArgumentError(where + "bad quad class");
    c.quad_class = f[1][0] - '0';
    std::string g(f[2]);
    char* end = nullptr;
    c.goldstein = std::strtod(g.c_str(), &end);
    if (g.empty() || *end != '\0' || c.goldstein < -10 || c.goldstein > 10)
      return InvalidArgumentError(where + "bad Goldstein value '" + g + "'");
    c.plover = std::string(f[3]);
    c.mode = std::string(f[4]);
    c.name = std::string(f[5]);
    t->index_[key] = static_cast<int16_t>(t->codes_.size());
    t->codes_.push_back(std::move(c));
  }
  if (t->codes_.empty()) return InvalidArgumentError(std::string(name) + ": no codes");
  // Every subcode needs its root.
  for (const CameoCode& c : t->codes_)
    if (!t->Find(c.root)) return InvalidArgumentError(std::string(name) + ": no root for " + c.code);
  return t;
}

StatusOr<std::unique_ptr<CameoTable>> CameoTable::Load(const std::string& path) {
  KHALDUN_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return Parse(text, path);
}

}  // namespace khaldun
