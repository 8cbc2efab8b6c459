#include "serve/redis/redis_tier.h"

#include <hiredis/hiredis.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace sp::serve::redis {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r) freeReplyObject(r);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
  void operator()(redisContext* c) const {
    if (c) redisFree(c);
  }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

timeval to_timeval(std::chrono::milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000),
          static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

// Stored value: "SP1 <expires epoch ms> <tag,tag,...>\n<body>".
std::string encode_value(std::string_view body, std::int64_t expires_ms,
                         const std::vector<std::string>& tags) {
  std::string v = "SP1 " + std::to_string(expires_ms) + " ";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i) v += ',';
    v += tags[i];
  }
  v += '\n';
  v += body;
  return v;
}

std::optional<RedisValue> decode_value(std::string_view v) {
  if (!v.starts_with("SP1 ")) return std::nullopt;
  v.remove_prefix(4);
  const std::size_t nl = v.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  std::string_view head = v.substr(0, nl);
  const std::size_t sp = head.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  std::int64_t expires = 0;
  auto [p, ec] = std::from_chars(head.data(), head.data() + sp, expires);
  if (ec != std::errc() || p != head.data() + sp) return std::nullopt;
  RedisValue out;
  std::string_view tags = head.substr(sp + 1);
  while (!tags.empty()) {
    const std::size_t comma = tags.find(',');
    out.tags.emplace_back(tags.substr(0, comma));
    tags = comma == std::string_view::npos ? std::string_view{} : tags.substr(comma + 1);
  }
  out.ttl_left = std::chrono::milliseconds(expires - epoch_ms());
  if (out.ttl_left.count() <= 0) return std::nullopt;
  out.body = std::string(v.substr(nl + 1));
  return out;
}

}  // namespace

std::optional<RedisConfig> parse_redis_url(std::string_view url, std::string* error) {
  RedisConfig c;
  std::string_view rest = url;
  if (!rest.starts_with("redis://")) {
    *error = "--redis '" + std::string(url) + "' is not a redis://HOST[:PORT][/DB] URL";
    return std::nullopt;
  }
  rest.remove_prefix(8);
  std::string_view db;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string_view port;
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) {
    *error = "--redis '" + std::string(url) + "' names no host";
    return std::nullopt;
  }
  c.host = std::string(rest);
  auto number = [](std::string_view s, int lo, int hi, int* out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size() && *out >= lo && *out <= hi;
  };
  if (!port.empty() && !number(port, 1, 65535, &c.port)) {
    *error = "--redis '" + std::string(url) + "': port '" + std::string(port) + "' is not 1..65535";
    return std::nullopt;
  }
  if (!db.empty() && !number(db, 0, 15, &c.db)) {
    *error = "--redis '" + std::string(url) + "': database '" + std::string(db) + "' is not 0..15";
    return std::nullopt;
  }
  return c;
}

struct RedisTier::Impl {
  struct Job {
    enum Kind { kPut, kInvalidate } kind;
    std::string key;  // or the tag
    std::string value;
    std::chrono::milliseconds ttl{0};
    std::vector<std::string> tags;
  };

  Impl(const RedisConfig& c, telemetry::Registry& reg)
      : config(c),
        errors(reg.counter("stockpulse_redis_errors_total",
                           "Redis calls that failed (the request went on without it).")
                   .with({})),
        skipped(reg.counter("stockpulse_redis_skipped_total",
                            "Redis calls skipped while the breaker was open after a failure.")
                    .with({})),
        dropped(reg.counter("stockpulse_redis_dropped_writes_total",
                            "Writes and invalidations dropped (queue full or Redis failing).")
                    .with({})),
        up(reg.gauge("stockpulse_redis_up", "1 when the last Redis call succeeded.").with({})) {
    writer = std::thread([this] { write_loop(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mu);
      stopping = true;
    }
    cv.notify_all();
    writer.join();
  }

  bool breaker_open() {
    const auto now = Clock::now().time_since_epoch().count();
    return now < down_until.load(std::memory_order_relaxed);
  }
  void failed(const char* what, redisContext* c) {
    errors.inc();
    up.set(0);
    down_until.store((Clock::now() + config.retry_after).time_since_epoch().count(),
                     std::memory_order_relaxed);
    if (!warned.exchange(true)) {
      std::fprintf(stderr,
                   "stockpulse serve: redis %s:%d %s failed (%s); serving from memory, retrying "
                   "every %lld ms\n",
                   config.host.c_str(), config.port, what,
                   c && c->errstr[0] ? c->errstr : "no reply",
                   static_cast<long long>(config.retry_after.count()));
    }
  }
  void succeeded() {
    up.set(1);
    warned.store(false);
  }

  Context connect() {
    Context c(
        redisConnectWithTimeout(config.host.c_str(), config.port, to_timeval(config.timeout)));
    if (!c || c->err) {
      failed("connect", c.get());
      return nullptr;
    }
    redisSetTimeout(c.get(), to_timeval(config.timeout));
    if (config.db) {
      Reply r(static_cast<redisReply*>(redisCommand(c.get(), "SELECT %d", config.db)));
      if (!r || r->type == REDIS_REPLY_ERROR) {
        failed("SELECT", c.get());
        return nullptr;
      }
    }
    return c;
  }

  // A pooled connection (*pooled = true), or a new one; nullptr when Redis cannot be reached.
  Context take(bool* pooled) {
    {
      std::lock_guard lock(pool_mu);
      if (!pool.empty()) {
        Context c = std::move(pool.back());
        pool.pop_back();
        *pooled = true;
        return c;
      }
    }
    *pooled = false;
    return connect();
  }
  void give_back(Context c) {
    std::lock_guard lock(pool_mu);
    if (pool.size() < 64) pool.push_back(std::move(c));
  }

  std::optional<RedisValue> get(std::string_view key) {
    if (breaker_open()) {
      skipped.inc();
      return std::nullopt;
    }
    bool pooled = false;
    Context c = take(&pooled);
    if (!c) return std::nullopt;
    const std::string k = config.prefix + "r:" + std::string(key);
    Reply r(static_cast<redisReply*>(redisCommand(c.get(), "GET %b", k.data(), k.size())));
    if (pooled && !r && c->err == REDIS_ERR_EOF) {
      // A pooled connection the server closed (it restarted): the others are as dead. Drop them
      // all and try once on a new connection before calling Redis down.
      {
        std::lock_guard lock(pool_mu);
        pool.clear();
      }
      c = connect();
      if (!c) return std::nullopt;
      r.reset(static_cast<redisReply*>(redisCommand(c.get(), "GET %b", k.data(), k.size())));
    }
    if (!r || r->type == REDIS_REPLY_ERROR) {
      failed("GET", c.get());
      return std::nullopt;  // the connection is dropped: its stream may be out of step
    }
    succeeded();
    std::optional<RedisValue> out;
    if (r->type == REDIS_REPLY_STRING) out = decode_value(std::string_view(r->str, r->len));
    give_back(std::move(c));
    return out;
  }

  void enqueue(Job j) {
    {
      std::lock_guard lock(mu);
      if (queue.size() >= config.queue_limit) {
        dropped.inc();
        return;
      }
      queue.push_back(std::move(j));
    }
    cv.notify_one();
  }

  bool run(redisContext* c, const Job& j) {
    // Pipelined: the commands of one job go out together and their replies are read in order.
    int sent = 0;
    if (j.kind == Job::kPut) {
      const std::string k = config.prefix + "r:" + j.key;
      const std::string v = encode_value(j.value, epoch_ms() + j.ttl.count(), j.tags);
      redisAppendCommand(c, "SET %b %b PX %lld", k.data(), k.size(), v.data(), v.size(),
                         static_cast<long long>(j.ttl.count()));
      ++sent;
      for (const std::string& t : j.tags) {
        const std::string s = config.prefix + "t:" + t;
        redisAppendCommand(c, "SADD %b %b", s.data(), s.size(), k.data(), k.size());
        // The set outlives its keys a little, never forever.
        redisAppendCommand(c, "PEXPIRE %b %lld", s.data(), s.size(),
                           static_cast<long long>(j.ttl.count() * 2 + 1000));
        sent += 2;
      }
    } else {
      const std::string s = config.prefix + "t:" + j.key;
      Reply members(static_cast<redisReply*>(redisCommand(c, "SMEMBERS %b", s.data(), s.size())));
      if (!members || members->type != REDIS_REPLY_ARRAY) return false;
      std::vector<const char*> argv = {"DEL"};
      std::vector<std::size_t> lens = {3};
      for (std::size_t i = 0; i < members->elements; ++i) {
        argv.push_back(members->element[i]->str);
        lens.push_back(members->element[i]->len);
      }
      argv.push_back(s.data());
      lens.push_back(s.size());
      redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data());
      ++sent;
    }
    for (int i = 0; i < sent; ++i) {
      void* raw = nullptr;
      if (redisGetReply(c, &raw) != REDIS_OK) return false;
      Reply r(static_cast<redisReply*>(raw));
      if (!r || r->type == REDIS_REPLY_ERROR) return false;
    }
    return true;
  }

  void write_loop() {
    Context c;
    for (;;) {
      Job j;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return stopping || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and nothing left
        j = std::move(queue.front());
        queue.pop_front();
        busy = true;
      }
      if (breaker_open()) {
        dropped.inc();
      } else {
        const bool kept = c != nullptr;
        if (!c) c = connect();
        bool ok = c && run(c.get(), j);
        if (!ok && kept && c && c->err == REDIS_ERR_EOF) {
          c = connect();  // the server closed the kept connection (a restart): once more, afresh
          ok = c && run(c.get(), j);
        }
        if (ok) {
          succeeded();
        } else {
          if (c) failed(j.kind == Job::kPut ? "write" : "invalidate", c.get());
          dropped.inc();
          c.reset();
        }
      }
      {
        std::lock_guard lock(mu);
        busy = false;
      }
      drained.notify_all();
    }
  }

  RedisConfig config;
  telemetry::Counter& errors;
  telemetry::Counter& skipped;
  telemetry::Counter& dropped;
  telemetry::Gauge& up;
  std::atomic<Clock::rep> down_until{0};
  std::atomic<bool> warned{false};
  std::mutex pool_mu;
  std::vector<Context> pool;
  std::mutex mu;
  std::condition_variable cv, drained;
  std::deque<Job> queue;
  bool busy = false;
  bool stopping = false;
  std::thread writer;
};

RedisTier::RedisTier(const RedisConfig& config, telemetry::Registry& metrics)
    : impl_(std::make_unique<Impl>(config, metrics)) {}
RedisTier::~RedisTier() = default;

std::optional<RedisValue> RedisTier::get(std::string_view key) {
  return impl_->get(key);
}

void RedisTier::put(std::string_view key, std::string_view body, std::chrono::milliseconds ttl,
                    const std::vector<std::string>& tags) {
  impl_->enqueue({Impl::Job::kPut, std::string(key), std::string(body), ttl, tags});
}

void RedisTier::invalidate(std::string_view tag) {
  impl_->enqueue({Impl::Job::kInvalidate, std::string(tag), {}, {}, {}});
}

bool RedisTier::drain(std::chrono::milliseconds limit) {
  std::unique_lock lock(impl_->mu);
  return impl_->drained.wait_for(lock, limit, [&] { return impl_->queue.empty() && !impl_->busy; });
}

}  // namespace sp::serve::redis
