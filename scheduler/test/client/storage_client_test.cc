// The client's storage calls against the in-process fake over real HTTP: round trips, names
// that need encoding, the contract's error codes, and retries made by the fake's faults.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client_fixture.h"
#include "lepton/fake/fault.h"

namespace lepton {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StorageClientTest : public ClientTest {
 protected:
  void SetUp() override {
    ClientTest::SetUp();
    ClientOptions options = fake_->client_options();
    options.sleeper = [this](Duration d) { clock_->Advance(d); };
    client_ = MakeClient(options);
  }

  std::string Download(std::string const& path) {
    std::string out;
    Status const status = client_->DownloadFile("default", path, [&](std::string_view chunk) {
      out.append(chunk);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status;
    return out;
  }

  bool Exists(std::string const& path) {
    auto exists = client_->StoragePathExists("default", path);
    EXPECT_TRUE(exists.ok()) << exists.status();
    return exists.ok() && *exists;
  }

  void AddFault(std::string const& json) {
    auto rule = fake::ParseFaultRule(json);
    ASSERT_TRUE(rule.ok()) << rule.status();
    ASSERT_TRUE(fake_->AddFault(*rule).ok());
  }

  int Requests(std::string const& method) {
    int n = 0;
    for (auto const& entry : fake_->Journal()) n += entry.method == method;
    return n;
  }
};

TEST_F(StorageClientTest, AFileMakesTheRoundTrip) {
  ASSERT_TRUE(client_->MakeDirectory("default", "/data/in").ok());
  std::string content(70'000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i % 251);
  ASSERT_TRUE(client_->UploadFile("default", "/data/in/x.bin", UploadSourceFromString(content))
                  .ok());
  EXPECT_TRUE(Download("/data/in/x.bin") == content);
  auto listing = client_->ListDirectory("default", "/data/in");
  ASSERT_TRUE(listing.ok()) << listing.status();
  EXPECT_THAT(*listing, ElementsAre(StorageEntry{StorageEntryType::kFile, "x.bin",
                                                 "/data/in/x.bin"}));
  EXPECT_TRUE(Exists("/data/in/x.bin"));
  ASSERT_TRUE(client_->DeleteStoragePath("default", "/data/in/x.bin").ok());
  EXPECT_FALSE(Exists("/data/in/x.bin"));
}

TEST_F(StorageClientTest, NamesThatNeedEncodingRoundTrip) {
  std::string const dir = "/we ird #dir?";
  std::string const file = dir + "/100% \xC3\xBC+&=;,'.txt";
  ASSERT_TRUE(client_->MakeDirectory("default", dir).ok());
  ASSERT_TRUE(client_->UploadFile("default", file, UploadSourceFromString("odd")).ok());
  EXPECT_EQ(fake_->StoredFile("default", file), "odd");
  EXPECT_EQ(Download(file), "odd");
  auto listing = client_->ListDirectory("default", dir);
  ASSERT_TRUE(listing.ok()) << listing.status();
  ASSERT_EQ(listing->size(), 1u);
  EXPECT_EQ((*listing)[0].path, file);
}

TEST_F(StorageClientTest, UsageCountsStoredBytes) {
  ASSERT_TRUE(client_->UploadFile("default", "/f", UploadSourceFromString("12345")).ok());
  auto usage = client_->GetStorageUsage();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_EQ(usage->name, "default");
  EXPECT_EQ(usage->total_usage_bytes, 5);
  auto all = client_->ListFileSystems();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(*all, ElementsAre(FileSystemUsage{"default", 5}));
}

TEST_F(StorageClientTest, AnUploadNeedsItsParentDirectory) {
  Status const status =
      client_->UploadFile("default", "/no/such/dir/f", UploadSourceFromString("x"));
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("default:/no/such/dir/f"));
}

TEST_F(StorageClientTest, MakingADirectoryWhereAFileIsClashes) {
  ASSERT_TRUE(client_->UploadFile("default", "/f", UploadSourceFromString("x")).ok());
  EXPECT_EQ(client_->MakeDirectory("default", "/f").code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(client_->MakeDirectory("default", "/d/e").ok());
  EXPECT_TRUE(client_->MakeDirectory("default", "/d/e").ok());  // Idempotent.
}

TEST_F(StorageClientTest, ANonEmptyDirectoryNeedsARecursiveDelete) {
  ASSERT_TRUE(client_->MakeDirectory("default", "/d").ok());
  ASSERT_TRUE(client_->UploadFile("default", "/d/f", UploadSourceFromString("x")).ok());
  EXPECT_EQ(client_->DeleteStoragePath("default", "/d", false).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(client_->DeleteStoragePath("default", "/d", true).ok());
  EXPECT_EQ(client_->DeleteStoragePath("default", "/d", true).code(), StatusCode::kNotFound);
}

TEST_F(StorageClientTest, AMissingFileIsNotFound) {
  Status const status =
      client_->DownloadFile("default", "/nope", [](std::string_view) { return true; });
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(client_->ListDirectory("default", "/nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(client_->ListDirectory("nofs", "/").status().code(), StatusCode::kNotFound);
}

TEST_F(StorageClientTest, AnUploadRetriedAfterA503StoresTheWholeFile) {
  AddFault(R"({"status": 503, "times": 2, "match": {"method": "POST"}})");
  std::string const content(300'000, 'r');
  ASSERT_TRUE(client_->UploadFile("default", "/f", UploadSourceFromString(content)).ok());
  EXPECT_EQ(Requests("POST"), 3);
  EXPECT_TRUE(fake_->StoredFile("default", "/f") == content);
}

TEST_F(StorageClientTest, ADownloadRefusedBeforeItsFirstByteIsRetried) {
  ASSERT_TRUE(client_->UploadFile("default", "/f", UploadSourceFromString("bytes")).ok());
  AddFault(R"({"status": 503, "times": 1, "match": {"method": "GET"}})");
  EXPECT_EQ(Download("/f"), "bytes");
  EXPECT_EQ(Requests("GET"), 2);
}

TEST_F(StorageClientTest, ADeleteWhoseAnswerIsLostSucceeds) {
  ASSERT_TRUE(client_->UploadFile("default", "/f", UploadSourceFromString("x")).ok());
  AddFault(R"({"action": "drop_response", "times": 1, "match": {"method": "DELETE"}})");
  EXPECT_TRUE(client_->DeleteStoragePath("default", "/f").ok());
  EXPECT_FALSE(fake_->StoredFile("default", "/f"));
}

TEST(StorageLimitTest, AFileOverTheLimitIsRefusedOnceNotRetried) {
  fake::FakeLeptonOptions options;
  options.storage_max_file_bytes = 1000;
  auto fake = fake::FakeLepton::Start(options);
  ASSERT_TRUE(fake.ok()) << fake.status();
  ClientOptions client_options = (*fake)->client_options();
  client_options.sleeper = [](Duration) {};
  Client client(*MakeConnection(client_options));
  Status const status =
      client.UploadFile("default", "/big", UploadSourceFromString(std::string(200'000, 'b')));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.error_info().http_status, 413);
  int posts = 0;
  for (auto const& entry : (*fake)->Journal()) posts += entry.method == "POST";
  EXPECT_EQ(posts, 1);
  EXPECT_FALSE((*fake)->StoredFile("default", "/big"));
}

}  // namespace
}  // namespace lepton
