// The dashboard's files under /fake/ui/ (FakeLeptonOptions::serve_ui): compiled in, served with
// their content types and a policy that keeps the page to this origin, and absent unless asked.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class UiRoutesTest : public FakeHttpTest {
 protected:
  FakeLeptonOptions Options() override {
    FakeLeptonOptions options;
    options.serve_ui = true;
    return options;
  }

  httplib::Result Fetch(std::string const& path) {
    httplib::Client client(fake_->base_url());
    return client.Get(path);
  }
};

TEST_F(UiRoutesTest, IndexIsHtmlUnderAPolicyThatAllowsOnlyThisOrigin) {
  auto page = Fetch("/fake/ui/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->get_header_value("Content-Type"), StartsWith("text/html"));
  EXPECT_THAT(page->get_header_value("Content-Security-Policy"), StartsWith("default-src 'self';"));
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_THAT(page->body, HasSubstr("<script src=\"app.js\""));
}

TEST_F(UiRoutesTest, ScriptAndStylesheetCarryTheirContentTypes) {
  auto script = Fetch("/fake/ui/app.js");
  auto style = Fetch("/fake/ui/style.css");
  ASSERT_TRUE(script && style);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(style->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(script->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(UiRoutesTest, BarePathRedirectsToTheDirectory) {
  auto page = Fetch("/fake/ui");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 302);
  EXPECT_EQ(page->get_header_value("Location"), "/fake/ui/");
}

TEST_F(UiRoutesTest, UnknownFileIsALeptonShaped404) {
  auto page = Fetch("/fake/ui/secrets.txt");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_THAT(page->body, HasSubstr("\"code\":\"NotFound\""));
}

TEST_F(UiRoutesTest, PageFetchesNothingFromAnotherHost) {
  for (char const* file : {"/fake/ui/", "/fake/ui/app.js", "/fake/ui/style.css"}) {
    auto asset = Fetch(file);
    ASSERT_TRUE(asset) << file;
    EXPECT_THAT(asset->body, Not(HasSubstr("://"))) << file;
    EXPECT_THAT(asset->body, Not(HasSubstr("@import"))) << file;
  }
}

// Text from the fake (job names, log lines, messages) must never be parsed as HTML.
TEST_F(UiRoutesTest, ScriptNeverParsesTextAsHtml) {
  auto script = Fetch("/fake/ui/app.js");
  ASSERT_TRUE(script);
  for (char const* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                           "eval(", "new Function", "createContextualFragment"}) {
    EXPECT_THAT(script->body, Not(HasSubstr(sink))) << sink;
  }
}

TEST_F(UiRoutesTest, PageNeverHoldsTheWorkspaceToken) {
  for (char const* file : {"/fake/ui/", "/fake/ui/app.js"}) {
    auto asset = Fetch(file);
    ASSERT_TRUE(asset) << file;
    EXPECT_THAT(asset->body, Not(HasSubstr("fake-token"))) << file;
    EXPECT_THAT(asset->body, Not(HasSubstr("Authorization"))) << file;
  }
}

class UiOffTest : public FakeHttpTest {};

TEST_F(UiOffTest, DashboardIsNotServedUnlessAsked) {
  httplib::Client client(fake_->base_url());
  auto page = client.Get("/fake/ui/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
}

}  // namespace
}  // namespace lepton::fake
