#include "spec_merge.h"

#include <optional>

#include "internal/wire_fields.h"

namespace lepton::fake {
namespace {

// Walks the field list of JobSpec once for the target and once for the patch, in step: the
// n-th field visited in the patch is the n-th field of the target.
class FieldCollector {
 public:
  template <typename F>
  void operator()(char const*, std::optional<F>& field) {
    fields_.push_back(&field);
  }
  std::vector<void*> const& fields() const { return fields_; }

 private:
  std::vector<void*> fields_;
};

class FieldMerger {
 public:
  explicit FieldMerger(std::vector<void*> const& targets) : targets_(targets) {}
  template <typename F>
  void operator()(char const*, std::optional<F> const& field) {
    auto* target = static_cast<std::optional<F>*>(targets_[next_++]);
    if (field) *target = field;
  }

 private:
  std::vector<void*> const& targets_;
  std::size_t next_ = 0;
};

}  // namespace

void MergeSpec(JobSpec& target, JobSpec const& patch) {
  FieldCollector collector;
  internal::VisitFields(target, collector);
  FieldMerger merger(collector.fields());
  internal::VisitFields(patch, merger);
  for (auto const& [key, value] : patch.unknown_fields) target.unknown_fields[key] = value;
}

}  // namespace lepton::fake
