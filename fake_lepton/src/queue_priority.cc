#include "queue_priority.h"

#include <array>
#include <utility>

namespace lepton::fake {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 9> kClasses = {{
    {"low-1000", 1000},
    {"low-2000", 2000},
    {"low-3000", 3000},
    {"mid-4000", 4000},
    {"mid-5000", 5000},
    {"mid-6000", 6000},
    {"high-7000", 7000},
    {"high-8000", 8000},
    {"high-9000", 9000},
}};

}  // namespace

std::optional<int> PriorityValue(std::string_view priority_class) {
  for (auto const& [name, value] : kClasses) {
    if (name == priority_class) return value;
  }
  return std::nullopt;
}

int PriorityOf(JobSpec const& spec) {
  if (!spec.queue_config || !spec.queue_config->priority_class) return kDefaultPriority;
  return PriorityValue(*spec.queue_config->priority_class).value_or(kDefaultPriority);
}

std::string_view PriorityName(int priority) {
  for (auto const& [name, value] : kClasses) {
    if (value == priority) return name;
  }
  return "mid-4000";
}

bool CanPreempt(JobSpec const& spec) {
  return spec.queue_config && spec.queue_config->can_preempt.value_or(false);
}

bool CanBePreempted(JobSpec const& spec) {
  return spec.queue_config && spec.queue_config->can_be_preempted.value_or(false);
}

}  // namespace lepton::fake
