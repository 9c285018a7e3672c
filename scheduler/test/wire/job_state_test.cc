// Job state names as the server spells them.

#include "lepton/job_state.h"

#include <gtest/gtest.h>

#include <string>

namespace lepton {
namespace {

TEST(JobStateTest, EveryKnownNameRoundTrips) {
  for (JobState state : kAllJobStates) {
    if (state == JobState::kUnknown) continue;
    EXPECT_EQ(ParseJobState(JobStateName(state)), state) << JobStateName(state);
  }
}

TEST(JobStateTest, ThereAreFourteenKnownStates) {
  EXPECT_EQ(kAllJobStates.size(), 15U);  // 14 states plus kUnknown.
}

TEST(JobStateTest, MatchingIsCaseSensitive) {
  EXPECT_EQ(ParseJobState("running"), JobState::kUnknown);
}

TEST(JobStateTest, EmptyStringIsTheServersUnknown) {
  EXPECT_EQ(ParseJobState(""), JobState::kUnknown);
}

TEST(JobStateTest, SdkFallbackIsUnknown) { EXPECT_EQ(ParseJobState("UNK"), JobState::kUnknown); }

TEST(JobStateTest, RemovedNotReadyStateIsUnknown) {
  EXPECT_EQ(ParseJobState("Not Ready"), JobState::kUnknown);
}

TEST(JobStateTest, FinalStatesAreTheOnesAJobDoesNotLeaveByItself) {
  std::string finals;
  for (JobState state : kAllJobStates) {
    if (IsFinal(state)) finals += std::string(JobStateName(state)) + " ";
  }
  EXPECT_EQ(finals, "Failed Completed Stopped Deleted Archived ");
}

}  // namespace
}  // namespace lepton
