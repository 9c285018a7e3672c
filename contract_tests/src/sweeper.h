#ifndef LEPTONKIT_CONTRACT_TESTS_SRC_SWEEPER_H_
#define LEPTONKIT_CONTRACT_TESTS_SRC_SWEEPER_H_

#include <string>

#include "lepton/client.h"
#include "lepton/clock.h"

namespace lepton::contract {

/// Deletes every job labelled kContractLabel (any run) created before `now - older_than`:
/// what runs that were killed before their clean-up left behind. The ids deleted, or the first
/// failure.
[[nodiscard]] StatusOr<std::vector<std::string>> SweepLeftovers(Client& client, TimePoint now,
                                                                Duration older_than);

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SRC_SWEEPER_H_
