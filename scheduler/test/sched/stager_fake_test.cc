// The Stager end to end: the production client over loopback HTTP to the in-process fake's
// storage routes. A 50 MiB tree of 1,000 files is staged and read back byte for byte; staged
// again unchanged it sends nothing; a failure in the middle names the file.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "lepton/client.h"
#include "lepton/fake/fake_lepton.h"
#include "lepton/fake/fault.h"
#include "lepton/fake/journal_matchers.h"
#include "lepton/sched/staging.h"

namespace lepton::sched {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::uint64_t kMiB = 1024 * 1024;

class StagerFakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = fake::FakeLepton::Start();
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = *std::move(fake);
    ClientOptions options = fake_->client_options();
    options.sleeper = [](Duration) {};  // Retries do not wait.
    auto connection = MakeConnection(options);
    ASSERT_TRUE(connection.ok()) << connection.status();
    client_ = std::make_unique<Client>(*connection);
    auto const* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("stager-fake-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `count` files of random bytes, `total` bytes in all, in nested directories whose names
  // (and the files') have spaces; every seventh file is executable. Relative paths returned.
  std::vector<std::string> MakeTree(int count, std::uint64_t total) {
    std::mt19937_64 random(20240601);
    std::vector<std::string> files;
    std::string buffer;
    for (int i = 0; i < count; ++i) {
      std::string const dir = "dir " + std::to_string(i % 10) + "/sub " + std::to_string(i % 3);
      std::string const name = (i % 2 == 0 ? "file " : "f") + std::to_string(i) + ".bin";
      std::string const relative = dir + "/" + name;
      std::uint64_t const size = total * (i + 1) / count - total * i / count;
      buffer.resize(size);
      for (std::size_t k = 0; k + 8 <= size; k += 8) {
        std::uint64_t const word = random();
        std::memcpy(buffer.data() + k, &word, 8);
      }
      for (std::size_t k = size - size % 8; k < size; ++k) buffer[k] = static_cast<char>(random());
      fs::create_directories(dir_ / dir);
      std::ofstream(dir_ / relative, std::ios::binary) << buffer;
      if (i % 7 == 0) {
        fs::permissions(dir_ / relative, fs::perms::owner_exec | fs::perms::group_exec |
                                             fs::perms::others_exec,
                        fs::perm_options::add);
      }
      files.push_back(relative);
    }
    return files;
  }

  static std::string ReadLocal(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  StatusOr<StagingReport> Stage() {
    Stager stager(*client_);
    return stager.Stage(dir_, target_);
  }

  std::unique_ptr<fake::FakeLepton> fake_;
  std::unique_ptr<Client> client_;
  fs::path dir_;
  StagingTarget target_{"default", "/leptonkit/apps/train job"};
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(StagerFakeTest, FiftyMebibytesInAThousandFilesComeBackByteForByte) {
  auto const files = MakeTree(1000, 50 * kMiB);
  auto const start = std::chrono::steady_clock::now();
  auto report = Stage();
  double const staged = SecondsSince(start);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->files, 1000u);
  EXPECT_EQ(report->files_uploaded, 1000u);
  EXPECT_EQ(report->bytes_uploaded, 50 * kMiB);
  EXPECT_TRUE(report->manifest_written);
  auto const read_start = std::chrono::steady_clock::now();
  for (auto const& relative : files) {
    std::string remote;
    Status const status = client_->DownloadFile(target_.file_system,
                                                target_.path + "/" + relative,
                                                [&](std::string_view chunk) {
                                                  remote.append(chunk);
                                                  return true;
                                                });
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_TRUE(remote == ReadLocal(dir_ / relative)) << relative << " differs";
  }
  std::cout << "[ timing ] staged 50 MiB in 1000 files in " << staged << " s; read back in "
            << SecondsSince(read_start) << " s\n";
  RecordProperty("stage_seconds", std::to_string(staged));
}

TEST_F(StagerFakeTest, StagingAnUnchangedTreeAgainSendsNothing) {
  MakeTree(1000, 50 * kMiB);
  ASSERT_TRUE(Stage().ok());
  fake_->ClearJournal();
  auto const start = std::chrono::steady_clock::now();
  auto report = Stage();
  double const seconds = SecondsSince(start);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->files_unchanged, 1000u);
  EXPECT_EQ(report->files_uploaded, 0u);
  EXPECT_FALSE(report->manifest_written);
  auto const journal = fake_->Journal();
  EXPECT_THAT(journal, fake::ReceivedExactly(0, fake::MethodIs("POST")));
  EXPECT_THAT(journal, fake::ReceivedExactly(0, fake::MethodIs("PUT")));
  EXPECT_THAT(journal, fake::ReceivedExactly(0, fake::MethodIs("DELETE")));
  EXPECT_FALSE(journal.empty());  // It did read.
  std::cout << "[ timing ] re-staged unchanged in " << seconds << " s with " << journal.size()
            << " requests\n";
}

TEST_F(StagerFakeTest, AFailureInTheMiddleNamesTheFileAndLeavesNoNewManifest) {
  auto const files = MakeTree(40, 2 * kMiB);
  fake::FaultRule rule;
  rule.match.method = "POST";
  rule.match.path = ".*/f21\\.bin";
  rule.status = 500;
  ASSERT_TRUE(fake_->AddFault(rule).ok());
  auto report = Stage();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInternal);
  EXPECT_THAT(report.status().message(),
              AllOf(HasSubstr("staging dir 1/sub 0/f21.bin"), HasSubstr("HTTP 500")));
  std::string const manifest_path = target_.path + "/" + kStageManifestName;
  auto const interim = fake_->StoredFile(target_.file_system, manifest_path);
  ASSERT_TRUE(interim.has_value());
  EXPECT_THAT(*interim, Not(ContainsRegex(R"("sha256":"[0-9a-f])"))) << "no file is trusted yet";

  // Once the fault is gone, the next staging finishes and writes the manifest.
  fake_->ClearFaults();
  auto retry = Stage();
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->manifest_written);
  EXPECT_EQ(fake_->StoredFile(target_.file_system, target_.path + "/dir 1/sub 0/f21.bin"),
            ReadLocal(dir_ / "dir 1/sub 0/f21.bin"));
  EXPECT_NE(fake_->StoredFile(target_.file_system, manifest_path), interim);
}

TEST_F(StagerFakeTest, RemoveDeletesTheTreeAndIsIdempotent) {
  MakeTree(5, 1000);
  ASSERT_TRUE(Stage().ok());
  Stager stager(*client_);
  ASSERT_TRUE(stager.Remove(target_).ok());
  auto exists = client_->StoragePathExists(target_.file_system, target_.path);
  ASSERT_TRUE(exists.ok()) << exists.status();
  EXPECT_FALSE(*exists);
  EXPECT_TRUE(stager.Remove(target_).ok());
}

}  // namespace
}  // namespace lepton::sched
