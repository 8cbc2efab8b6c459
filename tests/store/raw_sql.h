// Running SQL on a test database behind the store's back: for fault injection (a trigger that
// fails half-way through a batch), for tampering (a newer schema version, someone else's table)
// and for looking at what the store cannot show (the journal mode).
#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "store/backend_fixture.h"

namespace sp::store::testing {

// Runs `sql` (one or more statements) on the database `url` names. Returns the first column of
// the last statement's rows; on failure an empty vector and *error set.
inline std::vector<std::string> raw_sql(Backend backend, const std::string& url,
                                        const std::string& sql, std::string* error) {
  std::vector<std::string> rows;
  error->clear();
  if (backend == Backend::kSqlite) {
    const std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
      *error = sqlite3_errmsg(db);
    } else {
      char* msg = nullptr;
      auto collect = [](void* out, int, char** values, char**) {
        static_cast<std::vector<std::string>*>(out)->emplace_back(values[0] ? values[0] : "");
        return 0;
      };
      if (sqlite3_exec(db, sql.c_str(), collect, &rows, &msg) != SQLITE_OK) {
        *error = msg ? msg : "error";
        sqlite3_free(msg);
      }
    }
    sqlite3_close(db);
    return rows;
  }
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    *error = PQerrorMessage(conn);
  } else {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
      *error = PQresultErrorMessage(r);
    } else {
      for (int i = 0; i < PQntuples(r); ++i) rows.emplace_back(PQgetvalue(r, i, 0));
    }
    PQclear(r);
  }
  PQfinish(conn);
  return rows;
}

}  // namespace sp::store::testing
