#include "app/args.h"

#include <charconv>
#include <cmath>

namespace sp::app {

Args& Args::option(std::string name, Repeat repeat) {
  decls_.push_back({std::move(name), true, repeat == kRepeatable});
  return *this;
}

Args& Args::flag(std::string name) {
  decls_.push_back({std::move(name), false, false});
  return *this;
}

const Args::Decl* Args::find(std::string_view name) const {
  for (const Decl& d : decls_) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool Args::parse(int argc, const char* const* argv) {
  std::vector<std::string> v;
  v.reserve(static_cast<std::size_t>(argc > 0 ? argc : 0));
  for (int i = 0; i < argc; ++i) v.emplace_back(argv[i]);
  return parse(v);
}

bool Args::parse(const std::vector<std::string>& argv) {
  given_.clear();
  positional_.clear();
  error_.clear();
  help_ = false;
  auto fail = [&](std::string why) {
    error_ = std::move(why);
    return false;
  };
  bool only_positional = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    const bool is_option = !only_positional && a.size() >= 2 && a[0] == '-' && a != "-";
    if (!is_option) {
      if (positional_.size() >= max_positionals_) {
        return fail(max_positionals_ == 0
                        ? "unexpected argument '" + a + "' (options start with --)"
                        : "too many arguments: '" + a + "'");
      }
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      help_ = true;
      continue;
    }
    if (a[1] != '-') return fail("unknown option '" + a + "' (options are spelled --name)");
    std::string_view body = std::string_view(a).substr(2);
    std::string_view name = body;
    std::optional<std::string> value;
    if (auto eq = body.find('='); eq != body.npos) {
      name = body.substr(0, eq);
      value = std::string(body.substr(eq + 1));
    }
    const Decl* d = find(name);
    if (!d) return fail("unknown option '--" + std::string(name) + "'");
    if (!d->takes_value) {
      if (value) return fail("--" + d->name + " is a flag and takes no value");
      if (has(d->name)) return fail("--" + d->name + " is given twice");
      given_.emplace_back(d->name, "");
      continue;
    }
    if (!value) {
      // A following `--option` is not taken as a value: `--input --indicator rsi` forgot the file.
      if (i + 1 >= argv.size() || (argv[i + 1].size() > 2 && argv[i + 1].starts_with("--"))) {
        return fail("--" + d->name + " needs a value");
      }
      value = argv[++i];
    }
    if (!d->repeatable && has(d->name)) {
      return fail("--" + d->name + " is given twice (it takes one value)");
    }
    given_.emplace_back(d->name, std::move(*value));
  }
  return true;
}

bool Args::has(std::string_view name) const {
  for (const auto& [n, v] : given_) {
    if (n == name) return true;
  }
  return false;
}

std::optional<std::string> Args::get(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [n, v] : given_) {
    if (n == name) out = v;
  }
  return out;
}

std::vector<std::string> Args::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : given_) {
    if (n == name) out.push_back(v);
  }
  return out;
}

std::string parse_double(std::string_view option, std::string_view text, double* out) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (b != e && *b == '+') ++b;
  double v = 0;
  auto [p, ec] = std::from_chars(b, e, v);
  if (text.empty() || ec != std::errc() || p != e || !std::isfinite(v)) {
    return "--" + std::string(option) + " '" + std::string(text) + "' is not a number";
  }
  *out = v;
  return "";
}

std::string parse_int(std::string_view option, std::string_view text, std::int64_t min,
                      std::int64_t max, std::int64_t* out) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (b != e && *b == '+') ++b;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(b, e, v);
  if (text.empty() || p != e || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return "--" + std::string(option) + " '" + std::string(text) + "' is not a whole number";
  }
  if (ec == std::errc::result_out_of_range || v < min || v > max) {
    return "--" + std::string(option) + " " + std::string(text) + " is out of range [" +
           std::to_string(min) + ", " + std::to_string(max) + "]";
  }
  *out = v;
  return "";
}

std::string parse_uint64(std::string_view option, std::string_view text, std::uint64_t* out) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) {
    return "--" + std::string(option) + " '" + std::string(text) +
           "' is not a whole number in [0, 18446744073709551615]";
  }
  *out = v;
  return "";
}

std::string parse_double_list(std::string_view option, std::string_view text,
                              std::vector<double>* out) {
  out->clear();
  std::size_t pos = 0;
  while (true) {
    const std::size_t comma = text.find(',', pos);
    std::string_view field = text.substr(pos, comma == text.npos ? text.npos : comma - pos);
    double v = 0;
    const char* b = field.data();
    const char* e = b + field.size();
    if (b != e && *b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, v);
    if (field.empty() || ec != std::errc() || p != e || !std::isfinite(v)) {
      return "--" + std::string(option) + " '" + std::string(text) + "': item " +
             std::to_string(out->size() + 1) + " '" + std::string(field) + "' is not a number";
    }
    out->push_back(v);
    if (comma == text.npos) break;
    pos = comma + 1;
  }
  return "";
}

std::string parse_choice(std::string_view option, std::string_view text,
                         const std::vector<std::string_view>& choices, std::string* out) {
  for (std::string_view c : choices) {
    if (c == text) {
      *out = std::string(c);
      return "";
    }
  }
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  return "--" + std::string(option) + " '" + std::string(text) + "' is not one of " + list;
}

}  // namespace sp::app
