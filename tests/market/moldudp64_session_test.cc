// The MoldUDP64 listener's state machine: in order, gaps, duplicates, overlaps, heartbeats, end of
// session, other sessions, malformed datagrams; and the ITCH bridge that decodes its messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "market/itch/encoder.h"
#include "market/moldudp64/itch_session_handler.h"
#include "market/moldudp64/session.h"
#include "market/moldudp64_test_packets.h"

namespace sp::market::moldudp64 {
namespace {

using testing::Bytes;
using testing::msg;

// Records everything the session reports, as text, in order.
struct Recorder : NullSessionHandler {
  std::vector<std::string> events;
  std::vector<std::uint64_t> delivered;

  void on_message(std::uint64_t seq, const std::uint8_t* data, std::size_t len) {
    // Each test message says which sequence it was sent as: check it arrives as that one.
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(data), len)
                  .substr(0, 1 + std::to_string(seq).size()),
              "m" + std::to_string(seq));
    delivered.push_back(seq);
  }
  void on_gap(std::uint64_t first, std::uint64_t count) {
    events.push_back("gap " + std::to_string(first) + "+" + std::to_string(count));
  }
  void on_session(const SessionId& s, std::uint64_t first) {
    events.push_back("session " + session_text(s) + " from " + std::to_string(first));
  }
  void on_foreign_session(const SessionId& current, const SessionId& other) {
    events.push_back("foreign " + session_text(other) + " in " + session_text(current));
  }
  void on_end_of_session(std::uint64_t next) { events.push_back("end " + std::to_string(next)); }
  void on_malformed(const ParseResult& r) { events.push_back("malformed " + describe(r)); }
};

std::vector<Bytes> msgs(std::uint64_t first, std::uint64_t n) {
  std::vector<Bytes> out;
  for (std::uint64_t i = 0; i < n; ++i) out.push_back(msg(first + i));
  return out;
}

std::vector<std::uint64_t> seqs(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

struct Feed {
  Session session;
  Recorder rec;
  explicit Feed(SessionOptions o = {}) : session(o) {}
  PacketOutcome operator()(const Bytes& b) { return session.on_datagram(b.data(), b.size(), rec); }
};

TEST(MoldSession, DeliversInOrderPackets) {
  Feed f;
  EXPECT_EQ(f(testing::packet("DAY1", 1, msgs(1, 3))), PacketOutcome::delivered);
  EXPECT_EQ(f(testing::packet("DAY1", 4, msgs(4, 2))), PacketOutcome::delivered);
  EXPECT_EQ(f.rec.delivered, seqs(1, 5));
  EXPECT_EQ(f.rec.events, (std::vector<std::string>{"session DAY1 from 1"}));
  EXPECT_EQ(f.session.next_sequence(), 6u);
  EXPECT_EQ(session_text(f.session.session()), "DAY1");
  const SessionStats& s = f.session.stats();
  EXPECT_EQ(s.packets, 2u);
  EXPECT_EQ(s.data_packets, 2u);
  EXPECT_EQ(s.messages, 5u);
  EXPECT_EQ(s.gaps + s.duplicates + s.malformed + s.heartbeats, 0u);
}

TEST(MoldSession, ReportsAGapAndCarriesOn) {
  Feed f;
  f(testing::packet("D", 1, msgs(1, 2)));
  EXPECT_EQ(f(testing::packet("D", 6, msgs(6, 2))), PacketOutcome::delivered);
  EXPECT_EQ(f.rec.delivered, (std::vector<std::uint64_t>{1, 2, 6, 7}));
  EXPECT_EQ(f.rec.events, (std::vector<std::string>{"session D from 1", "gap 3+3"}));
  EXPECT_EQ(f.session.stats().gaps, 1u);
  EXPECT_EQ(f.session.stats().missing_messages, 3u);
  EXPECT_EQ(f.session.next_sequence(), 8u);
  // The lost packet arriving late is a duplicate now: never delivered out of order.
  EXPECT_EQ(f(testing::packet("D", 3, msgs(3, 3))), PacketOutcome::duplicate);
  EXPECT_EQ(f.rec.delivered.size(), 4u);
  EXPECT_EQ(f.session.stats().duplicates, 3u);
}

TEST(MoldSession, AFirstPacketAfterOneIsAGapUnlessJoiningLate) {
  Feed strict;
  strict(testing::packet("D", 100, msgs(100, 1)));
  EXPECT_EQ(strict.rec.events, (std::vector<std::string>{"session D from 1", "gap 1+99"}));

  Feed late(SessionOptions{std::nullopt});
  late(testing::packet("D", 100, msgs(100, 1)));
  EXPECT_EQ(late.rec.events, (std::vector<std::string>{"session D from 100"}));
  EXPECT_EQ(late.rec.delivered, (std::vector<std::uint64_t>{100}));
  EXPECT_EQ(late.session.stats().gaps, 0u);
}

TEST(MoldSession, SkipsDuplicatePackets) {
  Feed f;
  const Bytes p = testing::packet("D", 1, msgs(1, 4));
  f(p);
  EXPECT_EQ(f(p), PacketOutcome::duplicate);
  EXPECT_EQ(f(testing::packet("D", 2, msgs(2, 1))), PacketOutcome::duplicate);
  EXPECT_EQ(f.rec.delivered, seqs(1, 4));
  EXPECT_EQ(f.session.stats().duplicates, 5u);
  EXPECT_EQ(f.session.stats().duplicate_packets, 2u);
  EXPECT_EQ(f.session.stats().messages, 4u);
}

TEST(MoldSession, DeliversOnlyTheNewPartOfAnOverlap) {
  Feed f;
  f(testing::packet("D", 1, msgs(1, 4)));
  EXPECT_EQ(f(testing::packet("D", 3, msgs(3, 5))), PacketOutcome::partial);
  EXPECT_EQ(f.rec.delivered, seqs(1, 7));
  EXPECT_EQ(f.session.stats().duplicates, 2u);
  EXPECT_EQ(f.session.stats().duplicate_packets, 0u);
  EXPECT_EQ(f.session.stats().messages, 7u);
  EXPECT_EQ(f.session.next_sequence(), 8u);
}

TEST(MoldSession, HeartbeatsKeepTimeAndRevealGaps) {
  Feed f;
  f(testing::packet("D", 1, msgs(1, 2)));
  EXPECT_EQ(f(testing::heartbeat("D", 3)), PacketOutcome::heartbeat);  // nothing missed
  EXPECT_EQ(f(testing::heartbeat("D", 2)), PacketOutcome::heartbeat);  // an old one: harmless
  EXPECT_EQ(f.session.stats().gaps, 0u);
  EXPECT_EQ(f(testing::heartbeat("D", 5)), PacketOutcome::heartbeat);  // 3 and 4 went missing
  EXPECT_EQ(f.rec.events.back(), "gap 3+2");
  EXPECT_EQ(f.session.next_sequence(), 5u);
  EXPECT_EQ(f(testing::packet("D", 5, msgs(5, 1))), PacketOutcome::delivered);
  EXPECT_EQ(f.session.stats().heartbeats, 3u);
  EXPECT_EQ(f.session.stats().missing_messages, 2u);
  EXPECT_EQ(f.rec.delivered, (std::vector<std::uint64_t>{1, 2, 5}));
}

TEST(MoldSession, EndOfSessionIsReportedOnceAndRevealsATrailingGap) {
  Feed f;
  f(testing::packet("D", 1, msgs(1, 2)));
  EXPECT_FALSE(f.session.ended());
  EXPECT_EQ(f(testing::end_of_session("D", 4)), PacketOutcome::end_of_session);
  EXPECT_TRUE(f.session.ended());
  EXPECT_EQ(f(testing::end_of_session("D", 4)), PacketOutcome::end_of_session);
  EXPECT_EQ(f(testing::end_of_session("D", 4)), PacketOutcome::end_of_session);
  EXPECT_EQ(f.rec.events, (std::vector<std::string>{"session D from 1", "gap 3+1", "end 4"}));
  EXPECT_EQ(f.session.stats().end_of_session, 3u);
}

TEST(MoldSession, DropsAnotherSessionAndReportsItOncePerRun) {
  Feed f;
  f(testing::packet("DAY1", 1, msgs(1, 1)));
  EXPECT_EQ(f(testing::packet("DAY2", 1, msgs(1, 1))), PacketOutcome::foreign_session);
  EXPECT_EQ(f(testing::heartbeat("DAY2", 2)), PacketOutcome::foreign_session);
  f(testing::packet("DAY1", 2, msgs(2, 1)));
  EXPECT_EQ(f(testing::packet("DAY2", 2, msgs(2, 1))), PacketOutcome::foreign_session);
  EXPECT_EQ(f.rec.events, (std::vector<std::string>{"session DAY1 from 1", "foreign DAY2 in DAY1",
                                                    "foreign DAY2 in DAY1"}));
  EXPECT_EQ(f.rec.delivered, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(f.session.stats().foreign_packets, 3u);
  EXPECT_EQ(f.session.stats().packets, 2u);
  EXPECT_EQ(session_text(f.session.session()), "DAY1");
}

TEST(MoldSession, ANewSessionStartsAfterTheEndOfTheOld) {
  Feed f;
  f(testing::packet("DAY1", 1, msgs(1, 3)));
  f(testing::end_of_session("DAY1", 4));
  EXPECT_EQ(f(testing::packet("DAY2", 1, msgs(1, 2))), PacketOutcome::delivered);
  EXPECT_FALSE(f.session.ended());
  EXPECT_EQ(session_text(f.session.session()), "DAY2");
  EXPECT_EQ(f.session.next_sequence(), 3u);
  EXPECT_EQ(f.rec.events,
            (std::vector<std::string>{"session DAY1 from 1", "end 4", "session DAY2 from 1"}));
  EXPECT_EQ(f.rec.delivered, (std::vector<std::uint64_t>{1, 2, 3, 1, 2}));
  EXPECT_EQ(f.session.stats().session_changes, 1u);
}

TEST(MoldSession, MalformedDatagramsChangeNothing) {
  Feed f;
  f(testing::packet("D", 1, msgs(1, 2)));
  Bytes bad = testing::packet("D", 3, msgs(3, 2));
  bad.pop_back();
  EXPECT_EQ(f(bad), PacketOutcome::malformed);
  EXPECT_EQ(f(Bytes{1, 2, 3}), PacketOutcome::malformed);
  EXPECT_EQ(f.session.next_sequence(), 3u);
  EXPECT_EQ(f.rec.delivered, seqs(1, 2));  // not even the first, complete, block of the bad one
  EXPECT_EQ(f.session.stats().malformed, 2u);
  ASSERT_EQ(f.rec.events.size(), 3u);
  EXPECT_EQ(f.rec.events[1].rfind("malformed offset 30: message block 2 of 2", 0), 0u)
      << f.rec.events[1];
  // A malformed first datagram does not even set the session.
  Feed g;
  g(Bytes(5));
  EXPECT_FALSE(g.session.started());
}

TEST(MoldSession, SurvivesExtremeSequenceNumbers) {
  Feed f;
  f(testing::packet("D", UINT64_MAX - 3, {msg(UINT64_MAX - 3), msg(UINT64_MAX - 2)}));
  EXPECT_EQ(f.session.next_sequence(), UINT64_MAX - 1);
  EXPECT_EQ(f.session.stats().missing_messages, UINT64_MAX - 4);
  f(testing::heartbeat("D", UINT64_MAX));
  EXPECT_EQ(f.session.next_sequence(), UINT64_MAX);
  EXPECT_EQ(f(testing::packet("D", 0, {msg(0)})), PacketOutcome::duplicate);
}

// ---- ITCH over the session ------------------------------------------------------------------

struct Adds : itch::NullHandler {
  using NullHandler::on;
  std::vector<std::uint64_t> refs;
  void on(const itch::AddOrder& m) { refs.push_back(m.order_reference_number); }
};

Bytes encoded_add(std::uint64_t ref) {
  itch::AddOrder a;
  a.timestamp_ns = 1;
  a.order_reference_number = ref;
  a.buy_sell_indicator = 'B';
  a.shares = 100;
  a.stock = itch::make_stock("AAPL");
  a.price = 1234500;
  Bytes b(itch::AddOrder::kLength);
  itch::encode(a, b.data());
  return b;
}

TEST(MoldItchBridge, DecodesDeliveredMessagesAndCountsProblems) {
  Adds adds;
  itch::FeedStats feed;
  ItchSessionHandler<Adds> h(adds, feed);
  Session s;
  Bytes bad_side = encoded_add(3);
  bad_side[19] = 'Q';  // buy/sell indicator
  Bytes longer = encoded_add(5);
  longer.push_back(0);
  Bytes shorter = encoded_add(4);
  shorter.resize(20);
  const Bytes p = testing::packet(
      "D", 1, {encoded_add(1), encoded_add(2), bad_side, Bytes{'Z', 1, 2}, shorter, longer});
  EXPECT_EQ(s.on_datagram(p.data(), p.size(), h), PacketOutcome::delivered);
  EXPECT_EQ(adds.refs, (std::vector<std::uint64_t>{1, 2, 5}));
  EXPECT_EQ(feed.messages, 3u);
  EXPECT_EQ(feed.count('A'), 3u);
  EXPECT_EQ(feed.unknown, 1u);
  EXPECT_EQ(feed.malformed, 2u);
  EXPECT_EQ(feed.oversized, 1u);
  ASSERT_EQ(feed.error_count, 3u);
  EXPECT_EQ(feed.errors[0].offset, 3u);  // sequence numbers, not bytes
  EXPECT_EQ(feed.errors[0].kind, itch::FeedErrorKind::invalid_field);
  EXPECT_EQ(feed.errors[1].offset, 5u);
  EXPECT_EQ(feed.errors[1].kind, itch::FeedErrorKind::short_length);
  EXPECT_EQ(feed.errors[2].offset, 6u);
  EXPECT_EQ(feed.errors[2].kind, itch::FeedErrorKind::long_length);
}

}  // namespace
}  // namespace sp::market::moldudp64
