// The queue of jobs waiting for room: its order and how a pass skips demand that did not fit.

#include "pending_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lepton::fake {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

// Offers every waiting job once and refuses them all; the order they were offered in.
std::vector<std::string> OfferOrder(PendingQueue& queue) {
  std::vector<std::string> offered;
  queue.Pass([&](PendingQueue::Entry const& e) {
    offered.push_back(e.job_id);
    return false;
  });
  return offered;
}

// Places every job it is offered; the order they were placed in.
std::vector<std::string> PlaceAll(PendingQueue& queue) {
  std::vector<std::string> placed;
  queue.Pass([&](PendingQueue::Entry const& e) {
    placed.push_back(e.job_id);
    return true;
  });
  return placed;
}

TEST(PendingQueueTest, HigherPriorityComesFirstThenFirstCome) {
  PendingQueue queue;
  queue.Push({1000, 1, "low", "d"});
  queue.Push({9000, 3, "high-later", "d"});
  queue.Push({9000, 2, "high-first", "d"});
  EXPECT_THAT(PlaceAll(queue), ElementsAre("high-first", "high-later", "low"));
  EXPECT_EQ(queue.size(), 0U);
}

TEST(PendingQueueTest, PlacingAJobOffersTheNextOfItsDemandInTheSamePass) {
  PendingQueue queue;
  queue.Push({9000, 1, "a", "one"});
  queue.Push({5000, 2, "b", "two"});
  queue.Push({8000, 3, "c", "one"});
  queue.Push({1000, 4, "d", "two"});
  EXPECT_THAT(PlaceAll(queue), ElementsAre("a", "c", "b", "d"));
}

TEST(PendingQueueTest, PositionsOfEveryJobMatchPosition) {
  PendingQueue queue;
  queue.Push({5000, 1, "x", "one"});
  queue.Push({5000, 2, "y", "two"});
  queue.Push({9000, 3, "z", "three"});
  auto const positions = queue.Positions();
  ASSERT_EQ(positions.size(), 3U);
  for (auto const& [id, position] : positions) EXPECT_THAT(queue.Position(id), Optional(position));
}

TEST(PendingQueueTest, RefusedDemandIsNotOfferedAgainInThePass) {
  PendingQueue queue;
  queue.Push({5000, 1, "big-1", "big"});
  queue.Push({5000, 2, "big-2", "big"});
  queue.Push({4000, 3, "small", "small"});
  EXPECT_THAT(OfferOrder(queue), ElementsAre("big-1", "small"));
  EXPECT_EQ(queue.size(), 3U);
}

TEST(PendingQueueTest, OtherDemandIsOfferedPastARefusal) {
  PendingQueue queue;
  queue.Push({9000, 1, "big", "big"});
  queue.Push({1000, 2, "small", "small"});
  std::vector<std::string> placed;
  queue.Pass([&](PendingQueue::Entry const& e) {
    if (e.demand == "big") return false;
    placed.push_back(e.job_id);
    return true;
  });
  EXPECT_THAT(placed, ElementsAre("small"));
  EXPECT_TRUE(queue.Contains("big"));
  EXPECT_FALSE(queue.Contains("small"));
}

TEST(PendingQueueTest, PushingAgainMovesTheJob) {
  PendingQueue queue;
  queue.Push({1000, 1, "a", "d"});
  queue.Push({1000, 2, "b", "d"});
  queue.Push({9000, 2, "b", "d"});
  EXPECT_EQ(queue.size(), 2U);
  EXPECT_THAT(queue.Position("b"), Optional(1U));
  EXPECT_THAT(queue.Position("a"), Optional(2U));
}

TEST(PendingQueueTest, PositionCountsEveryDemand) {
  PendingQueue queue;
  queue.Push({5000, 1, "x", "one"});
  queue.Push({5000, 2, "y", "two"});
  queue.Push({9000, 3, "z", "three"});
  EXPECT_THAT(queue.Position("y"), Optional(3U));
  EXPECT_EQ(queue.Position("nope"), std::nullopt);
}

TEST(PendingQueueTest, RemovedJobIsNotOffered) {
  PendingQueue queue;
  queue.Push({5000, 1, "x", "d"});
  queue.Push({5000, 2, "y", "d"});
  EXPECT_TRUE(queue.Remove("x"));
  EXPECT_FALSE(queue.Remove("x"));
  EXPECT_THAT(PlaceAll(queue), ElementsAre("y"));
}

}  // namespace
}  // namespace lepton::fake
