// The shell subset the fake simulates when no plan applies (docs/architecture.md, "The fake's
// layers").

#include "command_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lepton::fake {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SimulatedRun Sh(std::string const& script, std::map<std::string, std::string> const& env = {}) {
  return SimulateCommand({"/bin/bash", "-c", script}, env);
}

std::vector<std::string> Texts(SimulatedRun const& run) {
  std::vector<std::string> out;
  for (auto const& line : run.lines) out.push_back(line.text);
  return out;
}

TEST(CommandScriptTest, EchoEmitsOneLineAtStart) {
  auto run = Sh("echo hi");
  ASSERT_TRUE(run.understood) << run.reason;
  ASSERT_EQ(run.lines.size(), 1U);
  EXPECT_EQ(run.lines[0], (SimulatedLogLine{Duration::zero(), "hi"}));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.duration, Duration::zero());
}

TEST(CommandScriptTest, EchoEscapesWriteRawBytes) {
  // As bash's `echo -e`: \xHH is one byte, which need not be UTF-8; \x without digits stays.
  auto run = Sh(R"(echo -e 'a\x41\xff\x4 b\xz')");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre(std::string("aA\xff\x04 b\\xz")));
}

TEST(CommandScriptTest, NestedShellRunsItsScriptOnTheSameClock) {
  auto run = Sh("echo a; bash -c 'echo b; sleep 2'; echo c");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("a", "b", "c"));
  EXPECT_EQ(run.lines[2].offset, seconds(2));
  EXPECT_EQ(run.duration, seconds(2));
}

TEST(CommandScriptTest, ExitInANestedShellEndsOnlyThatShell) {
  auto run = Sh("sh -c 'exit 3' || echo failed with 3");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("failed with 3"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST(CommandScriptTest, NestedShellStatusIsTheCommands) {
  auto run = SimulateCommand({"bash", "-c", "bash -c 'exit 4'"}, {});
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_EQ(run.exit_code, 4);
}

TEST(CommandScriptTest, NestedShellOfAScriptFileNoMountShowsIsNotUnderstood) {
  auto run = Sh("bash train.sh");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("train.sh"));
}

TEST(CommandScriptTest, NestedShellReadingItsStandardInputIsNotUnderstood) {
  auto run = Sh("bash -e");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("standard input"));
}

TEST(CommandScriptTest, ExportSetsAVariableForLaterWords) {
  auto run = Sh("export RANK=$IDX WORLD=4; echo $RANK of $WORLD", {{"IDX", "2"}});
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("2 of 4"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST(CommandScriptTest, AnExportThatCouldBeSkippedIsNotUnderstood) {
  auto run = Sh("false && export X=1; echo $X");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("export"));
}

TEST(CommandScriptTest, ExportOfABadNameIsNotUnderstood) {
  EXPECT_FALSE(Sh("export 1X=2").understood);
}

TEST(CommandScriptTest, RealisticJobCommand) {
  auto run = Sh("echo starting; sleep 2; echo worker $LEPTON_JOB_WORKER_INDEX done && exit 3",
                {{"LEPTON_JOB_WORKER_INDEX", "1"}});
  ASSERT_TRUE(run.understood) << run.reason;
  ASSERT_EQ(run.lines.size(), 2U);
  EXPECT_EQ(run.lines[0], (SimulatedLogLine{Duration::zero(), "starting"}));
  EXPECT_EQ(run.lines[1], (SimulatedLogLine{seconds(2), "worker 1 done"}));
  EXPECT_EQ(run.duration, seconds(2));
  EXPECT_EQ(run.exit_code, 3);
}

TEST(CommandScriptTest, TheDecisionSevenExample) {
  auto run = SimulateCommand({"sh", "-c", "echo hi; sleep 30; exit 3"}, {});
  EXPECT_THAT(Texts(run), ElementsAre("hi"));
  EXPECT_EQ(run.duration, seconds(30));
  EXPECT_EQ(run.exit_code, 3);
}

TEST(CommandScriptTest, NewlinesSeparateCommands) {
  EXPECT_THAT(Texts(Sh("echo a\necho b\n\n")), ElementsAre("a", "b"));
}

TEST(CommandScriptTest, AndSkipsAfterFailure) {
  auto run = Sh("false && echo never; echo after");
  EXPECT_THAT(Texts(run), ElementsAre("after"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST(CommandScriptTest, OrRunsOnlyAfterFailure) {
  EXPECT_THAT(Texts(Sh("false || echo rescued; true || echo skipped")), ElementsAre("rescued"));
}

TEST(CommandScriptTest, AndOrChainsLeftToRight) {
  EXPECT_THAT(Texts(Sh("false && echo a || echo b")), ElementsAre("b"));
}

TEST(CommandScriptTest, AndContinuesOnTheNextLine) {
  EXPECT_THAT(Texts(Sh("true &&\necho next")), ElementsAre("next"));
}

TEST(CommandScriptTest, ExitEndsTheScriptAtOnce) {
  auto run = Sh("echo a; exit 7; echo never");
  EXPECT_THAT(Texts(run), ElementsAre("a"));
  EXPECT_EQ(run.exit_code, 7);
}

TEST(CommandScriptTest, ExitCodeIsModulo256) {
  EXPECT_EQ(Sh("exit 257").exit_code, 1);
  EXPECT_EQ(Sh("exit -1").exit_code, 255);
}

TEST(CommandScriptTest, BareExitKeepsTheLastStatus) { EXPECT_EQ(Sh("false; exit").exit_code, 1); }

TEST(CommandScriptTest, FinalFalseFailsTheRun) { EXPECT_EQ(Sh("echo x; false").exit_code, 1); }

TEST(CommandScriptTest, ColonAndTrueSucceed) { EXPECT_EQ(Sh("false; :").exit_code, 0); }

TEST(CommandScriptTest, SleepSuffixesAndSums) {
  EXPECT_EQ(Sh("sleep 1.5").duration, milliseconds(1500));
  EXPECT_EQ(Sh("sleep 2m").duration, seconds(120));
  EXPECT_EQ(Sh("sleep 1h 1s").duration, seconds(3601));
  EXPECT_EQ(Sh("sleep 1d").duration, seconds(86400));
}

TEST(CommandScriptTest, HugeSleepIsCapped) {
  EXPECT_EQ(Sh("sleep 99999999999d").duration, std::chrono::duration_cast<Duration>(kMaxSimulatedDuration));
}

TEST(CommandScriptTest, InvalidSleepIsNotUnderstood) {
  auto run = Sh("sleep soon");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("sleep"));
}

TEST(CommandScriptTest, SingleQuotesAreLiteral) {
  EXPECT_THAT(Texts(Sh("echo '$HOME; && x'", {{"HOME", "/root"}})), ElementsAre("$HOME; && x"));
}

TEST(CommandScriptTest, DoubleQuotesExpandAndEscape) {
  EXPECT_THAT(Texts(Sh(R"(echo "a \"b\" $X \$Y")", {{"X", "x"}})), ElementsAre(R"(a "b" x $Y)"));
}

TEST(CommandScriptTest, BracedAndUnsetVariables) {
  EXPECT_THAT(Texts(Sh("echo ${A}-$B-end", {{"A", "a"}})), ElementsAre("a--end"));
}

TEST(CommandScriptTest, ADefaultIsUsedWhenTheVariableIsUnset) {
  EXPECT_THAT(Texts(Sh("echo ${P:-$J-svc}", {{"J", "job"}})), ElementsAre("job-svc"));
}

TEST(CommandScriptTest, ADefaultIsUsedWhenTheVariableIsEmpty) {
  EXPECT_THAT(Texts(Sh("echo \"${P:-x}\"", {{"P", ""}})), ElementsAre("x"));
}

TEST(CommandScriptTest, ASetVariableWinsOverItsDefault) {
  EXPECT_THAT(Texts(Sh("echo ${P:-x}", {{"P", "set"}})), ElementsAre("set"));
}

TEST(CommandScriptTest, OtherParameterExpansionsAreNotUnderstood) {
  for (char const* script : {"echo ${P:=x}", "echo ${P#x}", "echo ${P:-\"q\"}", "echo ${P:-$(id)}"}) {
    EXPECT_FALSE(Sh(script).understood) << script;
  }
}

TEST(CommandScriptTest, ExecRunsTheCommandAndEndsTheShellWithItsStatus) {
  auto run = Sh("exec false; echo never");
  EXPECT_TRUE(run.understood);
  EXPECT_TRUE(run.lines.empty());
  EXPECT_EQ(run.exit_code, 1);
}

TEST(CommandScriptTest, LogBytesBeyondTheLimitAreCutAndMarked) {
  SimulationLimits limits;
  limits.max_log_bytes = 10;
  auto run = SimulateCommand({"bash", "-c", "echo 12345; echo 67890; echo more"}, {}, limits);
  EXPECT_THAT(Texts(run), ElementsAre("12345", "67890"));
  EXPECT_TRUE(run.truncated);
}

TEST(CommandScriptTest, CommentsAreIgnored) {
  EXPECT_THAT(Texts(Sh("# setup\necho a # trailing\necho b#not-a-comment")),
              ElementsAre("a", "b#not-a-comment"));
}

TEST(CommandScriptTest, EchoDashEInterpretsNewlines) {
  EXPECT_THAT(Texts(Sh(R"(echo -e "one\ntwo")")), ElementsAre("one", "two"));
}

TEST(CommandScriptTest, EchoDashNWithNothingWritesNoLine) { EXPECT_TRUE(Sh("echo -n").lines.empty()); }

TEST(CommandScriptTest, CombinedShellFlags) {
  EXPECT_TRUE(SimulateCommand({"bash", "-lc", "echo hi"}, {}).understood);
  EXPECT_TRUE(SimulateCommand({"/usr/bin/env", "bash", "-c", "echo hi"}, {}).understood);
}

TEST(CommandScriptTest, DashEStopsAtTheFirstUnguardedFailure) {
  auto run = SimulateCommand({"sh", "-ec", "false || echo ok; false; echo never"}, {});
  EXPECT_THAT(Texts(run), ElementsAre("ok"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST(CommandScriptTest, ExecFormRunsOneCommandWithoutExpansion) {
  auto run = SimulateCommand({"/bin/echo", "$HOME"}, {{"HOME", "/root"}});
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("$HOME"));
}

TEST(CommandScriptTest, OtherProgramsAreNotUnderstood) {
  auto run = SimulateCommand({"python", "train.py"}, {});
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("python"));
}

TEST(CommandScriptTest, ShellWithoutDashCIsNotUnderstood) {
  EXPECT_FALSE(SimulateCommand({"bash", "run.sh"}, {}).understood);
}

TEST(CommandScriptTest, EmptyCommandIsNotUnderstood) {
  EXPECT_FALSE(SimulateCommand({}, {}).understood);
}

struct Rejected {
  std::string script;
  std::string reason;
};

class RejectedConstructTest : public ::testing::TestWithParam<Rejected> {};

TEST_P(RejectedConstructTest, IsNotUnderstoodWithAReason) {
  auto run = Sh(GetParam().script);
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(
    Constructs, RejectedConstructTest,
    ::testing::Values(Rejected{"echo a |& cat", "pipe of standard error"},
                      Rejected{"echo a | grep a", "'grep'"},
                      Rejected{"echo a > /scratch/f", "outside every storage mount"},
                      Rejected{"echo a 2> /scratch/f", "file descriptor 2"},
                      Rejected{"echo a >& /scratch/f", "redirection '>&'"},
                      Rejected{"echo a > /scratch/f > /scratch/g", "more than one"},
                      Rejected{"cat < f", "redirection"}, Rejected{"(echo a)", "subshell"},
                      Rejected{"echo `date`", "substitution"},
                      Rejected{"echo $(date)", "substitution"}, Rejected{"sleep 1 &", "background"},
                      Rejected{"X=1 echo", "assignment"}, Rejected{"if true; then :; fi", "control"},
                      Rejected{"for i in 1; do :; done", "control"},
                      Rejected{"echo 'open", "unterminated"}, Rejected{"echo \"open", "unterminated"},
                      Rejected{"&& echo", "syntax"}, Rejected{"echo a &&", "ends with"},
                      Rejected{"echo $?", "special parameter"}, Rejected{"python x.py", "python"}));

TEST(CommandScriptTest, LinesBeyondTheLimitAreTruncated) {
  SimulationLimits limits;
  limits.max_lines = 2;
  auto run = SimulateCommand({"sh", "-c", "echo 1; echo 2; echo 3"}, {}, limits);
  EXPECT_TRUE(run.truncated);
  EXPECT_THAT(Texts(run), ElementsAre("1", "2"));
}

TEST(CommandScriptTest, TooManyCommandsIsNotUnderstood) {
  std::string script;
  for (int i = 0; i < 1001; ++i) script += "true;";
  EXPECT_FALSE(Sh(script).understood);
}

TEST(CommandScriptTest, OversizedScriptIsNotUnderstood) {
  EXPECT_FALSE(Sh(std::string(1024 * 1024, ';')).understood);
}

TEST(CommandScriptTest, NulBytesAndInvalidUtf8DoNotCrash) {
  std::string script = "echo a";
  script += '\0';
  script += "b\xff\xfe";
  auto run = Sh(script);
  ASSERT_TRUE(run.understood) << run.reason;
  ASSERT_EQ(run.lines.size(), 1U);
  EXPECT_EQ(run.lines[0].text.size(), 5U);  // a, NUL, b, 0xff, 0xfe
}

TEST(CommandScriptTest, ManyBlankLinesWithinTheLimitAreFine) {
  EXPECT_TRUE(Sh(std::string(60 * 1024, '\n')).understood);
}

// ---------------------------------------------------------------------------------------------
// Files: cat, cd, chmod, source, bash FILE, through a reader over a small tree under /data
// (everything else is outside every mount).

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_["/data/x.txt"] = "first\nsecond\n";
    files_["/data/partial"] = "no newline";
    files_["/data/env.sh"] = "echo sourced $WHO; cd /data/sub";
    files_["/data/exit.sh"] = "echo before; exit 4; echo after";
    files_["/data/run.sh"] = "echo in child; cd /data/sub; exit 3";
    files_["/data/self.sh"] = "source /data/self.sh";
    files_["/data/exports.sh"] = "export A=1";
    files_["/data/sub/y.txt"] = "why\n";
    dirs_ = {"/data", "/data/sub"};
  }

  ContainerFileReader Reader() {
    return [this](std::string const& path) {
      ++lookups_;
      if (dirs_.contains(path)) return ContainerPath{ContainerPath::Kind::kDirectory, nullptr};
      if (auto it = files_.find(path); it != files_.end()) {
        return ContainerPath{ContainerPath::Kind::kFile,
                             std::make_shared<std::string const>(it->second)};
      }
      if (path == "/data" || path.starts_with("/data/")) return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
      return ContainerPath{};
    };
  }

  SimulatedRun Run(std::string const& script, std::map<std::string, std::string> env = {}) {
    return SimulateCommand({"bash", "-c", script}, env, {}, Reader());
  }

  std::map<std::string, std::string> files_;
  std::set<std::string> dirs_;
  int lookups_ = 0;
};

TEST_F(FilesTest, CatWritesTheFilesLines) {
  auto run = Run("cat /data/x.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("first", "second"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FilesTest, CatOfSeveralFilesJoinsALineWithoutNewline) {
  auto run = Run("cat /data/partial /data/x.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("no newlinefirst", "second"));
}

TEST_F(FilesTest, CatOfAMissingFileSaysSoAndFails) {
  auto run = Run("cat /data/nope.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("cat: /data/nope.txt: No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FilesTest, CatGoesOnAfterAMissingFile) {
  auto run = Run("cat /data/nope /data/sub/y.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("cat: /data/nope: No such file or directory", "why"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FilesTest, CatOfADirectoryFails) {
  auto run = Run("cat /data/sub");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("cat: /data/sub: Is a directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FilesTest, CatOutsideEveryMountIsNotUnderstood) {
  auto run = Run("cat /etc/hostname");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("outside every storage mount"));
}

TEST_F(FilesTest, CatWithoutFilesReadsStdinSoIsNotUnderstood) {
  EXPECT_FALSE(Run("cat").understood);
}

TEST_F(FilesTest, FilesAreUnknownWithoutAReader) {
  EXPECT_FALSE(Sh("cat /data/x.txt").understood);
}

TEST_F(FilesTest, CatLinesCountAgainstTheLineLimit) {
  files_["/data/many"] = std::string(100, '\n');
  SimulationLimits limits;
  limits.max_lines = 10;
  auto run = SimulateCommand({"bash", "-c", "cat /data/many"}, {}, limits, Reader());
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_EQ(run.lines.size(), 10U);
  EXPECT_TRUE(run.truncated);
}

TEST_F(FilesTest, CdMakesRelativePathsResolve) {
  auto run = Run("cd /data/sub && cat y.txt ../x.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("why", "first", "second"));
}

TEST_F(FilesTest, CdToAMissingDirectoryFailsLikeBash) {
  auto run = Run("cd /data/nope");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("bash: cd: /data/nope: No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FilesTest, CdToAFileFails) {
  auto run = Run("cd /data/x.txt || echo failed");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("bash: cd: /data/x.txt: Not a directory", "failed"));
}

TEST_F(FilesTest, RelativePathBeforeAnyCdIsNotUnderstood) {
  auto run = Run("cat x.txt");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("working directory is unknown"));
}

TEST_F(FilesTest, CdWithoutADirectoryIsNotUnderstood) {
  EXPECT_FALSE(Run("cd").understood);
  EXPECT_FALSE(Run("cd /data; cd -").understood);
}

TEST_F(FilesTest, ChmodOfExistingFilesSucceeds) {
  auto run = Run("chmod +x /data/run.sh /data/sub && echo ok");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("ok"));
}

TEST_F(FilesTest, ChmodOfAMissingFileFails) {
  auto run = Run("chmod 755 /data/run.sh /data/nope");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("chmod: cannot access '/data/nope': No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FilesTest, ChmodWithAnOddModeIsNotUnderstood) {
  EXPECT_FALSE(Run("chmod --reference=/data/x.txt /data/run.sh").understood);
}

TEST_F(FilesTest, SourceRunsTheFileInThisShell) {
  auto run = Run("source /data/env.sh; cat y.txt", {{"WHO", "me"}});
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("sourced me", "why"));
}

TEST_F(FilesTest, DotIsSource) {
  auto run = Run(". /data/env.sh");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("sourced "));
}

TEST_F(FilesTest, ExitInASourcedFileEndsTheShell) {
  auto run = Run("source /data/exit.sh; echo never");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("before"));
  EXPECT_EQ(run.exit_code, 4);
}

TEST_F(FilesTest, SourceOfAMissingFileFailsWithStatusOne) {
  auto run = Run("source /data/nope.sh");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("bash: /data/nope.sh: No such file or directory"));
  EXPECT_EQ(run.exit_code, 1);
}

TEST_F(FilesTest, ExportInASourcedFileIsNotUnderstood) {
  auto run = Run("source /data/exports.sh; echo $A");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("export in a sourced file"));
}

TEST_F(FilesTest, SourcingItselfIsBoundedAndNotUnderstood) {
  auto run = Run("source /data/self.sh");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("too deep"));
}

TEST_F(FilesTest, BashFileRunsAChildShellWhoseExitIsItsStatus) {
  auto run = Run("bash /data/run.sh || echo child failed");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("in child", "child failed"));
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FilesTest, CdInAChildShellDoesNotReachTheParent) {
  // run.sh cds into /data/sub; back here the directory is unknown again, so y.txt cannot be
  // resolved.
  auto run = Run("bash /data/run.sh; cat y.txt");
  EXPECT_FALSE(run.understood);
  EXPECT_THAT(run.reason, HasSubstr("working directory is unknown"));
}

TEST_F(FilesTest, ShFileOfAMissingScriptIsStatus127) {
  auto run = Run("sh /data/nope.sh");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("bash: /data/nope.sh: No such file or directory"));
  EXPECT_EQ(run.exit_code, 127);
}

TEST_F(FilesTest, ArgvOfAShellAndAFileRunsTheFile) {
  auto run = SimulateCommand({"/bin/bash", "/data/exit.sh"}, {}, {}, Reader());
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("before"));
  EXPECT_EQ(run.exit_code, 4);
}

TEST_F(FilesTest, ExportReachesAChildShellScript) {
  auto run = Run("export WHO=child; bash -c 'echo $WHO'");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_THAT(Texts(run), ElementsAre("child"));
}

TEST_F(FilesTest, FilesAreReadWhenTheCommandRuns) {
  auto run = Run("echo start; cat /data/x.txt; cat /data/x.txt");
  ASSERT_TRUE(run.understood) << run.reason;
  EXPECT_EQ(lookups_, 2);
}

}  // namespace
}  // namespace lepton::fake
