// node-groups and shapes.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lepton/wire_codec.h"
#include "leptonctl/exit_codes.h"
#include "leptonctl/output.h"
#include "leptonctl/verbs.h"

namespace lepton::ctl {
namespace {

template <typename T>
void PrintJsonArray(std::vector<T> const& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + ToJson(items[i]);
  fmt::print("{}]\n", out);
}

}  // namespace

int RunNodeGroups(Context& ctx) {
  auto groups = ctx.client().ListNodeGroups();
  if (!groups) return Fail(ctx, "node-groups", groups.status());
  if (ctx.json()) {
    PrintJsonArray(*groups);
    return kExitOk;
  }
  Table table({"ID", "NAME", "GPU", "NODES READY", "GPUS IN USE"});
  for (auto const& group : *groups) {
    std::string const id = group.metadata.id.value_or("");
    std::string in_use = "-";
    if (auto nodes = ctx.client().ListNodes(id)) {
      std::int64_t used = 0, total = 0;
      for (auto const& node : *nodes) {
        if (!node.spec.resource || !node.spec.resource->gpu) continue;
        used += node.spec.resource->gpu->allocated.value_or(0);
        total += node.spec.resource->gpu->total.value_or(0);
      }
      in_use = fmt::format("{}/{}", used, total);
    }
    table.Add({id, group.metadata.name.value_or(""), group.spec.gpu_product.value_or("-"),
               fmt::format("{}/{}", group.status.ready_nodes.value_or(0),
                           group.spec.desired_nodes.value_or(0)),
               in_use});
  }
  table.Print();
  return kExitOk;
}

int RunShapes(Context& ctx, std::string const& node_group) {
  std::optional<std::string> group;
  if (!node_group.empty()) {
    // The shapes endpoint filters by group without saying whether the group exists; ask.
    auto groups = ctx.client().ListNodeGroups();
    if (!groups) return Fail(ctx, "shapes", groups.status());
    std::vector<std::string> known;
    for (auto const& g : *groups) {
      if (g.metadata.id == node_group || g.metadata.name == node_group) group = node_group;
      known.push_back(g.metadata.name.value_or(g.metadata.id.value_or("?")));
    }
    if (!group) {
      return Fail("shapes", lepton::Status(StatusCode::kNotFound,
                                           fmt::format("no node group '{}' (the workspace has: {})",
                                                       node_group,
                                                       known.empty() ? "none" : fmt::format("{}", fmt::join(known, ", ")))));
    }
  }
  auto shapes = ctx.client().ListShapes(group);
  if (!shapes) return Fail(ctx, "shapes", shapes.status());
  if (ctx.json()) {
    PrintJsonArray(*shapes);
    return kExitOk;
  }
  Table table({"NAME", "CPUS", "MEMORY (MiB)", "ACCELERATORS", "DESCRIPTION"});
  for (auto const& shape : *shapes) {
    if (!shape.spec) continue;
    auto const& s = *shape.spec;
    table.Add({s.name.value_or(""), fmt::format("{:g}", s.cpu.value_or(0)),
               std::to_string(s.memory_in_mb.value_or(0)),
               s.accelerator_num.value_or(0) > 0
                   ? fmt::format("{} x {}", s.accelerator_num.value_or(0), s.accelerator_type.value_or("?"))
                   : "-",
               s.description.value_or("")});
  }
  table.Print();
  if (group && shapes->empty()) fmt::print(stderr, "no shapes for node group '{}'\n", node_group);
  return kExitOk;
}

}  // namespace lepton::ctl
