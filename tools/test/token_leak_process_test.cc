// The workspace token is never printed (issue #10, point 6). leptonctl runs as a process, every
// verb in text and --json mode, against a standalone fake that accepts its token, one that
// refuses it (401) and a closed port, with the token given every way leptonctl takes one and
// with flags it refuses; no stdout or stderr may hold the token. The fakes' journals (read
// through the control plane) and logs, and the contract runner's --record output, are checked
// the same way. The tokens are listed in fixtures/test_tokens.txt, so
// tools/test/token_grep.sh also finds them if anything here prints them. Paths of the binaries
// come from CMake.

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
#include <tuple>
#include <vector>

#include "child_process.h"

namespace {

using ::leptonkit::test::ClosedLoopbackPort;
using ::leptonkit::test::FakeLeptonProcess;
using ::leptonkit::test::ProcessOutput;
using ::leptonkit::test::ReadFile;
using ::leptonkit::test::RunProcess;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

// leptonctl's token: the accepting fake's, and the one the refusing fake is sent.
constexpr char kLeakTestToken[] = "leak-probe-token-8d41c";
// The refusing fake's own token, which leptonctl is never given.
constexpr char kOtherToken[] = "leak-probe-other-token-2b7e0";

// The SDK's variables for the workspace at `url`, with the token in LEPTON_WORKSPACE_TOKEN.
std::vector<std::string> EnvFor(std::string const& url) {
  return {"LEPTON_WORKSPACE_ID=fake-ws", "LEPTON_WORKSPACE_URL=" + url,
          std::string("LEPTON_WORKSPACE_TOKEN=") + kLeakTestToken};
}

enum class Backend { kAccepting, kRefusing, kUnreachable };

char const* BackendName(Backend backend) {
  switch (backend) {
    case Backend::kAccepting: return "Accepting";
    case Backend::kRefusing: return "Refusing";
    case Backend::kUnreachable: return "Unreachable";
  }
  return "?";
}

class TokenLeakTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("token-leak-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "stage");
    std::ofstream(dir_ / "stage" / "run.sh") << "echo staged\n";
  }

  static void TearDownTestSuite() {
    accepting_.reset();
    refusing_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The fakes start on first use: a test run alone starts only the one it needs.
  static FakeLeptonProcess& Accepting() {
    if (!accepting_) {
      accepting_ =
          std::make_unique<FakeLeptonProcess>(LEPTONKIT_FAKE_LEPTON_BIN, dir_ / "accepting", kLeakTestToken);
    }
    return *accepting_;
  }
  static FakeLeptonProcess& Refusing() {
    if (!refusing_) {
      refusing_ = std::make_unique<FakeLeptonProcess>(LEPTONKIT_FAKE_LEPTON_BIN, dir_ / "refusing",
                                                      kOtherToken);
    }
    return *refusing_;
  }

  static std::string WorkspaceUrl(int port) {
    return "http://127.0.0.1:" + std::to_string(port) + "/api/v2/workspaces/fake-ws";
  }

  static std::string UrlOf(Backend backend) {
    switch (backend) {
      case Backend::kAccepting: return WorkspaceUrl(Accepting().port());
      case Backend::kRefusing: return WorkspaceUrl(Refusing().port());
      case Backend::kUnreachable: return WorkspaceUrl(ClosedLoopbackPort());
    }
    return "";
  }

  // Forgets the fake's jobs, files and journal.
  static void Reset(FakeLeptonProcess& fake) {
    httplib::Client http("127.0.0.1", fake.port());
    auto res = http.Post("/fake/v1/reset", "{}", "application/json");
    ASSERT_TRUE(res && res->status == 200) << "reset";
  }

  // The fake's whole journal through the control plane, as text.
  static std::string Journal(FakeLeptonProcess& fake) {
    httplib::Client http("127.0.0.1", fake.port());
    auto res = http.Get("/fake/v1/journal");
    return res && res->status == 200 ? res->body : std::string("<no journal>");
  }

  // A job on the accepting fake that has run to its end (so it has a replica and a log).
  static std::string EndedJob() {
    httplib::Client http("127.0.0.1", Accepting().port());
    httplib::Headers const auth = {{"Authorization", std::string("Bearer ") + kLeakTestToken}};
    std::string const path = "/api/v2/workspaces/fake-ws/jobs";
    auto created = http.Post(path, auth,
                             R"({"metadata":{"name":"leak"},"spec":{"resource_shape":"cpu.small",)"
                             R"("container":{"command":["sh","-c","echo hello"]}}})",
                             "application/json");
    if (!created || created->status != 200) return "";
    std::string const id = Json::parse(created->body).at("metadata").value("id", "");
    // The fake's clock is moved through its control plane rather than waited for: 10 s of it
    // a step, at most 100 steps (the job ends within the first few).
    for (int step = 0; step < 100; ++step) {
      auto job = http.Get(path + "/" + id, auth);
      if (job && job->body.find("\"state\":\"Completed\"") != std::string::npos) return id;
      auto advanced = http.Post("/fake/v1/clock/advance", R"({"by":"10s"})", "application/json");
      if (!advanced || advanced->status != 200) return "";
    }
    return "";
  }

  // leptonctl with exactly `env` and `args`.
  static ProcessOutput Ctl(std::vector<std::string> args, std::vector<std::string> const& env) {
    args.insert(args.begin(), LEPTONKIT_LEPTONCTL_BIN);
    return RunProcess(args, env, dir_);
  }

  static inline std::filesystem::path dir_;
  static inline std::unique_ptr<FakeLeptonProcess> accepting_;
  static inline std::unique_ptr<FakeLeptonProcess> refusing_;
};

// Neither token may be in what a process printed.
void ExpectNoToken(ProcessOutput const& r, std::string const& what) {
  EXPECT_THAT(r.out, Not(HasSubstr(kLeakTestToken))) << what << ": the token is on stdout";
  EXPECT_THAT(r.err, Not(HasSubstr(kLeakTestToken))) << what << ": the token is on stderr";
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(kOtherToken))) << what;
}

// ---- Every verb, in both output modes, against every backend.

struct VerbCase {
  char const* name;
  /// "{job}" stands for a job id (on the accepting fake, one that has ended), "{stage}" for a
  /// local directory to stage.
  std::vector<std::string> args;
  /// Exit codes expected from the accepting fake, the refusing fake and the closed port: proof
  /// that the run reached the path it is meant to check.
  int accepting, refusing, unreachable;
};

std::vector<VerbCase> const& Verbs() {
  static std::vector<VerbCase> const verbs = {
      {"Submit", {"submit", "-n", "leak", "-s", "cpu.small", "--", "echo", "hi"}, 0, 4, 6},
      {"SubmitStaged",
       {"submit", "-n", "leak", "-s", "cpu.small", "--stage", "{stage}", "--", "bash", "run.sh"},
       0, 4, 6},
      {"Dryrun", {"dryrun", "-n", "leak", "-s", "cpu.small", "--", "echo", "hi"}, 0, 4, 6},
      {"DryrunLaunchScript",
       {"dryrun", "-n", "leak", "-s", "cpu.small", "--stage", "{stage}", "--launch-script", "--",
        "bash", "run.sh"},
       0, 4, 6},
      {"Status", {"status", "{job}"}, 0, 4, 6},
      {"List", {"list", "--all"}, 0, 4, 6},
      {"Logs", {"logs", "{job}"}, 0, 4, 6},
      // Against the closed port, -f keeps reconnecting until its deadline, so a short one.
      {"LogsFollow", {"logs", "{job}", "-f", "--deadline", "2s"}, 0, 4, 6},
      {"Wait", {"wait", "{job}", "--deadline", "20s"}, 0, 4, 6},
      {"Cancel", {"cancel", "{job}"}, 0, 4, 6},
      {"Delete", {"delete", "{job}"}, 0, 4, 6},
      {"DeleteWithStagedFiles", {"delete", "{job}", "--staged-files"}, 0, 4, 6},
      {"NodeGroups", {"node-groups"}, 0, 4, 6},
      {"Shapes", {"shapes"}, 0, 4, 6},
      {"ShapesOfAGroup", {"shapes", "-g", "h100-pool"}, 0, 4, 6},
  };
  return verbs;
}

using VerbParam = std::tuple<std::size_t, bool, Backend>;  // Verbs() index, --json, backend.

class VerbTokenLeakTest : public TokenLeakTest, public ::testing::WithParamInterface<VerbParam> {};

TEST_P(VerbTokenLeakTest, PrintsNoToken) {
  auto const& [index, json, backend] = GetParam();
  VerbCase const& verb = Verbs()[index];
  std::string job = "leak-job-12345";
  if (backend == Backend::kAccepting) {
    Reset(Accepting());
    if (std::find(verb.args.begin(), verb.args.end(), "{job}") != verb.args.end()) {
      job = EndedJob();
      ASSERT_FALSE(job.empty()) << "no ended job on the accepting fake";
    }
  }
  std::vector<std::string> args = {"--retries", "0"};
  if (json) args.push_back("--json");
  for (auto const& arg : verb.args) {
    args.push_back(arg == "{job}" ? job : arg == "{stage}" ? (dir_ / "stage").string() : arg);
  }
  ProcessOutput const r = Ctl(args, EnvFor(UrlOf(backend)));
  int const expected = backend == Backend::kAccepting ? verb.accepting
                       : backend == Backend::kRefusing ? verb.refusing
                                                       : verb.unreachable;
  EXPECT_EQ(r.exit_code, expected) << r.err;
  ExpectNoToken(r, verb.name);
}

INSTANTIATE_TEST_SUITE_P(
    EveryVerb, VerbTokenLeakTest,
    ::testing::Combine(::testing::Range<std::size_t>(0, Verbs().size()), ::testing::Bool(),
                       ::testing::Values(Backend::kAccepting, Backend::kRefusing,
                                         Backend::kUnreachable)),
    [](::testing::TestParamInfo<VerbParam> const& param_info) {
      return std::string(Verbs()[std::get<0>(param_info.param)].name) +
             (std::get<1>(param_info.param) ? "_Json_" : "_Text_") +
             BackendName(std::get<2>(param_info.param));
    });

// ---- Every way of giving leptonctl the token, where it fails (refused, unreachable) and works.

struct TokenSource {
  char const* name;
  /// Builds the environment and the arguments before `list` for a workspace at `url`.
  std::vector<std::string> (*env)(std::string const& url);
  std::vector<std::string> (*args)(std::string const& url);
};

std::vector<TokenSource> const& TokenSources() {
  static std::vector<TokenSource> const sources = {
      {"Environment",
       [](std::string const& url) { return EnvFor(url); },
       [](std::string const&) { return std::vector<std::string>{}; }},
      {"TokenFlag",
       [](std::string const& url) {
         return std::vector<std::string>{"LEPTON_WORKSPACE_URL=" + url};
       },
       [](std::string const&) { return std::vector<std::string>{"--token", kLeakTestToken}; }},
      {"TokenFlagWithEquals",
       [](std::string const& url) {
         return std::vector<std::string>{"LEPTON_WORKSPACE_URL=" + url};
       },
       [](std::string const&) {
         return std::vector<std::string>{std::string("--token=") + kLeakTestToken};
       }},
      {"CredentialStringInTheEnvironment",
       [](std::string const& url) {
         return std::vector<std::string>{std::string("LEPTON_WORKSPACE_ID=fake-ws:") + kLeakTestToken,
                                         "LEPTON_WORKSPACE_URL=" + url};
       },
       [](std::string const&) { return std::vector<std::string>{}; }},
      {"CredentialStringFlag",
       [](std::string const&) { return std::vector<std::string>{}; },
       [](std::string const& url) {
         return std::vector<std::string>{"--url", url, "--workspace-id",
                                         std::string("fake-ws:") + kLeakTestToken};
       }},
  };
  return sources;
}

using SourceParam = std::tuple<std::size_t, Backend>;

class TokenSourceLeakTest : public TokenLeakTest,
                            public ::testing::WithParamInterface<SourceParam> {};

TEST_P(TokenSourceLeakTest, PrintsNoTokenAndUsesIt) {
  auto const& [index, backend] = GetParam();
  TokenSource const& source = TokenSources()[index];
  std::string const url = UrlOf(backend);
  std::vector<std::string> args = source.args(url);
  for (char const* arg : {"--retries", "0", "list"}) args.push_back(arg);
  ProcessOutput const r = Ctl(args, source.env(url));
  int const expected = backend == Backend::kAccepting ? 0 : backend == Backend::kRefusing ? 4 : 6;
  EXPECT_EQ(r.exit_code, expected) << r.err;
  ExpectNoToken(r, source.name);
}

INSTANTIATE_TEST_SUITE_P(
    EverySource, TokenSourceLeakTest,
    ::testing::Combine(::testing::Range<std::size_t>(0, TokenSources().size()),
                       ::testing::Values(Backend::kAccepting, Backend::kRefusing,
                                         Backend::kUnreachable)),
    [](::testing::TestParamInfo<SourceParam> const& param_info) {
      return std::string(TokenSources()[std::get<0>(param_info.param)].name) + "_" +
             BackendName(std::get<1>(param_info.param));
    });

// ---- Arguments leptonctl refuses, with the token among them or in the workspace URL.

struct RefusedCase {
  char const* name;  ///< What is wrong; every case fails, most before any request.
  std::vector<std::string> args;  ///< "{token}" stands for the token.
  /// LEPTON_WORKSPACE_URL, "{token}" as above; a closed port when empty.
  std::string url;
  int exit_code;
};

std::vector<RefusedCase> const& RefusedCases() {
  static std::vector<RefusedCase> const cases = {
      {"MistypedTokenFlag", {"--tokne", "{token}", "list"}, "", 2},
      {"MistypedTokenFlagWithEquals", {"list", "--tokne={token}"}, "", 2},
      {"TokenFlagTwice", {"--token", "{token}", "--token", "{token}", "list"}, "", 2},
      {"UnknownVerbBeforeTheToken", {"--token", "{token}", "lsit", "{token}"}, "", 2},
      {"UnexpectedArgumentIsTheToken", {"--token", "{token}", "list", "{token}"}, "", 2},
      // A valid job id: the request is made (and fails: nothing listens); the message that
      // names the job is masked.
      {"TokenGivenAsAJobId", {"--token", "{token}", "--retries", "0", "status", "{token}"}, "", 6},
      {"TokenInTheUrlsCredentials", {"--token", "{token}", "list"},
       "http://user:{token}@127.0.0.1:1/api/v2/workspaces/fake-ws", 5},
      {"TokenInTheUrlsQuery", {"--token", "{token}", "list"},
       "http://127.0.0.1:1/api/v2/workspaces/fake-ws?token={token}", 5},
  };
  return cases;
}

std::string WithToken(std::string text) {
  for (auto at = text.find("{token}"); at != std::string::npos; at = text.find("{token}")) {
    text.replace(at, 7, kLeakTestToken);
  }
  return text;
}

class RefusedArgumentsLeakTest : public TokenLeakTest,
                                 public ::testing::WithParamInterface<std::size_t> {};

TEST_P(RefusedArgumentsLeakTest, PrintNoToken) {
  RefusedCase const& refused = RefusedCases()[GetParam()];
  std::vector<std::string> args;
  for (auto const& arg : refused.args) args.push_back(WithToken(arg));
  std::string const url =
      refused.url.empty() ? UrlOf(Backend::kUnreachable) : WithToken(refused.url);
  ProcessOutput const r = Ctl(args, {"LEPTON_WORKSPACE_URL=" + url});
  EXPECT_EQ(r.exit_code, refused.exit_code) << r.err;
  EXPECT_FALSE(r.err.empty()) << "the refusal is explained";
  ExpectNoToken(r, refused.name);
}

INSTANTIATE_TEST_SUITE_P(EveryRefusal, RefusedArgumentsLeakTest,
                         ::testing::Range<std::size_t>(0, RefusedCases().size()),
                         [](::testing::TestParamInfo<std::size_t> const& param_info) {
                           return std::string(RefusedCases()[param_info.param].name);
                         });

// ---- The fakes' journals and logs.

TEST_F(TokenLeakTest, TheAcceptingFakesJournalHoldsNoToken) {
  Reset(Accepting());
  std::string const id = EndedJob();
  ASSERT_FALSE(id.empty());
  auto const env = EnvFor(UrlOf(Backend::kAccepting));
  std::string const stage = (dir_ / "stage").string();
  for (std::vector<std::string> args :
       {std::vector<std::string>{"submit", "-n", "j", "-s", "cpu.small", "--stage", stage, "--",
                                 "bash", "run.sh"},
        std::vector<std::string>{"list"}, std::vector<std::string>{"status", id},
        std::vector<std::string>{"logs", id}, std::vector<std::string>{"delete", id}}) {
    ASSERT_EQ(Ctl(args, env).exit_code, 0) << args[0];
  }
  std::string const journal = Journal(Accepting());
  EXPECT_THAT(journal, HasSubstr("/storage/")) << "the staged upload is journaled";
  EXPECT_THAT(journal, HasSubstr("<redacted>")) << "the Authorization header is kept, redacted";
  EXPECT_THAT(journal, Not(HasSubstr(kLeakTestToken)));
}

TEST_F(TokenLeakTest, TheRefusingFakesJournalHoldsNeitherToken) {
  Reset(Refusing());
  auto const env = EnvFor(UrlOf(Backend::kRefusing));
  ASSERT_EQ(Ctl({"--retries", "0", "list"}, env).exit_code, 4);
  ASSERT_EQ(Ctl({"--retries", "0", "status", "leak-job-12345"}, env).exit_code, 4);
  std::string const journal = Journal(Refusing());
  EXPECT_THAT(journal, HasSubstr("\"status\":401"));
  EXPECT_THAT(journal, Not(HasSubstr(kLeakTestToken))) << "the wrong token it was sent";
  EXPECT_THAT(journal, Not(HasSubstr(kOtherToken))) << "its own token";
}

TEST_F(TokenLeakTest, TheStandaloneFakePrintsItsTokenOnlyInItsSettingsLine) {
  // A fake of this test's own, so that its output is complete once it has stopped.
  FakeLeptonProcess fake(LEPTONKIT_FAKE_LEPTON_BIN, dir_ / "own", kOtherToken);
  ASSERT_NE(fake.port(), 0);
  auto const env = EnvFor(WorkspaceUrl(fake.port()));
  EXPECT_EQ(Ctl({"--retries", "0", "list"}, env).exit_code, 4);  // The wrong token: 401.
  httplib::Client http("127.0.0.1", fake.port());
  // The right token in the header and in the query, and one in a body.
  auto const right = http.Post(std::string("/api/v2/workspaces/fake-ws/jobs?token=") + kOtherToken,
                               {{"Authorization", std::string("Bearer ") + kOtherToken}},
                               std::string("{\"metadata\":{\"name\":\"") + kOtherToken + "\"}}",
                               "application/json");
  ASSERT_TRUE(right);
  fake.Stop();
  std::string const out = fake.stdout_text();
  EXPECT_THAT(out, HasSubstr(std::string("export LEPTON_WORKSPACE_TOKEN=") + kOtherToken + "\n"));
  std::string const without_settings =
      out.substr(0, out.find("export LEPTON_WORKSPACE_TOKEN=")) +
      out.substr(out.find('\n', out.find("export LEPTON_WORKSPACE_TOKEN=")) + 1);
  EXPECT_THAT(without_settings, Not(HasSubstr(kOtherToken)));
  EXPECT_THAT(out, Not(HasSubstr(kLeakTestToken)));
  EXPECT_THAT(fake.stderr_text(), HasSubstr("stopping on signal"));
  EXPECT_THAT(fake.stderr_text(), Not(HasSubstr(kLeakTestToken)));
  EXPECT_THAT(fake.stderr_text(), Not(HasSubstr(kOtherToken)));
}

// ---- The contract runner's recording.

TEST_F(TokenLeakTest, TheContractRunnersRecordingHoldsNoToken) {
  Reset(Accepting());
  auto const record = dir_ / "record";
  std::filesystem::remove_all(record);
  std::vector<std::string> env = EnvFor(UrlOf(Backend::kAccepting));
  // As live_stand_in.sh: the fake runs 50x real time.
  env.push_back("LEPTONKIT_CONTRACT_POLL_MS=20");
  env.push_back("LEPTONKIT_CONTRACT_PATIENCE_SECONDS=60");
  ProcessOutput const r = RunProcess({LEPTONKIT_CONTRACT_BIN, "--backend=live",
                               "--record=" + record.string(), "--gtest_filter=JobCrudTest.*"},
                              env, dir_);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ExpectNoToken(r, "lepton-contract");
  int files = 0;
  for (auto const& entry : std::filesystem::recursive_directory_iterator(record)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_THAT(ReadFile(entry.path()), Not(HasSubstr(kLeakTestToken))) << entry.path();
  }
  EXPECT_GT(files, 1) << "the run recorded its calls";
}

}  // namespace
