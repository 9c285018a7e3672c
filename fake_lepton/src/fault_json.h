#ifndef LEPTONKIT_FAKE_LEPTON_SRC_FAULT_JSON_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_FAULT_JSON_H_

#include "internal/json_codec.h"
#include "lepton/fake/fault.h"
#include "lepton/status.h"

namespace lepton::fake {

/// The JSON form of a rule, as ParseFaultRule reads it (fake_lepton/README.md).
internal::Json FaultRuleToJson(FaultRule const& rule);
/// A rule with its counters, as GET /fake/v1/faults lists it.
internal::Json FaultStatsToJson(FaultStats const& stats);
/// Reads a rule from parsed JSON; see ParseFaultRule.
StatusOr<FaultRule> FaultRuleFromJson(internal::Json const& json);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_FAULT_JSON_H_
