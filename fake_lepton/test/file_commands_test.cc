// File commands in the simulated shell (mkdir, rm, touch, cp, mv, test, [, base64, tar, `>`,
// `>>`, pipes): what they log, their statuses as bash and GNU coreutils give them, and the
// changes they make to the files of a storage mount at /data. No HTTP, no world.

#include "command_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base64_codec.h"
#include "gzip_codec.h"
#include "tar_archive.h"

namespace lepton::fake {
namespace {

using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A storage mount at /data: files by path, directories as nullopt. Paths outside /data are
// unknown to the fake, as the image's own files are.
class FileCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override { tree_["/data"] = std::nullopt; }

  void PutFile(std::string const& path, std::string bytes) { tree_[path] = std::move(bytes); }
  void PutDirectory(std::string const& path) { tree_[path] = std::nullopt; }

  ContainerFiles Files() {
    ContainerFileReader reader = [this](std::string const& path) {
      if (auto it = tree_.find(path); it != tree_.end()) {
        if (!it->second) return ContainerPath{ContainerPath::Kind::kDirectory, nullptr};
        return ContainerPath{ContainerPath::Kind::kFile,
                             std::make_shared<std::string const>(*it->second)};
      }
      if (path.starts_with("/data/")) return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
      return ContainerPath{};
    };
    ContainerDirectoryLister lister = [this](std::string const& path) {
      std::vector<std::string> names;
      std::string const prefix = path + "/";
      for (auto const& [name, content] : tree_) {
        if (name.starts_with(prefix) && name.find('/', prefix.size()) == std::string::npos) {
          names.push_back(name.substr(prefix.size()));
        }
      }
      return names;
    };
    return ContainerFiles(reader, lister);
  }

  SimulatedRun Run(std::string const& script, SimulationLimits const& limits = {}) {
    return SimulateCommand({"sh", "-c", script}, {}, limits, Files());
  }

  // Applies a run's changes to the tree, as the world applies them to storage.
  void Apply(SimulatedRun const& run) {
    for (auto const& change : run.changes) {
      switch (change.kind) {
        case FileChange::Kind::kWrite: tree_[change.path] = *change.bytes; break;
        case FileChange::Kind::kMakeDirectory: tree_[change.path] = std::nullopt; break;
        case FileChange::Kind::kRemove: {
          std::string const prefix = change.path + "/";
          for (auto it = tree_.begin(); it != tree_.end();) {
            it = it->first == change.path || it->first.starts_with(prefix) ? tree_.erase(it)
                                                                           : std::next(it);
          }
          break;
        }
      }
    }
  }

  // The tree under /data as "path" (directories) and "path=content" (files).
  std::vector<std::string> Tree() const {
    std::vector<std::string> out;
    for (auto const& [path, content] : tree_) {
      if (path == "/data") continue;
      out.push_back(content ? path + "=" + *content : path);
    }
    return out;
  }

  static std::vector<std::string> Texts(SimulatedRun const& run) {
    std::vector<std::string> out;
    for (auto const& line : run.lines) out.push_back(line.text);
    return out;
  }

  std::map<std::string, std::optional<std::string>> tree_;
};

// NeMo-Run's LeptonExecutor.copy_directory_data_command: `tar -czf` of the job directory
// (entries "./", "./launch_script.sh"...), base64 in one `sh -c` argument.
std::string NemoRunHelperScript(std::string const& dest, std::string const& base64) {
  return "rm -rf " + dest + " && mkdir -p " + dest + " && echo " + base64 + " | base64 -d > " +
         dest + "/archive.tar.gz && tar -xzf " + dest + "/archive.tar.gz -C " + dest + " && rm " +
         dest + "/archive.tar.gz";
}

std::string JobDirectoryArchive() {
  std::vector<TarEntry> const entries = {
      {TarEntry::Type::kDirectory, ".", "", 0755, '5'},
      {TarEntry::Type::kDirectory, "./configs", "", 0755, '5'},
      {TarEntry::Type::kFile, "./configs/train.yaml", "lr: 3e-4\n", 0644, '0'},
      {TarEntry::Type::kFile, "./launch_script.sh", "echo staged run\ncat configs/train.yaml\n",
       0644, '0'},
  };
  return Base64Encode(GzipCompress(WriteTar(entries, 0)));
}

TEST_F(FileCommandsTest, NemoRunHelperExtractsTheJobDirectoryAndRemovesTheArchive) {
  PutDirectory("/data/exp");
  PutFile("/data/exp/stale.txt", "from an earlier run\n");
  auto run = Run(NemoRunHelperScript("/data/exp", JobDirectoryArchive()));
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(Texts(run), IsEmpty());
  Apply(run);
  EXPECT_THAT(Tree(), ElementsAre("/data/exp", "/data/exp/configs",
                                  "/data/exp/configs/train.yaml=lr: 3e-4\n",
                                  "/data/exp/launch_script.sh=echo staged run\ncat configs/train.yaml\n"));
}

TEST_F(FileCommandsTest, TheExtractedLaunchScriptRunsInALaterJob) {
  Apply(Run(NemoRunHelperScript("/data/exp", JobDirectoryArchive())));
  auto run = SimulateCommand({"/bin/bash", "-c", "cd /data/exp && bash /data/exp/launch_script.sh"},
                             {}, {}, Files());
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("staged run", "lr: 3e-4"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FileCommandsTest, RmOfAMissingFileFailsWithCoreutilsMessage) {
  auto run = Run("rm /data/nope");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("rm: cannot remove '/data/nope': No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FileCommandsTest, RmDashFOfAMissingFileSucceedsSilently) {
  auto run = Run("rm -f /data/nope");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), IsEmpty());
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FileCommandsTest, RmOfADirectoryWithoutRecursiveIsRefusedAndKeepsIt) {
  PutDirectory("/data/d");
  auto run = Run("rm /data/d");
  EXPECT_THAT(Texts(run), ElementsAre("rm: cannot remove '/data/d': Is a directory"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, RmRfHidesTheTreeFromLaterCommandsOfTheRun) {
  PutDirectory("/data/d");
  PutFile("/data/d/f", "x");
  auto run = Run("rm -rf /data/d; test -e /data/d/f || echo gone");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("gone"));
  Apply(run);
  EXPECT_THAT(Tree(), IsEmpty());
}

TEST_F(FileCommandsTest, RmOfTheMountPointIsNotUnderstood) {
  auto run = Run("rm -rf /data");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("mount point"));
}

TEST_F(FileCommandsTest, MkdirDashPCreatesEveryMissingParent) {
  auto run = Run("mkdir -p /data/a/b/c");
  ASSERT_TRUE(run.understood) << run.reason;
  Apply(run);
  EXPECT_THAT(Tree(), ElementsAre("/data/a", "/data/a/b", "/data/a/b/c"));
}

TEST_F(FileCommandsTest, MkdirWithoutDashPOfAMissingParentFails) {
  auto run = Run("mkdir /data/a/b");
  EXPECT_THAT(Texts(run),
              ElementsAre("mkdir: cannot create directory '/data/a/b': No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FileCommandsTest, MkdirOfAnExistingDirectoryFailsWithoutDashP) {
  PutDirectory("/data/a");
  auto run = Run("mkdir /data/a");
  EXPECT_THAT(Texts(run), ElementsAre("mkdir: cannot create directory '/data/a': File exists"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(Run("mkdir -p /data/a").exit_code, 0);
}

TEST_F(FileCommandsTest, RedirectionWritesTheCommandsOutputToTheFile) {
  auto run = Run("echo one > /data/out.txt; echo two >> /data/out.txt; cat /data/out.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("one", "two"));
  Apply(run);
  EXPECT_THAT(Tree(), ElementsAre("/data/out.txt=one\ntwo\n"));
}

TEST_F(FileCommandsTest, RedirectionTruncatesAnExistingFile) {
  PutFile("/data/out.txt", "old content\n");
  Apply(Run("echo new > /data/out.txt"));
  EXPECT_THAT(Tree(), ElementsAre("/data/out.txt=new\n"));
}

TEST_F(FileCommandsTest, RedirectionIntoAMissingDirectoryFailsWithoutRunningTheCommand) {
  auto run = Run("echo never > /data/no-dir/out.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("bash: /data/no-dir/out.txt: No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, RedirectionToADirectoryFails) {
  PutDirectory("/data/d");
  auto run = Run("echo x > /data/d");
  EXPECT_THAT(Texts(run), ElementsAre("bash: /data/d: Is a directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FileCommandsTest, RedirectionToDevNullDiscardsTheOutput) {
  auto run = Run("echo hidden > /dev/null; echo shown");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("shown"));
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, WritingOutsideEveryMountIsNotUnderstood) {
  auto run = Run("echo x > /scratch/out.txt");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("outside every storage mount"));
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, APipeFeedsBase64Decode) {
  auto run = Run("echo " + Base64Encode("decoded line\n") + " | base64 -d");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("decoded line"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FileCommandsTest, InvalidBase64FailsWithCoreutilsMessage) {
  auto run = Run("echo 'not*base64' | base64 -d > /data/x");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("base64: invalid input"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FileCommandsTest, APipelineStatusIsItsLastCommands) {
  auto run = Run("false | echo after");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("after"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FileCommandsTest, ExitInsideAPipelineEndsOnlyItsStage) {
  auto run = Run("exit 3 | true; echo still here");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("still here"));
}

TEST_F(FileCommandsTest, APipelineSkippedByAndIsSkippedWhole) {
  auto run = Run("false && echo a | base64 -d > /data/x; echo next");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("next"));
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, TouchCreatesAnEmptyFileAndKeepsAnExistingOne) {
  PutFile("/data/kept", "content");
  Apply(Run("touch /data/new /data/kept"));
  EXPECT_THAT(Tree(), ElementsAre("/data/kept=content", "/data/new="));
}

TEST_F(FileCommandsTest, CpCopiesAFileIntoADirectory) {
  PutFile("/data/a.txt", "a\n");
  PutDirectory("/data/dir");
  Apply(Run("cp /data/a.txt /data/dir"));
  EXPECT_THAT(Tree(), ElementsAre("/data/a.txt=a\n", "/data/dir", "/data/dir/a.txt=a\n"));
}

TEST_F(FileCommandsTest, CpOfADirectoryWithoutRecursiveOmitsIt) {
  PutDirectory("/data/src");
  auto run = Run("cp /data/src /data/dst");
  EXPECT_THAT(Texts(run), ElementsAre("cp: -r not specified; omitting directory '/data/src'"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FileCommandsTest, CpDashRCopiesATree) {
  PutDirectory("/data/src");
  PutDirectory("/data/src/sub");
  PutFile("/data/src/sub/f", "f");
  Apply(Run("cp -r /data/src /data/dst"));
  EXPECT_THAT(Tree(), ElementsAre("/data/dst", "/data/dst/sub", "/data/dst/sub/f=f", "/data/src",
                                  "/data/src/sub", "/data/src/sub/f=f"));
}

TEST_F(FileCommandsTest, CpOfAMissingFileFailsWithCoreutilsMessage) {
  auto run = Run("cp /data/nope /data/x");
  EXPECT_THAT(Texts(run), ElementsAre("cp: cannot stat '/data/nope': No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FileCommandsTest, MvMovesATreeAndTheSourceIsGone) {
  PutDirectory("/data/src");
  PutFile("/data/src/f", "f");
  auto run = Run("mv /data/src /data/dst && test ! -e /data/src && cat /data/dst/f");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("f"));
  Apply(run);
  EXPECT_THAT(Tree(), ElementsAre("/data/dst", "/data/dst/f=f"));
}

TEST_F(FileCommandsTest, TestAndBracketsGiveBashStatuses) {
  PutFile("/data/f", "x");
  PutDirectory("/data/d");
  auto status = [this](std::string const& script) { return Run(script).exit_code; };
  EXPECT_EQ(status("test -f /data/f"), 0);
  EXPECT_EQ(status("test -f /data/d"), 1);
  EXPECT_EQ(status("[ -d /data/d ]"), 0);
  EXPECT_EQ(status("[ -d /data/f ]"), 1);
  EXPECT_EQ(status("[ -e /data/none ]"), 1);
  EXPECT_EQ(status("[ ! -e /data/none ]"), 0);
  EXPECT_EQ(status("[ abc = abc ]"), 0);
  EXPECT_EQ(status("[ 3 -lt 2 ]"), 1);
}

TEST_F(FileCommandsTest, IntegerComparisonsAllowBlanksAroundTheNumbers) {
  EXPECT_EQ(Run("[ ' 5 ' -eq 5 ]").exit_code, 0);
  EXPECT_EQ(Run("test '-3' -lt ' +2'").exit_code, 0);
}

TEST_F(FileCommandsTest, AnIntegerComparisonOfAWordIsStatus2) {
  auto run = Run("[ five -eq 5 ]");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(Texts(run), ElementsAre(::testing::HasSubstr("integer expression expected")));
}

TEST_F(FileCommandsTest, BracketWithoutItsClosingBracketIsStatus2) {
  auto run = Run("[ -f /data/f");
  EXPECT_THAT(Texts(run), ElementsAre("bash: [: missing `]'"));
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(FileCommandsTest, TarCreateThenExtractGivesTheTreeBack) {
  PutDirectory("/data/src");
  PutFile("/data/src/a.txt", "a\n");
  PutDirectory("/data/src/sub");
  PutFile("/data/src/sub/b.txt", "b\n");
  auto run = Run("tar -czf /data/src.tgz -C /data src && mkdir /data/out && "
                 "tar -xzf /data/src.tgz -C /data/out && cat /data/out/src/sub/b.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("b"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FileCommandsTest, TarVerboseListsTheMembers) {
  PutFile("/data/a.tar", WriteTar({{TarEntry::Type::kFile, "a.txt", "a", 0644, '0'}}, 0));
  auto run = Run("cd /data && tar -xvf a.tar");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("a.txt"));
}

TEST_F(FileCommandsTest, TarOfAMissingArchiveFailsWithGnuTarsMessages) {
  auto run = Run("tar -xzf /data/none.tgz -C /data");
  EXPECT_THAT(Texts(run), ElementsAre("tar: /data/none.tgz: Cannot open: No such file or directory",
                                      "tar: Error is not recoverable: exiting now"));
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(FileCommandsTest, TarDashZOfAPlainFileFailsAsGzipSays) {
  PutFile("/data/plain.tgz", "not compressed");
  auto run = Run("tar -xzf /data/plain.tgz -C /data");
  EXPECT_THAT(Texts(run), ElementsAre("gzip: stdin: not in gzip format", "tar: Child returned status 1",
                                      "tar: Error is not recoverable: exiting now"));
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(FileCommandsTest, TarOfAGzipBombFailsWithAClearLineAndWritesNothing) {
  std::string const bomb = GzipCompress(WriteTar(
      {{TarEntry::Type::kFile, "zeros", std::string(8U << 20, '\0'), 0644, '0'}}, 0));
  PutFile("/data/bomb.tgz", bomb);
  SimulationLimits limits;
  limits.max_made_bytes = 1U << 20;
  auto run = Run("tar -xzf /data/bomb.tgz -C /data", limits);
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre(HasSubstr("[fake-lepton] tar: /data/bomb.tgz: decompresses "
                                                "to more than the 1048576 bytes")));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, TarRefusesASymbolicLinkMemberAndExtractsTheRest) {
  std::string archive = WriteTar({{TarEntry::Type::kFile, "a.txt", "a", 0644, '0'},
                                  {TarEntry::Type::kFile, "link", "", 0644, '0'}},
                                 0);
  archive[512 + 512 + 156] = '2';  // The second member's type flag: a symbolic link.
  // Its checksum: the flag grew by '2' - '0'.
  std::string checksum = archive.substr(1024 + 148, 6);
  checksum = fmt::format("{:06o}", std::stoi(checksum, nullptr, 8) + 2);
  archive.replace(1024 + 148, 6, checksum);
  PutFile("/data/l.tar", archive);
  auto run = Run("tar -xf /data/l.tar -C /data");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre(HasSubstr("link: not extracted: a symbolic link"),
                                      "tar: Exiting with failure status due to previous errors"));
  EXPECT_EQ(run.exit_code, 2);
  Apply(run);
  EXPECT_THAT(Tree(), ElementsAre("/data/a.txt=a", "/data/l.tar=" + archive));
}

TEST_F(FileCommandsTest, TarSkipsAMemberThatClimbsOutWithDotDot) {
  PutDirectory("/data/in");
  PutFile("/data/in/evil.tar", WriteTar({{TarEntry::Type::kFile, "../escaped", "x", 0644, '0'}}, 0));
  auto run = Run("tar -xf /data/in/evil.tar -C /data/in");
  EXPECT_THAT(Texts(run), ElementsAre("tar: ../escaped: Member name contains '..'",
                                      "tar: Exiting with failure status due to previous errors"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, ChangesCarryTheTimeTheyWereMade) {
  auto run = Run("sleep 2; touch /data/late");
  ASSERT_EQ(run.changes.size(), 1U);
  EXPECT_EQ(run.changes[0].offset, seconds(2));
  EXPECT_EQ(run.changes[0].path, "/data/late");
}

TEST_F(FileCommandsTest, ARunThatIsNotUnderstoodChangesNothing) {
  auto run = Run("touch /data/made; python train.py");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.changes, IsEmpty());
}

TEST_F(FileCommandsTest, OutputOverTheRunsBudgetFailsTheCommand) {
  SimulationLimits limits;
  limits.max_made_bytes = 8;
  auto run = Run("echo 0123456789 > /data/x", limits);
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre(HasSubstr("[fake-lepton] echo: more than 8 bytes")));
  EXPECT_EQ(run.exit_code, 1);
}

}  // namespace
}  // namespace lepton::fake
