// How backends are made: what each can do, and a clear error when one cannot be made.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <random>

#include "lepton/contract/backend.h"
#include "lepton/fake/fake_lepton.h"

namespace lepton::contract {
namespace {

using ::testing::HasSubstr;

// Sets an environment variable for one test, and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(char const* name, char const* value) : name_(name) {
    if (char const* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(ScopedEnv const&) = delete;
  ScopedEnv& operator=(ScopedEnv const&) = delete;

 private:
  char const* name_;
  std::optional<std::string> old_;
};

BackendSettings Named(std::string name) {
  BackendSettings settings;
  settings.name = std::move(name);
  return settings;
}

TEST(BackendTest, AnUnknownNameIsInvalidArgument) {
  auto backend = MakeBackend(Named("staging"));
  EXPECT_EQ(backend.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(backend.status().message(), HasSubstr("inprocess, process or live"));
}

TEST(BackendTest, TheInProcessBackendHasEveryCapability) {
  auto backend = MakeBackend(Named(kInProcessBackend));
  ASSERT_TRUE(backend.ok()) << backend.status();
  for (auto c : {Capability::kControlsTime, Capability::kInjectsFaults,
                 Capability::kConfiguresCluster}) {
    EXPECT_TRUE((*backend)->Has(c)) << CapabilityName(c);
  }
}

TEST(BackendTest, AProcessBackendWithoutItsBinaryIsUnavailableAndNamesIt) {
  BackendSettings settings = Named(kProcessBackend);
  settings.fake_binary = "/nonexistent/fake-lepton";
  auto backend = MakeBackend(settings);
  EXPECT_EQ(backend.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(backend.status().message(), HasSubstr("/nonexistent/fake-lepton"));
}

TEST(BackendTest, AnUnconfiguredLiveBackendIsAFailedPreconditionThatSaysWhatToSet) {
  ScopedEnv id("LEPTON_WORKSPACE_ID", nullptr);
  ScopedEnv url("LEPTON_WORKSPACE_URL", nullptr);
  auto backend = MakeBackend(Named(kLiveBackend));
  EXPECT_EQ(backend.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(backend.status().message(), HasSubstr("LEPTON_WORKSPACE_ID"));
}

TEST(BackendTest, ALiveBackendCannotControlAnything) {
  auto fake = fake::FakeLepton::Start();
  ASSERT_TRUE(fake.ok());
  ScopedEnv url("LEPTON_WORKSPACE_URL", (*fake)->workspace_url().c_str());
  ScopedEnv token("LEPTON_WORKSPACE_TOKEN", (*fake)->options().token.c_str());
  auto backend = MakeBackend(Named(kLiveBackend));
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_FALSE((*backend)->Has(Capability::kControlsTime));
  EXPECT_EQ((*backend)->AdvanceTime(std::chrono::seconds(1)).code(), StatusCode::kUnimplemented);
  EXPECT_EQ((*backend)->AddFault("{}").status().code(), StatusCode::kUnimplemented);
  EXPECT_TRUE((*backend)->client().GetWorkspaceInfo().ok());
}

TEST(BackendTest, ARecordingBackendWritesEachAnswerToItsFile) {
  auto const dir = std::filesystem::temp_directory_path() /
                   ("backend-record-" + std::to_string(std::random_device{}()));
  BackendSettings settings = Named(kInProcessBackend);
  settings.record_dir = dir.string();
  settings.recording_name = "Suite.Test";
  {
    auto backend = MakeBackend(settings);
    ASSERT_TRUE(backend.ok()) << backend.status();
    ASSERT_TRUE((*backend)->client().GetWorkspaceInfo().ok());
  }
  bool const written = std::filesystem::file_size(dir / "Suite.Test.jsonl") > 0;
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(written);
}

}  // namespace
}  // namespace lepton::contract
