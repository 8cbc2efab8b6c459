// The writer the crash test kills: ingests the synthetic feed (synthetic_feed.h) into a store
// through an Ingestor, resuming after the stored checkpoint, and prints "ACK <position>" on
// standard output (one write(2) a line, so a line is never torn) each time a commit returns.
// Prints "DONE" after the last position is stored and exits 0.
//
//   ingest_crash_child URL LAST FLUSH_RECORDS
//
// Exit status: 0 done, 2 bad arguments or the store would not open, 3 a write failed.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "store/ingestor.h"
#include "store/store.h"
#include "store/synthetic_feed.h"

namespace {

using namespace sp::store;

void say(std::string_view line) {
  std::string text(line);
  text += '\n';
  // Best effort: if the reader is gone there is no one to tell.
  [[maybe_unused]] const auto n = ::write(STDOUT_FILENO, text.data(), text.size());
}

bool parse(const char* s, std::int64_t* v) {
  const auto end = s + std::strlen(s);
  const auto r = std::from_chars(s, end, *v);
  return r.ec == std::errc() && r.ptr == end;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t last = 0, flush_records = 0;
  if (argc != 4 || !parse(argv[2], &last) || !parse(argv[3], &flush_records) || flush_records < 1) {
    std::fprintf(stderr, "usage: ingest_crash_child URL LAST FLUSH_RECORDS\n");
    return 2;
  }
  std::string error;
  auto store = open_store(argv[1], &error);
  if (!store) {
    std::fprintf(stderr, "ingest_crash_child: %s\n", error.c_str());
    return 2;
  }
  Ingestor::Options options;
  options.max_records = static_cast<std::size_t>(flush_records);
  options.max_delay = std::chrono::seconds(60);  // flushes by count: the test picks the sizes
  Ingestor ingest(*store, synthetic::kSource, options);
  ingest.on_acknowledged([](std::int64_t p) { say("ACK " + std::to_string(p)); });
  if (auto s = ingest.start(); !s.ok()) {
    std::fprintf(stderr, "ingest_crash_child: %s\n", s.message().c_str());
    return 2;
  }
  // Resume each symbol's forming bar from the store, as a real bar builder must.
  synthetic::MinuteBarBuilder builder;
  for (const auto& symbol : synthetic::symbols()) {
    auto newest = store->bars(symbol, synthetic::kTimeframe, kBeginningOfTime, kEndOfTime, 1,
                              Order::kNewestFirst);
    if (!newest.ok()) {
      std::fprintf(stderr, "ingest_crash_child: %s\n", newest.error().c_str());
      return 2;
    }
    if (!newest->empty()) builder.seed(newest->front());
  }
  for (std::int64_t p = ingest.resume_after().value_or(0) + 1; p <= last; ++p) {
    if (synthetic::has_trade(p)) {
      const StoredTrade t = synthetic::trade_at(p);
      ingest.add(t);
      ingest.add(builder.add(t));
    }
    if (auto s = ingest.advance(p); !s.ok()) {
      std::fprintf(stderr, "ingest_crash_child: %s\n", s.message().c_str());
      return 3;
    }
  }
  if (auto s = ingest.flush(); !s.ok()) {
    std::fprintf(stderr, "ingest_crash_child: %s\n", s.message().c_str());
    return 3;
  }
  say("DONE");
  return 0;
}
