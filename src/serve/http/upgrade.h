// Upgrade: a connection leaving HTTP for WebSocket, as the server hands it to an UpgradeHook
// (server.h). Internal to serve/: it names Boost types, which the server's own header keeps out.
//
// The socket belongs to I/O thread `thread`; whoever takes it must run every operation on it
// through that thread's executor (the socket's own, socket.get_executor()).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace sp::serve::http {

struct Upgrade {
  boost::asio::ip::tcp::socket socket;
  boost::beast::http::request<boost::beast::http::string_body> request;
  unsigned thread = 0;
};

}  // namespace sp::serve::http
