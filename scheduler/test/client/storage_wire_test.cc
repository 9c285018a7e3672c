// The storage calls on the wire, against a plain loopback server that records each request:
// percent-encoding, the multipart body, queries, retries, and what the exchange observer sees.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lepton/client.h"

namespace lepton {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kPrefix[] = "/api/v2/workspaces/ws";
constexpr char kToken[] = "secret-token-123";

struct Seen {
  std::string method;
  std::string target;  // As sent: encoded path and query.
  std::string content_type;
  std::string content_length;
  std::string body;
  std::optional<httplib::MultipartFormData> file;
};

class StorageWireTest : public ::testing::Test {
 protected:
  using Handler = std::function<void(httplib::Request const&, httplib::Response&)>;

  void SetUp() override {
    auto record = [this](httplib::Request const& req, httplib::Response& res) {
      Seen seen{req.method, req.target, req.get_header_value("Content-Type"),
                req.get_header_value("Content-Length"), req.body, std::nullopt};
      if (req.has_file("file")) seen.file = req.get_file_value("file");
      Handler handler;
      {
        std::lock_guard lock(mu_);
        seen_.push_back(std::move(seen));
        handler = handler_;
      }
      if (handler) {
        handler(req, res);
      } else {
        res.set_content("{}", "application/json");
      }
    };
    std::string const any = std::string(kPrefix) + "/storage.*";
    server_.Get(any, record);
    server_.Post(any, record);
    server_.Put(any, record);
    server_.Delete(any, record);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // Bounded: a server that never starts fails the test instead of hanging it.
    auto const give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_.is_running() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::yield();
    }
    ASSERT_TRUE(server_.is_running()) << "the recording server did not start";
    client_.emplace(Connect({}));
  }

  void TearDown() override {
    client_.reset();
    server_.stop();
    thread_.join();
  }

  Client Connect(ExchangeObserver observer) {
    ClientOptions options;
    options.workspace_url = "http://127.0.0.1:" + std::to_string(port_) + kPrefix;
    options.token = kToken;
    options.sleeper = [](Duration) {};  // Retries without waiting.
    options.exchange_observer = std::move(observer);
    return Client(*MakeConnection(options));
  }

  void Answer(Handler handler) {
    std::lock_guard lock(mu_);
    handler_ = std::move(handler);
  }
  std::vector<Seen> SeenRequests() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::optional<Client> client_;

 private:
  std::mutex mu_;
  std::vector<Seen> seen_;
  Handler handler_;
};

TEST_F(StorageWireTest, EachPathSegmentIsPercentEncodedOnce) {
  Answer([](httplib::Request const&, httplib::Response& res) {
    res.set_content("[]", "application/json");
  });
  ASSERT_TRUE(client_->ListDirectory("default", "/a b/#x?/50%/\xC3\xBC+").ok());
  auto const seen = SeenRequests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target,
            std::string(kPrefix) + "/storage/default/a%20b/%23x%3F/50%25/%C3%BC%2B");
}

TEST_F(StorageWireTest, TheRootIsASlash) {
  Answer([](httplib::Request const&, httplib::Response& res) {
    res.set_content(R"([{"type":"dir","name":"d","path":"/d"},{"type":"file","name":"f"}])",
                    "application/json");
  });
  auto listing = client_->ListDirectory("default", "/");
  ASSERT_TRUE(listing.ok()) << listing.status();
  EXPECT_EQ(SeenRequests().at(0).target, std::string(kPrefix) + "/storage/default/");
  EXPECT_THAT(*listing,
              ElementsAre(StorageEntry{StorageEntryType::kDirectory, "d", "/d"},
                          StorageEntry{StorageEntryType::kFile, "f", "/f"}));
}

TEST_F(StorageWireTest, AnUploadIsOneMultipartPartWithAnExactLength) {
  std::string content(300'000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 + 7);
  ASSERT_TRUE(client_->UploadFile("default", "/dir/my file.bin", UploadSourceFromString(content))
                  .ok());
  auto const seen = SeenRequests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, std::string(kPrefix) + "/storage/default/dir/my%20file.bin");
  EXPECT_THAT(seen[0].content_type, StartsWith("multipart/form-data; boundary=leptonkit-"));
  // The exact size of the one part with its framing (httplib's server keeps no raw body).
  std::string const boundary = seen[0].content_type.substr(seen[0].content_type.find('=') + 1);
  std::string const head = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; "
                           "filename=\"my file.bin\"\r\nContent-Type: application/octet-stream"
                           "\r\n\r\n";
  std::string const tail = "\r\n--" + boundary + "--\r\n";
  EXPECT_EQ(seen[0].content_length, std::to_string(head.size() + content.size() + tail.size()));
  ASSERT_TRUE(seen[0].file.has_value());
  EXPECT_EQ(seen[0].file->filename, "my file.bin");
  EXPECT_EQ(seen[0].file->content_type, "application/octet-stream");
  EXPECT_TRUE(seen[0].file->content == content);  // Not EXPECT_EQ: 300 KB in a message.
}

TEST_F(StorageWireTest, AnEmptyFileUploads) {
  ASSERT_TRUE(client_->UploadFile("default", "/empty", UploadSourceFromString("")).ok());
  auto const seen = SeenRequests();
  ASSERT_EQ(seen.size(), 1u);
  ASSERT_TRUE(seen[0].file.has_value());
  EXPECT_EQ(seen[0].file->content, "");
}

TEST_F(StorageWireTest, ARecursiveDeleteAsksForRemoveAll) {
  ASSERT_TRUE(client_->DeleteStoragePath("default", "/d", /*recursive=*/true).ok());
  ASSERT_TRUE(client_->DeleteStoragePath("default", "/e", /*recursive=*/false).ok());
  auto const seen = SeenRequests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, std::string(kPrefix) + "/storage/default/d?removeall=true");
  EXPECT_EQ(seen[1].target, std::string(kPrefix) + "/storage/default/e");
}

TEST_F(StorageWireTest, MakeDirectoryIsAPutWithoutBody) {
  ASSERT_TRUE(client_->MakeDirectory("default", "/a/b").ok());
  auto const seen = SeenRequests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].body, "");
}

TEST_F(StorageWireTest, ExistsOnlyWhenTheAnswerIsExactly200) {
  std::atomic<int> status{200};
  Answer([&](httplib::Request const&, httplib::Response& res) { res.status = status.load(); });
  auto exists = client_->StoragePathExists("default", "/x");
  ASSERT_TRUE(exists.ok()) << exists.status();
  EXPECT_TRUE(*exists);
  status = 404;
  exists = client_->StoragePathExists("default", "/x");
  ASSERT_TRUE(exists.ok()) << exists.status();
  EXPECT_FALSE(*exists);
  status = 204;
  exists = client_->StoragePathExists("default", "/x");
  ASSERT_TRUE(exists.ok()) << exists.status();
  EXPECT_FALSE(*exists);
  status = 403;
  EXPECT_EQ(client_->StoragePathExists("default", "/x").status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(StorageWireTest, BadTargetsFailBeforeAnyRequest) {
  struct Case {
    std::string fs, path;
  };
  std::vector<Case> const cases = {{"default", "relative"}, {"default", "/a/../b"},
                                   {"default", std::string("/a\0b", 4)}, {"default", "/a//b"},
                                   {"", "/a"}, {"du", "/a"}, {"a/b", "/a"}, {"..", "/a"}};
  for (auto const& c : cases) {
    EXPECT_EQ(client_->MakeDirectory(c.fs, c.path).code(), StatusCode::kInvalidArgument)
        << c.fs << " " << c.path;
    EXPECT_EQ(client_->UploadFile(c.fs, c.path, UploadSourceFromString("x")).code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(client_->DownloadFile(c.fs, c.path, [](std::string_view) { return true; }).code(),
              StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(client_->UploadFile("default", "/dir/", UploadSourceFromString("x")).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(SeenRequests().empty());
}

TEST_F(StorageWireTest, AnErrorNamesTheFileSystemAndPath) {
  Answer([](httplib::Request const&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"code":"not_found","message":"no such file"})", "application/json");
  });
  Status const status =
      client_->DownloadFile("default", "/a b/c", [](std::string_view) { return true; });
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("default:/a b/c"), HasSubstr("no such file")));
  EXPECT_EQ(status.error_info().error_code, "not_found");
}

TEST_F(StorageWireTest, ADownloadStreamsPiecesToTheSink) {
  std::string const piece(100'000, 'x');
  Answer([&](httplib::Request const&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream",
                                     [&](std::size_t offset, httplib::DataSink& sink) {
                                       if (offset >= 3 * piece.size()) {
                                         sink.done();
                                       } else {
                                         sink.write(piece.data(), piece.size());
                                       }
                                       return true;
                                     });
  });
  std::size_t total = 0;
  int calls = 0;
  ASSERT_TRUE(client_->DownloadFile("default", "/big", [&](std::string_view chunk) {
    total += chunk.size();
    ++calls;
    return true;
  }).ok());
  EXPECT_EQ(total, 3 * piece.size());
  EXPECT_GT(calls, 1);
}

TEST_F(StorageWireTest, ASinkReturningFalseEndsTheDownloadWithOk) {
  Answer([](httplib::Request const&, httplib::Response& res) {
    res.set_content(std::string(1'000'000, 'y'), "application/octet-stream");
  });
  int calls = 0;
  EXPECT_TRUE(client_->DownloadFile("default", "/f", [&](std::string_view) {
    ++calls;
    return false;
  }).ok());
  EXPECT_EQ(calls, 1);
}

TEST_F(StorageWireTest, AnUploadRetriedAfterA503SendsTheWholeBodyAgain) {
  std::atomic<int> calls{0};
  Answer([&](httplib::Request const&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      res.set_content(R"({"code":"unavailable","message":"try again"})", "application/json");
    } else {
      res.set_content("{}", "application/json");
    }
  });
  std::string const content(200'000, 'z');
  ASSERT_TRUE(client_->UploadFile("default", "/f", UploadSourceFromString(content)).ok());
  auto const seen = SeenRequests();
  ASSERT_EQ(seen.size(), 2u);
  for (auto const& s : seen) {
    ASSERT_TRUE(s.file.has_value());
    EXPECT_TRUE(s.file->content == content);
  }
}

TEST_F(StorageWireTest, ADownloadIsRetriedBeforeItsFirstByte) {
  std::atomic<int> calls{0};
  Answer([&](httplib::Request const&, httplib::Response& res) {
    if (calls++ == 0) {
      res.status = 503;
      res.set_content(R"({"code":"unavailable","message":"try again"})", "application/json");
    } else {
      res.set_content("content", "application/octet-stream");
    }
  });
  std::string got;
  ASSERT_TRUE(client_->DownloadFile("default", "/f", [&](std::string_view chunk) {
    got.append(chunk);
    return true;
  }).ok());
  EXPECT_EQ(got, "content");  // Not "{...}content": the error page never reached the sink.
  EXPECT_EQ(SeenRequests().size(), 2u);
}

TEST_F(StorageWireTest, ADownloadBrokenAfterItsFirstByteIsNotRetried) {
  Answer([](httplib::Request const&, httplib::Response& res) {
    res.set_content_provider(
        1'000'000, "application/octet-stream",
        [](std::size_t offset, std::size_t, httplib::DataSink& sink) {
          if (offset > 0) return false;  // Breaks the connection after the first piece.
          std::string const piece(1000, 'p');
          sink.write(piece.data(), piece.size());
          return true;
        });
  });
  std::size_t got = 0;
  Status const status = client_->DownloadFile("default", "/f", [&](std::string_view chunk) {
    got += chunk.size();
    return true;
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(got, 1000u);
  EXPECT_EQ(SeenRequests().size(), 1u);
}

TEST_F(StorageWireTest, AFailingSourceFailsTheUploadWithItsStatus) {
  UploadSource source;
  source.size = 10;
  source.read_at = [](std::uint64_t, std::span<char>) -> StatusOr<std::size_t> {
    return Status(StatusCode::kDataLoss, "disk on fire");
  };
  Status const status = client_->UploadFile("default", "/f", source);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("disk on fire"), HasSubstr("default:/f")));
}

TEST_F(StorageWireTest, ASourceEndingEarlyIsDataLoss) {
  UploadSource source = UploadSourceFromString("short");
  source.size = 100;  // Claims more than it has.
  EXPECT_EQ(client_->UploadFile("default", "/f", source).code(), StatusCode::kDataLoss);
}

TEST_F(StorageWireTest, TheObserverSeesADescriptionOfFileBytesNeverThem) {
  std::vector<HttpExchange> exchanges;
  Client client = Connect([&](HttpExchange const& e) { exchanges.push_back(e); });
  std::string const content = "FILE-BYTES-" + std::string(1000, 'q');
  ASSERT_TRUE(client.UploadFile("default", "/f", UploadSourceFromString(content)).ok());
  Answer([&](httplib::Request const&, httplib::Response& res) {
    res.set_content(content, "application/octet-stream");
  });
  ASSERT_TRUE(client.DownloadFile("default", "/f", [](std::string_view) { return true; }).ok());
  ASSERT_EQ(exchanges.size(), 2u);
  EXPECT_EQ(exchanges[0].method, "POST");
  EXPECT_THAT(exchanges[0].request_body, StartsWith("<multipart upload, "));
  EXPECT_EQ(exchanges[1].response_body, "<download, " + std::to_string(content.size()) + " bytes>");
  for (auto const& e : exchanges) {
    std::string const all = e.path + e.request_body + e.response_body;
    EXPECT_THAT(all, Not(HasSubstr("FILE-BYTES")));
    EXPECT_THAT(all, Not(HasSubstr(kToken)));
  }
}

TEST_F(StorageWireTest, FileSystemsAndUsageAreDecoded) {
  Answer([](httplib::Request const& req, httplib::Response& res) {
    if (req.path.ends_with("/storage/du")) {
      res.set_content(R"({"metadata":{"name":"default","id":"default"},
                          "status":{"total_usage_bytes":42}})",
                      "application/json");
    } else {
      res.set_content(R"([{"metadata":{"name":"default","id":"default"},
                           "status":{"total_usage_bytes":42}},
                          {"metadata":{"id":"scratch"},"status":{}}])",
                      "application/json");
    }
  });
  auto usage = client_->GetStorageUsage();
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_EQ(*usage, (FileSystemUsage{"default", 42}));
  auto list = client_->ListFileSystems();
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(*list, ElementsAre(FileSystemUsage{"default", 42}, FileSystemUsage{"scratch", 0}));
}

TEST_F(StorageWireTest, AListingThatIsNotEntriesIsAnError) {
  Answer([](httplib::Request const&, httplib::Response& res) {
    res.set_content("raw file bytes", "application/octet-stream");
  });
  auto listing = client_->ListDirectory("default", "/file");
  EXPECT_EQ(listing.status().code(), StatusCode::kInternal);
  EXPECT_THAT(listing.status().message(), HasSubstr("default:/file"));
}

}  // namespace
}  // namespace lepton
