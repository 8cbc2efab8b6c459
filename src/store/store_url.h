// StoreLocation: which backend a store URL names and where, for open_store() (forms in store.h).
//
// Parsing only: nothing is opened or created here. A pure function of its input.
#pragma once

#include <string>
#include <string_view>

#include "store/status.h"

namespace sp::store {

struct StoreLocation {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  // SQLite: the file path (":memory:" for an in-memory database). PostgreSQL: the URL as given,
  // for libpq.
  std::string target;
  // What messages call it: the path, or the URL with its password masked.
  std::string display;
  // The default location (empty URL): its directory is created when missing.
  bool is_default = false;
};

// An error (naming `url`) for an unknown scheme or an empty path.
Result<StoreLocation> parse_store_url(std::string_view url);

// `url` with the password hidden, wherever libpq would read one: the user-info part
// (postgresql://user:secret@host → postgresql://user:***@host) and a `password=` parameter.
std::string mask_password(std::string_view url);

}  // namespace sp::store
