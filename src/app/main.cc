// The `stockpulse` binary: dispatches to a subcommand (command.h lists the conventions).
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/command.h"

namespace sp::app {
namespace {

// Every subcommand; `stockpulse --help` shows exactly what is here.
const Command* const kCommands[] = {&kIndicatorsCommand, &kRiskCommand, &kItchCommand,
                                    &kItchSendCommand,   &kBookCommand, &kSimulateCommand,
                                    &kServeCommand};

const Command* find_command(std::string_view name) {
  for (const Command* c : kCommands) {
    if (c->name == name) return c;
  }
  return nullptr;
}

std::string overview() {
  std::string s =
      "Usage: stockpulse <command> [options]\n"
      "       stockpulse help <command>     (or stockpulse <command> --help)\n"
      "       stockpulse --version\n"
      "\n"
      "StockPulse market analytics.\n"
      "\n"
      "Commands:\n";
  for (const Command* c : kCommands) {
    std::string name(c->name);
    name.resize(12, ' ');
    s += "  " + name + std::string(c->summary) + "\n";
  }
  s += "\n"
       "Exit status: 0 on success, 1 on an input or runtime error, 2 on a usage error.\n";
  return s;
}

int unknown_command(std::string_view name) {
  std::fprintf(stderr, "stockpulse: unknown command '%.*s' (stockpulse --help lists them)\n",
               static_cast<int>(name.size()), name.data());
  return kExitUsage;
}

int run(std::span<char*> argv) {
  if (argv.size() < 2) {
    std::fputs(overview().c_str(), stderr);
    return kExitUsage;
  }
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h") {
    std::fputs(overview().c_str(), stdout);
    return kExitOk;
  }
  if (first == "--version") {
    std::printf("stockpulse %.*s\n", static_cast<int>(kVersion.size()), kVersion.data());
    return kExitOk;
  }
  if (first == "help") {
    if (argv.size() == 2) {
      std::fputs(overview().c_str(), stdout);
      return kExitOk;
    }
    if (argv.size() > 3) {
      std::fprintf(stderr, "stockpulse help: takes one command name\n");
      return kExitUsage;
    }
    const Command* c = find_command(argv[2]);
    return c ? print_help(*c) : unknown_command(argv[2]);
  }
  if (first.starts_with("-")) {
    std::fprintf(stderr, "stockpulse: unknown option '%.*s' (stockpulse --help)\n",
                 static_cast<int>(first.size()), first.data());
    return kExitUsage;
  }
  const Command* c = find_command(first);
  if (!c) return unknown_command(first);
  const std::vector<std::string> args(argv.begin() + 2, argv.end());
  return c->run(args);
}

}  // namespace
}  // namespace sp::app

int main(int argc, char** argv) {
  return sp::app::run(std::span<char*>(argv, static_cast<std::size_t>(argc)));
}
