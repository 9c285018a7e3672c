#ifndef LEPTONKIT_CONTRACT_TESTS_SRC_FAKE_PROCESS_H_
#define LEPTONKIT_CONTRACT_TESTS_SRC_FAKE_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "lepton/status.h"

namespace lepton::contract {

/// A standalone fake-lepton child process, started on a kernel-chosen port and stopped (SIGTERM,
/// then SIGKILL after 5 s) when this object goes, or when the thread that started it dies
/// (PR_SET_PDEATHSIG), so that a killed runner leaves no fake behind.
class FakeProcess {
 public:
  /// Starts `binary` (a path, or a name looked up on PATH) with `args` plus `--port 0`, and waits (at most 10 s) for the
  /// `export LEPTON_WORKSPACE_URL=...` line it prints once it listens. kUnavailable, with the
  /// reason, when it cannot be started or exits first.
  [[nodiscard]] static StatusOr<std::unique_ptr<FakeProcess>> Start(
      std::string const& binary, std::vector<std::string> const& args);

  ~FakeProcess();
  FakeProcess(FakeProcess const&) = delete;
  FakeProcess& operator=(FakeProcess const&) = delete;

  /// The workspace URL it printed.
  [[nodiscard]] std::string const& workspace_url() const { return workspace_url_; }

 private:
  FakeProcess(pid_t pid, std::string workspace_url)
      : pid_(pid), workspace_url_(std::move(workspace_url)) {}
  pid_t pid_;
  std::string workspace_url_;
};

/// The fake-lepton to run: `configured` when set, else the first executable of
/// `<dir>/fake-lepton`, `<dir>/../tools/fake-lepton`, `<dir>/../bin/fake-lepton` for the
/// directory of this executable, else "fake-lepton" (looked up on PATH).
[[nodiscard]] std::string ResolveFakeBinary(std::string const& configured);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SRC_FAKE_PROCESS_H_
