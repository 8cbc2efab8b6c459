// StreamHub: the WebSocket endpoint `/v1/stream` — clients subscribe to channels, the market side
// publishes to channels, and every subscriber gets each message.
//
//   StreamHub hub({.threads = n}, [](std::string_view ch) { return known(ch) ? "" : "unknown
//   symbol"; }); auto server = Server::start(config, handler, hub.upgrade_hook());
//   hub.attach(*server.server);
//   hub.publish("quotes:AAPL", R"({"bid":189.1,...})", /*conflate=*/true);
//
// Protocol (text frames, JSON):
//   client  {"op":"subscribe","channels":["quotes:AAPL","trades:AAPL","bars:1m:AAPL"]}
//   server  {"op":"subscribed","channels":[...]}           (all or nothing: one bad channel fails
//   the op) client  {"op":"unsubscribe","channels":[...]}       ->
//   {"op":"unsubscribed","channels":[...]} server  {"channel":"quotes:AAPL","data":{...}} every
//   published message server  {"op":"error","message":"..."}               a bad op, naming what is
//   wrong; the
//                                                        connection stays open
//
// Slow consumers. Each client has a bounded queue (max_pending_bytes). A publish with conflate=true
// (quotes: only the latest matters) replaces a message of the same channel still waiting in that
// client's queue instead of queueing behind it, so a slow reader sees fewer, fresher quotes. If the
// queue still overflows (trades and bars are never dropped silently), the client is disconnected
// with close code 1013 "try again later" and counted; it may reconnect and resubscribe.
//
// Threads: each I/O thread keeps its own channel -> subscribers table for the clients it owns, so a
// publish posts one task per I/O thread and each thread fans out to its clients without locks;
// the message text is built once and shared. publish() may be called from any thread; the other
// methods before serving or from any thread as noted.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "serve/http/server.h"

namespace sp::serve::ws {

struct StreamHubConfig {
  unsigned threads = 1;  // the server's I/O threads (ServerConfig::threads)
  std::string path = "/v1/stream";
  std::size_t max_pending_bytes = 4 << 20;  // per client
  std::size_t max_channels_per_client = 256;
  std::size_t max_client_message_bytes = 16 << 10;
};

struct StreamHubStats {
  std::uint64_t clients = 0;           // connected now
  std::uint64_t subscriptions = 0;     // now, over all clients
  std::uint64_t published = 0;         // publish() calls
  std::uint64_t delivered = 0;         // messages written to clients
  std::uint64_t conflated = 0;         // queued messages replaced by a newer one
  std::uint64_t slow_disconnects = 0;  // clients dropped for an overflowing queue
};

class StreamHub {
 public:
  // check(channel) returns "" when the channel may be subscribed to, else why not (sent to the
  // client).
  using ChannelCheck = std::function<std::string(std::string_view channel)>;

  StreamHub(const StreamHubConfig& config, ChannelCheck check);
  ~StreamHub();

  http::UpgradeHook upgrade_hook();
  // Connects publishing to the server's I/O threads. Before it, publish() does nothing.
  void attach(http::Server& server);
  void publish(std::string_view channel, std::string_view data_json, bool conflate);
  StreamHubStats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace sp::serve::ws
