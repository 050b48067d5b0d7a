// scripts/check_dicts.py: the shipped dictionaries pass, and the people.txt coverage
// table reads dated offices from the role field. Runs python3; skips when it is absent.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "shell.h"

namespace {

namespace fs = std::filesystem;

using khaldun_tests::Shell;

// The line of `text` that starts with `prefix`, or "".
std::string LineStarting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

class CheckDictsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string out;
    if (Shell("python3 --version 2>&1", &out) != 0) GTEST_SKIP() << "python3 not found";
    script_ = std::string(KHALDUN_SOURCE_DIR) + "/scripts/check_dicts.py";
    data_ = std::string(KHALDUN_SOURCE_DIR) + "/data/dict";
  }
  std::string script_, data_;
};

TEST_F(CheckDictsTest, ShippedDictionariesHaveNoErrors) {
  std::string out;
  int rc = Shell("python3 '" + script_ + "' '" + data_ + "' --shared /nonexistent 2>&1", &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("\n0 errors"), std::string::npos) << out;
  // Every state of the required regions has a current head of state on the day.
  std::string all = LineStarting(out, "  all (");
  ASSERT_FALSE(all.empty()) << out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(all, m, std::regex(R"(all \((\d+)\)\s+(\d+)/)"))) << all;
  EXPECT_EQ(m[1], m[2]) << all;
}

// A made-up people file: one line with two dated offices, a president whose office is
// also head of government (USA), and a broken date that must fail the run.
TEST_F(CheckDictsTest, RolesAndDatesFromTheRoleField) {
  fs::path dir = fs::path(::testing::TempDir()) / "check_dicts_test";
  fs::create_directories(dir);
  for (const char* f : {"countries.txt", "actors.txt", "agents.txt"})
    fs::copy_file(fs::path(data_) / f, dir / f, fs::copy_options::overwrite_existing);
  {
    std::ofstream p(dir / "people.txt");
    p << "Ann Example | USAGOV | 2000-01-01 |  | President | test\n"
         "Bob Example | USAGOV | 2000-01-01 | 2012-12-31 | Secretary of State (to 2010-06-30), "
         "Secretary of Defense (from 2010-07-01) | test\n"
         "Cy Example | USAMIL | 2000-01-01 |  | Chairman of the Joint Chiefs of Staff | test\n";
  }
  std::string out;
  int rc = Shell("python3 '" + script_ + "' '" + dir.string() +
                     "' --today 2026-11-21 --shared /nonexistent 2>&1",
                 &out);
  EXPECT_EQ(rc, 0) << out;
  std::string usa = LineStarting(out, "  USA");
  ASSERT_FALSE(usa.empty()) << out;
  // HoS, HoG (the US president heads the government), FM and DM ended in 2010/2012.
  EXPECT_TRUE(std::regex_search(usa, std::regex(R"(USA\s+C\s+C\s+g\s+g\s+C$)"))) << usa;
  EXPECT_NE(out.find("USA FM: no holder on the day; gaps 2010-07-01..2026-11-21"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("USA DM: no holder on the day; gaps 2000-01-01..2010-06-30, "
                     "2013-01-01..2026-11-21"),
            std::string::npos)
      << out;

  std::ofstream(dir / "people.txt", std::ios::app)
      << "Dee Example | USAGOV | 2020-13-01 |  | Vice President | test\n";
  rc = Shell("python3 '" + script_ + "' '" + dir.string() + "' --no-coverage 2>&1", &out);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("people.txt:4: error: bad date '2020-13-01'"), std::string::npos) << out;
  fs::remove_all(dir);
}

}  // namespace
