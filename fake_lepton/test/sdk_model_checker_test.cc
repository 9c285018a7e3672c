// The SDK model checker's own failure modes: what it must report and what it must let pass.

#include "sdk_model_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace lepton::fake::sdk {
namespace {

using internal::Json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kTables[] = R"({"models": {
  "Thing": {"fields": {
    "name": "str!", "count": "int", "ratio": "float", "on": "bool",
    "state": "enum:normal|paused!", "inner": "Inner", "items": "[Inner]", "by_name": "{Inner}",
    "maybe": "Inner?!", "when": "datetime"}},
  "Inner": {"fields": {"size": "int!"}},
  "Wider": {"extends": "Inner", "fields": {"extra": "str"}}
}})";

class SdkModelCheckerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    models_ = SdkModels::FromJson(kTables, error);
    ASSERT_EQ(error, "");
  }

  std::vector<std::string> Check(char const* json, char const* type = "Thing") {
    return models_.Check(Json::parse(json), type);
  }

  SdkModels models_;
};

TEST_F(SdkModelCheckerTest, AConformingObjectHasNoProblems) {
  EXPECT_THAT(Check(R"({"name":"a","count":1,"ratio":2,"on":true,"state":"paused",
                        "inner":{"size":1},"items":[{"size":2}],"by_name":{"x":{"size":3}},
                        "maybe":null,"when":"2026-01-01T00:00:00Z"})"),
              IsEmpty());
}

TEST_F(SdkModelCheckerTest, AnExtraFieldIsAccepted) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal","maybe":null,"surprise":[1,2]})"), IsEmpty());
}

TEST_F(SdkModelCheckerTest, AMissingRequiredFieldIsReported) {
  EXPECT_THAT(Check(R"({"state":"normal","maybe":null})"),
              ElementsAre("/name: required by Thing, missing"));
}

TEST_F(SdkModelCheckerTest, ARequiredNullableFieldMustStillBePresent) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal"})"),
              ElementsAre("/maybe: required by Thing, missing"));
}

TEST_F(SdkModelCheckerTest, NullInARequiredFieldIsReported) {
  EXPECT_THAT(Check(R"({"name":null,"state":"normal","maybe":null})"),
              ElementsAre("/name: must not be null in Thing"));
}

TEST_F(SdkModelCheckerTest, NullInAnOptionalFieldIsAccepted) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal","maybe":null,"count":null})"), IsEmpty());
}

TEST_F(SdkModelCheckerTest, AWrongTypeIsReportedWithItsPath) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal","maybe":null,"inner":{"size":"big"}})"),
              ElementsAre("/inner/size: expected an integer, got \"big\""));
}

TEST_F(SdkModelCheckerTest, AFractionIsNotAnInteger) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal","maybe":null,"count":1.5})"),
              ElementsAre("/count: expected an integer, got 1.5"));
}

TEST_F(SdkModelCheckerTest, AnIntegerIsAFloat) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal","maybe":null,"ratio":3})"), IsEmpty());
}

TEST_F(SdkModelCheckerTest, AValueOutsideTheEnumIsReported) {
  EXPECT_THAT(Check(R"({"name":"a","state":"asleep","maybe":null})"),
              ElementsAre("/state: expected one of normal|paused, got \"asleep\""));
}

TEST_F(SdkModelCheckerTest, AStringWhereAnObjectIsExpectedIsReported) {
  EXPECT_THAT(Check(R"({"name":"a","state":"normal","maybe":null,"by_name":{"x":"text"}})"),
              ElementsAre("/by_name/x: expected a Inner object, got \"text\""));
}

TEST_F(SdkModelCheckerTest, ListElementsAreCheckedWithTheirIndex) {
  EXPECT_THAT(Check(R"([{"size":1},{}])", "[Inner]"),
              ElementsAre("/1/size: required by Inner, missing"));
}

TEST_F(SdkModelCheckerTest, AnExtendedModelKeepsItsBaseFields) {
  EXPECT_THAT(Check(R"({"extra":"x"})", "Wider"), ElementsAre("/size: required by Wider, missing"));
}

TEST_F(SdkModelCheckerTest, AnUnknownModelIsReported) {
  EXPECT_THAT(Check("{}", "Nothing"), ElementsAre(HasSubstr("no table for model Nothing")));
}

TEST(SdkModelTablesTest, BothReleasesLoadFromFixtures) {
  for (char const* file : {"current.json", "0.27.json"}) {
    std::string error;
    SdkModels const models =
        SdkModels::Load(std::string(LEPTONKIT_FIXTURES_DIR) + "/sdk_models", file, error);
    EXPECT_EQ(error, "") << file;
    EXPECT_TRUE(models.Has("WorkspaceInfo")) << file;
    EXPECT_TRUE(models.Has("LeptonJob")) << file;
  }
}

}  // namespace
}  // namespace lepton::fake::sdk
