// ClientOptions::exchange_observer: told of each request whose answer is read whole, failures
// and retries included, never of a header.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "client_fixture.h"
#include "lepton/fake/fault.h"

namespace lepton {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;

class ExchangeObserverTest : public ClientTest {
 protected:
  // A client of the fake whose observer keeps every exchange.
  std::unique_ptr<Client> ObservedClient() {
    ClientOptions options = fake_->client_options();
    options.exchange_observer = [this](HttpExchange const& e) {
      std::lock_guard lock(mu_);
      seen_.push_back(e);
    };
    return MakeClient(options);
  }
  std::vector<HttpExchange> Seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  std::mutex mu_;
  std::vector<HttpExchange> seen_;
};

TEST_F(ExchangeObserverTest, IsToldOfTheMethodPathStatusAndBothBodies) {
  auto client = ObservedClient();
  auto created = client->CreateJob(EchoJob("observed"));
  ASSERT_TRUE(created.ok()) << created.status();
  auto const seen = Seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].path, "/jobs");
  EXPECT_EQ(seen[0].status, 200);
  EXPECT_THAT(seen[0].request_body, HasSubstr("\"observed\""));
  EXPECT_THAT(seen[0].response_body, HasSubstr(*created->metadata.id));
}

TEST_F(ExchangeObserverTest, IsToldOfAnErrorAnswer) {
  auto client = ObservedClient();
  EXPECT_EQ(client->GetJob("no-such-job").status().code(), StatusCode::kNotFound);
  EXPECT_THAT(Seen(), ElementsAre(Field(&HttpExchange::status, 404)));
}

TEST_F(ExchangeObserverTest, IsToldOfEachAttemptOfARetriedCall) {
  fake::FaultRule once;
  once.match.method = "GET";
  once.status = 503;
  once.times = 1;
  ASSERT_TRUE(fake_->AddFault(once).ok());
  auto client = ObservedClient();
  ASSERT_TRUE(client->GetWorkspaceInfo().ok());
  EXPECT_THAT(Seen(), ElementsAre(Field(&HttpExchange::status, 503),
                                  Field(&HttpExchange::status, 200)));
}

TEST_F(ExchangeObserverTest, NeverSeesTheToken) {
  auto client = ObservedClient();
  ASSERT_TRUE(client->GetWorkspaceInfo().ok());
  std::string const token = fake_->options().token;
  for (auto const& e : Seen()) {
    EXPECT_THAT(e.path + e.request_body + e.response_body, Not(HasSubstr(token)));
  }
}

}  // namespace
}  // namespace lepton
