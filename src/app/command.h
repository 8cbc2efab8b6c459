// The subcommands of the `stockpulse` binary and what they share: exit codes, the form of error
// messages, and reading an input file (or standard input).
//
// Each subcommand lives in its own cmd_<name>.cc and exposes one Command; main.cc lists them, and
// `stockpulse --help` shows exactly that list. A subcommand receives its arguments (after its name)
// and returns the process's exit code:
//   0  success;
//   1  runtime or input error: a missing or malformed file, a computation that cannot be done;
//   2  usage error: an unknown option, a missing or bad value.
// Every error is one line on stderr, `stockpulse <cmd>: <what is wrong>`, naming the input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "market/ohlcv_file.h"

namespace sp::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// The project's version, kept equal to CMakeLists.txt's project(VERSION) (a test checks).
inline constexpr std::string_view kVersion = "0.1.0";

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for `stockpulse --help`
  std::string_view help;     // the full reference for `stockpulse help <name>` / `<name> --help`
  int (*run)(const std::vector<std::string>& args);
};

extern const Command kIndicatorsCommand;  // cmd_indicators.cc
extern const Command kRiskCommand;        // cmd_risk.cc
extern const Command kItchCommand;        // cmd_itch.cc
extern const Command kItchSendCommand;    // cmd_itch.cc
extern const Command kSimulateCommand;    // cmd_simulate.cc
extern const Command kBookCommand;        // cmd_book.cc
extern const Command kServeCommand;       // cmd_serve.cc

// Print `stockpulse <command>: <message>` on stderr and return kExitUsage / kExitFailure.
int usage_error(std::string_view command, std::string_view message);
int runtime_error(std::string_view command, std::string_view message);

// Writes the command's help to stdout; returns kExitOk.
int print_help(const Command& command);

// Reads an OHLCV file, or standard input when `path` is "-" (named "<stdin>" in messages).
market::OhlcvReadResult read_input(const std::string& path);

// "SPY_daily_2008-2017" for "/data/SPY_daily_2008-2017.csv"; "stdin" for "-".
std::string input_stem(const std::string& path);

// Names of the columns in an sp::core::Input mask: "high, low".
std::string input_names(unsigned inputs);

}  // namespace sp::app
