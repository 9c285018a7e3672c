// Fuzzes the fake's command-subset interpreter (fake_lepton/src/command_script.h) with the
// input as a `bash -c` script, a small environment and a reader serving a few fixed files.
// SimulateCommand must return; its log lines and file changes must be in time order, within
// the limits, and no later than the process's exit; a change is inside the mount.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "command_script.h"

namespace {

using lepton::fake::ContainerPath;

void Require(bool condition, char const* what) {
  if (condition) return;
  std::fprintf(stderr, "command_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

// A storage mount at /data holding two files and a directory; everything else under /data is
// missing, and paths outside it are unknown to the fake.
ContainerPath ReadFixedFile(std::string const& path) {
  static auto const kFiles = std::map<std::string, std::shared_ptr<std::string const>>{
      {"/data/hello.txt", std::make_shared<std::string const>("hello\nworld\n")},
      {"/data/run.sh", std::make_shared<std::string const>(
                           "echo \"rank $RANK of $WORLD_SIZE\"\nsleep 1\ncat hello.txt\nexit 3\n")},
  };
  if (auto it = kFiles.find(path); it != kFiles.end()) {
    return {ContainerPath::Kind::kFile, it->second};
  }
  if (path == "/data" || path == "/data/sub") return {ContainerPath::Kind::kDirectory, nullptr};
  if (path.starts_with("/data/")) return {ContainerPath::Kind::kMissing, nullptr};
  return {};
}

std::vector<std::string> ListFixedDirectory(std::string const& path) {
  if (path == "/data") return {"hello.txt", "run.sh", "sub"};
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(uint8_t const* data, size_t size) {
  static auto const kEnv = std::map<std::string, std::string>{
      {"RANK", "0"}, {"WORLD_SIZE", "2"}, {"HOME", "/root"}, {"EMPTY", ""}};
  // Smaller limits than the defaults so that the fuzzer reaches them.
  lepton::fake::SimulationLimits limits;
  limits.max_lines = 64;
  limits.max_script_bytes = 8 * 1024;
  limits.max_commands = 256;
  limits.max_made_bytes = 256 * 1024;
  limits.max_archive_entries = 64;
  limits.max_file_bytes = 64 * 1024;

  std::vector<std::string> const argv = {"bash", "-c",
                                         std::string(reinterpret_cast<char const*>(data), size)};
  lepton::fake::SimulatedRun const run =
      lepton::fake::SimulateCommand(argv, kEnv, limits,
                                    lepton::fake::ContainerFiles(ReadFixedFile, ListFixedDirectory));

  if (!run.understood) return 0;
  Require(run.lines.size() <= limits.max_lines, "more lines than max_lines");
  Require(run.duration >= lepton::Duration::zero(), "negative duration");
  Require(run.duration <= lepton::fake::kMaxSimulatedDuration, "duration over the cap");
  Require(run.exit_code >= 0 && run.exit_code <= 255, "exit code outside 0..255");
  lepton::Duration previous = lepton::Duration::zero();
  for (auto const& line : run.lines) {
    Require(line.offset >= previous, "log offsets decrease");
    Require(line.offset <= run.duration, "a line written after the process exited");
    previous = line.offset;
  }
  previous = lepton::Duration::zero();
  for (auto const& change : run.changes) {
    Require(change.offset >= previous, "change offsets decrease");
    Require(change.offset <= run.duration, "a change made after the process exited");
    Require(change.path.starts_with("/data/"), "a change outside the mount");
    Require(change.kind != lepton::fake::FileChange::Kind::kWrite ||
                (change.bytes && change.bytes->size() <= limits.max_file_bytes),
            "a write without bytes or over max_file_bytes");
    previous = change.offset;
  }
  return 0;
}
