// lepton-drift RECORDED_DIR FAKE_DIR: compares the shapes of the answers in two recordings of
// the contract suite (lepton-contract --record=DIR), e.g. a live workspace's and the fake's, and
// prints every difference. Exit 0: no difference; 1: differences; 2: bad arguments or unreadable
// recordings.

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "lepton/contract/drift.h"

int main(int argc, char** argv) {
  constexpr char kUsage[] =
      "usage: lepton-drift RECORDED_DIR FAKE_DIR\n"
      "Prints every difference between the answer shapes (fields, types, status codes)\n"
      "of a reference recording (e.g. live) and the fake's, both made with\n"
      "lepton-contract --record=DIR.\n";
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (argc != 3) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto drifts = lepton::contract::CompareRecordings(argv[1], argv[2]);
  if (!drifts) {
    fmt::print(stderr, "lepton-drift: {}\n", drifts.status().message());
    return 2;
  }
  int differences = 0;
  for (auto const& drift : *drifts) {
    if (!drift.is_difference) continue;
    ++differences;
    fmt::print("DRIFT {}\n", lepton::contract::FormatDrift(drift));
  }
  int notes = 0;
  for (auto const& drift : *drifts) {
    if (drift.is_difference) continue;
    ++notes;
    fmt::print("note  {}\n", lepton::contract::FormatDrift(drift));
  }
  fmt::print("lepton-drift: {} difference(s), {} note(s)\n", differences, notes);
  return differences == 0 ? 0 : 1;
}
