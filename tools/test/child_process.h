#ifndef LEPTONKIT_TOOLS_TEST_CHILD_PROCESS_H_
#define LEPTONKIT_TOOLS_TEST_CHILD_PROCESS_H_

// Test support for the process tests under tools/test: run a program as a child process and
// collect what it printed, and start the standalone fake-lepton as a process on a
// kernel-chosen loopback port. Every wait here has a deadline.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace leptonkit::test {

/// The whole content of the file at `path`; empty when it cannot be read.
std::string ReadFile(std::filesystem::path const& path);

struct ProcessOutput {
  int exit_code = -1;  ///< -1: not started, killed at the deadline, or ended by a signal.
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] is a path) with exactly `env` (NAME=VALUE; nothing of this process's
/// environment is passed), stdout and stderr to fresh files in `dir`, which must exist. The
/// child is killed (SIGKILL) when it runs longer than `deadline`. Safe to call from several
/// threads at once.
ProcessOutput RunProcess(std::vector<std::string> const& argv, std::vector<std::string> const& env,
                         std::filesystem::path const& dir,
                         std::chrono::seconds deadline = std::chrono::seconds(60));

/// A loopback port nothing listens on: one the kernel just handed out and took back.
int ClosedLoopbackPort();

/// The fake-lepton binary at `binary` as a child process: `--token token --time-scale 50`, on
/// a kernel-chosen loopback port that it reports through a port file in `dir` (created if
/// missing), with an empty environment and its stdout and stderr kept in `dir`. port() is 0
/// when it did not start or report its port within 10 s.
class FakeLeptonProcess {
 public:
  FakeLeptonProcess(std::string const& binary, std::filesystem::path dir, std::string const& token);
  FakeLeptonProcess(FakeLeptonProcess const&) = delete;
  FakeLeptonProcess& operator=(FakeLeptonProcess const&) = delete;
  ~FakeLeptonProcess();

  /// SIGTERM, and waits for the exit (SIGKILL after 10 s); stdout and stderr stay readable.
  /// Idempotent.
  void Stop();

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string stdout_text() const { return ReadFile(dir_ / "stdout"); }
  [[nodiscard]] std::string stderr_text() const { return ReadFile(dir_ / "stderr"); }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace leptonkit::test

#endif  // LEPTONKIT_TOOLS_TEST_CHILD_PROCESS_H_
