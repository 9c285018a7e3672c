// How a job's mounts show storage at container paths (no HTTP, no world).

#include "container_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lepton::fake {
namespace {

Mount MountOf(std::optional<std::string> from, std::string mount_path,
              std::optional<std::string> path = std::nullopt) {
  Mount mount;
  mount.from = std::move(from);
  mount.mount_path = std::move(mount_path);
  mount.path = std::move(path);
  return mount;
}

// Records the (file system, storage path) asked for and answers that it is a file.
class ContainerFilesTest : public ::testing::Test {
 protected:
  std::string Where(std::vector<Mount> const& mounts, std::string const& container_path) {
    asked_.clear();
    auto reader = StorageReader(mounts, [this](std::string const& fs, std::string const& path) {
      asked_ = fs + ":" + path;
      return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
    });
    if (!reader) return "(no reader)";
    ContainerPath const found = reader(container_path);
    return found.kind == ContainerPath::Kind::kUnknown ? "(unknown)" : asked_;
  }

  std::string asked_;
};

TEST(MountedFileSystemTest, NamesTheFileSystem) {
  EXPECT_EQ(MountedFileSystem(std::nullopt), "default");
  EXPECT_EQ(MountedFileSystem(std::string("shared")), "shared");
  EXPECT_EQ(MountedFileSystem(std::string("node-nfs:shared")), "shared");
  EXPECT_EQ(MountedFileSystem(std::string("node-local")), std::nullopt);
}

TEST_F(ContainerFilesTest, MountPathItselfIsTheSourcePath) {
  EXPECT_EQ(Where({MountOf("node-nfs:default", "/data", "/proj")}, "/data"), "default:/proj");
}

TEST_F(ContainerFilesTest, BelowTheMountJoinsTheRest) {
  EXPECT_EQ(Where({MountOf("node-nfs:default", "/data", "/proj")}, "/data/a/b.txt"),
            "default:/proj/a/b.txt");
}

TEST_F(ContainerFilesTest, SourceDefaultsToTheRoot) {
  EXPECT_EQ(Where({MountOf(std::nullopt, "/data/")}, "/data/x"), "default:/x");
}

TEST_F(ContainerFilesTest, LongestMountPathWins) {
  std::vector<Mount> const mounts = {MountOf("a", "/data", "/"), MountOf("b", "/data/in", "/s")};
  EXPECT_EQ(Where(mounts, "/data/in/x"), "b:/s/x");
  EXPECT_EQ(Where(mounts, "/data/inside"), "a:/inside");
}

TEST_F(ContainerFilesTest, PathOutsideEveryMountIsUnknown) {
  EXPECT_EQ(Where({MountOf("default", "/data")}, "/etc/passwd"), "(unknown)");
}

TEST_F(ContainerFilesTest, NodeLocalMountHidesStorageBelowIt) {
  std::vector<Mount> const mounts = {MountOf("default", "/data"), MountOf("node-local", "/data/tmp")};
  EXPECT_EQ(Where(mounts, "/data/tmp/x"), "(unknown)");
}

TEST_F(ContainerFilesTest, InvalidSourcePathMakesTheMountUnknown) {
  EXPECT_EQ(Where({MountOf("default", "/data", "/../etc")}, "/data/x"), "(unknown)");
}

TEST_F(ContainerFilesTest, NoLookupGivesNoReader) {
  EXPECT_FALSE(StorageReader({MountOf("default", "/data")}, {}));
}

TEST_F(ContainerFilesTest, AMountPointMissingFromStorageIsAnEmptyDirectory) {
  auto reader = StorageReader({MountOf("default", "/data", "/proj")},
                              [](std::string const&, std::string const&) {
                                return ContainerPath{ContainerPath::Kind::kMissing, nullptr};
                              });
  EXPECT_EQ(reader("/data").kind, ContainerPath::Kind::kDirectory);
  EXPECT_EQ(reader("/data/x").kind, ContainerPath::Kind::kMissing);
}

TEST(LocateInStorageTest, GivesTheFileSystemAndStoragePathOfAMountedPath) {
  std::vector<Mount> const mounts = {MountOf("node-nfs:shared", "/nemo-workspace", "/team")};
  EXPECT_EQ(LocateInStorage(mounts, "/nemo-workspace/exp/a.txt"),
            (StorageLocation{"shared", "/team/exp/a.txt"}));
  EXPECT_EQ(LocateInStorage(mounts, "/scratch/a.txt"), std::nullopt);
}

TEST(StorageFilesTest, ListsADirectoryThroughTheMount) {
  StorageAccess storage;
  storage.lookup = [](std::string const&, std::string const&) {
    return ContainerPath{ContainerPath::Kind::kDirectory, nullptr};
  };
  std::string asked;
  storage.list = [&asked](std::string const& fs, std::string const& path) {
    asked = fs + ":" + path;
    return std::vector<std::string>{"a", "b"};
  };
  ContainerFiles const files = StorageFiles({MountOf("default", "/data", "/proj")}, storage);
  ASSERT_TRUE(files.list);
  EXPECT_EQ(files.list("/data/sub"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(asked, "default:/proj/sub");
}

}  // namespace
}  // namespace lepton::fake
