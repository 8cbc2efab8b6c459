// open_sqlite_store: the SQLite MarketStore behind open_store() (contract in store.h).
//
// How it keeps the contract:
//  - WAL journal: readers in other processes run beside the one writer, and a commit is one append
//    to the -wal file, so a writer killed at any instant leaves either the whole transaction or
//    none of it (the next open rolls the log back to the last commit record).
//  - synchronous=FULL for Durability::kPowerLoss (the WAL is fsynced at each commit), NORMAL for
//    kProcessCrash (fsync only at checkpoints: a commit is in the OS's page cache when write()
//    returns, which a killed process cannot take back; a power loss can).
//  - BEGIN IMMEDIATE … COMMIT around each batch: the write lock is taken up front, so a second
//    writer waits (busy timeout = StoreOptions::lock_timeout) at BEGIN, never half-way through.
//  - Prepared statements made once at open and reused; tables STRICT (types are checked) and
//    WITHOUT ROWID, clustered on the query key: bars on (symbol, timeframe, start_ms), trades on
//    (symbol, time_ns, source_id, source_seq) with a unique index on (source_id, source_seq) that
//    makes replays skip.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"
#include "store/store_url.h"

namespace sp::store {

// REQUIRES: where.backend == kSqlite. Null with *error set on failure.
std::unique_ptr<MarketStore> open_sqlite_store(const StoreLocation& where,
                                               const StoreOptions& options, std::string* error);

}  // namespace sp::store
