#include "lepton/fake/fake_lepton.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "elastic_task_queue.h"
#include "exposure.h"
#include "file_store.h"
#include "half_close_server.h"
#include "request_hooks.h"
#include "route_util.h"
#include "routes.h"
#include "secret_store.h"
#include "socket_control.h"
#include "world.h"

namespace lepton::fake {

namespace {
// Each kept-alive connection and each followed log stream holds a worker for its whole life,
// so the most workers is how many may be open at once; they are started as connections need
// them (creating 16 threads up front was most of a fresh fake's start-up time).
constexpr std::size_t kInitialWorkers = 2;
constexpr std::size_t kMaxWorkers = 64;
}  // namespace

class FakeLepton::Impl {
 public:
  explicit Impl(FakeLeptonOptions options)
      : options_(WithClock(std::move(options))),
        secrets_(options_.user),
        storage_(options_.storage_file_systems,
                 FileStore::Limits{options_.storage_capacity_bytes,
                                   options_.storage_max_file_bytes},
                 options_.clock),
        world_(
            options_, [this](std::string const& name) { return secrets_.Value(name); },
            StorageAccess{
                [this](std::string const& fs, std::string const& path) { return LookUp(fs, path); },
                [this](std::string const& fs, std::string const& path) { return ListNames(fs, path); },
                [this](std::string const& fs, std::string const& path, FileChange const& change) {
                  return Change(fs, path, change);
                }}),
        faults_(options_.clock, options_.seed),
        journal_(options_.journal_capacity, options_.token),
        context_{world_, secrets_, storage_, faults_, journal_, options_, stopping_} {}

  ~Impl() {
    stopping_ = true;
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  Status Start() {
    if (Status s = CheckStorageOptions(options_); !s.ok()) return s;
    server_.set_tcp_nodelay(true);
    // Not httplib's fixed pool of 8: eight log followers would starve every other request.
    server_.new_task_queue = [] { return new ElasticTaskQueue(kInitialWorkers, kMaxWorkers); };
    // httplib's limit is what an upload needs; every other body is held to max_body_bytes by
    // the pre-routing hook (request_hooks.h), before it is read.
    server_.set_payload_max_length(
        std::max<std::uint64_t>(options_.max_body_bytes,
                                options_.storage_max_file_bytes + kMultipartSlack));
    // Clients keep one connection per thread; do not make them reconnect every few requests.
    server_.set_keep_alive_max_count(1'000'000);
    // httplib's stop() waits for each idle kept-alive connection to time out; a short timeout
    // bounds how long destroying a fake takes while a client still holds a connection.
    server_.set_keep_alive_timeout(1);
    InstallRoutes(server_, context_, [this] { Reset(); });
    if (options_.port == 0) {
      port_ = server_.bind_to_any_port(options_.host);
    } else {
      port_ = server_.bind_to_port(options_.host, options_.port) ? options_.port : -1;
    }
    if (port_ <= 0) {
      return Status(StatusCode::kUnavailable,
                    fmt::format("fake-lepton: cannot listen on {}:{}", options_.host,
                                options_.port));
    }
    if (!IsLoopbackHost(options_.host)) {
      // Said every time, not once: a fake reachable from other machines is a choice to notice.
      fmt::print(stderr,
                 "fake-lepton: warning: listening on {}:{}, reachable from other machines; the "
                 "control plane (/fake/v1: reset, clock, journal, faults) takes no token. Keep "
                 "the default 127.0.0.1 unless that is intended.\n",
                 options_.host, port_);
    }
    thread_ = std::thread([this] {
      // The worker pool is created on this thread and inherits its signal mask.
      BlockSigpipeInThisThread();
      server_.listen_after_bind();
      listen_returned_ = true;
    });
    // Connections are already accepted into the backlog; this wait only makes sure that stop()
    // (which does nothing before the accept loop runs) cannot race the thread's start.
    while (!server_.is_running() && !listen_returned_) std::this_thread::yield();
    if (!server_.is_running()) {
      return Status(StatusCode::kUnavailable, "fake-lepton: the server stopped at start");
    }
    return Status();
  }

  /// Forgets jobs, secrets, stored files, fault rules and the kept journal.
  void Reset() {
    world_.Reset();
    secrets_.Clear();
    storage_.Clear();
    faults_.Clear();
    journal_.Clear();
  }

  FakeLeptonOptions const& options() const { return options_; }
  World& world() { return world_; }
  FileStore& storage() { return storage_; }
  FaultEngine& faults() { return faults_; }
  RequestJournal& journal() { return journal_; }
  int port() const { return port_; }

 private:
  // What a simulated command finds at a storage path, read now.
  ContainerPath LookUp(std::string const& fs, std::string const& path) const {
    auto entry = storage_.Stat(fs, path);
    if (!entry) {
      return ContainerPath{entry.status().code() == StatusCode::kNotFound &&
                                   storage_.Usage(fs).ok()
                               ? ContainerPath::Kind::kMissing
                               : ContainerPath::Kind::kUnknown,
                           nullptr};
    }
    if (entry->directory) return ContainerPath{ContainerPath::Kind::kDirectory, nullptr};
    auto bytes = storage_.Read(fs, path);
    if (!bytes) return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
    return ContainerPath{ContainerPath::Kind::kFile, *std::move(bytes)};
  }

  // The names in a storage directory, for a simulated command.
  std::vector<std::string> ListNames(std::string const& fs, std::string const& path) const {
    std::vector<std::string> names;
    auto entries = storage_.List(fs, path);
    if (!entries) return names;
    for (auto& entry : *entries) names.push_back(std::move(entry.name));
    return names;
  }

  // A simulated command's change, applied to storage.
  Status Change(std::string const& fs, std::string const& path, FileChange const& change) {
    switch (change.kind) {
      case FileChange::Kind::kWrite:
        // Parents: a mount's storage path is made by the first write under it.
        return storage_.Write(fs, path, change.bytes, /*create_parents=*/true);
      case FileChange::Kind::kMakeDirectory: return storage_.MakeDirectory(fs, path);
      case FileChange::Kind::kRemove: {
        Status removed = storage_.Remove(fs, path, /*recursive=*/true);
        // Already gone (another job removed it): the same end state.
        return removed.code() == StatusCode::kNotFound ? Status() : removed;
      }
    }
    return Status();
  }

  static Status CheckStorageOptions(FakeLeptonOptions const& options) {
    for (auto const& name : options.storage_file_systems) {
      bool bad = name.empty() || name == "du" || name == "." || name == ".." ||
                 name.size() > FileStore::kMaxSegmentBytes;
      for (char c : name) bad = bad || c == '/' || static_cast<unsigned char>(c) < 0x20;
      if (bad) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("fake-lepton: '{}' cannot name a storage file system",
                                  name.substr(0, 64)));
      }
    }
    // Limits are added to (multipart framing) and summed (usage): 2^62 keeps that exact.
    constexpr std::uint64_t kMostBytes = std::uint64_t{1} << 62;
    if (options.storage_max_file_bytes > kMostBytes || options.storage_capacity_bytes > kMostBytes) {
      return Status(StatusCode::kInvalidArgument,
                    "fake-lepton: storage limits above 2^62 bytes are not supported");
    }
    return Status();
  }

  static FakeLeptonOptions WithClock(FakeLeptonOptions options) {
    if (!options.clock) options.clock = std::make_shared<SystemClock>();
    return options;
  }

  FakeLeptonOptions const options_;
  SecretStore secrets_;
  FileStore storage_;
  World world_;
  FaultEngine faults_;
  RequestJournal journal_;
  std::atomic<bool> stopping_{false};
  RouteContext const context_;
  HalfCloseServer server_;
  std::atomic<bool> listen_returned_{false};
  std::thread thread_;
  int port_ = 0;
};

StatusOr<std::unique_ptr<FakeLepton>> FakeLepton::Start(FakeLeptonOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  Status status = impl->Start();
  if (!status.ok()) return status;
  return std::unique_ptr<FakeLepton>(new FakeLepton(std::move(impl)));
}

FakeLepton::FakeLepton(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FakeLepton::~FakeLepton() = default;

int FakeLepton::port() const { return impl_->port(); }

std::string FakeLepton::base_url() const {
  std::string const& host = impl_->options().host;
  bool const ipv6 = host.find(':') != std::string::npos;
  return ipv6 ? fmt::format("http://[{}]:{}", host, port())
              : fmt::format("http://{}:{}", host, port());
}

std::string FakeLepton::workspace_url() const {
  return fmt::format("{}/api/v2/workspaces/{}", base_url(), impl_->options().workspace_id);
}

FakeLeptonOptions const& FakeLepton::options() const { return impl_->options(); }

ClientOptions FakeLepton::client_options() const {
  ClientOptions options;
  options.workspace_url = workspace_url();
  options.token = impl_->options().token;
  options.clock = impl_->options().clock;
  // On a manual clock the client's waits between retries move the fake's time instead of
  // blocking: a test never sleeps, and a Retry-After is "waited" exactly.
  if (auto manual = std::dynamic_pointer_cast<ManualClock>(options.clock)) {
    options.sleeper = ManualClockSleeper(std::move(manual));
  }
  return options;
}

std::size_t FakeLepton::job_count() const { return impl_->world().job_count(); }

StatusOr<Job> FakeLepton::PeekJob(std::string const& job_id) const {
  return impl_->world().PeekJob(job_id);
}

void FakeLepton::SetPlans(std::vector<Plan> plans) { impl_->world().SetPlans(std::move(plans)); }

void FakeLepton::SetCluster(FakeClusterConfig config) {
  impl_->world().ConfigureCluster(std::move(config));
}

std::optional<std::size_t> FakeLepton::QueuePosition(std::string const& job_id) const {
  return impl_->world().QueuePosition(job_id);
}

void FakeLepton::Reset() { impl_->Reset(); }

std::optional<std::string> FakeLepton::StoredFile(std::string const& file_system,
                                                  std::string const& path) const {
  auto bytes = impl_->storage().Read(file_system, path);
  if (!bytes) return std::nullopt;
  return **bytes;
}

Status FakeLepton::PutFile(std::string const& file_system, std::string const& path,
                           std::string bytes) {
  return impl_->storage().Write(file_system, path, std::move(bytes), /*create_parents=*/true);
}

StatusOr<std::string> FakeLepton::AddFault(FaultRule rule) {
  return impl_->faults().Add(std::move(rule));
}

Status FakeLepton::RemoveFault(std::string const& name) { return impl_->faults().Remove(name); }

void FakeLepton::ClearFaults() { impl_->faults().Clear(); }

std::vector<FaultStats> FakeLepton::Faults() const { return impl_->faults().List(); }

int FakeLepton::header_faults_fired() const { return impl_->faults().header_fired(); }

std::vector<RecordedRequest> FakeLepton::Journal() const { return impl_->journal().Entries(); }

std::uint64_t FakeLepton::journal_total() const { return impl_->journal().total(); }

void FakeLepton::ClearJournal() { impl_->journal().Clear(); }

}  // namespace lepton::fake
