// check_batch: whether a WriteBatch keeps the limits in records.h and write_batch.h, checked before
// a backend starts a transaction so that a bad record refuses the whole batch and touches nothing.
//
// A pure function. The message names the store, the record (its index and key) and the problem:
//   "./var/x.db: bar 3 (AAPL 1m 1564493400000): volume is negative (-5)".
#pragma once

#include <string>
#include <string_view>

#include "store/status.h"
#include "store/write_batch.h"

namespace sp::store {

Status check_batch(const WriteBatch& batch, std::string_view store_name);

// A symbol, timeframe or source name as the limits in records.h want it; empty when fine, else
// what is wrong ("is empty", "has a control character", …). Also used to check query arguments.
std::string_view symbol_problem(std::string_view symbol);
std::string_view timeframe_problem(std::string_view timeframe);
std::string_view source_problem(std::string_view source);

// `text` in double quotes for a message, bytes outside printable ASCII written as \xNN so that
// the message stays one readable line whatever the input was.
std::string quoted(std::string_view text);

}  // namespace sp::store
