#include "market/live/bar_recorder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sp::market::live {

std::string_view timeframe_name(Timeframe tf) {
  return tf == Timeframe::k1s ? "1s" : "1m";
}

BarRecorder::BarRecorder(std::unique_ptr<store::MarketStore> store,
                         std::chrono::milliseconds interval, std::size_t max_pending)
    : store_(std::move(store)), interval_(interval), max_pending_(max_pending) {
  thread_ = std::thread([this] { run(); });
}

BarRecorder::~BarRecorder() {
  stop();
}

void BarRecorder::record(std::string_view symbol, Timeframe tf, const Bar& b) {
  store::StoredBar s;
  s.symbol = std::string(symbol);
  s.timeframe = std::string(timeframe_name(tf));
  s.start_ms = b.time_ms;
  s.open = b.open / 1e4;
  s.high = b.high / 1e4;
  s.low = b.low / 1e4;
  s.close = b.close / 1e4;
  s.volume = static_cast<double>(b.volume);
  s.trades = static_cast<std::int64_t>(b.trades);
  std::lock_guard lock(mu_);
  if (pending_.size() >= max_pending_) {
    pending_.erase(pending_.begin());
    dropped_.fetch_add(1);
  }
  pending_.push_back(std::move(s));
}

void BarRecorder::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

BarRecorderStats BarRecorder::stats() const {
  return {written_.load(), failures_.load(), dropped_.load()};
}

bool BarRecorder::write_pending() {
  store::WriteBatch batch;
  {
    std::lock_guard lock(mu_);
    if (pending_.empty()) return true;
    batch.bars.swap(pending_);
  }
  const store::Status st = store_->write(batch);
  if (st.ok()) {
    written_.fetch_add(batch.bars.size());
    warned_ = false;
    return true;
  }
  failures_.fetch_add(1);
  if (!warned_) {
    std::fprintf(stderr, "stockpulse: storing bars failed, will retry: %s\n", st.message().c_str());
    warned_ = true;
  }
  // Put them back in front of what came meanwhile, within the bound.
  std::lock_guard lock(mu_);
  batch.bars.insert(batch.bars.end(), std::make_move_iterator(pending_.begin()),
                    std::make_move_iterator(pending_.end()));
  pending_.swap(batch.bars);
  if (pending_.size() > max_pending_) {
    const std::size_t extra = pending_.size() - max_pending_;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(extra));
    dropped_.fetch_add(extra);
  }
  return false;
}

void BarRecorder::run() {
  for (;;) {
    bool stopping;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, interval_, [&] { return stopping_; });
      stopping = stopping_;
    }
    const bool ok = write_pending();
    if (stopping) {
      if (!ok) write_pending();  // one more try at the end
      return;
    }
  }
}

bool load_history(store::MarketStore& store, LiveMarket& market, std::size_t max_bars,
                  std::string* error) {
  auto symbols = store.symbols();
  if (!symbols.ok()) {
    *error = symbols.status().message();
    return false;
  }
  for (const std::string& sym : *symbols) {
    for (Timeframe tf : {Timeframe::k1s, Timeframe::k1m}) {
      auto rows = store.bars(sym, timeframe_name(tf), store::kBeginningOfTime, store::kEndOfTime,
                             max_bars, store::Order::kNewestFirst);
      if (!rows.ok()) {
        *error = rows.status().message();
        return false;
      }
      std::vector<Bar> bars;
      bars.reserve(rows->size());
      for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
        auto p4 = [](double p) { return static_cast<std::uint32_t>(std::llround(p * 1e4)); };
        bars.push_back({it->start_ms, p4(it->open), p4(it->high), p4(it->low), p4(it->close),
                        static_cast<std::uint64_t>(it->volume),
                        static_cast<std::uint64_t>(it->trades)});
      }
      if (!bars.empty()) market.seed_bars(sym, tf, bars);
    }
  }
  return true;
}

}  // namespace sp::market::live
