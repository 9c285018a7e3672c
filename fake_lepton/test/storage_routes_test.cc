// The storage API over HTTP, spoken with a raw client: file systems, listings, uploads,
// downloads, mkdir, delete, exists, and the journal of it all.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::HasSubstr;

class StorageRoutesTest : public FakeHttpTest {
 protected:
  static std::string Storage(std::string const& rest) {
    return std::string(kWorkspace) + "/storage" + rest;
  }

  httplib::Result Upload(std::string const& path, std::string bytes,
                         std::string const& fs = "default") {
    httplib::MultipartFormDataItems items = {
        {"file", std::move(bytes), "upload.bin", "application/octet-stream"}};
    return http_->Post(Storage("/" + fs + path), items);
  }

  httplib::Result Download(std::string const& path, std::string const& fs = "default") {
    return http_->Get(Storage("/" + fs + path));
  }
};

TEST_F(StorageRoutesTest, ListsTheDefaultFileSystemWithItsUsage) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", "12345").ok());
  Json const all = Get("/storage");
  ASSERT_TRUE(all.is_array());
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0]["metadata"]["name"], "default");
  EXPECT_EQ(all[0]["metadata"]["id"], "default");
  EXPECT_EQ(all[0]["status"]["total_usage_bytes"], 5);
}

TEST_F(StorageRoutesTest, DuIsTheDefaultFileSystemsUsage) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", "123").ok());
  Json const du = Get("/storage/du");
  EXPECT_EQ(du["metadata"]["name"], "default");
  EXPECT_EQ(du["status"]["total_usage_bytes"], 3);
}

TEST_F(StorageRoutesTest, UploadThenDownloadGivesTheBytes) {
  auto up = Upload("/hello.txt", "hello\n");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 200) << up->body;
  EXPECT_EQ(up->body, "{}");
  auto down = Download("/hello.txt");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 200);
  EXPECT_EQ(down->body, "hello\n");
  EXPECT_EQ(down->get_header_value("Content-Type"), "application/octet-stream");
}

TEST_F(StorageRoutesTest, RoundTripOfMegabytesOfEveryByteValue) {
  std::mt19937 rng(7);
  std::string bytes(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(i < 256 ? i : rng() & 0xff);
  }
  auto up = Upload("/random.bin", bytes);
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body;
  EXPECT_EQ(fake_->StoredFile("default", "/random.bin"), bytes);
  auto down = Download("/random.bin");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 200);
  EXPECT_TRUE(down->body == bytes) << "downloaded " << down->body.size() << " bytes";
}

TEST_F(StorageRoutesTest, DownloadIsChunked) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", std::string(200000, 'a')).ok());
  auto down = Download("/a");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(down->body.size(), 200000U);
}

TEST_F(StorageRoutesTest, EmptyFileRoundTrips) {
  auto up = Upload("/empty", "");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body;
  auto down = Download("/empty");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 200);
  EXPECT_EQ(down->body, "");
}

TEST_F(StorageRoutesTest, UploadOverwritesAFile) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", "old").ok());
  auto up = Upload("/a", "new");
  ASSERT_TRUE(up && up->status == 200);
  EXPECT_EQ(fake_->StoredFile("default", "/a"), "new");
}

TEST_F(StorageRoutesTest, UploadIntoAMissingParentIs404NamingIt) {
  auto up = Upload("/no/such/dir/a.txt", "x");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 404);
  EXPECT_THAT(up->body, HasSubstr("/no"));
  EXPECT_EQ(fake_->StoredFile("default", "/no/such/dir/a.txt"), std::nullopt);
}

TEST_F(StorageRoutesTest, NamesWithSpacesHashQuestionPercentAndUtf8RoundTrip) {
  // The client percent-encodes each segment; the fake decodes.
  auto up = http_->Post(Storage("/default/a%20b%23c%3Fd%25e%C3%A9.txt"),
                        httplib::MultipartFormDataItems{{"file", "odd", "f", ""}});
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body;
  EXPECT_EQ(fake_->StoredFile("default", "/a b#c?d%e\xc3\xa9.txt"), "odd");
  Json const listing = Get("/storage/default/");
  ASSERT_EQ(listing.size(), 1U);
  EXPECT_EQ(listing[0]["name"], "a b#c?d%e\xc3\xa9.txt");
}

TEST_F(StorageRoutesTest, ListingHasTypeNameAndPathSortedByName) {
  ASSERT_TRUE(fake_->PutFile("default", "/d/b.txt", "x").ok());
  ASSERT_TRUE(fake_->PutFile("default", "/d/a/inner", "x").ok());
  Json const listing = Get("/storage/default/d");
  EXPECT_EQ(listing, Json::parse(R"([{"type":"dir","name":"a","path":"/d/a"},)"
                                 R"({"type":"file","name":"b.txt","path":"/d/b.txt"}])"));
}

TEST_F(StorageRoutesTest, RootListsWithOrWithoutTrailingSlash) {
  ASSERT_TRUE(fake_->PutFile("default", "/x", "1").ok());
  EXPECT_EQ(Get("/storage/default").size(), 1U);
  EXPECT_EQ(Get("/storage/default/").size(), 1U);
}

TEST_F(StorageRoutesTest, MkdirCreatesParentsAndIsIdempotent) {
  Call("PUT", Storage("/default/a/b/c"));
  Call("PUT", Storage("/default/a/b/c"));
  EXPECT_EQ(Get("/storage/default/a/b")[0]["type"], "dir");
}

TEST_F(StorageRoutesTest, MkdirOverAFileIs409) {
  ASSERT_TRUE(fake_->PutFile("default", "/f", "x").ok());
  Json const error = Call("PUT", Storage("/default/f"), "", 409);
  EXPECT_EQ(error["code"], "Conflict");
}

TEST_F(StorageRoutesTest, DeleteOfANonEmptyDirectoryNeedsRemoveall) {
  ASSERT_TRUE(fake_->PutFile("default", "/d/a", "x").ok());
  Json const error = Call("DELETE", Storage("/default/d"), "", 400);
  EXPECT_THAT(error.value("message", ""), HasSubstr("directory not empty; use removeall=true"));
  Call("DELETE", Storage("/default/d?removeall=true"));
  EXPECT_EQ(Get("/storage/default/"), Json::array());
}

TEST_F(StorageRoutesTest, DeleteOfAFileFreesItsBytes) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", "12345").ok());
  Call("DELETE", Storage("/default/a"));
  EXPECT_EQ(Get("/storage/du")["status"]["total_usage_bytes"], 0);
}

TEST_F(StorageRoutesTest, DeleteOfAMissingPathIs404) {
  Call("DELETE", Storage("/default/nope"), "", 404);
}

TEST_F(StorageRoutesTest, HeadIs200ForAFileOrDirectoryAnd404Otherwise) {
  ASSERT_TRUE(fake_->PutFile("default", "/d/a", "x").ok());
  EXPECT_EQ(http_->Head(Storage("/default/d/a"))->status, 200);
  EXPECT_EQ(http_->Head(Storage("/default/d"))->status, 200);
  auto missing = http_->Head(Storage("/default/nope"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(missing->body.empty());
}

TEST_F(StorageRoutesTest, SecondFileSystemIsSeparate) {
  // A fake with two file systems (Options below is the default; this test configures its own).
  FakeLeptonOptions options;
  options.clock = clock_;
  options.storage_file_systems = {"default", "shared"};
  auto fake = FakeLepton::Start(options);
  ASSERT_TRUE(fake.ok()) << fake.status();
  httplib::Client http((*fake)->base_url());
  http.set_bearer_token_auth("fake-token");
  auto up = http.Post(Storage("/shared/a"), httplib::MultipartFormDataItems{{"file", "s", "a", ""}});
  ASSERT_TRUE(up && up->status == 200);
  EXPECT_EQ((*fake)->StoredFile("shared", "/a"), "s");
  EXPECT_EQ((*fake)->StoredFile("default", "/a"), std::nullopt);
  auto all = http.Get(Storage(""));
  ASSERT_TRUE(all);
  EXPECT_EQ(Json::parse(all->body).size(), 2U);
}

TEST_F(StorageRoutesTest, InvalidFileSystemNameFailsStart) {
  FakeLeptonOptions options;
  options.storage_file_systems = {"du"};
  EXPECT_EQ(FakeLepton::Start(options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(StorageRoutesTest, JournalKeepsTheUploadWithoutItsBytesOrTheToken) {
  fake_->ClearJournal();
  auto up = Upload("/big.bin", std::string(2 * 1024 * 1024, 'q'));
  ASSERT_TRUE(up && up->status == 200);
  auto journal = fake_->Journal();
  ASSERT_EQ(journal.size(), 1U);
  EXPECT_EQ(journal[0].method, "POST");
  EXPECT_EQ(journal[0].status, 200);
  EXPECT_THAT(journal[0].body, HasSubstr("2097152 bytes"));
  EXPECT_LT(journal[0].body.size(), 1024U);
  EXPECT_EQ(journal[0].Header("Authorization"), "<redacted>");
}

TEST_F(StorageRoutesTest, MkdirAndDeleteAreJournaled) {
  fake_->ClearJournal();
  Call("PUT", Storage("/default/d"));
  Call("DELETE", Storage("/default/d"));
  auto journal = fake_->Journal();
  ASSERT_EQ(journal.size(), 2U);
  EXPECT_EQ(journal[0].method, "PUT");
  EXPECT_EQ(journal[1].method, "DELETE");
}

TEST_F(StorageRoutesTest, ResetForgetsStoredFiles) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", "x").ok());
  fake_->Reset();
  EXPECT_EQ(fake_->StoredFile("default", "/a"), std::nullopt);
}

TEST_F(StorageRoutesTest, JsonRoutesKeepTheirBodyLimitAfterAnUpload) {
  auto up = Upload("/big.bin", std::string(2 * 1024 * 1024, 'q'));
  ASSERT_TRUE(up && up->status == 200);
  auto job = http_->Post(std::string(kWorkspace) + "/jobs", std::string(2 * 1024 * 1024, ' '),
                         "application/json");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->status, 413);
}

TEST_F(StorageRoutesTest, ChunkedJsonBodyIsRefusedWithLengthRequired) {
  auto result = http_->Post(
      std::string(kWorkspace) + "/jobs",
      [](std::size_t offset, httplib::DataSink& sink) {
        if (offset == 0) return sink.write("{}", 2);
        sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 411);
  EXPECT_EQ(Json::parse(result->body, nullptr, false).value("code", ""), "LengthRequired");
}

TEST_F(StorageRoutesTest, ChunkedUploadIsAccepted) {
  // The multipart body sent without a length: bounded by the per-file limit as it arrives.
  std::string const body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.txt\"\r\n\r\n"
      "chunked bytes\r\n--XyZ--\r\n";
  auto result = http_->Post(
      Storage("/default/c.txt"),
      [&body](std::size_t offset, httplib::DataSink& sink) {
        if (offset < body.size()) return sink.write(body.data() + offset, body.size() - offset);
        sink.done();
        return true;
      },
      "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(fake_->StoredFile("default", "/c.txt"), "chunked bytes");
}

// A fake with small limits, for the 413 and 507 answers.
class StorageLimitsTest : public StorageRoutesTest {
 protected:
  FakeLeptonOptions Options() override {
    FakeLeptonOptions options;
    options.storage_max_file_bytes = 1000;
    options.storage_capacity_bytes = 1500;
    return options;
  }
};

TEST_F(StorageLimitsTest, FileOverTheLimitIs413AndKeepsTheOldFile) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", "old").ok());
  auto up = Upload("/a", std::string(1001, 'x'));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 413);
  EXPECT_EQ(fake_->StoredFile("default", "/a"), "old");
}

TEST_F(StorageLimitsTest, BodyFarOverTheLimitIs413BeforeItIsRead) {
  auto up = Upload("/a", std::string(200 * 1024, 'x'));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 413);
  EXPECT_EQ(up->get_header_value("Connection"), "close");
}

TEST_F(StorageLimitsTest, OverCapacityIs507) {
  ASSERT_TRUE(fake_->PutFile("default", "/a", std::string(1000, 'x')).ok());
  auto up = Upload("/b", std::string(600, 'x'));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 507);
  EXPECT_EQ(Json::parse(up->body).value("code", ""), "insufficient_storage");
  EXPECT_EQ(fake_->StoredFile("default", "/b"), std::nullopt);
}

TEST_F(StorageLimitsTest, ServerServesTheNextRequestAfterARefusedUpload) {
  auto up = Upload("/a", std::string(5000, 'x'));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 413);
  Get("/storage");
}

}  // namespace
}  // namespace lepton::fake
