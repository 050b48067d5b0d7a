#include "petrarch/validation.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

namespace khaldun::petrarch {
namespace {

int LineAt(std::string_view text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + std::min(pos, text.size()),
                                         '\n'));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses the attributes of a tag body ("Sentence id=\"x\" date='y'"): name -> value.
std::map<std::string, std::string> Attributes(std::string_view tag) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
  while (i < tag.size()) {
    while (i < tag.size() && (std::isspace(static_cast<unsigned char>(tag[i])) || tag[i] == '/'))
      ++i;
    size_t k = i;
    while (i < tag.size() && tag[i] != '=' && !std::isspace(static_cast<unsigned char>(tag[i])))
      ++i;
    std::string key(tag.substr(k, i - k));
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') {
      if (!key.empty()) out[key] = "";
      continue;
    }
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size()) break;
    char q = tag[i];
    if (q == '"' || q == '\'') {
      size_t e = tag.find(q, i + 1);
      if (e == std::string_view::npos) e = tag.size();
      out[key] = XmlUnescape(tag.substr(i + 1, e - i - 1));
      i = e + 1;
    } else {
      size_t e = i;
      while (e < tag.size() && !std::isspace(static_cast<unsigned char>(tag[e]))) ++e;
      out[key] = XmlUnescape(tag.substr(i, e - i));
      i = e;
    }
  }
  return out;
}

std::string TagName(std::string_view tag) {
  size_t i = 0;
  while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '/')
    ++i;
  return std::string(tag.substr(0, i));
}

}  // namespace

std::string XmlUnescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out.push_back('&');
    } else if (ent == "lt") {
      out.push_back('<');
    } else if (ent == "gt") {
      out.push_back('>');
    } else if (ent == "quot") {
      out.push_back('"');
    } else if (ent == "apos") {
      out.push_back('\'');
    } else if (!ent.empty() && ent[0] == '#') {
      long cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      std::string digits(ent.substr(hex ? 2 : 1));
      char* end = nullptr;
      cp = std::strtol(digits.c_str(), &end, hex ? 16 : 10);
      if (digits.empty() || *end != '\0' || cp <= 0 || cp > 0x10FFFF) {
        out.append(s.substr(i, semi - i + 1));
      } else if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
    } else {
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

ValidationFile ReadValidation(std::string_view xml, std::string_view name,
                              const ErrorFn& on_error) {
  ValidationFile file;
  auto report = [&](size_t pos, const std::string& msg) {
    if (on_error) on_error(std::string(name) + ":" + std::to_string(LineAt(xml, pos)) + ": " + msg);
  };
  std::vector<std::pair<std::string, std::string>> pending_config;
  bool in_record = false;
  bool record_bad = false;
  ValidationRecord rec;
  size_t rec_pos = 0;
  auto drop_open = [&](const std::string& why) {
    report(rec_pos, "record " + (rec.id.empty() ? std::string("(no id)") : rec.id) + ": " + why +
                        "; skipped");
    ++file.skipped;
    in_record = false;
  };
  size_t i = 0;
  while (i < xml.size()) {
    size_t lt = xml.find('<', i);
    if (lt == std::string_view::npos) break;
    if (xml.compare(lt, 4, "<!--") == 0) {
      size_t end = xml.find("-->", lt + 4);
      if (end == std::string_view::npos) {
        report(lt, "unterminated comment");
        break;
      }
      i = end + 3;
      continue;
    }
    if (xml.compare(lt, 2, "<?") == 0 || xml.compare(lt, 2, "<!") == 0) {
      size_t end = xml.find('>', lt);
      i = end == std::string_view::npos ? xml.size() : end + 1;
      continue;
    }
    size_t gt = xml.find('>', lt);
    size_t next_lt = xml.find('<', lt + 1);
    if (gt == std::string_view::npos || (next_lt != std::string_view::npos && next_lt < gt)) {
      report(lt, "unterminated tag");
      if (in_record) record_bad = true;
      i = lt + 1;
      continue;
    }
    std::string_view tag = xml.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    bool closing = !tag.empty() && tag[0] == '/';
    std::string tname = TagName(closing ? tag.substr(1) : tag);
    if (tname == "Config" && !closing) {
      auto a = Attributes(tag);
      if (a.count("option") == 0) {
        report(lt, "<Config> without option");
      } else {
        pending_config.push_back({a["option"], a["value"]});
      }
      continue;
    }
    if (tname == "Sentence" && !closing) {
      if (in_record) drop_open("not closed before the next <Sentence>");
      in_record = true;
      record_bad = false;
      rec = ValidationRecord();
      rec_pos = lt;
      rec.line = LineAt(xml, lt);
      auto a = Attributes(tag);
      rec.id = a["id"];
      rec.source = a["source"];
      rec.is_sentence = Lower(a.count("sentence") ? a["sentence"] : "true") != "false";
      int32_t d = ParseDictDate(a["date"]);
      if (d < 0) {
        report(lt, "record " + rec.id + ": bad date '" + a["date"] + "'");
        record_bad = true;
      }
      rec.date = d < 0 ? 0 : d;
      if (rec.id.empty()) {
        report(lt, "record without id");
        record_bad = true;
      }
      continue;
    }
    if (!in_record) {
      if (tname == "EventCoding" || tname == "Text" || tname == "Parse" ||
          (tname == "Sentence" && closing)) {
        report(lt, "<" + std::string(tag) + "> outside a <Sentence>");
      }
      continue;
    }
    if (tname == "EventCoding" && !closing) {
      auto a = Attributes(tag);
      if (a.count("noevents")) continue;
      if (a.count("error")) {
        rec.expected_error = a["error"];
        continue;
      }
      if (!a.count("eventcode") || !a.count("sourcecode") || !a.count("targetcode")) {
        report(lt, "record " + rec.id + ": <EventCoding> without eventcode/sourcecode/targetcode");
        record_bad = true;
        continue;
      }
      rec.expected.push_back({a["sourcecode"], a["targetcode"], a["eventcode"]});
      continue;
    }
    if ((tname == "Text" || tname == "Parse") && !closing) {
      std::string close = "</" + tname + ">";
      size_t end = xml.find(close, i);
      size_t next_sentence = xml.find("<Sentence", i);
      if (end == std::string_view::npos ||
          (next_sentence != std::string_view::npos && next_sentence < end)) {
        report(lt, "record " + rec.id + ": <" + tname + "> not closed");
        record_bad = true;
        continue;
      }
      std::string body = XmlUnescape(xml.substr(i, end - i));
      (tname == "Text" ? rec.text : rec.parse) = std::move(body);
      i = end + close.size();
      continue;
    }
    if (tname == "Sentence" && closing) {
      if (record_bad) {
        drop_open("malformed");
      } else if (rec.parse.empty()) {
        drop_open("no <Parse>");
      } else {
        rec.config = std::move(pending_config);
        pending_config.clear();
        file.records.push_back(std::move(rec));
        in_record = false;
      }
      continue;
    }
  }
  if (in_record) drop_open("not closed at end of file");
  file.trailing_config = std::move(pending_config);
  return file;
}

}  // namespace khaldun::petrarch
