#include "fake_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

namespace lepton::contract {
namespace {

constexpr char kUrlLine[] = "export LEPTON_WORKSPACE_URL=";
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(5);

Status Unavailable(std::string const& binary, std::string const& why) {
  return Status(StatusCode::kUnavailable, fmt::format("cannot start the standalone fake '{}': {}"
                                                      " (set {} or --fake-binary)",
                                                      binary, why, "LEPTONKIT_FAKE_LEPTON"));
}

// Reads the child's stdout until the URL line; empty on timeout or end of file.
std::string ReadWorkspaceUrl(int fd) {
  auto const deadline = std::chrono::steady_clock::now() + kStartTimeout;
  std::string buffer;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    int const left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          deadline - std::chrono::steady_clock::now())
                                          .count());
    int const ready = ::poll(&p, 1, left > 0 ? left : 0);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    char chunk[4096];
    ssize_t const n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (std::size_t start = 0, end; (end = buffer.find('\n', start)) != std::string::npos;
         start = end + 1) {
      std::string_view line(buffer.data() + start, end - start);
      if (line.starts_with(kUrlLine)) return std::string(line.substr(sizeof(kUrlLine) - 1));
    }
  }
  return {};
}

// `binary` itself when it names a path, else the first executable of that name on PATH; empty
// when there is none. Resolved before fork, so that the child only has to execv.
std::string FindExecutable(std::string const& binary) {
  if (binary.find('/') != std::string::npos) {
    return ::access(binary.c_str(), X_OK) == 0 ? binary : std::string();
  }
  char const* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    auto const colon = dirs.find(':');
    std::string const dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    std::string const candidate = (dir.empty() ? "." : dir) + "/" + binary;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

bool WaitForExit(pid_t pid, std::chrono::milliseconds limit) {
  auto const deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    int status = 0;
    pid_t const done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

StatusOr<std::unique_ptr<FakeProcess>> FakeProcess::Start(std::string const& binary,
                                                          std::vector<std::string> const& args) {
  std::string const path = FindExecutable(binary);
  if (path.empty()) return Unavailable(binary, "no such executable");
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Unavailable(binary, std::strerror(errno));
  // Its stderr (one line when it stops, or why it could not start) goes to a scratch file that
  // is read when it fails to start, so passing tests stay quiet.
  char stderr_path[] = "/tmp/fake-lepton-stderr-XXXXXX";
  int const stderr_fd = ::mkostemp(stderr_path, O_CLOEXEC);
  if (stderr_fd >= 0) ::unlink(stderr_path);  // Gone with the last descriptor.
  std::vector<std::string> argv_strings = {path, "--port", "0"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t const parent = ::getpid();
  // fork rather than posix_spawn, for PR_SET_PDEATHSIG: a runner that is killed (a CI timeout,
  // SIGKILL) takes its fakes with it instead of leaving them listening forever. Between fork
  // and exec the child makes only async-signal-safe calls.
  pid_t const pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    if (stderr_fd >= 0) ::close(stderr_fd);
    return Unavailable(binary, std::strerror(errno));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);  // The parent died before prctl took effect.
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
    ::execv(path.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string url = ReadWorkspaceUrl(pipe_fds[0]);
  // fake-lepton prints nothing to stdout after the URL lines (its messages go to stderr), so
  // closing our end cannot make a later write fail.
  ::close(pipe_fds[0]);
  std::string errors;
  if (url.empty()) {
    ::kill(pid, SIGKILL);
    WaitForExit(pid, kStopTimeout);
    if (stderr_fd >= 0) {
      char chunk[2048];
      ssize_t const n = ::pread(stderr_fd, chunk, sizeof(chunk), 0);
      if (n > 0) errors.assign(chunk, static_cast<std::size_t>(n));
    }
  }
  if (stderr_fd >= 0) ::close(stderr_fd);
  if (url.empty()) {
    return Unavailable(binary, "it printed no LEPTON_WORKSPACE_URL within 10 s" +
                                   (errors.empty() ? std::string() : "; it said: " + errors));
  }
  return std::unique_ptr<FakeProcess>(new FakeProcess(pid, std::move(url)));
}

FakeProcess::~FakeProcess() {
  ::kill(pid_, SIGTERM);
  if (!WaitForExit(pid_, kStopTimeout)) {
    ::kill(pid_, SIGKILL);
    WaitForExit(pid_, kStopTimeout);
  }
}

std::string ResolveFakeBinary(std::string const& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  auto const self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto const dir = self.parent_path();
    for (auto const& candidate :
         {dir / "fake-lepton", dir / ".." / "tools" / "fake-lepton", dir / ".." / "bin" / "fake-lepton"}) {
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.lexically_normal().string();
    }
  }
  return "fake-lepton";
}

}  // namespace lepton::contract
