// MoldUDP64 packets and requests: parsing, every malformed class with its offset, writing and
// reading back; and the small pieces the sender is made of (framed source, retransmit buffer,
// endpoints, speeds).
#include <gtest/gtest.h>

#include <vector>

#include "market/itch/messages.h"
#include "market/moldudp64/endpoint.h"
#include "market/moldudp64/framed_source.h"
#include "market/moldudp64/packet.h"
#include "market/moldudp64/progress_line.h"
#include "market/moldudp64/request.h"
#include "market/moldudp64/retransmit_buffer.h"
#include "market/moldudp64/udp_sender.h"
#include "market/moldudp64_test_packets.h"

namespace sp::market::moldudp64 {
namespace {

using testing::Bytes;
using testing::msg;

std::vector<Bytes> messages_of(const Packet& p) {
  std::vector<Bytes> out;
  for (Message m : p.messages()) out.emplace_back(m.data, m.data + m.length);
  return out;
}

ParseResult parse(const Bytes& b) {
  return parse_packet(b.data(), b.size());
}

TEST(MoldPacket, ParsesADataPacket) {
  const std::vector<Bytes> msgs = {msg(7, 5), msg(8, 36), Bytes{}, msg(10, 1)};
  const Bytes b = testing::packet("SESSION01", 7, msgs);
  const ParseResult r = parse(b);
  ASSERT_TRUE(r.ok()) << describe(r);
  EXPECT_EQ(session_text(r.packet.header.session), "SESSION01");
  EXPECT_EQ(r.packet.header.sequence, 7u);
  EXPECT_EQ(r.packet.header.count, 4u);
  EXPECT_EQ(r.packet.header.kind(), PacketKind::data);
  EXPECT_EQ(r.packet.header.message_count(), 4u);
  EXPECT_EQ(messages_of(r.packet), msgs);     // a zero-length message is a message
  EXPECT_EQ(r.packet.blocks, b.data() + 20);  // in place, nothing copied
}

TEST(MoldPacket, ParsesHeartbeatAndEndOfSession) {
  const Bytes hb = testing::heartbeat("S", 42);
  ParseResult r = parse(hb);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.packet.header.kind(), PacketKind::heartbeat);
  EXPECT_EQ(r.packet.header.sequence, 42u);
  EXPECT_EQ(r.packet.header.message_count(), 0u);
  EXPECT_TRUE(messages_of(r.packet).empty());

  const Bytes eos = testing::end_of_session("S", 43);
  r = parse(eos);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.packet.header.kind(), PacketKind::end_of_session);
  EXPECT_EQ(r.packet.header.count, 0xFFFFu);
  EXPECT_EQ(r.packet.header.message_count(), 0u);
  EXPECT_TRUE(messages_of(r.packet).empty());
}

struct Malformed {
  const char* name;
  Bytes datagram;
  ParseError error;
  std::size_t offset;
};

TEST(MoldPacket, RejectsEveryMalformedClassWithItsOffset) {
  const Bytes good = testing::packet("S", 1, {msg(1, 4), msg(2, 6)});  // 20 + 6 + 8 = 34 bytes
  ASSERT_EQ(good.size(), 34u);
  std::vector<Malformed> cases;
  cases.push_back({"empty", {}, ParseError::short_header, 0});
  cases.push_back(
      {"19 bytes", Bytes(good.begin(), good.begin() + 19), ParseError::short_header, 0});
  cases.push_back(
      {"no blocks", Bytes(good.begin(), good.begin() + 20), ParseError::missing_blocks, 20});
  cases.push_back({"1 byte of a block length", Bytes(good.begin(), good.begin() + 21),
                   ParseError::short_block, 20});
  cases.push_back(
      {"first block cut", Bytes(good.begin(), good.begin() + 25), ParseError::block_past_end, 20});
  cases.push_back(
      {"one block of two", Bytes(good.begin(), good.begin() + 26), ParseError::missing_blocks, 26});
  cases.push_back({"second block length cut", Bytes(good.begin(), good.begin() + 27),
                   ParseError::short_block, 26});
  cases.push_back(
      {"second block cut", Bytes(good.begin(), good.begin() + 33), ParseError::block_past_end, 26});
  Bytes extra = good;
  extra.push_back(0);
  cases.push_back({"a byte after the blocks", extra, ParseError::trailing_bytes, 34});
  cases.push_back({"count 3, two blocks", testing::packet("S", 1, {msg(1, 4), msg(2, 6)}, 3),
                   ParseError::missing_blocks, 34});
  cases.push_back({"count 1, two blocks", testing::packet("S", 1, {msg(1, 4), msg(2, 6)}, 1),
                   ParseError::trailing_bytes, 26});
  Bytes hb = testing::heartbeat("S", 5);
  hb.push_back(1);
  cases.push_back({"heartbeat with a body", hb, ParseError::trailing_bytes, 20});
  Bytes eos = testing::end_of_session("S", 5);
  eos.insert(eos.end(), {0, 0});
  cases.push_back({"end of session with a body", eos, ParseError::trailing_bytes, 20});
  Bytes huge = testing::packet("S", 1, {msg(1, 4)});
  huge[20] = 0xFF;  // block length 0xFF04
  cases.push_back({"block length 65284", huge, ParseError::block_past_end, 20});
  cases.push_back({"sequence overflow", testing::packet("S", UINT64_MAX - 1, {msg(1), msg(2)}),
                   ParseError::sequence_overflow, 10});

  for (const Malformed& c : cases) {
    const ParseResult r = parse(c.datagram);
    EXPECT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error, c.error) << c.name << ": " << describe(r);
    EXPECT_EQ(r.offset, c.offset) << c.name << ": " << describe(r);
    EXPECT_NE(describe(r).find("offset " + std::to_string(c.offset)), std::string::npos)
        << describe(r);
  }
  // The largest sequence that still leaves room for "next".
  EXPECT_TRUE(parse(testing::packet("S", UINT64_MAX - 2, {msg(1), msg(2)})).ok());
  EXPECT_TRUE(parse(testing::heartbeat("S", UINT64_MAX)).ok());
}

TEST(MoldPacket, DescribesProblemsInWords) {
  Bytes b = testing::packet("S", 1, {msg(1, 10)});
  b.resize(27);
  const ParseResult r = parse(b);
  EXPECT_EQ(describe(r),
            "offset 20: message block 1 of 1 has length 10 but only 5 bytes remain (datagram of 27 "
            "bytes)");
  EXPECT_EQ(describe(parse(Bytes(5))),
            "offset 0: datagram of 5 bytes is shorter than the 20-byte header");
}

TEST(MoldPacket, NeverReadsPastTheEndOfEveryPrefix) {
  // Every prefix of a valid packet is either that packet or rejected; under ASan a read past the
  // datagram (each prefix is its own heap copy) would be caught.
  const Bytes good = testing::packet("S", 9, {msg(9, 3), Bytes{}, msg(11, 40), msg(12, 2)});
  for (std::size_t n = 0; n <= good.size(); ++n) {
    const Bytes prefix(good.begin(), good.begin() + n);
    const ParseResult r = parse_packet(prefix.data(), prefix.size());
    EXPECT_EQ(r.ok(), n == good.size()) << n;
  }
}

TEST(MoldPacket, WriterRoundTripsAndFillsToTheLimit) {
  std::vector<std::uint8_t> buf(100);
  PacketWriter w(buf, make_session("ABC"), 1000);
  EXPECT_TRUE(w.empty());
  std::vector<Bytes> sent;
  // 20 header + 4 x (2 + 18) = 100: four fit exactly, the fifth does not.
  for (int i = 0; i < 5; ++i) {
    const Bytes m = msg(1000 + i, 18);
    if (w.add(m)) sent.push_back(m);
  }
  EXPECT_EQ(w.count(), 4u);
  EXPECT_EQ(w.next_sequence(), 1004u);
  EXPECT_FALSE(w.fits(0));
  const auto bytes = w.finish();
  EXPECT_EQ(bytes.size(), 100u);
  EXPECT_EQ(Bytes(bytes.begin(), bytes.end()), testing::packet("ABC", 1000, sent));
  const ParseResult r = parse_packet(bytes.data(), bytes.size());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(messages_of(r.packet), sent);
}

TEST(MoldPacket, WriterRefusesWhatCannotBeFramed) {
  std::vector<std::uint8_t> buf(70000);
  PacketWriter w(buf, make_session("S"), 1);
  EXPECT_FALSE(w.add(Bytes(65536)));  // longer than a 2-byte length can say
  EXPECT_TRUE(w.add(Bytes(65535)));
  EXPECT_EQ(w.count(), 1u);

  std::vector<std::uint8_t> big(kHeaderLength + 2 * 0xFFFF);
  PacketWriter zeros(big, make_session("S"), 1);
  std::size_t added = 0;
  while (zeros.add({})) ++added;
  EXPECT_EQ(added, kMaxMessagesPerPacket);  // 0xFFFF would read as end of session
}

TEST(MoldPacket, ControlPacketsMatchTheWireFormat) {
  std::uint8_t buf[20];
  EXPECT_EQ(write_heartbeat(buf, make_session("HB"), 77), 20u);
  EXPECT_EQ(Bytes(buf, buf + 20), testing::heartbeat("HB", 77));
  EXPECT_EQ(write_end_of_session(buf, make_session("HB"), 78), 20u);
  EXPECT_EQ(Bytes(buf, buf + 20), testing::end_of_session("HB", 78));
}

TEST(MoldPacket, SessionNamesArePaddedAndPrintable) {
  EXPECT_EQ(session_text(make_session("20101224")), "20101224");
  EXPECT_EQ(session_text(make_session("ABCDEFGHIJKLMN")), "ABCDEFGHIJ");
  SessionId odd = make_session("A");
  odd[1] = '\x01';
  odd[2] = '\\';
  EXPECT_EQ(session_text(odd), "A\\x01\\x5C");
}

TEST(MoldRequest, RoundTripsAndRejectsOtherSizes) {
  std::uint8_t buf[kRequestLength];
  const Request r{make_session("RQ"), 123456789012345ull, 300};
  EXPECT_EQ(write_request(buf, r), 20u);
  Bytes expected = testing::header("RQ", 123456789012345ull, 300);
  EXPECT_EQ(Bytes(buf, buf + 20), expected);
  EXPECT_EQ(parse_request(buf, 20), r);
  EXPECT_FALSE(parse_request(buf, 19));
  Bytes longer(expected);
  longer.push_back(0);
  EXPECT_FALSE(parse_request(longer.data(), longer.size()));
}

TEST(MoldRetransmitBuffer, AnswersInsideItsWindowOnly) {
  std::vector<Bytes> store;
  for (int i = 0; i < 20; ++i) store.push_back(msg(100 + i, 10));
  RetransmitBuffer rb(10);  // rounded up to 16
  for (int i = 0; i < 20; ++i) rb.record(100 + i, Message{store[i].data(), 10});
  EXPECT_EQ(rb.oldest(), 104u);
  EXPECT_EQ(rb.next(), 120u);
  const SessionId s = make_session("S");

  std::vector<std::uint8_t> buf(1400);
  auto ask = [&](std::uint64_t seq, std::uint16_t count, const SessionId& session) {
    PacketWriter w(buf, s, seq);
    const std::uint16_t n = rb.fill(w, Request{session, seq, count}, s);
    std::vector<Bytes> got;
    if (n) {
      const auto bytes = w.finish();
      const ParseResult r = parse_packet(bytes.data(), bytes.size());
      EXPECT_TRUE(r.ok());
      EXPECT_EQ(r.packet.header.sequence, seq);
      got = messages_of(r.packet);
    }
    return got;
  };
  EXPECT_EQ(ask(110, 3, s), (std::vector<Bytes>{store[10], store[11], store[12]}));
  EXPECT_EQ(ask(118, 10, s).size(), 2u);  // only what has been sent
  EXPECT_TRUE(ask(103, 1, s).empty());    // forgotten
  EXPECT_TRUE(ask(120, 1, s).empty());    // not sent yet
  EXPECT_TRUE(ask(110, 0, s).empty());
  EXPECT_TRUE(ask(110, 0xFFFF, s).empty());
  EXPECT_TRUE(ask(110, 1, make_session("OTHER")).empty());

  std::vector<std::uint8_t> small(20 + 2 * 12);  // room for two 10-byte messages
  PacketWriter w(small, s, 105);
  EXPECT_EQ(rb.fill(w, Request{s, 105, 5}, s), 2u);
}

TEST(MoldFramedSource, WalksFramesWithTrueLengths) {
  Bytes feed;
  testing::append_itch(feed, 'S', 1000, 12, 'x');
  // A zero length prefix: the spec length of 'A' (36).
  Bytes zero;
  testing::append_itch(zero, 'A', 2000, 36, 'y');
  zero[0] = zero[1] = 0;
  feed.insert(feed.end(), zero.begin(), zero.end());
  testing::append_itch(feed, 'Z', 3000, 15, 'z');  // unknown type, real length: forwarded
  FramedSource src(feed.data(), feed.size());
  Message m;
  ASSERT_TRUE(src.next(m));
  EXPECT_EQ(m.length, 12u);
  EXPECT_EQ(itch_timestamp(m), 1000u);
  ASSERT_TRUE(src.next(m));
  EXPECT_EQ(m.length, 36u);
  EXPECT_EQ(m.data[0], 'A');
  EXPECT_EQ(itch_timestamp(m), 2000u);
  ASSERT_TRUE(src.next(m));
  EXPECT_EQ(m.length, 15u);
  EXPECT_FALSE(src.next(m));
  EXPECT_EQ(src.error(), "");
  EXPECT_EQ(src.count(), 3u);
  EXPECT_EQ(src.position(), feed.size());
}

TEST(MoldFramedSource, StopsWithTheOffsetOfABadFrame) {
  Bytes feed;
  testing::append_itch(feed, 'S', 1, 12, 'x');
  Bytes bad = {0, 0, 'Z', 1, 2, 3};  // zero length before an unknown type
  feed.insert(feed.end(), bad.begin(), bad.end());
  FramedSource src(feed.data(), feed.size());
  Message m;
  EXPECT_TRUE(src.next(m));
  EXPECT_FALSE(src.next(m));
  EXPECT_EQ(src.error().rfind("offset 14: zero length", 0), 0u) << src.error();

  Bytes cut;
  testing::append_itch(cut, 'S', 1, 12, 'x');
  cut.resize(10);
  FramedSource src2(cut.data(), cut.size());
  EXPECT_FALSE(src2.next(m));
  EXPECT_EQ(src2.error(), "offset 0: the feed ends inside a message");

  const Bytes one = {0};
  FramedSource src3(one.data(), one.size());
  EXPECT_FALSE(src3.next(m));
  EXPECT_EQ(src3.error(), "offset 0: the feed ends inside a length prefix");
  EXPECT_FALSE(itch_timestamp(Message{one.data(), 1}));
}

TEST(MoldEndpoint, ResolvesTheAcceptedForms) {
  std::string error;
  auto e = resolve_endpoint("127.0.0.1:26400", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->text(), "127.0.0.1:26400");
  EXPECT_EQ(e->port(), 26400);
  EXPECT_FALSE(e->is_multicast());
  e = resolve_endpoint(":9000", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_TRUE(e->is_wildcard());
  EXPECT_EQ(e->text(), "0.0.0.0:9000");
  e = resolve_endpoint("[::1]:0", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->text(), "[::1]:0");
  e = resolve_endpoint("233.54.12.1:26400", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_TRUE(e->is_multicast());
  e = resolve_endpoint("localhost:1", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->text(), "127.0.0.1:1");
}

TEST(MoldEndpoint, RejectsBadTextNamingIt) {
  std::string error;
  for (const char* bad :
       {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:12a", "::1:80", "[::1]80"}) {
    error.clear();
    EXPECT_FALSE(resolve_endpoint(bad, &error)) << bad;
    EXPECT_EQ(error.rfind(std::string("'") + bad + "'", 0), 0u) << error;
  }
}

TEST(MoldSpeed, ParsesMultipliersAndMax) {
  std::string error;
  EXPECT_EQ(parse_speed("1x", &error)->factor, 1.0);
  EXPECT_EQ(parse_speed("10x", &error)->factor, 10.0);
  EXPECT_EQ(parse_speed("0.5X", &error)->factor, 0.5);
  EXPECT_TRUE(parse_speed("max", &error)->max);
  EXPECT_TRUE(parse_speed("MAX", &error)->max);
  for (const char* bad : {"", "x", "10", "0x", "-1x", "fast", "1e9x", "nanx", "10xx"}) {
    EXPECT_FALSE(parse_speed(bad, &error)) << bad;
  }
  EXPECT_NE(error.find("expected a speed like 1x"), std::string::npos);
  EXPECT_EQ(to_string(Speed{10, false}), "10x");
  EXPECT_EQ(to_string(Speed{1, true}), "max");
}

TEST(MoldProgress, FormatsNumbersForPeople) {
  EXPECT_EQ(with_commas(0), "0");
  EXPECT_EQ(with_commas(999), "999");
  EXPECT_EQ(with_commas(12012), "12,012");
  EXPECT_EQ(with_commas(1234567), "1,234,567");
  EXPECT_EQ(short_number(950), "950");
  EXPECT_EQ(short_number(35000), "35.0k");
  EXPECT_EQ(short_number(1.25e6), "1.2M");
  ProgressLine off(false);
  EXPECT_FALSE(off.due());
}

}  // namespace
}  // namespace sp::market::moldudp64
