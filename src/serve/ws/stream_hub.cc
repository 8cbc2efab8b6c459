#include "serve/ws/stream_hub.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "serve/http/upgrade.h"

namespace sp::serve::ws {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;

class Session;

// The subscribers of the clients one I/O thread owns. Touched only on that thread.
struct ThreadTable {
  std::unordered_map<std::string, std::vector<Session*>> subscribers;
};

}  // namespace

struct StreamHub::Impl {
  StreamHubConfig config;
  ChannelCheck check;
  std::vector<ThreadTable> tables;
  std::atomic<http::Server*> server{nullptr};
  std::atomic<std::uint64_t> clients{0}, subscriptions{0}, published{0}, delivered{0}, conflated{0},
      slow{0};
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<StreamHub::Impl> hub, tcp::socket socket, unsigned thread)
      : hub_(std::move(hub)), ws_(std::move(socket)), thread_(thread) {
    hub_->clients.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    finish();  // also when the server's loop is destroyed with this session's read still pending
    hub_->clients.fetch_sub(1, std::memory_order_relaxed);
  }

  void start(http::Upgrade& up) {
    ws_.read_message_max(hub_->config.max_client_message_bytes);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "stockpulse"); }));
    ws_.async_accept(up.request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // a bad handshake: Beast has answered it
      self->read();
    });
  }

  // A published message for one of this client's channels (on this session's thread).
  void deliver(const std::string& channel, const std::shared_ptr<const std::string>& text,
               bool conflate) {
    if (closing_) return;
    if (conflate) {
      // Replace a waiting message of the same channel; never the one being written.
      for (std::size_t i = writing_ ? 1 : 0; i < queue_.size(); ++i) {
        if (queue_[i].conflatable && queue_[i].channel == channel) {
          pending_bytes_ += text->size();
          pending_bytes_ -= queue_[i].text->size();
          queue_[i].text = text;
          hub_->conflated.fetch_add(1, std::memory_order_relaxed);
          return;
        }
      }
    }
    enqueue({channel, text, conflate});
  }

 private:
  struct Item {
    std::string channel;  // "" for the hub's own replies
    std::shared_ptr<const std::string> text;
    bool conflatable = false;
  };

  ThreadTable& table() { return hub_->tables[thread_]; }

  void read() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish();
      const auto data = self->in_.data();
      std::string text(static_cast<const char*>(data.data()), data.size());
      self->in_.consume(self->in_.size());
      self->handle(text);
      self->read();
    });
  }

  void reply(const Json& j) { enqueue({"", std::make_shared<const std::string>(j.dump()), false}); }
  void error(std::string message) { reply(Json{{"op", "error"}, {"message", std::move(message)}}); }

  void handle(const std::string& text) {
    Json msg = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (msg.is_discarded() || !msg.is_object()) return error("message is not a JSON object");
    auto op = msg.find("op");
    if (op == msg.end() || !op->is_string()) return error("message has no string \"op\"");
    const std::string name = *op;
    if (name != "subscribe" && name != "unsubscribe") {
      return error("unknown op \"" + name + "\"; expected \"subscribe\" or \"unsubscribe\"");
    }
    auto chans = msg.find("channels");
    if (chans == msg.end() || !chans->is_array())
      return error(name + ": \"channels\" must be an array of strings");
    std::vector<std::string> channels;
    for (const auto& c : *chans) {
      if (!c.is_string()) return error(name + ": \"channels\" must be an array of strings");
      channels.push_back(c.get<std::string>());
    }
    if (name == "subscribe") {
      for (const auto& c : channels) {
        if (std::string why = hub_->check(c); !why.empty())
          return error("subscribe " + c + ": " + why);
      }
      std::size_t adding = 0;
      for (const auto& c : channels)
        adding += std::find(mine_.begin(), mine_.end(), c) == mine_.end();
      if (mine_.size() + adding > hub_->config.max_channels_per_client) {
        return error("subscribe: at most " + std::to_string(hub_->config.max_channels_per_client) +
                     " channels per connection");
      }
      for (const auto& c : channels) {
        if (std::find(mine_.begin(), mine_.end(), c) != mine_.end()) continue;
        mine_.push_back(c);
        table().subscribers[c].push_back(this);
        hub_->subscriptions.fetch_add(1, std::memory_order_relaxed);
      }
      reply(Json{{"op", "subscribed"}, {"channels", channels}});
    } else {
      for (const auto& c : channels) remove(c);
      reply(Json{{"op", "unsubscribed"}, {"channels", channels}});
    }
  }

  void remove(const std::string& channel) {
    auto mine = std::find(mine_.begin(), mine_.end(), channel);
    if (mine == mine_.end()) return;
    mine_.erase(mine);
    auto it = table().subscribers.find(channel);
    if (it != table().subscribers.end()) {
      auto& v = it->second;
      v.erase(std::remove(v.begin(), v.end(), this), v.end());
      if (v.empty()) table().subscribers.erase(it);
    }
    hub_->subscriptions.fetch_sub(1, std::memory_order_relaxed);
  }

  void enqueue(Item item) {
    if (closing_) return;
    pending_bytes_ += item.text->size();
    queue_.push_back(std::move(item));
    if (pending_bytes_ > hub_->config.max_pending_bytes) return slow_consumer();
    write();
  }

  void slow_consumer() {
    hub_->slow.fetch_add(1, std::memory_order_relaxed);
    closing_ = true;
    // Keep only the frame in flight; close once it is out (one write at a time on a WebSocket).
    while (queue_.size() > (writing_ ? 1u : 0u)) {
      pending_bytes_ -= queue_.back().text->size();
      queue_.pop_back();
    }
    if (!writing_) close_slow();
  }

  void close_slow() {
    const std::string reason = "slow consumer: more than " +
                               std::to_string(hub_->config.max_pending_bytes) + " bytes waiting";
    ws_.async_close(websocket::close_reason(websocket::close_code::try_again_later, reason),
                    [self = shared_from_this()](beast::error_code) {});
  }

  void write() {
    if (writing_ || queue_.empty()) return;
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front().text),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      self->pending_bytes_ -= self->queue_.front().text->size();
                      if (!self->queue_.front().channel.empty())
                        self->hub_->delivered.fetch_add(1, std::memory_order_relaxed);
                      self->queue_.pop_front();
                      if (ec) return self->finish();
                      if (self->closing_) return self->close_slow();
                      self->write();
                    });
  }

  // The connection is over (read failed or closed): leave every channel. Runs once.
  void finish() {
    if (finished_) return;
    finished_ = true;
    closing_ = true;
    while (!mine_.empty()) remove(mine_.back());
  }

  std::shared_ptr<StreamHub::Impl> hub_;
  websocket::stream<tcp::socket> ws_;
  unsigned thread_;
  beast::flat_buffer in_;
  std::deque<Item> queue_;
  std::size_t pending_bytes_ = 0;
  std::vector<std::string> mine_;  // this client's channels
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace

StreamHub::StreamHub(const StreamHubConfig& config, ChannelCheck check)
    : impl_(std::make_shared<Impl>()) {
  impl_->config = config;
  impl_->check = std::move(check);
  impl_->tables.resize(std::max(1u, config.threads));
}

StreamHub::~StreamHub() {
  impl_->server.store(nullptr);
}

http::UpgradeHook StreamHub::upgrade_hook() {
  std::shared_ptr<Impl> impl = impl_;
  return {[impl](std::string_view path) { return path == impl->config.path; },
          [impl](http::Upgrade& up) {
            if (up.thread >= impl->tables.size())
              return;  // more I/O threads than configured: refuse
            auto s = std::make_shared<Session>(impl, std::move(up.socket), up.thread);
            s->start(up);
          }};
}

void StreamHub::attach(http::Server& server) {
  impl_->server.store(&server);
}

void StreamHub::publish(std::string_view channel, std::string_view data_json, bool conflate) {
  http::Server* server = impl_->server.load();
  if (!server) return;
  impl_->published.fetch_add(1, std::memory_order_relaxed);
  std::string text;
  text.reserve(channel.size() + data_json.size() + 24);
  text += "{\"channel\":\"";
  text += channel;
  text += "\",\"data\":";
  text += data_json;
  text += '}';
  auto shared = std::make_shared<const std::string>(std::move(text));
  auto name = std::make_shared<const std::string>(channel);
  for (unsigned t = 0; t < impl_->tables.size() && t < server->threads(); ++t) {
    server->post(t, [impl = impl_, t, name, shared, conflate] {
      auto it = impl->tables[t].subscribers.find(*name);
      if (it == impl->tables[t].subscribers.end()) return;
      // A copy: delivering may close a session, which edits the table.
      const std::vector<Session*> subs = it->second;
      for (Session* s : subs) s->deliver(*name, shared, conflate);
    });
  }
}

StreamHubStats StreamHub::stats() const {
  return {impl_->clients.load(),   impl_->subscriptions.load(), impl_->published.load(),
          impl_->delivered.load(), impl_->conflated.load(),     impl_->slow.load()};
}

}  // namespace sp::serve::ws
