#include "market/moldudp64/packet.h"

#include <cstdio>
#include <cstring>

#include "market/itch/big_endian.h"

namespace sp::market::moldudp64 {

using itch::load_be16;
using itch::load_be64;
using itch::store_be16;
using itch::store_be64;

SessionId make_session(std::string_view text) {
  SessionId s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = i < text.size() ? text[i] : ' ';
  return s;
}

std::string session_text(const SessionId& s) {
  std::size_t n = s.size();
  while (n > 0 && s[n - 1] == ' ') --n;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::none:
      return "ok";
    case ParseError::short_header:
      return "short header";
    case ParseError::sequence_overflow:
      return "sequence overflow";
    case ParseError::short_block:
      return "short block header";
    case ParseError::block_past_end:
      return "block past end";
    case ParseError::missing_blocks:
      return "missing blocks";
    case ParseError::trailing_bytes:
      return "trailing bytes";
  }
  return "?";
}

ParseResult parse_packet(const std::uint8_t* data, std::size_t size) {
  ParseResult r;
  r.size = size;
  auto fail = [&](ParseError e, std::size_t offset) {
    r.error = e;
    r.offset = offset;
    return r;
  };
  if (size < kHeaderLength) return fail(ParseError::short_header, 0);

  PacketHeader& h = r.packet.header;
  std::memcpy(h.session.data(), data, kSessionLength);
  h.sequence = load_be64(data + 10);
  h.count = load_be16(data + 18);
  r.packet.blocks = data + kHeaderLength;

  const std::uint16_t n = h.message_count();
  // The sequence after the last message, sequence + n, must be representable: it is what a
  // listener expects next.
  if (h.sequence > UINT64_MAX - n) return fail(ParseError::sequence_overflow, 10);

  std::size_t pos = kHeaderLength;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::size_t left = size - pos;
    if (left == 0) return fail(ParseError::missing_blocks, size);
    if (left < kBlockHeaderLength) return fail(ParseError::short_block, pos);
    const std::size_t len = load_be16(data + pos);
    if (len > left - kBlockHeaderLength) {
      r.block_length = static_cast<std::uint16_t>(len);
      return fail(ParseError::block_past_end, pos);
    }
    pos += kBlockHeaderLength + len;
    r.blocks_seen = i + 1;
  }
  if (pos != size) return fail(ParseError::trailing_bytes, pos);
  r.packet.blocks_size = pos - kHeaderLength;
  return r;
}

std::string describe(const ParseResult& r) {
  if (r.ok()) return "ok";
  const unsigned long long size = r.size;
  const unsigned long long off = r.offset;
  const PacketHeader& h = r.packet.header;
  char buf[256];
  switch (r.error) {
    case ParseError::none:
      return "ok";
    case ParseError::short_header:
      std::snprintf(buf, sizeof buf,
                    "offset 0: datagram of %llu bytes is shorter than the %zu-byte header", size,
                    kHeaderLength);
      break;
    case ParseError::sequence_overflow:
      std::snprintf(buf, sizeof buf,
                    "offset 10: sequence number %llu with %u messages overflows 64 bits",
                    static_cast<unsigned long long>(h.sequence), unsigned{h.count});
      break;
    case ParseError::short_block:
      std::snprintf(buf, sizeof buf,
                    "offset %llu: datagram of %llu bytes ends inside the length of message block "
                    "%u of %u",
                    off, size, r.blocks_seen + 1, unsigned{h.count});
      break;
    case ParseError::block_past_end:
      std::snprintf(buf, sizeof buf,
                    "offset %llu: message block %u of %u has length %u but only %llu bytes remain "
                    "(datagram of %llu bytes)",
                    off, r.blocks_seen + 1, unsigned{h.count}, unsigned{r.block_length},
                    size - off - kBlockHeaderLength, size);
      break;
    case ParseError::missing_blocks:
      std::snprintf(
          buf, sizeof buf,
          "offset %llu: datagram ends after %u of the %u message blocks its header counts", off,
          r.blocks_seen, unsigned{h.count});
      break;
    case ParseError::trailing_bytes:
      std::snprintf(buf, sizeof buf,
                    "offset %llu: %llu bytes follow the %u message blocks the header counts", off,
                    size - off, unsigned{h.message_count()});
      break;
  }
  return buf;
}

PacketWriter::PacketWriter(std::span<std::uint8_t> buffer, const SessionId& session,
                           std::uint64_t first_sequence)
    : buffer_(buffer), first_(first_sequence) {
  write_header(buffer_, PacketHeader{session, first_sequence, 0});
}

bool PacketWriter::add(std::span<const std::uint8_t> message) {
  if (!fits(message.size())) return false;
  store_be16(buffer_.data() + size_, static_cast<std::uint16_t>(message.size()));
  if (!message.empty()) {
    std::memcpy(buffer_.data() + size_ + kBlockHeaderLength, message.data(), message.size());
  }
  size_ += kBlockHeaderLength + message.size();
  ++count_;
  return true;
}

std::span<const std::uint8_t> PacketWriter::finish() {
  store_be16(buffer_.data() + 18, count_);
  return {buffer_.data(), size_};
}

void write_header(std::span<std::uint8_t> out, const PacketHeader& h) {
  std::memcpy(out.data(), h.session.data(), kSessionLength);
  store_be64(out.data() + 10, h.sequence);
  store_be16(out.data() + 18, h.count);
}

std::size_t write_heartbeat(std::span<std::uint8_t> out, const SessionId& session,
                            std::uint64_t next_sequence) {
  write_header(out, PacketHeader{session, next_sequence, kHeartbeatCount});
  return kHeaderLength;
}

std::size_t write_end_of_session(std::span<std::uint8_t> out, const SessionId& session,
                                 std::uint64_t next_sequence) {
  write_header(out, PacketHeader{session, next_sequence, kEndOfSessionCount});
  return kHeaderLength;
}

}  // namespace sp::market::moldudp64
