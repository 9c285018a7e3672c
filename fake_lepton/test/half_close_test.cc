// A client may shut its write side once its request is sent and still read the answer (HTTP/1.1
// allows the half-close): the fake answers such a request like any other.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <string>

#include "lepton/fake/fake_lepton.h"

namespace lepton::fake {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class HalfCloseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeLeptonOptions options;
    options.clock = std::make_shared<ManualClock>();
    auto fake = FakeLepton::Start(options);
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
  }

  // Sends `request` on a new connection, shuts the write side, and reads until end of file.
  std::string SendThenHalfClose(std::string const& request) {
    int const fd = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_GE(fd, 0);
    // A bound on a broken fake, not a timing assertion: the answer comes at once.
    timeval timeout{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(fake_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    EXPECT_EQ(shutdown(fd, SHUT_WR), 0);
    std::string answer;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) {
      answer.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    return answer;
  }

  std::unique_ptr<FakeLepton> fake_;
};

TEST_F(HalfCloseTest, AGetFollowedByAHalfCloseIsAnswered) {
  std::string const answer = SendThenHalfClose(
      "GET /api/v2/workspaces/fake-ws/workspace HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer fake-token\r\n\r\n");
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(answer, HasSubstr("\"workspace_name\":\"fake-ws\""));
}

TEST_F(HalfCloseTest, APostWithABodyFollowedByAHalfCloseIsAnswered) {
  std::string const body = R"({"metadata":{"name":"half"},"spec":{}})";
  std::string const answer = SendThenHalfClose(
      "POST /api/v2/workspaces/fake-ws/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer fake-token\r\nContent-Type: application/json\r\n"
      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(answer, HasSubstr("\"name\":\"half\""));
}

TEST_F(HalfCloseTest, AnErrorIsAnsweredToAHalfClosedClientToo) {
  std::string const answer = SendThenHalfClose(
      "GET /api/v2/workspaces/fake-ws/jobs/nope HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer fake-token\r\n\r\n");
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_THAT(answer, HasSubstr("\"code\":\"NotFound\""));
}

TEST_F(HalfCloseTest, AGetWithABodyIsStillRefusedAndTheConnectionClosed) {
  std::string const answer = SendThenHalfClose(
      "GET /api/v2/workspaces/fake-ws/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer fake-token\r\nContent-Length: 2\r\n\r\n{}"
      "GET /api/v2/workspaces/fake-ws/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_THAT(answer, HasSubstr("Connection: close"));
  EXPECT_EQ(answer.find("HTTP/1.1", 1), std::string::npos) << "the second request was served";
}

}  // namespace
}  // namespace lepton::fake
