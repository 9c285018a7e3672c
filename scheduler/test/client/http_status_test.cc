// The one mapping from HTTP answers and transport failures to Status.

#include "internal/rest/http_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace lepton::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

TEST(HttpStatusTest, SuccessCodesAreOk) {
  EXPECT_TRUE(AsStatus("GET /jobs", 200, "{}").ok());
  EXPECT_TRUE(AsStatus("DELETE /jobs/x", 204, "").ok());
}

TEST(HttpStatusTest, ClientErrorsMapToCanonicalCodes) {
  EXPECT_EQ(CodeForHttpStatus(400), StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeForHttpStatus(401), StatusCode::kUnauthenticated);
  EXPECT_EQ(CodeForHttpStatus(403), StatusCode::kPermissionDenied);
  EXPECT_EQ(CodeForHttpStatus(404), StatusCode::kNotFound);
  EXPECT_EQ(CodeForHttpStatus(405), StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeForHttpStatus(409), StatusCode::kAlreadyExists);
  EXPECT_EQ(CodeForHttpStatus(413), StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeForHttpStatus(429), StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeForHttpStatus(418), StatusCode::kInvalidArgument);
}

TEST(HttpStatusTest, ServerErrorsSeparateTransientFromInternal) {
  EXPECT_EQ(CodeForHttpStatus(500), StatusCode::kInternal);
  EXPECT_EQ(CodeForHttpStatus(502), StatusCode::kUnavailable);
  EXPECT_EQ(CodeForHttpStatus(503), StatusCode::kUnavailable);
  EXPECT_EQ(CodeForHttpStatus(504), StatusCode::kUnavailable);
  EXPECT_EQ(CodeForHttpStatus(507), StatusCode::kInternal);
}

TEST(HttpStatusTest, LeptonShapedBodyGivesCodeAndMessage) {
  Status const s = AsStatus("GET /jobs/x", 404, R"({"code":"NotFound","message":"job x gone"})");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.error_info().error_code, "NotFound");
  EXPECT_THAT(s.message(), HasSubstr("GET /jobs/x"));
  EXPECT_THAT(s.message(), HasSubstr("job x gone"));
}

TEST(HttpStatusTest, NonJsonBodyBecomesTheMessageAndIsKept) {
  Status const s = AsStatus("GET /jobs", 502, "<html>Bad Gateway</html>\n");
  EXPECT_THAT(s.message(), HasSubstr("<html>Bad Gateway</html>"));
  EXPECT_EQ(s.error_info().raw_body, "<html>Bad Gateway</html>\n");
  EXPECT_EQ(s.error_info().http_status, 502);
}

TEST(HttpStatusTest, RawBodyIsBounded) {
  Status const s = AsStatus("GET /jobs", 500, std::string(100'000, 'x'));
  EXPECT_LT(s.error_info().raw_body.size(), 5000U);
}

TEST(HttpStatusTest, ASecretHiddenByJsonEscapesIsRedactedOnceParsed) {
  // "\u002d" is "-" and "\/" is "/": the raw text does not hold the secret, the parsed fields do.
  Status const s = AsStatus("GET /jobs", 401,
                            R"({"code":"Echo-a\/b","message":"you sent my\u002dsecret"})",
                            std::nullopt, "my-secret");
  EXPECT_THAT(s.message(), HasSubstr("you sent <redacted>"));
  EXPECT_THAT(s.message(), Not(HasSubstr("my-secret")));
  Status const code = AsStatus("GET /jobs", 401, R"({"code":"Echo-a\/b","message":"x"})",
                               std::nullopt, "a/b");
  EXPECT_EQ(code.error_info().error_code, "Echo-<redacted>");
}

TEST(HttpStatusTest, ASecretAcrossTheRawBodyBoundIsRedactedWhole) {
  std::string const secret = "straddling-secret";
  std::string const body = std::string(kMaxRawBody - 5, 'x') + secret;
  EXPECT_THAT(RawBodyWithoutSecret(body, secret), Not(HasSubstr(secret.substr(0, 5))));
  EXPECT_EQ(RawBodyWithoutSecret(body, secret).size(), kMaxRawBody);
  EXPECT_EQ(RawBodyCollectLimit(secret), kMaxRawBody + secret.size());
}

TEST(HttpStatusTest, RetryAfterIsCarried) {
  Status const s = AsStatus("GET /logs", 429, "{}", 7);
  EXPECT_THAT(s.error_info().retry_after_seconds, Optional(7));
}

TEST(HttpStatusTest, RetryAfterParsesWholeSecondsOnly) {
  EXPECT_THAT(ParseRetryAfter("30"), Optional(30));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-1"), std::nullopt);
}

TEST(HttpStatusTest, ConnectionFailureIsUnavailable) {
  EXPECT_EQ(TransportStatus("GET /jobs", httplib::Error::Connection).code(),
            StatusCode::kUnavailable);
}

TEST(HttpStatusTest, ConnectTimeoutIsDeadlineExceeded) {
  EXPECT_EQ(TransportStatus("GET /jobs", httplib::Error::ConnectionTimeout).code(),
            StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace lepton::internal
