// Every golden file in fixtures/wire decodes into its model type and encodes back to the same
// JSON value: the codec neither loses nor invents a field.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "internal/json_codec.h"
#include "lepton/wire_codec.h"

namespace lepton {
namespace {

using internal::Json;
namespace fs = std::filesystem;

// Decodes with one model type and encodes again, either whole or with the unknown fields
// dropped; fails with the decoder's reason.
using RoundTrip = std::function<StatusOr<Json>(std::string const&, bool known_only)>;

template <typename T>
RoundTrip Via() {
  return [](std::string const& text, bool known_only) -> StatusOr<Json> {
    auto decoded = FromJson<T>(text);
    if (!decoded) return decoded.status();
    if (known_only) return internal::ToJsonValueKnownFieldsOnly(*decoded);
    return Json::parse(ToJson(*decoded));
  };
}

// Golden files that deliberately carry keys the model does not know.
bool HasDeliberateUnknownKeys(fs::path const& path) {
  std::string const name = path.parent_path().filename().string() + "/" + path.stem().string();
  return name == "job/unknown_fields" || name == "create_request/nemo_run_create";
}

// The folder under fixtures/wire decides the type. A folder missing here fails the test, so a
// new kind of fixture cannot be skipped silently.
std::map<std::string, RoundTrip> const& Types() {
  static std::map<std::string, RoundTrip> const kTypes = {
      {"job", Via<Job>()},
      {"create_request", Via<Job>()},
      {"job_list", Via<JobList>()},
      {"replica_list", Via<std::vector<Replica>>()},
      {"event_list", Via<std::vector<Event>>()},
      {"node_group", Via<NodeGroup>()},
      {"node_group_list", Via<std::vector<NodeGroup>>()},
      {"node_list", Via<std::vector<Node>>()},
      {"shape_list", Via<std::vector<Shape>>()},
      {"workspace_info", Via<WorkspaceInfo>()},
      {"secret_list", Via<std::vector<Secret>>()},
      {"error", Via<ApiError>()},
  };
  return kTypes;
}

std::vector<fs::path> Fixtures() {
  std::vector<fs::path> out;
  for (auto const& entry :
       fs::recursive_directory_iterator(fs::path(LEPTONKIT_FIXTURES_DIR) / "wire")) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Read(fs::path const& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class GoldenFixtureTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(GoldenFixtureTest, DecodesAndEncodesToTheSameJson) {
  fs::path const& path = GetParam();
  std::string const folder = path.parent_path().filename().string();
  auto const type = Types().find(folder);
  ASSERT_NE(type, Types().end()) << "no model type mapped for fixtures/wire/" << folder;
  std::string const text = Read(path);
  auto encoded = type->second(text, /*known_only=*/false);
  ASSERT_TRUE(encoded.ok()) << path.filename() << ": " << encoded.status();
  Json const expected = Json::parse(text);
  EXPECT_EQ(*encoded, expected) << path.filename()
                                << " changed in a round trip; JSON patch from the golden file:\n"
                                << Json::diff(expected, *encoded).dump(2);
}

TEST_P(GoldenFixtureTest, EveryKeyLandsInATypedField) {
  fs::path const& path = GetParam();
  auto const type = Types().find(path.parent_path().filename().string());
  ASSERT_NE(type, Types().end());
  std::string const text = Read(path);
  auto known = type->second(text, /*known_only=*/true);
  ASSERT_TRUE(known.ok()) << known.status();
  Json const expected = Json::parse(text);
  if (HasDeliberateUnknownKeys(path)) {
    EXPECT_NE(*known, expected) << "this file is meant to carry unknown keys";
    return;
  }
  EXPECT_EQ(*known, expected) << path.filename()
                              << ": keys the model does not know (wrong name in wire_fields.h?):\n"
                              << Json::diff(*known, expected).dump(2);
}

INSTANTIATE_TEST_SUITE_P(Wire, GoldenFixtureTest, ::testing::ValuesIn(Fixtures()),
                         [](auto const& test) {
                           std::string name = test.param.parent_path().filename().string() + "_" +
                                              test.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(GoldenFixtureInventoryTest, HasEveryStateAndAtLeastThirtyFiles) {
  auto const files = Fixtures();
  EXPECT_GE(files.size(), 30U);
  for (JobState state : kAllJobStates) {
    if (state == JobState::kUnknown) continue;
    std::string name(JobStateName(state));
    std::string file = "state_";
    for (char c : name) {
      if (std::isupper(static_cast<unsigned char>(c)) && file.size() > 6) file += '_';
      file += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    EXPECT_TRUE(fs::exists(fs::path(LEPTONKIT_FIXTURES_DIR) / "wire" / "job" / (file + ".json")))
        << "no golden job in state " << name << " (" << file << ".json)";
  }
}

}  // namespace
}  // namespace lepton
