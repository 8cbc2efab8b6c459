// open_postgres_store: the PostgreSQL MarketStore behind open_store() (contract in store.h), on
// libpq.
//
// How it keeps the contract:
//  - One connection; every write is BEGIN … COMMIT. The records go to the server by COPY into
//    session-private temporary tables (ON COMMIT DELETE ROWS), then one INSERT … SELECT … ON
//    CONFLICT moves them into place: trades DO NOTHING (a replay skips), bars DO UPDATE (a forming
//    bar grows). The checkpoint UPDATE is the last statement before COMMIT. A client killed at any
//    instant leaves an open transaction that the server rolls back.
//  - Durability::kPowerLoss keeps synchronous_commit=on (COMMIT returns after the WAL is flushed);
//    kProcessCrash sets it off for this session.
//  - Statements are prepared once per connection. An operation that fails because the connection
//    broke (a server restart, an idle timeout) connects again, readies the session and runs once
//    more; a write too, since rewriting a batch is harmless. Only then does it report the error.
//  - Text columns that are keys use COLLATE "C": bytewise order, as in SQLite, and cheaper
//  compares.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"
#include "store/store_url.h"

namespace sp::store {

// REQUIRES: where.backend == kPostgres. Null with *error set on failure.
std::unique_ptr<MarketStore> open_postgres_store(const StoreLocation& where,
                                                 const StoreOptions& options, std::string* error);

}  // namespace sp::store
