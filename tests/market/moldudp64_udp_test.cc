// MoldUDP64 over real UDP sockets, on loopback (127.0.0.1) only: the sender replaying a feed, the
// receiver checking it, gaps made on purpose, re-requests, pacing, heartbeats, timeouts, stops.
// Every test is bounded: receivers have idle timeouts, feeds are small, waits are short.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "market/itch/feed_file.h"
#include "market/moldudp64/framed_source.h"
#include "market/moldudp64/udp_receiver.h"
#include "market/moldudp64/udp_sender.h"
#include "market/moldudp64_test_packets.h"
#include "support/shared_data.h"

namespace sp::market::moldudp64 {
namespace {

using testing::Bytes;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

Endpoint endpoint(const std::string& text) {
  std::string error;
  auto e = resolve_endpoint(text, &error);
  EXPECT_TRUE(e) << error;
  return e.value_or(Endpoint{});
}

ReceiverOptions quiet_receiver(std::chrono::milliseconds idle = 3000ms) {
  ReceiverOptions o;
  o.idle_timeout = idle;
  o.progress = false;
  return o;
}

SenderOptions quiet_sender(Speed speed = Speed{1, true}) {
  SenderOptions o;
  o.speed = speed;
  o.progress = false;
  o.end_of_session_interval = 20ms;
  return o;
}

UdpReceiver open_receiver(const ReceiverOptions& o) {
  std::string error;
  auto rx = UdpReceiver::open(endpoint("127.0.0.1:0"), o, &error);
  if (!rx) {
    ADD_FAILURE() << error;
    std::abort();
  }
  return std::move(*rx);
}

UdpSender open_sender(std::uint16_t port, const SenderOptions& o) {
  std::string error;
  auto tx = UdpSender::open(endpoint("127.0.0.1:" + std::to_string(port)), o, &error);
  if (!tx) {
    ADD_FAILURE() << error;
    std::abort();
  }
  return std::move(*tx);
}

// The feed's messages, as the sender will number them (from 1).
std::vector<Message> messages_of(const std::uint8_t* data, std::size_t size) {
  std::vector<Message> out;
  FramedSource src(data, size);
  Message m;
  while (src.next(m)) out.push_back(m);
  EXPECT_EQ(src.error(), "");
  return out;
}

// Checks each delivered message against the feed, byte for byte, by its sequence number.
struct Checker : NullSessionHandler {
  const std::vector<Message>* expected = nullptr;
  std::uint64_t delivered = 0, mismatched = 0, out_of_order = 0, last_seq = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> gaps;

  void on_message(std::uint64_t seq, const std::uint8_t* data, std::size_t len) {
    ++delivered;
    if (seq <= last_seq) ++out_of_order;
    last_seq = seq;
    if (seq == 0 || seq > expected->size()) {
      ++mismatched;
      return;
    }
    const Message& m = (*expected)[seq - 1];
    if (m.length != len || std::memcmp(m.data, data, len) != 0) ++mismatched;
  }
  void on_gap(std::uint64_t first, std::uint64_t count) { gaps.emplace_back(first, count); }
};

// `n` ITCH-shaped Add Orders (36 bytes), timestamps from `t0` `step_ns` apart.
Bytes synthetic_feed(std::size_t n, std::uint64_t t0 = 34'200'000'000'000,
                     std::uint64_t step_ns = 0) {
  Bytes feed;
  for (std::size_t i = 0; i < n; ++i) {
    testing::append_itch(feed, 'A', t0 + i * step_ns, 36, static_cast<std::uint8_t>(i));
  }
  return feed;
}

TEST(MoldUdp, ReplaysTheSharedSampleAtMaxSpeedByteForByte) {
  SP_REQUIRE_SHARED_DATA();
  const auto path =
      (::sp::testing::shared_data_dir() / "itch" / "ex20101224.TEST_ITCH_50").string();
  std::string error;
  auto file = itch::FeedFile::open(path, &error);
  ASSERT_TRUE(file) << error;
  const auto expected = messages_of(file->data(), file->size());
  ASSERT_EQ(expected.size(), 12012u);

  UdpReceiver rx = open_receiver(quiet_receiver());
  UdpSender tx = open_sender(rx.local().port(), quiet_sender());
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(file->data(), file->size(), path); });
  Checker check;
  check.expected = &expected;
  const ReceiverStats got = rx.run(check);
  t.join();

  EXPECT_TRUE(sent.ok()) << sent.error;
  EXPECT_EQ(sent.messages, 12012u);
  EXPECT_EQ(sent.next_sequence, 12013u);
  EXPECT_TRUE(got.ok()) << got.error;
  EXPECT_EQ(got.stop, StopReason::end_of_session);
  EXPECT_EQ(got.session_name, "STOCKPULSE");
  EXPECT_EQ(got.session.messages, 12012u);
  EXPECT_EQ(check.delivered, 12012u);
  EXPECT_EQ(check.mismatched, 0u);
  EXPECT_EQ(check.out_of_order, 0u);
  EXPECT_EQ(got.session.gaps, 0u);
  EXPECT_EQ(got.session.missing_messages, 0u);
  EXPECT_EQ(got.session.duplicates, 0u);
  EXPECT_EQ(got.session.malformed, 0u);
  EXPECT_EQ(got.kernel_drops, 0u);
  EXPECT_EQ(got.session.data_packets, sent.packets);
  EXPECT_EQ(got.next_sequence, 12013u);
  std::printf(
      "  sample at max: %llu messages in %llu packets, sender %.0f msg/s, receiver %.0f msg/s\n",
      static_cast<unsigned long long>(sent.messages), static_cast<unsigned long long>(sent.packets),
      sent.messages_per_second(), got.messages_per_second());
}

TEST(MoldUdp, MaxSpeedOnABiggerFeedAccountsForEveryMessage) {
  // 400,000 messages (~11,000 packets): enough to measure "max" and to see whether loopback drops.
  const Bytes feed = synthetic_feed(400'000);
  const auto expected = messages_of(feed.data(), feed.size());
  UdpReceiver rx = open_receiver(quiet_receiver());
  UdpSender tx = open_sender(rx.local().port(), quiet_sender());
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size()); });
  Checker check;
  check.expected = &expected;
  const ReceiverStats got = rx.run(check);
  t.join();
  ASSERT_TRUE(sent.ok()) << sent.error;
  EXPECT_EQ(got.stop, StopReason::end_of_session);
  EXPECT_EQ(check.mismatched, 0u);
  EXPECT_EQ(check.out_of_order, 0u);
  // Whatever the kernel dropped is reported as missing: nothing vanishes unaccounted for.
  EXPECT_EQ(got.session.messages + got.session.missing_messages, 400'000u);
  std::printf(
      "  400k at max: sender %.0f msg/s (%.0f packets/s), receiver %.0f msg/s, kernel drops "
      "%llu, gaps %llu, missing %llu\n",
      sent.messages_per_second(), sent.packets / std::max(sent.seconds, 1e-9),
      got.messages_per_second(), static_cast<unsigned long long>(got.kernel_drops),
      static_cast<unsigned long long>(got.session.gaps),
      static_cast<unsigned long long>(got.session.missing_messages));
}

TEST(MoldUdp, SkippedPacketsAreReportedAsGaps) {
  const Bytes feed = synthetic_feed(1000);
  const auto expected = messages_of(feed.data(), feed.size());
  UdpReceiver rx = open_receiver(quiet_receiver());
  SenderOptions o = quiet_sender();
  o.skip_packet = [](std::uint64_t i) { return i == 3 || i == 7 || i == 8; };
  UdpSender tx = open_sender(rx.local().port(), o);
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size()); });
  Checker check;
  check.expected = &expected;
  const ReceiverStats got = rx.run(check);
  t.join();

  // 1400-byte packets hold 36 messages of 36 bytes (20 + 36 x 38 = 1388).
  EXPECT_EQ(sent.skipped_packets, 3u);
  EXPECT_EQ(sent.skipped_messages, 3u * 36);
  EXPECT_EQ(got.stop, StopReason::end_of_session);
  EXPECT_EQ(got.session.gaps, 2u);  // packets 7 and 8 make one gap
  EXPECT_EQ(got.session.missing_messages, sent.skipped_messages);
  EXPECT_EQ(got.session.messages, 1000u - sent.skipped_messages);
  EXPECT_EQ(check.mismatched, 0u);
  using Gap = std::pair<std::uint64_t, std::uint64_t>;
  EXPECT_EQ(check.gaps, (std::vector<Gap>{{3 * 36 + 1, 36}, {7 * 36 + 1, 72}}));
}

TEST(MoldUdp, ALostTailIsFoundByTheEndOfSession) {
  const Bytes feed = synthetic_feed(100);
  UdpReceiver rx = open_receiver(quiet_receiver());
  SenderOptions o = quiet_sender();
  o.skip_packet = [](std::uint64_t i) { return i == 2; };  // the last of three packets
  UdpSender tx = open_sender(rx.local().port(), o);
  std::thread t([&] { tx.send_feed(feed.data(), feed.size()); });
  NullSessionHandler h;
  const ReceiverStats got = rx.run(h);
  t.join();
  EXPECT_EQ(got.session.messages, 72u);
  EXPECT_EQ(got.session.gaps, 1u);
  EXPECT_EQ(got.session.missing_messages, 28u);
  EXPECT_EQ(got.stop, StopReason::end_of_session);
}

// A plain socket, to send crafted datagrams or to play a listener by hand.
struct RawSocket {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  RawSocket() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  }
  ~RawSocket() { ::close(fd); }
  std::uint16_t port() const { return local_endpoint(fd)->port(); }
  void send(const Bytes& b, std::uint16_t port) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    EXPECT_EQ(::sendto(fd, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a),
              static_cast<ssize_t>(b.size()));
  }
  // One datagram within `timeout`, and who sent it; empty on timeout.
  Bytes receive(std::chrono::milliseconds timeout, sockaddr_in* from = nullptr) const {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
    Bytes b(65536);
    sockaddr_in f{};
    socklen_t len = sizeof f;
    const ssize_t n = ::recvfrom(fd, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&f), &len);
    b.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    if (from) *from = f;
    return b;
  }
};

TEST(MoldUdp, ReceiverReportsCraftedGapsAndMalformedDatagrams) {
  UdpReceiver rx = open_receiver(quiet_receiver());
  const std::uint16_t port = rx.local().port();
  RawSocket raw;
  using testing::msg;
  raw.send(testing::packet("CRAFT", 1, {msg(1), msg(2)}), port);
  raw.send(testing::packet("CRAFT", 5, {msg(5), msg(6)}), port);  // 3, 4 missing
  raw.send(Bytes{'j', 'u', 'n', 'k'}, port);
  raw.send(testing::packet("CRAFT", 4, {msg(4), msg(5), msg(6), msg(7)}), port);  // overlap: 7 new
  raw.send(testing::heartbeat("CRAFT", 10), port);                                // 8, 9 missing
  raw.send(testing::packet("OTHER", 1, {msg(1)}), port);
  raw.send(testing::end_of_session("CRAFT", 10), port);
  Checker check;
  std::vector<Message> none;
  check.expected = &none;
  const ReceiverStats got = rx.run(check);
  EXPECT_EQ(got.stop, StopReason::end_of_session);
  EXPECT_EQ(got.session_name, "CRAFT");
  EXPECT_EQ(got.datagrams, 7u);
  EXPECT_EQ(got.session.messages, 5u);  // 1 2 5 6 7
  EXPECT_EQ(got.session.gaps, 2u);
  EXPECT_EQ(got.session.missing_messages, 4u);
  EXPECT_EQ(got.session.duplicates, 3u);  // 4, 5, 6 of the overlapping packet
  EXPECT_EQ(got.session.malformed, 1u);
  EXPECT_EQ(got.session.heartbeats, 1u);
  EXPECT_EQ(got.session.foreign_packets, 1u);
  EXPECT_EQ(got.next_sequence, 10u);
  const std::string json = to_json(got);
  EXPECT_NE(json.find("\"session\":\"CRAFT\",\"stop\":\"end of session\""), std::string::npos)
      << json;
  EXPECT_NE(json.find("\"missing_messages\":4,"), std::string::npos) << json;
}

TEST(MoldUdp, SenderAnswersReRequestsWithTheOriginalBytes) {
  const Bytes feed = synthetic_feed(200);
  const auto expected = messages_of(feed.data(), feed.size());
  RawSocket listener;  // plays the listener by hand
  SenderOptions o = quiet_sender();
  o.skip_packet = [](std::uint64_t i) { return i == 1; };  // messages 37..72 never go out
  o.end_of_session_interval = 300ms;                       // time to ask
  UdpSender tx = open_sender(listener.port(), o);
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size()); });

  sockaddr_in server{};
  std::uint64_t expected_seq = 1;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> gaps;
  for (;;) {
    const Bytes d = listener.receive(3000ms, &server);
    ASSERT_FALSE(d.empty()) << "timed out";
    const ParseResult r = parse_packet(d.data(), d.size());
    ASSERT_TRUE(r.ok());
    if (r.packet.header.sequence > expected_seq) {
      gaps.emplace_back(expected_seq, r.packet.header.sequence - expected_seq);
    }
    expected_seq = r.packet.header.sequence + r.packet.header.message_count();
    if (r.packet.header.kind() == PacketKind::end_of_session) break;
  }
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], (std::pair<std::uint64_t, std::uint64_t>{37, 36}));

  // Ask the address the stream came from, as MoldUDP64 listeners do.
  Bytes request(kRequestLength);
  write_request(request, Request{make_session("STOCKPULSE"), 37, 36});
  listener.send(request, ntohs(server.sin_port));
  Bytes answer;
  for (int i = 0; i < 10; ++i) {  // skip any end-of-session repeats already on their way
    answer = listener.receive(2000ms);
    ASSERT_FALSE(answer.empty()) << "no answer";
    if (parse_packet(answer.data(), answer.size()).packet.header.message_count() > 0) break;
  }
  const ParseResult r = parse_packet(answer.data(), answer.size());
  ASSERT_TRUE(r.ok()) << describe(r);
  EXPECT_EQ(r.packet.header.sequence, 37u);
  EXPECT_EQ(r.packet.header.count, 36u);
  std::uint64_t seq = 37;
  for (Message m : r.packet.messages()) {
    const Message& want = expected[seq - 1];
    EXPECT_EQ(m.length, want.length);
    EXPECT_EQ(std::memcmp(m.data, want.data, m.length), 0) << seq;
    ++seq;
  }
  // And one it cannot answer (not sent yet): ignored, counted.
  write_request(request, Request{make_session("STOCKPULSE"), 5000, 1});
  listener.send(request, ntohs(server.sin_port));
  t.join();
  EXPECT_EQ(sent.requests, 1u);
  EXPECT_EQ(sent.retransmitted_messages, 36u);
  EXPECT_EQ(sent.rejected_requests, 1u);
}

TEST(MoldUdp, PacesByTimestampsAndSendsHeartbeatsWhileIdle) {
  // Three bursts of 10 messages, 300 ms of feed time apart; at 2x they are 150 ms apart.
  Bytes feed;
  const std::uint64_t t0 = 36'000'000'000'000;
  for (int burst = 0; burst < 3; ++burst) {
    for (int i = 0; i < 10; ++i) {
      testing::append_itch(feed, 'A', t0 + burst * 300'000'000ull + i * 1000, 36, 0);
    }
  }
  UdpReceiver rx = open_receiver(quiet_receiver());
  SenderOptions o = quiet_sender(Speed{2.0, false});
  o.heartbeat_interval = 40ms;
  UdpSender tx = open_sender(rx.local().port(), o);
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size()); });
  NullSessionHandler h;
  const ReceiverStats got = rx.run(h);
  t.join();
  EXPECT_EQ(got.session.messages, 30u);
  EXPECT_EQ(got.session.gaps, 0u);
  EXPECT_GE(sent.seconds, 0.29);  // 600 ms of feed at 2x
  EXPECT_LT(sent.seconds, 2.0);
  EXPECT_EQ(sent.packets, 3u);     // one packet per burst: due together, sent together
  EXPECT_GE(sent.heartbeats, 4u);  // ~3 per 150 ms pause
  EXPECT_EQ(got.session.heartbeats, sent.heartbeats);
}

TEST(MoldUdp, MaxSpeedCanBeCappedInPacketsPerSecond) {
  const Bytes feed = synthetic_feed(36 * 100);  // 100 full packets
  UdpReceiver rx = open_receiver(quiet_receiver());
  SenderOptions o = quiet_sender();
  o.max_packets_per_second = 1000;  // packet i leaves at i ms: the last at 99 ms
  UdpSender tx = open_sender(rx.local().port(), o);
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size()); });
  NullSessionHandler h;
  const ReceiverStats got = rx.run(h);
  t.join();
  EXPECT_EQ(sent.packets, 100u);
  EXPECT_GE(sent.seconds, 0.095);
  EXPECT_LT(sent.seconds, 2.0);
  EXPECT_EQ(got.session.messages, 3600u);
}

TEST(MoldUdp, WorksOverIpv6Loopback) {
  std::string error;
  auto rx = UdpReceiver::open(endpoint("[::1]:0"), quiet_receiver(), &error);
  if (!rx) GTEST_SKIP() << "no IPv6 loopback here: " << error;
  const Bytes feed = synthetic_feed(100);
  auto tx = UdpSender::open(endpoint("[::1]:" + std::to_string(rx->local().port())), quiet_sender(),
                            &error);
  ASSERT_TRUE(tx) << error;
  std::thread t([&] { tx->send_feed(feed.data(), feed.size()); });
  NullSessionHandler h;
  const ReceiverStats got = rx->run(h);
  t.join();
  EXPECT_EQ(got.session.messages, 100u);
  EXPECT_EQ(got.stop, StopReason::end_of_session);
}

TEST(MoldUdp, ReceiverTimesOutWhenNothingComes) {
  UdpReceiver rx = open_receiver(quiet_receiver(150ms));
  NullSessionHandler h;
  const auto start = Clock::now();
  const ReceiverStats got = rx.run(h);
  const auto took = Clock::now() - start;
  EXPECT_EQ(got.stop, StopReason::idle_timeout);
  EXPECT_EQ(got.datagrams, 0u);
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 2000ms);
}

TEST(MoldUdp, AStopRequestEndsBothSidesPromptly) {
  // An hour of feed at 1x: only a stop request ends this in time.
  Bytes feed = synthetic_feed(10, 34'200'000'000'000, 360'000'000'000);
  std::atomic<bool> stop_sender{false}, stop_receiver{false};
  ReceiverOptions ro = quiet_receiver(10000ms);
  ro.stop = &stop_receiver;
  UdpReceiver rx = open_receiver(ro);
  SenderOptions so = quiet_sender(Speed{1.0, false});
  so.stop = &stop_sender;
  UdpSender tx = open_sender(rx.local().port(), so);
  SenderStats sent;
  const auto start = Clock::now();
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size()); });
  std::thread stopper([&] {
    std::this_thread::sleep_for(150ms);
    stop_sender = true;
  });
  NullSessionHandler h;
  const ReceiverStats got = rx.run(h);  // ends at the sender's end of session
  t.join();
  stopper.join();
  EXPECT_LT(Clock::now() - start, 3000ms);
  EXPECT_TRUE(sent.stopped);
  EXPECT_EQ(sent.messages, 1u);  // only the first was due
  EXPECT_EQ(sent.end_of_session, 3u);
  EXPECT_EQ(got.stop, StopReason::end_of_session);
  EXPECT_EQ(got.session.messages, 1u);

  // And the receiver's own flag.
  UdpReceiver rx2 = open_receiver(ro);
  stop_receiver = true;
  EXPECT_EQ(rx2.run(h).stop, StopReason::stopped);
}

TEST(MoldUdp, OpenAndSendErrorsNameTheInput) {
  std::string error;
  EXPECT_FALSE(UdpSender::open(endpoint("127.0.0.1:0"), quiet_sender(), &error));
  EXPECT_EQ(error, "127.0.0.1:0: a destination needs a port other than 0");
  EXPECT_FALSE(UdpSender::open(endpoint(":9"), quiet_sender(), &error));
  EXPECT_EQ(error, "0.0.0.0:9: a destination needs an address, not 'any'");
  SenderOptions tiny = quiet_sender();
  tiny.max_payload = 10;
  EXPECT_FALSE(UdpSender::open(endpoint("127.0.0.1:9"), tiny, &error));

  SenderStats s = send_itch_file("/nonexistent/feed.itch", "127.0.0.1:9", quiet_sender());
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.error.rfind("/nonexistent/feed.itch: cannot open", 0), 0u) << s.error;
  EXPECT_NE(to_json(s).find("\"error\":\"/nonexistent/feed.itch: cannot open"), std::string::npos);

  // A feed with a bad frame: what came before it is sent, then end of session, and the error.
  UdpReceiver rx = open_receiver(quiet_receiver());
  UdpSender tx = open_sender(rx.local().port(), quiet_sender());
  Bytes feed = synthetic_feed(5);
  feed.insert(feed.end(), {0, 0, 'Z', 0});
  SenderStats sent;
  std::thread t([&] { sent = tx.send_feed(feed.data(), feed.size(), "bad.itch"); });
  NullSessionHandler h;
  const ReceiverStats got = rx.run(h);
  t.join();
  EXPECT_EQ(sent.error,
            "bad.itch: offset 190: zero length before an unknown message type; cannot "
            "find the next one");
  EXPECT_EQ(got.session.messages, 5u);
  EXPECT_EQ(got.stop, StopReason::end_of_session);

  ReceiverOptions no_batch = quiet_receiver();
  no_batch.batch = 0;
  EXPECT_FALSE(UdpReceiver::open(endpoint("127.0.0.1:0"), no_batch, &error));
  EXPECT_EQ(error, "127.0.0.1:0: the batch must be from 1 to 1024");
}

}  // namespace
}  // namespace sp::market::moldudp64
