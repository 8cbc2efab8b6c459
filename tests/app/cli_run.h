// Running the built `stockpulse` binary from a test, and reading what it prints.
//
// run_cli spawns the binary (path from $SP_BINARY, else the SP_BINARY compile definition) with
// posix_spawn, standard input from a file or /dev/null, standard output and error captured through
// temporary files (no pipe deadlocks on large outputs), and returns the exit status. TempDir gives
// each test a fresh folder that is removed afterwards. Also: a strict little JSON parser (enough to
// prove the output is valid JSON and to read values back) and a CSV splitter.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace sp::testing {

inline std::string binary_path() {
  if (const char* env = std::getenv("SP_BINARY"); env && *env) return env;
  return SP_BINARY;
}

struct CliResult {
  int code = -1;    // exit code; -1 when killed by a signal
  int signal = 0;   // the signal that ended it, or 0
  std::string out;  // standard output
  std::string err;  // standard error
};

inline std::string read_whole_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_whole_file(const std::filesystem::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// A fresh folder under the system's temporary directory, removed (with its contents) on scope exit.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("sp_app_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to a file called `name` in the folder; returns its path.
  std::string file(const std::string& name, std::string_view text) const {
    const auto p = path_ / name;
    write_whole_file(p, text);
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

struct CliOptions {
  std::string stdin_path;   // empty: /dev/null
  std::string stdout_path;  // empty: captured; otherwise where stdout goes (e.g. /dev/full)
};

// Runs the binary with `args` (not including argv[0]).
inline CliResult run_cli(const std::vector<std::string>& args, const CliOptions& opt = {}) {
  // An indicator still on scaffolding aborts; leave no core files behind.
  static const bool no_core = [] {
    const rlimit zero{0, 0};
    return setrlimit(RLIMIT_CORE, &zero) == 0;
  }();
  (void)no_core;
  CliResult r;
  TempDir dir;
  const std::string out_path =
      opt.stdout_path.empty() ? (dir.path() / "out").string() : opt.stdout_path;
  const std::string err_path = (dir.path() / "err").string();
  const std::string in_path = opt.stdin_path.empty() ? "/dev/null" : opt.stdin_path;
  const std::string bin = binary_path();

  std::vector<std::string> storage;
  storage.push_back(bin);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    r.err = "posix_spawn(" + bin + ") failed: " + std::strerror(rc);
    return r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  if (opt.stdout_path.empty()) r.out = read_whole_file(out_path);
  r.err = read_whole_file(err_path);
  return r;
}

// For failure messages: the command's exit code and standard error.
inline std::string describe(const CliResult& r) {
  return "exit " + std::to_string(r.code) +
         (r.signal ? " signal " + std::to_string(r.signal) : "") + "\nstderr: " + r.err +
         "\nstdout (first 500 bytes): " + r.out.substr(0, 500);
}

// ---- CSV ---------------------------------------------------------------------------------------

inline std::vector<std::string> split_fields(std::string_view line, char sep = ',') {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t next = line.find(sep, pos);
    out.emplace_back(line.substr(pos, next == line.npos ? line.npos : next - pos));
    if (next == line.npos) break;
    pos = next + 1;
  }
  return out;
}

inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    out.emplace_back(text.substr(pos, nl == text.npos ? text.npos : nl - pos));
    pos = nl == text.npos ? text.size() : nl + 1;
  }
  return out;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Index of column `name`, or -1.
  int column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
};

inline Csv parse_csv(std::string_view text) {
  Csv c;
  auto lines = split_lines(text);
  if (lines.empty()) return c;
  c.header = split_fields(lines[0]);
  for (std::size_t i = 1; i < lines.size(); ++i) c.rows.push_back(split_fields(lines[i]));
  return c;
}

// Parses a printed number exactly (from_chars is correctly rounded); NaN for an empty field;
// throws on anything else.
inline double parse_field(std::string_view s) {
  if (s.empty()) return std::nan("");
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    throw std::runtime_error("not a number: '" + std::string(s) + "'");
  }
  return v;
}

// Bit-exact equality, NaN equal to NaN.
inline bool same_double(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// ---- JSON --------------------------------------------------------------------------------------

struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::pair<std::string, Json>> object;

  bool is_null() const { return type == kNull; }
  bool has(std::string_view key) const {
    for (const auto& [k, v] : object) {
      if (k == key) return true;
    }
    return false;
  }
  // The member called `key`; throws when absent.
  const Json& operator[](std::string_view key) const {
    for (const auto& [k, v] : object) {
      if (k == key) return v;
    }
    throw std::runtime_error("no member '" + std::string(key) + "'");
  }
  const Json& operator[](std::size_t i) const { return array.at(i); }
  // Number, or NaN for null (the writers' encoding of NaN); throws for other types.
  double num() const {
    if (type == kNull) return std::nan("");
    if (type != kNumber) throw std::runtime_error("not a number");
    return number;
  }
};

// A strict RFC 8259 parser: throws std::runtime_error naming the offset on any deviation
// (trailing commas, NaN literals, bad escapes, unescaped control characters, invalid UTF-8 is
// accepted as bytes). Duplicate keys are an error (our writers never emit them).
class JsonParser {
 public:
  static Json parse(std::string_view text) {
    JsonParser p(text);
    p.ws();
    Json v = p.value(0);
    p.ws();
    if (p.pos_ != text.size()) p.fail("trailing characters");
    return v;
  }

 private:
  explicit JsonParser(std::string_view t) : t_(t) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("JSON error at offset " + std::to_string(pos_) + ": " + why);
  }
  void ws() {
    while (pos_ < t_.size() &&
           (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\r' || t_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool eat(char c) {
    if (pos_ < t_.size() && t_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(std::string_view lit) {
    if (t_.substr(pos_, lit.size()) != lit) fail("expected " + std::string(lit));
    pos_ += lit.size();
  }
  Json value(int depth) {
    if (depth > 64) fail("nesting too deep");
    if (pos_ >= t_.size()) fail("unexpected end");
    Json v;
    const char c = t_[pos_];
    if (c == '{') {
      v.type = Json::kObject;
      ++pos_;
      ws();
      if (eat('}')) return v;
      while (true) {
        ws();
        if (pos_ >= t_.size() || t_[pos_] != '"') fail("expected a key");
        std::string k = str();
        for (const auto& [name, ignored] : v.object) {
          if (name == k) fail("duplicate key '" + k + "'");
        }
        ws();
        if (!eat(':')) fail("expected ':'");
        ws();
        v.object.emplace_back(std::move(k), value(depth + 1));
        ws();
        if (eat('}')) return v;
        if (!eat(',')) fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.type = Json::kArray;
      ++pos_;
      ws();
      if (eat(']')) return v;
      while (true) {
        ws();
        v.array.push_back(value(depth + 1));
        ws();
        if (eat(']')) return v;
        if (!eat(',')) fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.type = Json::kString;
      v.string = str();
      return v;
    }
    if (c == 't') {
      expect("true");
      v.type = Json::kBool;
      v.boolean = true;
      return v;
    }
    if (c == 'f') {
      expect("false");
      v.type = Json::kBool;
      return v;
    }
    if (c == 'n') {
      expect("null");
      return v;
    }
    v.type = Json::kNumber;
    v.number = number();
    return v;
  }
  double number() {
    const std::size_t start = pos_;
    eat('-');
    if (eat('0')) {
    } else if (pos_ < t_.size() && t_[pos_] >= '1' && t_[pos_] <= '9') {
      while (pos_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    } else {
      fail("bad number");
    }
    if (eat('.')) {
      if (pos_ >= t_.size() || !std::isdigit(static_cast<unsigned char>(t_[pos_])))
        fail("bad fraction");
      while (pos_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    }
    if (eat('e') || eat('E')) {
      if (!eat('+')) eat('-');
      if (pos_ >= t_.size() || !std::isdigit(static_cast<unsigned char>(t_[pos_])))
        fail("bad exponent");
      while (pos_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    }
    double v = 0;
    auto [p, ec] = std::from_chars(t_.data() + start, t_.data() + pos_, v);
    if (ec != std::errc() || p != t_.data() + pos_) fail("unreadable number");
    return v;
  }
  unsigned hex4() {
    if (pos_ + 4 > t_.size()) fail("short \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = t_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9')
        v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<unsigned>(h - 'A' + 10);
      else
        fail("bad hex digit");
    }
    return v;
  }
  static void utf8(unsigned cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  std::string str() {
    ++pos_;  // opening quote
    std::string s;
    while (true) {
      if (pos_ >= t_.size()) fail("unterminated string");
      const char c = t_[pos_++];
      if (c == '"') return s;
      if (static_cast<unsigned char>(c) < 0x20) fail("unescaped control character in a string");
      if (c != '\\') {
        s.push_back(c);
        continue;
      }
      if (pos_ >= t_.size()) fail("unterminated escape");
      const char e = t_[pos_++];
      switch (e) {
        case '"':
          s.push_back('"');
          break;
        case '\\':
          s.push_back('\\');
          break;
        case '/':
          s.push_back('/');
          break;
        case 'b':
          s.push_back('\b');
          break;
        case 'f':
          s.push_back('\f');
          break;
        case 'n':
          s.push_back('\n');
          break;
        case 'r':
          s.push_back('\r');
          break;
        case 't':
          s.push_back('\t');
          break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            expect("\\u");
            const unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("lone low surrogate");
          }
          utf8(cp, &s);
          break;
        }
        default:
          fail(std::string("bad escape \\") + e);
      }
    }
  }

  std::string_view t_;
  std::size_t pos_ = 0;
};

}  // namespace sp::testing
