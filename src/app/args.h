// Args: the small command-line parser every subcommand shares.
//
// A subcommand declares what it accepts, then parses its arguments (those after the subcommand's
// name):
//
//   Args args("indicators");
//   args.option("input").option("indicator", Args::kRepeatable).flag("list");
//   if (!args.parse(argc, argv)) return usage_error(args.command(), args.error());
//
// Accepted forms: `--name VALUE`, `--name=VALUE`, `--flag`, positional arguments, and `--` after
// which everything is positional. `-` alone is a positional (or a value: `--input -` means stdin).
// `--help` and `-h` are always accepted; help() tells whether one was given. The parse fails, with
// a message naming the argument, on an unknown option, an option without its value (`--input` last,
// or followed by another `--option`), a value given to a flag (`--list=yes`), a non-repeatable
// option given twice, or more positionals than declared. Value checks (numbers, choices) are the
// typed helpers below, whose messages have the same form.
//
// Not thread-safe; cheap to copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sp::app {

class Args {
 public:
  enum Repeat { kOnce, kRepeatable };

  explicit Args(std::string command) : command_(std::move(command)) {}

  Args& option(std::string name, Repeat repeat = kOnce);
  Args& flag(std::string name);
  Args& positionals(std::size_t max) {
    max_positionals_ = max;
    return *this;
  }

  // Parses argv[0..argc); false with error() set on a usage error.
  bool parse(int argc, const char* const* argv);
  bool parse(const std::vector<std::string>& argv);

  const std::string& command() const { return command_; }
  const std::string& error() const { return error_; }
  bool help() const { return help_; }

  bool has(std::string_view name) const;                        // option or flag given
  std::optional<std::string> get(std::string_view name) const;  // last value given
  std::vector<std::string> all(std::string_view name) const;    // every value, in order
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  struct Decl {
    std::string name;
    bool takes_value;
    bool repeatable;
  };
  const Decl* find(std::string_view name) const;

  std::string command_;
  std::vector<Decl> decls_;
  std::size_t max_positionals_ = 0;
  std::vector<std::pair<std::string, std::string>> given_;  // (name, value) in order
  std::vector<std::string> positional_;
  std::string error_;
  bool help_ = false;
};

// Typed values. Each returns "" and sets *out on success, else a message such as
// "--confidence '1.5' is not a number" naming the option and the value.
std::string parse_double(std::string_view option, std::string_view text, double* out);
std::string parse_int(std::string_view option, std::string_view text, std::int64_t min,
                      std::int64_t max, std::int64_t* out);
std::string parse_uint64(std::string_view option, std::string_view text, std::uint64_t* out);
// Comma-separated numbers: "0.5,0.3,0.2".
std::string parse_double_list(std::string_view option, std::string_view text,
                              std::vector<double>* out);
// One of `choices`; the message lists them.
std::string parse_choice(std::string_view option, std::string_view text,
                         const std::vector<std::string_view>& choices, std::string* out);

}  // namespace sp::app
