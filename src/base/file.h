// File helpers at the I/O edge: whole-file reads with clear errors naming the path,
// and atomic whole-file writes (temp file + rename). Thread-safe.
#ifndef KHALDUN_BASE_FILE_H_
#define KHALDUN_BASE_FILE_H_

#include <string>
#include <string_view>

#include "khaldun/status.h"

namespace khaldun {

// Reads all of `path` ("-" = stdin). Fails with NotFound / IoError naming the path,
// or ResourceExhausted when the file exceeds `max_bytes` (0 = no limit).
StatusOr<std::string> ReadFile(const std::string& path, size_t max_bytes = 0);

// Writes `data` to `path` atomically ("-" = stdout). Reports full disk / read-only
// paths as IoError naming the path.
Status WriteFile(const std::string& path, std::string_view data);

// File name without directory and without the last extension: "a/b/x.txt" -> "x".
std::string FileStem(std::string_view path);

}  // namespace khaldun

#endif  // KHALDUN_BASE_FILE_H_
