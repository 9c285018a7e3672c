// A run's view of the container's files: its own changes over what storage shows, each
// recorded for the world to apply.

#include "container_overlay.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lepton::fake {
namespace {

using std::chrono::seconds;
using Kind = ContainerPath::Kind;

// Storage with /data/old/{a,b} and /data/top.txt under a mount at /data.
ContainerFiles Base() {
  ContainerFileReader reader = [](std::string const& path) {
    if (path == "/data" || path == "/data/old") return ContainerPath{Kind::kDirectory, nullptr};
    if (path == "/data/old/a" || path == "/data/old/b" || path == "/data/top.txt") {
      return ContainerPath{Kind::kFile, std::make_shared<std::string const>("base")};
    }
    if (path.starts_with("/data/")) return ContainerPath{Kind::kMissing, nullptr};
    return ContainerPath{};
  };
  ContainerDirectoryLister lister = [](std::string const& path) {
    if (path == "/data") return std::vector<std::string>{"old", "top.txt"};
    if (path == "/data/old") return std::vector<std::string>{"a", "b"};
    return std::vector<std::string>{};
  };
  return ContainerFiles(reader, lister);
}

TEST(ContainerOverlayTest, ARemovedDirectoryHidesEverythingUnderIt) {
  ContainerFiles const base = Base();
  ContainerOverlay overlay(base);
  overlay.Remove("/data/old", seconds(0));
  EXPECT_EQ(overlay.Lookup("/data/old").kind, Kind::kMissing);
  EXPECT_EQ(overlay.Lookup("/data/old/a").kind, Kind::kMissing);
}

TEST(ContainerOverlayTest, ADirectoryMadeAgainAfterRemovalIsEmpty) {
  ContainerFiles const base = Base();
  ContainerOverlay overlay(base);
  overlay.Remove("/data/old", seconds(0));
  overlay.MakeDirectory("/data/old", seconds(0));
  overlay.Write("/data/old/new", std::make_shared<std::string const>("n"), seconds(1));
  EXPECT_EQ(overlay.Lookup("/data/old/a").kind, Kind::kMissing);
  EXPECT_EQ(overlay.List("/data/old"), (std::vector<std::string>{"new"}));
}

TEST(ContainerOverlayTest, ListingMergesTheRunsChangesWithStorage) {
  ContainerFiles const base = Base();
  ContainerOverlay overlay(base);
  overlay.Write("/data/added.txt", std::make_shared<std::string const>("x"), seconds(0));
  overlay.Remove("/data/top.txt", seconds(0));
  EXPECT_EQ(overlay.List("/data"), (std::vector<std::string>{"added.txt", "old"}));
}

TEST(ContainerOverlayTest, WithoutAListerStorageDirectoriesCannotBeListed) {
  ContainerFiles const base(Base().lookup);
  ContainerOverlay overlay(base);
  EXPECT_EQ(overlay.List("/data"), std::nullopt);
}

TEST(ContainerOverlayTest, EveryChangeIsRecordedInOrderWithItsTime) {
  ContainerFiles const base = Base();
  ContainerOverlay overlay(base);
  overlay.MakeDirectory("/data/d", seconds(1));
  overlay.Write("/data/d/f", std::make_shared<std::string const>("f"), seconds(2));
  overlay.Remove("/data/top.txt", seconds(3));
  auto const changes = overlay.TakeChanges();
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[0].kind, FileChange::Kind::kMakeDirectory);
  EXPECT_EQ(changes[1].kind, FileChange::Kind::kWrite);
  EXPECT_EQ(*changes[1].bytes, "f");
  EXPECT_EQ(changes[2].kind, FileChange::Kind::kRemove);
  EXPECT_EQ(changes[2].offset, seconds(3));
}

}  // namespace
}  // namespace lepton::fake
