// The launch script's text: its order, its quoting (checked by a real bash where one is
// installed), and what it leaves out.

#include "scheduler/launch_script.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace lepton::sched::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

LaunchScriptParts EveryPart() {
  LaunchScriptParts parts;
  parts.title = "app 'train', role 'worker'";
  parts.exports = {"export NODE_RANK=\"${LEPTON_JOB_WORKER_INDEX}\""};
  parts.modes["755"] = {"/job/run.sh"};
  parts.workdir = "/job";
  parts.pre_launch_commands = {"pip install -e .", "nvidia-smi"};
  parts.command = "\"python\" \"train.py\"";
  return parts;
}

// What bash prints for `printf %s WORD`: the word after bash's own parsing.
std::string BashSees(std::string const& word) {
  std::string const command = "/bin/bash -c " + SingleQuote("printf %s " + word);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 256> buffer{};
  while (pipe && std::fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  return out;
}

TEST(LaunchScriptTest, RunsExportsModesCdPreLaunchThenTheCommand) {
  EXPECT_EQ(RenderLaunchScript(EveryPart()),
            "# leptonkit launch script: app 'train', role 'worker'\n"
            "export NODE_RANK=\"${LEPTON_JOB_WORKER_INDEX}\"\n"
            "chmod 755 '/job/run.sh'\n"
            "cd '/job' || exit 1\n"
            "pip install -e .\n"
            "nvidia-smi\n"
            "exec \"python\" \"train.py\"");
}

TEST(LaunchScriptTest, WithoutOptionalPartsItIsTheTitleAndTheCommand) {
  LaunchScriptParts parts;
  parts.command = "\"echo\" \"hi\"";
  EXPECT_EQ(RenderLaunchScript(parts), "# leptonkit launch script\nexec \"echo\" \"hi\"");
}

TEST(LaunchScriptTest, AMissingWorkdirStopsTheScriptBeforeTheCommand) {
  if (access("/bin/bash", X_OK) != 0) GTEST_SKIP() << "no /bin/bash to run the script with";
  LaunchScriptParts parts;
  parts.workdir = "/nonexistent/leptonkit-launch-script-test";
  parts.command = "\"echo\" \"ran\"";
  std::string const command =
      "/bin/bash -c " + SingleQuote(RenderLaunchScript(parts)) + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  int const status = pclose(pipe);
  EXPECT_EQ(out, "");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

TEST(LaunchScriptTest, ANewlineInTheTitleCannotStartACommand) {
  LaunchScriptParts parts = EveryPart();
  parts.title = "x\nrm -rf /";
  EXPECT_THAT(RenderLaunchScript(parts), Not(HasSubstr("\nrm -rf /")));
}

TEST(LaunchScriptTest, OneChmodPerModeWithEveryPathQuoted) {
  LaunchScriptParts parts;
  parts.modes["700"] = {"/job/a b", "/job/it's"};
  parts.modes["755"] = {"/job/run.sh"};
  EXPECT_THAT(RenderLaunchScript(parts),
              HasSubstr("chmod 700 '/job/a b' '/job/it'\\''s'\nchmod 755 '/job/run.sh'\n"));
}

TEST(LaunchScriptTest, SingleQuotingKeepsSpacesQuotesDollarsAndGlobs) {
  if (access("/bin/bash", X_OK) != 0) GTEST_SKIP() << "no /bin/bash to check the quoting with";
  for (std::string const name : {"a b", "it's", "$HOME", "$(touch x)", "*", "a\"b", "back\\slash",
                                 "new\nline", "'"}) {
    EXPECT_EQ(BashSees(SingleQuote(name)), name) << name;
  }
}

}  // namespace
}  // namespace lepton::sched::internal
