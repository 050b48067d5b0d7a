#include "tag/binary_io.h"

#include <algorithm>

namespace khaldun::tag {

uint64_t Checksum64(std::string_view data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

std::string FrameModel(std::string_view magic, uint32_t version, std::string_view payload) {
  BinaryWriter w;
  std::string out(magic);
  w.Put<uint32_t>(version);
  w.Put<uint64_t>(payload.size());
  out += w.data();
  out.append(payload);
  BinaryWriter tail;
  tail.Put<uint64_t>(Checksum64(payload));
  out += tail.data();
  return out;
}

StatusOr<std::string_view> UnframeModel(std::string_view file, std::string_view magic,
                                        uint32_t min_version, uint32_t max_version,
                                        const std::string& path, uint32_t* version) {
  const size_t header = magic.size() + 4 + 8;
  if (file.size() < header + 8 || file.substr(0, magic.size()) != magic) {
    return CorruptionError(path + ": not a khaldun tagger model (bad magic or too short)");
  }
  BinaryReader r(file.substr(magic.size(), 12));
  uint32_t v = 0;
  uint64_t size = 0;
  r.Get(&v);
  r.Get(&size);
  if (v < min_version || v > max_version) {
    return CorruptionError(path + ": unsupported model format version " + std::to_string(v) +
                           " (this build reads versions " + std::to_string(min_version) + " to " +
                           std::to_string(max_version) + ")");
  }
  if (version != nullptr) *version = v;
  if (size != file.size() - header - 8) {
    return CorruptionError(path + ": truncated or padded model file (payload " +
                           std::to_string(file.size() - header - std::min<size_t>(8, file.size() - header)) +
                           " bytes, header says " + std::to_string(size) + ")");
  }
  std::string_view payload = file.substr(header, size);
  uint64_t stored = 0;
  BinaryReader(file.substr(header + size)).Get(&stored);
  if (stored != Checksum64(payload)) {
    return CorruptionError(path + ": model checksum mismatch (file is corrupt)");
  }
  return payload;
}

}  // namespace khaldun::tag
