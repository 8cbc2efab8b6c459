#include "store/store.h"

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store_url.h"

namespace sp::store {

std::unique_ptr<MarketStore> open_store(std::string_view url, std::string* error) {
  return open_store(url, StoreOptions{}, error);
}

std::unique_ptr<MarketStore> open_store(std::string_view url, const StoreOptions& options,
                                        std::string* error) {
  auto where = parse_store_url(url);
  if (!where.ok()) {
    if (error) *error = where.error();
    return nullptr;
  }
  switch (where->backend) {
    case StoreLocation::Backend::kSqlite:
      return open_sqlite_store(*where, options, error);
    case StoreLocation::Backend::kPostgres:
      return open_postgres_store(*where, options, error);
  }
  return nullptr;
}

}  // namespace sp::store
