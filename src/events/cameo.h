// CameoTable: the CAMEO event codes with Goldstein weight, QuadClass, PLOVER type and
// mode, loaded from data/cameo/cameo.txt (format documented at the top of that file).
//
// Lookup is by code string ("195", "0871", "19") through a direct-indexed array, so
// it costs no hashing or allocation. Thread-safety: immutable after Load; share one
// instance between threads.
#ifndef KHALDUN_EVENTS_CAMEO_H_
#define KHALDUN_EVENTS_CAMEO_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "khaldun/status.h"

namespace khaldun {

struct CameoCode {
  std::string code;    // "195"
  std::string root;    // "19"
  int quad_class = 0;  // 1..4
  double goldstein = 0;
  std::string plover;  // "FIGHT", may be empty (01x statements)
  std::string mode;    // "heavy-weapons", may be empty
  std::string name;
};

class CameoTable {
 public:
  // Parses the table; any malformed line fails the load naming "path:line".
  static StatusOr<std::unique_ptr<CameoTable>> Parse(std::string_view text,
                                                     std::string_view name);
  static StatusOr<std::unique_ptr<CameoTable>> Load(const std::string& path);

  // Null when `code` is not a CAMEO code.
  const CameoCode* Find(std::string_view code) const;
  const std::vector<CameoCode>& codes() const { return codes_; }

 private:
  static int Key(std::string_view code);  // -1 when not 2-4 digits
  std::vector<CameoCode> codes_;
  std::vector<int16_t> index_;  // Key -> position in codes_, -1 none
};

}  // namespace khaldun

#endif  // KHALDUN_EVENTS_CAMEO_H_
