#include "child_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace leptonkit::test {
namespace {

std::vector<char*> NullTerminated(std::vector<std::string> const& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto const& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// Starts `argv` with `env`, stdout to `out` and stderr to `err` (truncated); 0 on failure.
pid_t Spawn(std::vector<std::string> const& argv, std::vector<std::string> const& env,
            std::filesystem::path const& out, std::filesystem::path const& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args = NullTerminated(argv);
  std::vector<char*> envp = NullTerminated(env);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data()) != 0) pid = 0;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits for `pid` to end, killing it (SIGKILL) once `deadline` has passed; its wait status, or
// nothing when it had to be killed or could not be waited for.
std::optional<int> WaitFor(pid_t pid, std::chrono::milliseconds deadline) {
  auto const give_up = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    int status = 0;
    pid_t const waited = waitpid(pid, &status, WNOHANG);
    if (waited == pid) return status;
    if (waited < 0 && errno != EINTR) return std::nullopt;
    if (std::chrono::steady_clock::now() > give_up) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);  // Prompt after SIGKILL.
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::string ReadFile(std::filesystem::path const& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ProcessOutput RunProcess(std::vector<std::string> const& argv, std::vector<std::string> const& env,
                         std::filesystem::path const& dir, std::chrono::seconds deadline) {
  static std::atomic<int> runs{0};
  std::string const run = std::to_string(++runs);
  auto const out = dir / ("out" + run);
  auto const err = dir / ("err" + run);
  ProcessOutput result;
  pid_t const pid = Spawn(argv, env, out, err);
  if (pid == 0) return result;
  std::optional<int> const status = WaitFor(pid, deadline);
  result.exit_code = status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

int ClosedLoopbackPort() {
  int const fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

FakeLeptonProcess::FakeLeptonProcess(std::string const& binary, std::filesystem::path dir,
                                     std::string const& token)
    : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  auto const port_file = dir_ / "port";
  pid_ = Spawn({binary, "--token", token, "--time-scale", "50", "--port-file", port_file.string()},
               {}, dir_ / "stdout", dir_ / "stderr");
  // The fake writes the port file once it listens; 10 s is far beyond any start seen.
  for (int i = 0; i < 1000 && pid_ != 0 && !std::filesystem::exists(port_file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (pid_ != 0 && std::filesystem::exists(port_file)) {
    std::string const text = ReadFile(port_file);
    port_ = text.empty() ? 0 : std::atoi(text.c_str());
  }
}

FakeLeptonProcess::~FakeLeptonProcess() { Stop(); }

void FakeLeptonProcess::Stop() {
  if (pid_ == 0) return;
  kill(pid_, SIGTERM);
  // It stops within a second; one that does not is killed rather than waited for forever.
  (void)WaitFor(pid_, std::chrono::seconds(10));
  pid_ = 0;
}

}  // namespace leptonkit::test
