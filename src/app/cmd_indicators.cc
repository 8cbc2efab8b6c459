// `stockpulse indicators`: technical indicators over a bar file, through the core registry.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "app/args.h"
#include "app/command.h"
#include "app/json_writer.h"
#include "app/output.h"
#include "core/registry.h"

namespace sp::app {
namespace {

constexpr std::string_view kName = "indicators";

constexpr std::string_view kHelp =
    R"(Usage: stockpulse indicators --input FILE --indicator SPEC [--indicator SPEC ...] [--format csv|json]
       stockpulse indicators --list [--format text|json]

Computes technical indicators over a file of bars and prints one row per input row.

Options:
  --input FILE      The bars: CSV or TSV (tab-separated when the header has a tab) with a header
                    row; '-' reads standard input. Columns are found by name, case-insensitive:
                    a time column (date, time, timestamp or datetime: ISO 8601 dates or
                    date-times in UTC, or epoch milliseconds), open, high, low, close, volume.
                    Other columns (an unnamed leading index, Adj Close) are ignored. An empty
                    field, NaN or null is a missing value.
  --indicator SPEC  An indicator to compute; repeat the option for several. SPEC is TA-Lib's
                    function name in lower case, optionally followed by ':' and its options,
                    comma-separated, in TA-Lib's order; options left out take their defaults:
                      rsi   rsi:14   macd:12,26,9   bbands:20,2,2   stoch:5,3,0,3,0
                    --list shows every indicator with its options, inputs and outputs.
  --format FORMAT   csv (the default) or json.
  --list            Print every indicator the registry knows: options (name=default, range),
                    input columns and outputs. With --format json, the same as JSON.
  -h, --help        Show this help.

CSV output: a header row, then one row per input row. The first column, time, echoes the input's
time field as written (the row number, from 0, when the file has no time column). Then one column
per indicator output, named after the spec as typed with ':' and ',' turned into '_', followed by
'.<output>' when the indicator has several outputs (TA-Lib's output names, in TA-Lib's order):
  rsi:14         rsi_14
  macd:12,26,9   macd_12_26_9.macd, macd_12_26_9.macdsignal, macd_12_26_9.macdhist
  bbands:20,2,2  bbands_20_2_2.upperband, bbands_20_2_2.middleband, bbands_20_2_2.lowerband
  aroon          aroon.aroondown, aroon.aroonup
A field is empty while the indicator warms up and wherever its value is undefined (NaN). A bar with
a missing or non-finite input gives empty fields and is skipped by the indicator (it does not count
towards the warm-up). Numbers are printed in the shortest form that reads back to the same double
(infinite values as inf and -inf).

JSON output: one object of columns, each an array with one entry per input row, in the order of the
CSV header, null where the CSV field is empty:
  {"time":["2020-08-27","2020-08-28"],"rsi_14":[null,61.25]}

Exit status: 0 on success; 1 when the input cannot be read, is malformed (the message names the
file and line) or lacks a column an indicator needs; 2 on a usage error (unknown option or
indicator, bad or out-of-range option value).
)";

struct Column {
  std::string name;
  std::vector<double> values;
};

// ---- --list ------------------------------------------------------------------------------------

constexpr double kUnbounded = 1e37;  // option bounds beyond this print as unbounded

// Whole numbers in full ("100000", not to_chars' shorter "1e+05"); others in the shortest form.
std::string display_number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  return format_number(v);
}

std::string option_range(const core::OptionInfo& o) {
  const bool lo = o.min > -kUnbounded, hi = o.max < kUnbounded;
  std::string kind = o.integer ? "integer" : "real";
  if (lo && hi) return kind + " in [" + display_number(o.min) + ", " + display_number(o.max) + "]";
  if (lo) return kind + " >= " + display_number(o.min);
  if (hi) return kind + " <= " + display_number(o.max);
  return kind;
}

std::string example_spec(const core::IndicatorInfo& info) {
  std::string s(info.name);
  for (std::size_t i = 0; i < info.options.size(); ++i) {
    s += (i == 0 ? ":" : ",") + display_number(info.options[i].default_value);
  }
  return s;
}

void list_text(BufferedWriter& out) {
  const std::string kIndent(20, ' ');
  const auto all = core::indicators();
  out.write(std::to_string(all.size()) +
            " indicators. SPEC = name[:option,option,...], options in "
            "the order shown,\nleft-out options take the default after '='.\n");
  std::string_view group;
  for (const core::IndicatorInfo& info : all) {
    if (info.group != group) {
      group = info.group;
      out.write("\n");
      out.write(group);
      out.write("\n");
    }
    std::string name(info.name);
    name.resize(std::max<std::size_t>(name.size() + 2, 18), ' ');
    std::string s = "  " + name + std::string(info.title);
    if (!info.in_talib) s += " (not in TA-Lib)";
    s += "\n" + kIndent + "inputs:  " + input_names(info.inputs);
    if (!info.input_note.empty()) s += "; " + std::string(info.input_note);
    s += "\n" + kIndent + "outputs: ";
    for (std::size_t i = 0; i < info.outputs.size(); ++i) {
      s += (i ? ", " : "") + std::string(info.outputs[i]);
    }
    s += "\n" + kIndent + "options: ";
    if (info.options.empty()) s += "none";
    std::size_t width = 0;
    for (const auto& o : info.options) {
      width = std::max(width, o.name.size() + 1 + display_number(o.default_value).size());
    }
    for (std::size_t i = 0; i < info.options.size(); ++i) {
      const auto& o = info.options[i];
      std::string head = std::string(o.name) + "=" + display_number(o.default_value);
      head.resize(width, ' ');
      if (i) s += "\n" + kIndent + "         ";
      s += head + "  " + option_range(o) + ": " + std::string(o.description);
    }
    const auto spec = core::parse_spec(example_spec(info));
    if (spec.ok()) {
      s += "\n" + kIndent + "example: " + spec.spec.text + "  ->  ";
      const auto cols = spec.spec.output_columns();
      for (std::size_t i = 0; i < cols.size(); ++i) s += (i ? ", " : "") + cols[i];
    }
    s += "\n";
    out.write(s);
  }
}

void list_json(BufferedWriter& out) {
  JsonWriter j(out, JsonWriter::kPretty);
  j.begin_object();
  j.key("indicators");
  j.begin_array();
  for (const core::IndicatorInfo& info : core::indicators()) {
    j.begin_object();
    j.key("name");
    j.string(info.name);
    j.key("title");
    j.string(info.title);
    j.key("group");
    j.string(info.group);
    j.key("in_talib");
    j.boolean(info.in_talib);
    j.key("inputs");
    j.begin_array();
    const std::string names = input_names(info.inputs);
    for (std::size_t pos = 0; pos < names.size();) {
      std::size_t comma = names.find(", ", pos);
      j.string(std::string_view(names).substr(pos, comma == names.npos ? names.npos : comma - pos));
      pos = comma == names.npos ? names.size() : comma + 2;
    }
    j.end_array();
    if (!info.input_note.empty()) {
      j.key("input_note");
      j.string(info.input_note);
    }
    j.key("options");
    j.begin_array();
    for (const core::OptionInfo& o : info.options) {
      j.begin_object();
      j.key("name");
      j.string(o.name);
      j.key("default");
      j.number(o.default_value);
      j.key("min");
      j.number(o.min);
      j.key("max");
      j.number(o.max);
      j.key("integer");
      j.boolean(o.integer);
      j.key("description");
      j.string(o.description);
      j.end_object();
    }
    j.end_array();
    j.key("outputs");
    j.begin_array();
    for (std::string_view o : info.outputs) j.string(o);
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.end_object();
}

// ---- computed output ---------------------------------------------------------------------------

void write_csv(BufferedWriter& out, const market::OhlcvTable& t, const std::vector<Column>& cols) {
  out.write("time");
  for (const Column& c : cols) {
    out.put(',');
    out.write(c.name);
  }
  out.put('\n');
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n; ++i) {
    out.write(t.time_text[i]);
    for (const Column& c : cols) {
      out.put(',');
      const double v = c.values[i];
      if (!std::isnan(v)) out.number(v);
    }
    out.put('\n');
  }
}

void write_json(BufferedWriter& out, const market::OhlcvTable& t, const std::vector<Column>& cols) {
  JsonWriter j(out, JsonWriter::kCompact);
  j.begin_object();
  j.key("time");
  j.begin_array();
  for (const std::string& s : t.time_text) j.string(s);
  j.end_array();
  for (const Column& c : cols) {
    j.key(c.name);
    j.numbers(c.values);
  }
  j.end_object();
  out.put('\n');
}

int run(const std::vector<std::string>& argv) {
  Args args(std::string{kName});
  args.option("input").option("indicator", Args::kRepeatable).option("format").flag("list");
  if (!args.parse(argv)) return usage_error(kName, args.error());
  if (args.help()) return print_help(kIndicatorsCommand);

  const bool list = args.has("list");
  std::string format = list ? "text" : "csv";
  if (auto f = args.get("format")) {
    const std::vector<std::string_view> choices =
        list ? std::vector<std::string_view>{"text", "json"}
             : std::vector<std::string_view>{"csv", "json"};
    if (std::string e = parse_choice("format", *f, choices, &format); !e.empty()) {
      return usage_error(kName, e);
    }
  }

  BufferedWriter out(stdout);
  if (list) {
    if (args.has("input") || args.has("indicator")) {
      return usage_error(kName, "--list takes no --input or --indicator");
    }
    if (format == "json") {
      list_json(out);
    } else {
      list_text(out);
    }
    if (!out.flush()) return runtime_error(kName, "<stdout>: " + out.error());
    return kExitOk;
  }

  const auto input = args.get("input");
  if (!input) return usage_error(kName, "--input FILE is required (stockpulse indicators --help)");
  const auto spec_texts = args.all("indicator");
  if (spec_texts.empty()) {
    return usage_error(kName, "at least one --indicator SPEC is required (--list shows them)");
  }

  // Every spec is checked before the file is read: a usage error costs nothing.
  std::vector<core::IndicatorSpec> specs;
  std::set<std::string> seen;
  for (const std::string& text : spec_texts) {
    core::SpecResult r = core::parse_spec(text);
    if (!r.ok()) return usage_error(kName, r.error);
    for (const std::string& c : r.spec.output_columns()) {
      if (!seen.insert(c).second) {
        return usage_error(kName,
                           "--indicator " + text + " gives the column '" + c + "' a second time");
      }
    }
    specs.push_back(std::move(r.spec));
  }

  market::OhlcvReadResult read = read_input(*input);
  if (!read.ok()) return runtime_error(kName, read.error);
  const market::OhlcvTable& table = read.table;
  const std::string source = *input == "-" ? "<stdin>" : *input;
  for (const core::IndicatorSpec& spec : specs) {
    const unsigned missing = spec.info->inputs & ~table.columns;
    if (missing) {
      const bool several = (missing & (missing - 1)) != 0;
      return runtime_error(kName, source + ": indicator '" + spec.text + "' needs the " +
                                      input_names(missing) + " column" + (several ? "s" : "") +
                                      ", which the file lacks (it has " +
                                      input_names(table.columns) + ")");
    }
  }

  const core::OhlcvView view = table.view();
  std::vector<Column> cols;
  for (const core::IndicatorSpec& spec : specs) {
    const std::size_t first = cols.size();
    for (std::string& name : spec.output_columns()) {
      cols.push_back({std::move(name), std::vector<double>(table.size())});
    }
    std::vector<double*> outs;
    for (std::size_t k = first; k < cols.size(); ++k) outs.push_back(cols[k].values.data());
    core::compute(spec, view, outs.data());
  }

  if (format == "json") {
    write_json(out, table, cols);
  } else {
    write_csv(out, table, cols);
  }
  if (!out.flush()) return runtime_error(kName, "<stdout>: " + out.error());
  return kExitOk;
}

}  // namespace

const Command kIndicatorsCommand{kName, "technical indicators (TA-Lib's) over a CSV/TSV bar file",
                                 kHelp, run};

}  // namespace sp::app
