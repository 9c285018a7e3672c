#ifndef LEPTONKIT_SCHEDULER_MOCKS_INCLUDE_LEPTON_MOCKS_MOCK_CONNECTION_H_
#define LEPTONKIT_SCHEDULER_MOCKS_INCLUDE_LEPTON_MOCKS_MOCK_CONNECTION_H_

// A GoogleMock Connection for unit tests of code that uses lepton::Client (target
// leptonkit::mocks). Give the client a std::shared_ptr<MockConnection> and set expectations:
//
//   auto mock = std::make_shared<lepton::mocks::MockConnection>();
//   EXPECT_CALL(*mock, GetJob("train-x7k2p", ::testing::_)).WillOnce(::testing::Return(job));
//   lepton::Client client(mock);
//
// The mock replaces the whole connection, retries included; to test retry behaviour, use the
// in-process fake and its faults instead.

#include <gmock/gmock.h>

#include <optional>
#include <string>
#include <vector>

#include "lepton/connection.h"

namespace lepton::mocks {

// The constructor and destructor are defined in the library (mock_connection.cc), so the
// vtable and every mocked method are compiled once there instead of in every test that includes
// this header (GoogleMock's advice for mocks used by many tests).
class MockConnection : public Connection {
 public:
  MockConnection();
  ~MockConnection() override;

  MOCK_METHOD(StatusOr<Job>, CreateJob, (Job const& job), (override));
  MOCK_METHOD(StatusOr<Job>, GetJob, (std::string const& job_id, JobQueryMode mode), (override));
  MOCK_METHOD(StatusOr<JobList>, ListJobsPage, (ListJobsRequest const& request, int page),
              (override));
  MOCK_METHOD(Status, UpdateJob, (std::string const& job_id, Job const& patch), (override));
  MOCK_METHOD(Status, DeleteJob, (std::string const& job_id, JobQueryMode mode), (override));
  MOCK_METHOD(StatusOr<std::vector<Replica>>, ListReplicas,
              (std::string const& job_id, JobQueryMode mode), (override));
  MOCK_METHOD(StatusOr<std::vector<Event>>, ListEvents, (std::string const& job_id), (override));
  MOCK_METHOD(StatusOr<std::string>, ReadReplicaLog,
              (std::string const& job_id, std::string const& replica_id), (override));
  MOCK_METHOD(Status, FollowReplicaLog,
              (std::string const& job_id, std::string const& replica_id, LogLineSink const& sink),
              (override));
  MOCK_METHOD(StatusOr<std::vector<LogLine>>, QueryLogs, (LogQuery const& query), (override));
  MOCK_METHOD(StatusOr<std::vector<NodeGroup>>, ListNodeGroups, (), (override));
  MOCK_METHOD(StatusOr<NodeGroup>, GetNodeGroup, (std::string const& node_group_id), (override));
  MOCK_METHOD(StatusOr<std::vector<Node>>, ListNodes, (std::string const& node_group_id),
              (override));
  MOCK_METHOD(StatusOr<std::vector<Shape>>, ListShapes,
              (std::optional<std::string> const& node_group), (override));
  MOCK_METHOD(StatusOr<WorkspaceInfo>, GetWorkspaceInfo, (), (override));
  MOCK_METHOD(StatusOr<std::vector<Secret>>, ListSecrets, (), (override));
  MOCK_METHOD(Status, CreateSecrets, (std::vector<Secret> const& secrets), (override));
  MOCK_METHOD(Status, DeleteSecret, (std::string const& name), (override));
  MOCK_METHOD(StatusOr<std::vector<FileSystemUsage>>, ListFileSystems, (), (override));
  MOCK_METHOD(StatusOr<FileSystemUsage>, GetStorageUsage, (), (override));
  MOCK_METHOD(StatusOr<std::vector<StorageEntry>>, ListDirectory,
              (std::string const& fs, std::string const& path), (override));
  MOCK_METHOD(Status, DownloadFile,
              (std::string const& fs, std::string const& path, ByteSink const& sink), (override));
  MOCK_METHOD(Status, UploadFile,
              (std::string const& fs, std::string const& path, UploadSource const& source),
              (override));
  MOCK_METHOD(Status, MakeDirectory, (std::string const& fs, std::string const& path),
              (override));
  MOCK_METHOD(Status, DeleteStoragePath,
              (std::string const& fs, std::string const& path, bool recursive), (override));
  MOCK_METHOD(StatusOr<bool>, StoragePathExists, (std::string const& fs, std::string const& path),
              (override));
};

}  // namespace lepton::mocks

#endif  // LEPTONKIT_SCHEDULER_MOCKS_INCLUDE_LEPTON_MOCKS_MOCK_CONNECTION_H_
