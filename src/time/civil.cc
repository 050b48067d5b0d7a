#include "time/civil.h"

#include <algorithm>
#include <cstdio>

namespace khaldun {

int Weekday(int64_t days) {
  // 1970-01-01 was a Thursday (3 in Monday=0 order).
  int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool ParseIsoDate(std::string_view s, int64_t* days) {
  CivilDate c;
  if (!ParseCivil(s, &c) || c.year < 1000) return false;
  *days = DaysFromCivil(c.year, c.month, c.day);
  return true;
}

std::string FormatIsoDate(int64_t days) {
  CivilDate c = CivilFromDays(days);
  int y = std::clamp(c.year, 0, 9999);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, c.month, c.day);
  return buf;
}

}  // namespace khaldun
