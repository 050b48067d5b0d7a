// Little-endian binary encoding for the tagger's model file, with a framed header
// (magic, format version, payload size) and a 64-bit checksum over the payload.
//
// BinaryWriter appends plain values and arrays to a byte string; BinaryReader reads
// them back with bounds checks, so a truncated or corrupt payload yields an error
// instead of reading past the end. Not thread-safe (one reader per load).
#ifndef KHALDUN_TAG_BINARY_IO_H_
#define KHALDUN_TAG_BINARY_IO_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "khaldun/status.h"

namespace khaldun::tag {

// FNV-1a over bytes followed by a 64-bit finalizer; used for the checksum.
uint64_t Checksum64(std::string_view data);

class BinaryWriter {
 public:
  template <typename T>
  void Put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    out_.append(buf, sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  template <typename T>
  void PutArray(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void PutStrings(const std::vector<std::string>& v) {
    Put<uint32_t>(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) PutString(s);
  }
  const std::string& data() const { return out_; }

 private:
  std::string out_;
};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view data) : data_(data) {}

  template <typename T>
  bool Get(T* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetString(std::string* s) {
    uint32_t n;
    if (!Get(&n) || data_.size() - pos_ < n) return false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <typename T>
  bool GetArray(std::vector<T>* v, uint64_t max_elems = uint64_t{1} << 32) {
    uint64_t n;
    if (!Get(&n) || n > max_elems || (data_.size() - pos_) / sizeof(T) < n) return false;
    v->resize(n);
    if (n) std::memcpy(v->data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool GetStrings(std::vector<std::string>* v, uint32_t max_elems = 1u << 24) {
    uint32_t n;
    if (!Get(&n) || n > max_elems || n > data_.size() - pos_) return false;
    v->resize(n);
    for (auto& s : *v)
      if (!GetString(&s)) return false;
    return true;
  }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Frames `payload` as: magic (8 bytes) | version u32 | payload size u64 | payload |
// checksum u64.
std::string FrameModel(std::string_view magic, uint32_t version, std::string_view payload);

// Checks the frame of `file` (read from `path`, named in errors) and returns a view of
// the payload. Fails with Corruption on wrong magic, wrong version, truncation or a
// checksum mismatch. REQUIRES: magic.size() == 8.
StatusOr<std::string_view> UnframeModel(std::string_view file, std::string_view magic,
                                        uint32_t min_version, uint32_t max_version,
                                        const std::string& path, uint32_t* version);

}  // namespace khaldun::tag

#endif  // KHALDUN_TAG_BINARY_IO_H_
