// leptonctl as a user runs it: a separate process against the standalone fake-lepton (also a
// process, on a kernel-chosen loopback port), checked by exit code and output, with --json
// output parsed back. Paths of both binaries come from CMake.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace {

using ::leptonkit::test::FakeLeptonProcess;
using ::leptonkit::test::RunProcess;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Json = nlohmann::json;
using Result = ::leptonkit::test::ProcessOutput;

constexpr char kToken[] = "ctl-test-token-5f2a9";

class LeptonctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("leptonctl-test-" + std::to_string(getpid()));
    server_ = std::make_unique<FakeLeptonProcess>(LEPTONKIT_FAKE_LEPTON_BIN, dir_ / "fake", kToken);
    port_ = server_->port();
    ASSERT_NE(port_, 0) << "fake-lepton did not start: " << server_->stderr_text();
  }

  static void TearDownTestSuite() {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void SetUp() override { ASSERT_TRUE(Control("POST", "/fake/v1/reset", "{}")); }

  static std::string Url() {
    return "http://127.0.0.1:" + std::to_string(port_) + "/api/v2/workspaces/fake-ws";
  }

  static bool Control(char const* method, std::string const& path, std::string const& body) {
    httplib::Client http("127.0.0.1", port_);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = body;
    auto res = http.send(req);
    return res && res->status == 200;
  }

  // The control plane's answer to GET `path`, parsed (null when it fails).
  static Json ControlGet(std::string const& path) {
    httplib::Client http("127.0.0.1", port_);
    auto res = http.Get(path);
    return res && res->status == 200 ? Json::parse(res->body, nullptr, false) : Json();
  }

  // leptonctl with the SDK's variables pointing at the fake (at `url` when set), and `args`.
  Result Ctl(std::vector<std::string> args, std::string const& token = kToken,
             std::string const& url = "") {
    args.insert(args.begin(), LEPTONKIT_LEPTONCTL_BIN);
    std::vector<std::string> env = {"LEPTON_WORKSPACE_ID=fake-ws",
                                    "LEPTON_WORKSPACE_URL=" + (url.empty() ? Url() : url)};
    if (!token.empty()) env.push_back("LEPTON_WORKSPACE_TOKEN=" + token);
    Result r = RunProcess(args, env, dir_);
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(kToken))) << "the token was printed";
    return r;
  }

  Json CtlJson(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Result r = Ctl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json parsed = Json::parse(r.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << r.out;
    return parsed;
  }

  // Submits a one-node job (cpu.small unless `flags` give -s) running `command`; its id.
  std::string Submit(std::vector<std::string> command, std::vector<std::string> flags = {}) {
    std::vector<std::string> args = {"--json", "submit", "-n", "job"};
    if (std::find(flags.begin(), flags.end(), "-s") == flags.end()) flags.insert(flags.begin(), {"-s", "cpu.small"});
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("--");
    args.insert(args.end(), command.begin(), command.end());
    Result r = Ctl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json parsed = Json::parse(r.out, nullptr, false);
    return parsed.is_object() ? parsed.value("id", "") : "";
  }

  static inline std::filesystem::path dir_;
  static inline std::unique_ptr<FakeLeptonProcess> server_;
  static inline int port_ = 0;
};

TEST_F(LeptonctlTest, NoWorkspaceConfiguredIsOneLineAndExit4) {
  Result r = RunProcess({LEPTONKIT_LEPTONCTL_BIN, "list"}, {}, dir_);
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, StartsWith("leptonctl: error: workspace: no workspace configured"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(LeptonctlTest, NoTokenSaysWhatToSet) {
  Result r = Ctl({"list"}, /*token=*/"");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("LEPTON_WORKSPACE_TOKEN"));
}

TEST_F(LeptonctlTest, WrongTokenIs401AndExit4) {
  Result r = Ctl({"list"}, "wrong-token");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("check LEPTON_WORKSPACE_TOKEN"));
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-token")));
}

TEST_F(LeptonctlTest, UnknownFlagIsExit2) {
  EXPECT_EQ(Ctl({"list", "--no-such-flag"}).exit_code, 2);
}

TEST_F(LeptonctlTest, EveryVerbHasHelpWithAnExample) {
  for (char const* verb : {"submit", "dryrun", "status", "list", "logs", "cancel", "delete", "wait",
                           "node-groups", "shapes"}) {
    Result r = Ctl({verb, "--help"});
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_THAT(r.out, HasSubstr("Example:")) << verb;
  }
}

TEST_F(LeptonctlTest, SubmitPrintsTheIdAndStatusFindsIt) {
  std::string const id = Submit({"sleep", "600"});
  ASSERT_FALSE(id.empty());
  Json const status = CtlJson({"status", id});
  EXPECT_EQ(status["id"], id);
  EXPECT_THAT(status["state"].get<std::string>(), ::testing::AnyOf("PENDING", "RUNNING"));
}

TEST_F(LeptonctlTest, HumanSubmitSaysWhatItSubmitted) {
  Result r = Ctl({"submit", "-n", "human", "-s", "cpu.small", "--", "echo", "hi"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("submitted human-"));
}

TEST_F(LeptonctlTest, DryrunPrintsTheExactJsonAndSubmitsNothing) {
  Result r = Ctl({"dryrun", "-n", "dry", "-s", "gpu.8xh100", "--nodes", "2", "-e", "A=1", "--", "python",
                  "train.py"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json const body = Json::parse(r.out);
  EXPECT_EQ(body["spec"]["resource_shape"], "gpu.8xh100");
  EXPECT_EQ(body["spec"]["completions"], 2);
  EXPECT_THAT(body["spec"]["container"]["command"].dump(), HasSubstr("train.py"));
  EXPECT_EQ(CtlJson({"list"}), Json::array());
}

TEST_F(LeptonctlTest, UnknownNodeGroupIsOneLineAndExit5) {
  Result r = Ctl({"submit", "-n", "x", "-s", "gpu.8xh100", "-g", "nope", "--", "true"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("nope"));
  EXPECT_THAT(r.err, HasSubstr("h100-pool"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(LeptonctlTest, StatusOfAnUnknownJobIsExit3) {
  Result r = Ctl({"status", "nope-12345"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("no job 'nope-12345'"));
}

TEST_F(LeptonctlTest, StatusOfAQueuedJobGivesItsPlaceAndWhy) {
  for (int i = 0; i < 4; ++i) {
    Ctl({"submit", "-n", "big", "-s", "gpu.8xh100", "--", "sleep", "3600"});
  }
  Result r = Ctl({"--json", "submit", "-n", "late", "-s", "gpu.8xh100", "--", "sleep", "1"});
  std::string const id = Json::parse(r.out).value("id", "");
  Json const status = CtlJson({"status", id});  // Queued at once: the group is full.
  EXPECT_EQ(status["lepton_state"], "Queueing");
  EXPECT_EQ(status["queue_position"], 1);
  EXPECT_THAT(status["message"].get<std::string>(), HasSubstr("insufficient capacity"));
}

TEST_F(LeptonctlTest, ListJsonIsTheJobsAndTheTableHasAHeader) {
  std::string const id = Submit({"sleep", "600"});
  Json const jobs = CtlJson({"list"});
  ASSERT_TRUE(jobs.is_array());
  ASSERT_EQ(jobs.size(), 1U);
  EXPECT_EQ(jobs[0]["metadata"]["id"], id);
  Result table = Ctl({"list"});
  EXPECT_THAT(table.out, StartsWith("ID"));
  EXPECT_THAT(table.out, HasSubstr(id));
}

TEST_F(LeptonctlTest, ListFiltersByState) {
  Submit({"sleep", "600"});
  EXPECT_EQ(CtlJson({"list", "--status", "fail"}), Json::array());
}

TEST_F(LeptonctlTest, WaitExitsZeroWhenTheJobSucceeds) {
  std::string const id = Submit({"echo", "hello"});
  Result r = Ctl({"wait", id, "--deadline", "10m"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ended SUCCEEDED"));
  EXPECT_THAT(r.err, HasSubstr("Completed")) << "the status lines go to stderr";
}

TEST_F(LeptonctlTest, WaitExits8WhenTheJobFails) {
  std::string const id = Submit({"false"});
  EXPECT_EQ(Ctl({"wait", id}).exit_code, 8);
}

TEST_F(LeptonctlTest, WaitExits7AtTheDeadline) {
  std::string const id = Submit({"sleep", "3600"});
  Result r = Ctl({"wait", id, "--deadline", "1s"});  // leptonctl's own clock: real time.
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_THAT(r.err, HasSubstr("still"));
  EXPECT_THAT(r.err, Not(HasSubstr("did not answer")));
}

TEST_F(LeptonctlTest, CancelStopsTheJobAndWaitExits9) {
  std::string const id = Submit({"sleep", "3600"});
  Result r = Ctl({"cancel", id});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Ctl({"wait", id}).exit_code, 9);
  EXPECT_EQ(CtlJson({"status", id})["lepton_state"], "Stopped");
}

TEST_F(LeptonctlTest, CancelOfAnUnknownJobIsExit3) {
  EXPECT_EQ(Ctl({"cancel", "nope-12345"}).exit_code, 3);
}

TEST_F(LeptonctlTest, DeleteRemovesTheJob) {
  std::string const id = Submit({"sleep", "3600"});
  Json const deleted = CtlJson({"delete", id});
  EXPECT_EQ(deleted["deleted"], true);
  EXPECT_THAT(CtlJson({"status", id})["lepton_state"].get<std::string>(), StartsWith("Delet"));
}

TEST_F(LeptonctlTest, LogsPrintTheReplicasLinesFilteredByGrep) {
  std::string const id = Submit({"bash", "-c", "echo alpha; echo beta; echo alphabet"});
  ASSERT_EQ(Ctl({"wait", id}).exit_code, 0);
  Result all = Ctl({"logs", id});
  EXPECT_EQ(all.out, "alpha\nbeta\nalphabet\n");
  Result some = Ctl({"logs", id, "--grep", "^alpha"});
  EXPECT_EQ(some.out, "alpha\nalphabet\n");
}

TEST_F(LeptonctlTest, LogsFollowPrintsUntilTheReplicaEnds) {
  std::string const id = Submit({"bash", "-c", "echo one; sleep 2; echo two"});
  Result r = Ctl({"--json", "logs", id, "-f"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<std::string> texts;
  for (std::string line; std::getline(lines, line);) {
    texts.push_back(Json::parse(line).value("line", ""));
  }
  EXPECT_THAT(texts, ::testing::ElementsAre("one", "two"));
}

TEST_F(LeptonctlTest, NodeGroupsShowTheGroupsInUse) {
  Json const groups = CtlJson({"node-groups"});
  ASSERT_EQ(groups.size(), 1U);
  EXPECT_EQ(groups[0]["metadata"]["id"], "ng-h100-pool");
  Result table = Ctl({"node-groups"});
  EXPECT_THAT(table.out, HasSubstr("h100-pool"));
  EXPECT_THAT(table.out, HasSubstr("0/32"));
}

TEST_F(LeptonctlTest, ShapesListsTheShapes) {
  Json const shapes = CtlJson({"shapes"});
  ASSERT_TRUE(shapes.is_array());
  EXPECT_THAT(shapes.dump(), HasSubstr("gpu.8xh100"));
  Result table = Ctl({"shapes", "-g", "h100-pool"});
  EXPECT_THAT(table.out, HasSubstr("8 x NVIDIA-H100-80GB-HBM3"));
}

TEST_F(LeptonctlTest, RateLimitingIsExit6) {
  ASSERT_TRUE(Control("POST", "/fake/v1/faults",
                      R"({"name":"busy","status":429,"retry_after":"1s","match":{"path":"/jobs"}})"));
  Result r = Ctl({"--retries", "0", "list"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_THAT(r.err, HasSubstr("rate limiting"));
}

TEST_F(LeptonctlTest, BatchRunsCommandsAgainstOneEmbeddedFake) {
  auto const file = dir_ / "batch.lep";
  std::ofstream(file) << "submit -n a -s cpu.small -- echo from-batch\nwait @1\nlogs @last\n";
  Result r = RunProcess({LEPTONKIT_LEPTONCTL_BIN, "--fake", "--time-scale", "50", "--batch", file.string()},
                 {}, dir_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("$ leptonctl wait a-"));
  EXPECT_THAT(r.out, HasSubstr("from-batch"));
}

TEST_F(LeptonctlTest, TokenFlagAfterTheVerbIsUsed) {
  Result r = Ctl({"list", "--token", kToken}, /*token=*/"");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(LeptonctlTest, AMistypedTokenFlagDoesNotEchoTheToken) {
  // CLI11 repeats the arguments it did not expect; the value of an unknown flag is masked.
  Result r = Ctl({"list", "--tokne", kToken}, /*token=*/"");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--tokne"));
  Result eq = Ctl({"list", std::string("--tokne=") + kToken}, /*token=*/"");
  EXPECT_EQ(eq.exit_code, 2);
}

TEST_F(LeptonctlTest, ABatchLineWithATokenIsEchoedMasked) {
  auto const file = dir_ / "token.lep";
  std::ofstream(file) << "list --token " << kToken << "\n";
  Result r = RunProcess({LEPTONKIT_LEPTONCTL_BIN, "--fake", "--batch", file.string()}, {}, dir_);
  EXPECT_EQ(r.exit_code, 2) << "a batch line takes no workspace flags";
  EXPECT_THAT(r.out, HasSubstr("$ leptonctl list --token ***"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(kToken)));
}

TEST_F(LeptonctlTest, GlobalFlagsMayFollowTheVerb) {
  Submit({"sleep", "600"});
  Result r = Ctl({"list", "--json", "--retries", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out).size(), 1U);
}

TEST_F(LeptonctlTest, LocalArgumentErrorsAreExit2WithoutAHint) {
  for (std::vector<std::string> args : {
           std::vector<std::string>{"submit", "-n", "x", "-s", "cpu.small", "-e", "NOEQUALS", "--", "true"},
           std::vector<std::string>{"submit", "-n", "x", "-s", "cpu.small", "--mount", "nocolon", "--", "true"},
           std::vector<std::string>{"logs", "some-job", "--grep", "("},
           std::vector<std::string>{"wait", "some-job", "--deadline", "soon"},
           std::vector<std::string>{"status", "lepton://"}}) {
    Result r = Ctl(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_THAT(r.err, StartsWith("leptonctl: error: " + args[0] + ":"));
    EXPECT_THAT(r.err, Not(HasSubstr("(`leptonctl"))) << "no hint for a typo";
  }
}

TEST_F(LeptonctlTest, RepeatableFlagsTakeOneValueEach) {
  // Without `--`, the words after -e's value are the command, not more variables.
  Result r = Ctl({"dryrun", "-n", "x", "-s", "cpu.small", "-e", "A=1", "-e", "B=2", "python", "train.py"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json const body = Json::parse(r.out);
  EXPECT_EQ(body["spec"]["envs"].size(), 2U);
  EXPECT_THAT(body["spec"]["container"]["command"].dump(), HasSubstr(R"(\"python\" \"train.py\")"));
}

TEST_F(LeptonctlTest, FakeOptionsWithoutFakeAreExit2) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--time-scale", "5", "list"},
                                        std::vector<std::string>{"--fake-plan", "/dev/null", "list"}}) {
    Result r = Ctl(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_THAT(r.err, HasSubstr("requires --fake")) << args[0];
  }
}

TEST_F(LeptonctlTest, AWrongWorkspaceIsNotAMissingJob) {
  std::string const wrong = "http://127.0.0.1:" + std::to_string(port_) + "/api/v2/workspaces/other-ws";
  for (std::vector<std::string> args :
       {std::vector<std::string>{"status", "some-job-12345"}, std::vector<std::string>{"list"},
        std::vector<std::string>{"cancel", "some-job-12345"}, std::vector<std::string>{"delete", "some-job-12345"},
        std::vector<std::string>{"wait", "some-job-12345"}, std::vector<std::string>{"logs", "some-job-12345"},
        std::vector<std::string>{"node-groups"},
        std::vector<std::string>{"submit", "-n", "x", "-s", "cpu.small", "--", "true"}}) {
    Result r = Ctl(args, kToken, wrong);
    EXPECT_EQ(r.exit_code, 4) << args[0] << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("workspace was not found")) << args[0];
    EXPECT_THAT(r.err, Not(HasSubstr("no job"))) << args[0];
    EXPECT_THAT(r.err, Not(HasSubstr("LEPTON_WORKSPACE_TOKEN"))) << "not a token problem";
  }
}

TEST_F(LeptonctlTest, ShapesOfAnUnknownNodeGroupIsExit3) {
  Result r = Ctl({"shapes", "-g", "nope"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("no node group 'nope'"));
  EXPECT_THAT(r.err, HasSubstr("h100-pool"));
}

TEST_F(LeptonctlTest, ListFiltersByStatePrefix) {
  std::string const id = Submit({"sleep", "3600"});
  Json running;
  for (int i = 0; i < 200 && running.empty(); ++i) {  // Starts within a few fake seconds.
    running = CtlJson({"list", "--status", "run"});
  }
  ASSERT_EQ(running.size(), 1U);
  EXPECT_EQ(running[0]["metadata"]["id"], id);
  EXPECT_EQ(running[0]["status"]["state"], "Running");
}

TEST_F(LeptonctlTest, QueuePositionCountsTheJobsAheadThatCompeteForTheNodes) {
  for (int i = 0; i < 4; ++i) Ctl({"submit", "-n", "big", "-s", "gpu.8xh100", "--", "sleep", "3600"});
  std::string const first = Submit({"sleep", "1"}, {"-s", "gpu.8xh100"});
  std::string const second = Submit({"sleep", "1"}, {"-s", "gpu.8xh100", "-g", "h100-pool"});
  std::string const urgent = Submit({"sleep", "1"}, {"-s", "gpu.8xh100", "--priority", "high-9000"});
  EXPECT_EQ(CtlJson({"status", urgent})["queue_position"], 1);
  EXPECT_EQ(CtlJson({"status", first})["queue_position"], 2);
  EXPECT_EQ(CtlJson({"status", second})["queue_position"], 3)
      << "a job with no node group competes with one that names a group";
}

TEST_F(LeptonctlTest, DryrunIsWhatSubmitPosts) {
  std::vector<std::string> const flags = {"-n", "same", "-s", "cpu.small", "--nodes", "2", "-e", "A=1",
                                          "-l", "team=x", "--priority", "low-2000", "--", "echo", "hi"};
  std::vector<std::string> dry = {"dryrun"};
  dry.insert(dry.end(), flags.begin(), flags.end());
  Result shown = Ctl(dry);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  std::vector<std::string> real = {"submit"};
  real.insert(real.end(), flags.begin(), flags.end());
  ASSERT_EQ(Ctl(real).exit_code, 0);
  Json const posts = ControlGet("/fake/v1/journal?method=POST&path=.*/jobs$");
  ASSERT_EQ(posts["requests"].size(), 1U);
  Json const posted = Json::parse(posts["requests"][0]["body"].get<std::string>());
  Json const dry_body = Json::parse(shown.out);
  // Only the random parts differ: the name's unique suffix and the create token.
  EXPECT_EQ(posted["spec"], dry_body["spec"]);
  EXPECT_THAT(posted["metadata"]["name"].get<std::string>(), StartsWith("same-"));
}

TEST_F(LeptonctlTest, CancelOfAnEndedJobSaysSoAndKeepsItsState) {
  std::string const id = Submit({"echo", "done"});
  ASSERT_EQ(Ctl({"wait", id}).exit_code, 0);
  Result r = Ctl({"cancel", id});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("already ended SUCCEEDED"));
  EXPECT_EQ(CtlJson({"cancel", id})["stopped"], false);
  EXPECT_EQ(CtlJson({"status", id})["lepton_state"], "Completed");
}

TEST_F(LeptonctlTest, LogsJsonCarriesBytesThatAreNotUtf8AsReplacementCharacters) {
  std::string const id = Submit({"echo", "-e", "ok\\xff\\xfe end"});
  ASSERT_EQ(Ctl({"wait", id}).exit_code, 0);
  for (bool follow : {false, true}) {
    std::vector<std::string> args = {"--json", "logs", id};
    if (follow) args.push_back("-f");
    Result r = Ctl(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json const line = Json::parse(r.out, nullptr, false);
    ASSERT_FALSE(line.is_discarded()) << r.out;
    EXPECT_EQ(line["line"], "ok\xEF\xBF\xBD\xEF\xBF\xBD end") << (follow ? "-f" : "");
  }
}

TEST_F(LeptonctlTest, LogsFollowOfAReplicaTheJobDoesNotHaveIsExit3AtOnce) {
  std::string const id = Submit({"sleep", "3600"});
  Result r = Ctl({"logs", id, "-f", "--replica", "1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("has replicas 0 to 0, not 1"));
}

TEST_F(LeptonctlTest, LogsFollowGivesUpAtItsDeadlineWithExit7) {
  for (int i = 0; i < 4; ++i) Ctl({"submit", "-n", "big", "-s", "gpu.8xh100", "--", "sleep", "3600"});
  std::string const queued = Submit({"echo", "never"}, {"-s", "gpu.8xh100"});
  Result r = Ctl({"logs", queued, "-f", "--deadline", "1s"});  // leptonctl's clock: real time.
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_THAT(r.err, HasSubstr("waiting for the replica (Lepton state Queueing)"));
  EXPECT_THAT(r.err, Not(HasSubstr("did not answer"))) << "our own deadline is not the workspace's fault";
}

TEST_F(LeptonctlTest, LogsFollowDeadlineEndsAQuietStream) {
  // The replica runs for 60 s of real time and prints nothing: the open stream is quiet.
  std::string const id = Submit({"sleep", "3000"});
  Result r = Ctl({"logs", id, "-f", "--deadline", "2s"});
  EXPECT_EQ(r.exit_code, 7) << r.err;  // Not -1 (killed at 60 s) nor 0 (the job's end).
  EXPECT_THAT(r.err, HasSubstr("deadline passed"));
}

TEST_F(LeptonctlTest, LogsDeadlineWithoutFollowIsExit2) {
  EXPECT_EQ(Ctl({"logs", "some-job", "--deadline", "1s"}).exit_code, 2);
}


// A local directory to stage: run.sh prints config.txt (mode 755: the script restores it).
std::filesystem::path StageDirectory(std::filesystem::path const& parent, std::string const& name) {
  auto const dir = parent / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "config.txt") << "lr=3e-4\n";
  std::ofstream(dir / "run.sh") << "echo \"rank $NODE_RANK\"\ncat config.txt\n";
  std::filesystem::permissions(dir / "run.sh", std::filesystem::perms(0755));
  return dir;
}

TEST_F(LeptonctlTest, DryrunLaunchScriptShowsWhatIsStagedAndTheScript) {
  auto const local = StageDirectory(dir_, "dry-stage");
  Result r = Ctl({"dryrun", "-n", "t", "-s", "cpu.small", "--stage", local.string(), "--stage-to",
                  "default:/apps/t", "--pre-launch", "echo pre", "--launch-script", "--", "bash",
                  "run.sh"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("-> default:/apps/t, mounted at /leptonkit/job"));
  EXPECT_THAT(r.out, HasSubstr("chmod 755 '/leptonkit/job/run.sh'\n"
                               "cd '/leptonkit/job' || exit 1\n"
                               "echo pre\n"
                               "exec \"bash\" \"run.sh\""));
  EXPECT_EQ(ControlGet("/fake/v1/journal").dump().find("/storage/"), std::string::npos);
}

TEST_F(LeptonctlTest, SubmitWithStageRunsTheStagedScript) {
  auto const local = StageDirectory(dir_, "run-stage");
  std::string const id = Submit({"bash", "run.sh"}, {"--stage", local.string()});
  ASSERT_EQ(Ctl({"wait", id}).exit_code, 0);
  EXPECT_EQ(Ctl({"logs", id}).out, "rank 0\nlr=3e-4\n");
}

TEST_F(LeptonctlTest, DeleteWithStagedFilesRemovesThemFromStorage) {
  auto const local = StageDirectory(dir_, "delete-stage");
  std::string const id =
      Submit({"bash", "run.sh"}, {"--stage", local.string(), "--stage-to", "/apps/gone"});
  ASSERT_FALSE(id.empty());
  Json const deleted = CtlJson({"delete", id, "--staged-files"});
  EXPECT_EQ(deleted["deleted"], true);
  httplib::Client http("127.0.0.1", port_);
  auto head = http.Head("/api/v2/workspaces/fake-ws/storage/default/apps/gone",
                        {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 404);
}

}  // namespace
