#include "time/civil.h"

#include <algorithm>
#include <cstdio>

namespace khaldun {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[(m - 1) % 12];
}

bool IsValidCivil(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

int64_t DaysFromCivil(int y, int m, int d) {
  int64_t yy = static_cast<int64_t>(y) - (m <= 2 ? 1 : 0);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const int64_t yoe = yy - era * 400;                         // [0, 399]
  const int64_t mp = m > 2 ? m - 3 : m + 9;                   // [0, 11]
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;             // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  return c;
}

int Weekday(int64_t days) {
  // 1970-01-01 was a Thursday (3 in Monday=0 order).
  int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool ParseIsoDate(std::string_view s, int64_t* days) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  const int pos[3][2] = {{0, 4}, {5, 2}, {8, 2}};
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < pos[k][1]; ++i) {
      char c = s[pos[k][0] + i];
      if (c < '0' || c > '9') return false;
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  if (v[0] < 1000 || !IsValidCivil(v[0], v[1], v[2])) return false;
  *days = DaysFromCivil(v[0], v[1], v[2]);
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
