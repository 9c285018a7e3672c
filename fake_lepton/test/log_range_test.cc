// `GET /logs` time ranges as Loki's query_range defines them (start inclusive, end exclusive,
// start after end refused), how `lep log get` pages backwards through them, and line times
// against the job's completion time.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fake_http_test.h"

namespace lepton::fake {
namespace {

using internal::Json;
using ::testing::ElementsAre;
using ::testing::SizeIs;

struct Line {
  std::int64_t ns;
  std::string text;
};

// The lines of a /logs answer, every stream merged.
std::vector<Line> LinesOf(Json const& answer) {
  std::vector<Line> out;
  for (auto const& stream : answer["data"]["result"]) {
    for (auto const& value : stream["values"]) {
      out.push_back({std::stoll(value[0].get<std::string>()), value[1].get<std::string>()});
    }
  }
  return out;
}

std::vector<std::string> Texts(std::vector<Line> const& lines) {
  std::vector<std::string> out;
  for (auto const& line : lines) out.push_back(line.text);
  return out;
}

std::string Ns(TimePoint t) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

class LogRangeTest : public FakeHttpTest {
 protected:
  std::string RunToEnd(std::string const& name, char const* script, int replicas = 1) {
    std::string const id = CreateJob(
        Json{{"metadata", {{"name", name}}},
             {"spec",
              {{"completions", replicas},
               {"parallelism", replicas},
               {"container", {{"command", {"sh", "-c", script}}}}}}}
            .dump());
    clock_->Advance(std::chrono::seconds(60));
    return id;
  }
};

TEST_F(LogRangeTest, ALineStampedExactlyAtEndIsLeftOut) {
  std::string const id = RunToEnd("excl", "echo one; sleep 10; echo two");
  std::vector<Line> const all = LinesOf(Get("/logs?job=" + id + "&direction=forward"));
  ASSERT_THAT(all, SizeIs(2));
  std::vector<Line> const before =
      LinesOf(Get("/logs?job=" + id + "&start=" + std::to_string(all[0].ns) +
                  "&end=" + std::to_string(all[1].ns)));
  EXPECT_THAT(Texts(before), ElementsAre("one"));
}

TEST_F(LogRangeTest, ALineStampedExactlyAtStartIsIncluded) {
  std::string const id = RunToEnd("incl", "echo one; sleep 10; echo two");
  std::vector<Line> const all = LinesOf(Get("/logs?job=" + id + "&direction=forward"));
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_THAT(Texts(LinesOf(Get("/logs?job=" + id + "&start=" + std::to_string(all[1].ns)))),
              ElementsAre("two"));
}

TEST_F(LogRangeTest, StartAfterEndIsABadRequest) {
  std::string const id = RunToEnd("backwards", "echo one");
  TimePoint const now = clock_->Now();
  Json const error = Get("/logs?job=" + id + "&start=" + Ns(now) +
                             "&end=" + Ns(now - std::chrono::seconds(1)),
                         400);
  EXPECT_EQ(error["code"], "BadRequest");
  EXPECT_THAT(error.value("message", ""), ::testing::HasSubstr("start"));
}

TEST_F(LogRangeTest, StartEqualToEndIsAnEmptyRange) {
  std::string const id = RunToEnd("empty", "echo one");
  std::string const now = Ns(clock_->Now());
  EXPECT_THAT(LinesOf(Get("/logs?job=" + id + "&start=" + now + "&end=" + now)), SizeIs(0));
}

// `lep log get` (leptonai/cli/log.py): start fixed, end = the oldest line time of the previous
// page, limit = the lines still wanted, until a page comes back empty or enough were read.
TEST_F(LogRangeTest, PagingBackwardsAsLepLogGetSeesEveryLineOnce) {
  std::string const id = RunToEnd("paged", "echo a; echo b; echo c; echo d; echo e", 2);
  std::string const start = Ns(ManualClock::DefaultStart());
  std::int64_t end = std::stoll(Ns(clock_->Now()));
  std::vector<std::string> seen;
  int requests = 0;
  for (std::int64_t wanted = 100; wanted > 0 && requests < 50; ++requests) {
    std::vector<Line> page =
        LinesOf(Get("/logs?job=" + id + "&start=" + start + "&end=" + std::to_string(end) +
                    "&limit=3&direction=backward"));
    if (page.empty()) break;
    std::sort(page.begin(), page.end(), [](Line const& a, Line const& b) { return a.ns > b.ns; });
    wanted -= static_cast<std::int64_t>(page.size());
    end = page.back().ns;
    for (auto const& line : page) seen.push_back(line.text);
  }
  ASSERT_LT(requests, 50) << "the same page came back again and again";
  std::multiset<std::string> const counted(seen.begin(), seen.end());
  EXPECT_EQ(counted,
            (std::multiset<std::string>{"a", "a", "b", "b", "c", "c", "d", "d", "e", "e"}));
}

TEST_F(LogRangeTest, NoTwoLinesOfAJobShareATime) {
  std::string const id = RunToEnd("distinct", "echo a; echo b; echo c", 3);
  std::vector<Line> const lines = LinesOf(Get("/logs?job=" + id));
  ASSERT_THAT(lines, SizeIs(9));
  std::set<std::int64_t> times;
  for (auto const& line : lines) times.insert(line.ns);
  EXPECT_THAT(times, SizeIs(9));
}

// The clock is half a millisecond past a whole one, so that the exit falls inside a millisecond.
TEST_F(LogRangeTest, EveryLineComesBeforeTheJobsCompletionTime) {
  clock_->Advance(std::chrono::microseconds(500));
  std::string const id = RunToEnd("exit-line", "echo first; echo last", 2);
  Json const job = Get("/jobs/" + id);
  ASSERT_EQ(job["status"]["state"], "Completed");
  std::int64_t const completion_ns =
      job["status"]["completion_time"].get<std::int64_t>() * 1'000'000;
  std::vector<Line> const lines = LinesOf(Get("/logs?job=" + id));
  ASSERT_THAT(lines, SizeIs(4));
  for (auto const& line : lines) EXPECT_LT(line.ns, completion_ns) << line.text;
}

TEST_F(LogRangeTest, ReadingUpToTheCompletionTimeGetsTheLastLine) {
  clock_->Advance(std::chrono::microseconds(500));
  std::string const id = RunToEnd("up-to-completion", "echo first; echo last");
  std::int64_t const completion_ms = Get("/jobs/" + id)["status"]["completion_time"];
  std::string const end = std::to_string(completion_ms * 1'000'000);
  std::vector<Line> const lines = LinesOf(Get("/logs?job=" + id + "&direction=forward&start=" +
                                              Ns(ManualClock::DefaultStart()) + "&end=" + end));
  EXPECT_THAT(Texts(lines), ElementsAre("first", "last"));
}

}  // namespace
}  // namespace lepton::fake
