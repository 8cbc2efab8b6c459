// MoldUDP64 downstream packets: parsing a datagram in place, and writing one into a buffer.
//
// Wire format (NASDAQ MoldUDP64 1.00; every integer big-endian):
//   header   Session          10 bytes   alphanumeric, names the session (the trading day's feed)
//            Sequence Number   8 bytes   sequence number of the packet's first message; for a
//                                        heartbeat or end-of-session packet, the next one expected
//            Message Count     2 bytes   0 = heartbeat, 0xFFFF = end of session, else data
//   blocks   Message Length    2 bytes   then that many bytes of message (0 is a legal length)
// A data packet holds exactly `count` blocks and nothing after them. Sequence numbers start at 1.
//
//   ParseResult r = parse_packet(data, size);
//   if (!r.ok()) ... r.error, r.offset (describe(r) says it in words); nothing was delivered
//   for (Message m : r.packet.messages()) use(m.data, m.length);   // r.packet.header.sequence + i
//
// parse_packet validates the whole datagram before anything is handed out, so a packet is used
// whole or not at all: one bad block never delivers the blocks before it with the rest missing.
// It never reads outside [data, data + size), copies nothing and allocates nothing; the Packet
// points into the caller's buffer and is valid as long as it is. Errors and their offsets
// (bytes from the start of the datagram):
//   short_header       fewer than 20 bytes                                    offset 0
//   sequence_overflow  sequence + count (the next sequence) overflows 64 bits offset 10
//   short_block        the datagram ends inside a block's 2-byte length       offset of that block
//   block_past_end     a block's length runs past the end of the datagram     offset of that block
//   missing_blocks     the datagram ends before `count` blocks                offset = size
//   trailing_bytes     bytes after the last of `count` blocks (or after the   offset of the first
//                      header of a heartbeat / end-of-session packet)         extra byte
//
// PacketWriter builds a data packet into a caller's buffer: add() messages until one does not fit
// (the buffer's size is the payload limit, kDefaultMaxPayload = 1400 bytes keeps a packet inside
// one Ethernet frame with room for IP/UDP/VLAN headers), then finish(). write_heartbeat and
// write_end_of_session write the 20-byte control packets.
//
// Thread safety: everything here is a pure function of its arguments (PacketWriter of its own).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sp::market::moldudp64 {

inline constexpr std::size_t kSessionLength = 10;
inline constexpr std::size_t kHeaderLength = 20;
inline constexpr std::size_t kBlockHeaderLength = 2;
inline constexpr std::uint16_t kHeartbeatCount = 0;
inline constexpr std::uint16_t kEndOfSessionCount = 0xFFFF;
inline constexpr std::uint16_t kMaxMessagesPerPacket = 0xFFFE;  // 0xFFFF means end of session
inline constexpr std::size_t kMaxMessageLength = 0xFFFF;
inline constexpr std::size_t kDefaultMaxPayload = 1400;
inline constexpr std::size_t kMaxUdpPayload = 65507;  // IPv4: 65535 - 20 (IP) - 8 (UDP)

// The 10 session bytes exactly as sent.
using SessionId = std::array<char, kSessionLength>;

// `text` left-justified and space-padded to 10 bytes (cut to 10 if longer).
SessionId make_session(std::string_view text);
// The session for printing: trailing spaces removed, bytes outside printable ASCII as \xNN.
std::string session_text(const SessionId& s);

enum class PacketKind : std::uint8_t { data, heartbeat, end_of_session };

struct PacketHeader {
  SessionId session{};
  std::uint64_t sequence = 0;  // of the first message; next expected for heartbeat / end
  std::uint16_t count = 0;     // message count field as sent

  PacketKind kind() const {
    return count == kHeartbeatCount      ? PacketKind::heartbeat
           : count == kEndOfSessionCount ? PacketKind::end_of_session
                                         : PacketKind::data;
  }
  // Messages the packet carries (0 for heartbeat and end of session).
  std::uint16_t message_count() const { return kind() == PacketKind::data ? count : 0; }
};

// One message block's payload, pointing into the datagram.
struct Message {
  const std::uint8_t* data = nullptr;
  std::uint16_t length = 0;
  std::span<const std::uint8_t> bytes() const { return {data, length}; }
};

// Walks validated message blocks. Only a Packet from a successful parse_packet hands these out.
class MessageIterator {
 public:
  using value_type = Message;
  using difference_type = std::ptrdiff_t;

  MessageIterator() = default;
  explicit MessageIterator(const std::uint8_t* p) : p_(p) {}

  Message operator*() const {
    return {p_ + kBlockHeaderLength, static_cast<std::uint16_t>((p_[0] << 8) | p_[1])};
  }
  MessageIterator& operator++() {
    p_ += kBlockHeaderLength + ((p_[0] << 8) | p_[1]);
    return *this;
  }
  MessageIterator operator++(int) {
    MessageIterator t = *this;
    ++*this;
    return t;
  }
  bool operator==(const MessageIterator&) const = default;

 private:
  const std::uint8_t* p_ = nullptr;
};

struct MessageRange {
  MessageIterator first, last;
  MessageIterator begin() const { return first; }
  MessageIterator end() const { return last; }
};

struct Packet {
  PacketHeader header;
  const std::uint8_t* blocks = nullptr;  // the first message block (just past the header)
  std::size_t blocks_size = 0;           // bytes of message blocks (all of them, validated)

  MessageRange messages() const {
    return {MessageIterator(blocks), MessageIterator(blocks + blocks_size)};
  }
};

enum class ParseError : std::uint8_t {
  none,
  short_header,
  sequence_overflow,
  short_block,
  block_past_end,
  missing_blocks,
  trailing_bytes,
};

std::string_view to_string(ParseError e);

struct ParseResult {
  Packet packet;  // meaningful only when ok()
  ParseError error = ParseError::none;
  std::size_t offset = 0;          // where the problem is (see the table above)
  std::size_t size = 0;            // the datagram's size
  std::uint32_t blocks_seen = 0;   // complete blocks before the problem
  std::uint16_t block_length = 0;  // block_past_end: the length the block claims
  bool ok() const { return error == ParseError::none; }
};

ParseResult parse_packet(const std::uint8_t* data, std::size_t size);

// "offset 47: message block 3 of 5 has length 200 but only 120 bytes remain (datagram of 167
// bytes)" and the like; "ok" for a good packet.
std::string describe(const ParseResult& r);

// Builds one data packet in `buffer` (whose size is the payload limit: at least kHeaderLength,
// at most kMaxUdpPayload is sensible). REQUIRES: buffer.size() >= kHeaderLength + 2.
class PacketWriter {
 public:
  PacketWriter(std::span<std::uint8_t> buffer, const SessionId& session,
               std::uint64_t first_sequence);

  // Appends `message` if it fits (and count < kMaxMessagesPerPacket, length <= 0xFFFF); false
  // and nothing written otherwise.
  bool add(std::span<const std::uint8_t> message);
  bool fits(std::size_t length) const {
    return count_ < kMaxMessagesPerPacket && length <= kMaxMessageLength &&
           size_ + kBlockHeaderLength + length <= buffer_.size();
  }
  std::uint16_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::uint64_t first_sequence() const { return first_; }
  std::uint64_t next_sequence() const { return first_ + count_; }
  std::size_t size() const { return size_; }

  // Stamps the message count and returns the packet's bytes. An empty packet would read as a
  // heartbeat: do not send one as data.
  std::span<const std::uint8_t> finish();

 private:
  std::span<std::uint8_t> buffer_;
  std::uint64_t first_;
  std::size_t size_ = kHeaderLength;
  std::uint16_t count_ = 0;
};

// 20-byte control packets. REQUIRES: out.size() >= kHeaderLength. Return kHeaderLength.
std::size_t write_heartbeat(std::span<std::uint8_t> out, const SessionId& session,
                            std::uint64_t next_sequence);
std::size_t write_end_of_session(std::span<std::uint8_t> out, const SessionId& session,
                                 std::uint64_t next_sequence);
// The header alone (any count). REQUIRES: out.size() >= kHeaderLength.
void write_header(std::span<std::uint8_t> out, const PacketHeader& h);

}  // namespace sp::market::moldudp64
