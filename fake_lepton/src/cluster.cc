#include "cluster.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace lepton::fake {
namespace {


std::string_view ShapeName(JobSpec const& spec) {
  return spec.resource_shape ? std::string_view(*spec.resource_shape) : std::string_view("no shape");
}

}  // namespace

Cluster::Cluster(FakeClusterConfig config)
    : groups_(std::move(config.node_groups)),
      shapes_(std::move(config.shapes)),
      reservations_(std::move(config.reservations)) {
  Rebuild();
}

void Cluster::SetNodeGroups(std::vector<FakeNodeGroup> groups) {
  groups_ = std::move(groups);
  // Reservations of nodes that are gone hold nothing any more.
  for (auto& reservation : reservations_) {
    std::erase_if(reservation.node_ids, [&](std::string const& id) {
      return std::none_of(groups_.begin(), groups_.end(), [&](auto const& g) {
        return g.id == reservation.node_group_id &&
               std::any_of(g.nodes.begin(), g.nodes.end(), [&](auto const& n) { return n.id == id; });
      });
    });
  }
  Rebuild();
}

void Cluster::Configure(FakeClusterConfig config) {
  shapes_ = std::move(config.shapes);
  reservations_ = std::move(config.reservations);
  SetNodeGroups(std::move(config.node_groups));
}

void Cluster::Rebuild() {
  nodes_.clear();
  node_index_.clear();
  room_.assign(groups_.size(), GroupRoom{});
  used_ = Amount{};
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    GroupRoom& room = room_[g];
    room.first_node = nodes_.size();
    int most_gpus = 0;
    for (auto const& config : groups_[g].nodes) most_gpus = std::max(most_gpus, config.gpus);
    room.nodes_by_free_gpus.assign(static_cast<std::size_t>(most_gpus) + 1, 0);
    for (auto const& config : groups_[g].nodes) {
      NodeState node;
      node.config = config;
      node.group = g;
      node.free_cpus = config.cpus;
      node.free_memory_mib = config.memory_mib;
      node.free_gpus = config.gpus;
      node_index_.emplace(config.id, nodes_.size());
      Count(node, +1);
      nodes_.push_back(std::move(node));
    }
    room.end_node = nodes_.size();
  }
  for (std::size_t r = 0; r < reservations_.size(); ++r) {
    for (auto const& id : reservations_[r].node_ids) {
      auto it = node_index_.find(id);
      if (it != node_index_.end()) nodes_[it->second].reservations.push_back(r);
    }
  }
  for (auto& [job_id, holding] : holdings_) {
    for (std::size_t s = 0; s < holding.slots.size(); ++s) {
      auto& slot = holding.slots[s];
      if (slot.node.empty()) continue;
      auto it = node_index_.find(slot.node);
      if (it == node_index_.end()) {
        slot.node.clear();
        continue;
      }
      Take(nodes_[it->second], holding.per_slot, job_id, static_cast<int>(s));
    }
  }
}

void Cluster::Count(NodeState const& node, int sign) {
  ++version_;
  GroupRoom& room = room_[node.group];
  auto const top = static_cast<std::int64_t>(room.nodes_by_free_gpus.size()) - 1;
  room.nodes_by_free_gpus[static_cast<std::size_t>(std::clamp<std::int64_t>(node.free_gpus, 0, top))] += sign;
  // An overcommitted node (shrunk under its holdings) counts as full, not as negative room.
  room.free_cpus += sign * std::max(node.free_cpus, 0.0);
  room.free_memory_mib += sign * std::max<std::int64_t>(node.free_memory_mib, 0);
}

void Cluster::Take(NodeState& node, Amount const& amount, std::string const& job_id, int slot) {
  Count(node, -1);
  node.free_cpus -= amount.cpus;
  node.free_memory_mib -= amount.memory_mib;
  node.free_gpus -= amount.gpus;
  Count(node, +1);
  node.slots.emplace(job_id, slot);
  used_.cpus += amount.cpus;
  used_.memory_mib += amount.memory_mib;
  used_.gpus += amount.gpus;
}

void Cluster::Give(NodeState& node, Amount const& amount, std::string const& job_id, int slot) {
  Count(node, -1);
  node.free_cpus += amount.cpus;
  node.free_memory_mib += amount.memory_mib;
  node.free_gpus += amount.gpus;
  Count(node, +1);
  node.slots.erase({job_id, slot});
  used_.cpus -= amount.cpus;
  used_.memory_mib -= amount.memory_mib;
  used_.gpus -= amount.gpus;
}

FakeShape const* Cluster::FindShape(std::string_view name) const {
  auto it = std::find_if(shapes_.begin(), shapes_.end(), [&](auto const& s) { return s.name == name; });
  return it == shapes_.end() ? nullptr : &*it;
}

FakeNodeGroup const* Cluster::FindGroup(std::string_view id_or_name) const {
  auto it = std::find_if(groups_.begin(), groups_.end(), [&](auto const& g) {
    return g.id == id_or_name || g.name == id_or_name;
  });
  return it == groups_.end() ? nullptr : &*it;
}

FakeReservation const* Cluster::FindReservation(std::string_view id) const {
  auto it = std::find_if(reservations_.begin(), reservations_.end(),
                         [&](auto const& r) { return r.id == id; });
  return it == reservations_.end() ? nullptr : &*it;
}

std::string_view Cluster::ReservationPhase(FakeReservation const& reservation, TimePoint now) {
  auto const seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (reservation.start != 0 && seconds < reservation.start) return "WaitingEffective";
  if (reservation.end != 0 && seconds >= reservation.end) return "Expired";
  return "Reserved";
}

Status Cluster::Validate(JobSpec const& spec) const {
  if (spec.resource_shape && FindShape(*spec.resource_shape) == nullptr) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("spec.resource_shape '{}' is not a shape of this workspace",
                              *spec.resource_shape));
  }
  std::vector<std::string> group_ids;
  if (spec.affinity && spec.affinity->allowed_dedicated_node_groups) {
    group_ids = *spec.affinity->allowed_dedicated_node_groups;
  }
  for (auto const& id : group_ids) {
    // The CLI resolves names to ids before sending; the API takes ids only.
    if (std::none_of(groups_.begin(), groups_.end(), [&](auto const& g) { return g.id == id; })) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("spec.affinity.allowed_dedicated_node_groups: node group id '{}' "
                                "not found", id));
    }
  }
  if (spec.affinity && spec.affinity->allowed_nodes_in_node_group) {
    if (group_ids.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    "spec.affinity.allowed_nodes_in_node_group needs allowed_dedicated_node_groups");
    }
    for (auto const& id : *spec.affinity->allowed_nodes_in_node_group) {
      auto it = node_index_.find(id);
      bool const in_group =
          it != node_index_.end() &&
          std::find(group_ids.begin(), group_ids.end(), groups_[nodes_[it->second].group].id) !=
              group_ids.end();
      if (!in_group) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("spec.affinity.allowed_nodes_in_node_group: node '{}' is not in "
                                  "node group '{}'", id, group_ids.front()));
      }
    }
  }
  if (spec.reservation_config && spec.reservation_config->reservation_id &&
      !spec.reservation_config->reservation_id->empty()) {
    auto const& id = *spec.reservation_config->reservation_id;
    auto const* reservation = FindReservation(id);
    // [INF] An unknown reservation is taken to be refused like an unknown node group.
    if (reservation == nullptr) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("spec.reservation_config.reservation_id '{}' not found", id));
    }
    if (!group_ids.empty() && std::find(group_ids.begin(), group_ids.end(),
                                        reservation->node_group_id) == group_ids.end()) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("spec.reservation_config.reservation_id '{}' reserves nodes of node "
                                "group '{}', which the job's affinity does not allow",
                                id, reservation->node_group_id));
    }
  }
  return Status();
}

Cluster::Amount Cluster::Needed(JobSpec const& spec, int width) const {
  Amount per;
  if (spec.resource_shape) {
    if (auto const* shape = FindShape(*spec.resource_shape)) {
      per = {shape->cpus, shape->memory_mib, shape->accelerators};
    }
  }
  return {per.cpus * width, per.memory_mib * width, per.gpus * width};
}

Cluster::Amount Cluster::HeldBy(std::string const& job_id) const {
  auto it = holdings_.find(job_id);
  if (it == holdings_.end()) return {};
  auto const held = std::count_if(it->second.slots.begin(), it->second.slots.end(),
                                  [](Slot const& s) { return !s.node.empty(); });
  Amount const& per = it->second.per_slot;
  return {per.cpus * static_cast<double>(held), per.memory_mib * held, per.gpus * held};
}

Cluster::Scope Cluster::Resolve(JobSpec const& spec, TimePoint now) const {
  Scope scope;
  if (spec.reservation_config && spec.reservation_config->reservation_id &&
      !spec.reservation_config->reservation_id->empty()) {
    auto const& id = *spec.reservation_config->reservation_id;
    auto const* r = FindReservation(id);
    std::string_view const phase = r == nullptr ? "gone" : ReservationPhase(*r, now);
    if (phase != "Reserved") {
      scope.unusable = fmt::format("reservation '{}' is not in effect ({})", id, phase);
      return scope;
    }
    scope.reservation = static_cast<std::size_t>(r - reservations_.data());
  }
  if (spec.affinity && spec.affinity->allowed_nodes_in_node_group &&
      !spec.affinity->allowed_nodes_in_node_group->empty()) {
    for (auto const& id : *spec.affinity->allowed_nodes_in_node_group) {
      if (auto it = node_index_.find(id); it != node_index_.end()) scope.nodes.push_back(it->second);
    }
    std::sort(scope.nodes.begin(), scope.nodes.end());
    scope.nodes.erase(std::unique(scope.nodes.begin(), scope.nodes.end()), scope.nodes.end());
    if (scope.nodes.empty()) {
      scope.unusable = "none of the nodes in affinity.allowed_nodes_in_node_group exists";
      return scope;
    }
  }
  if (spec.affinity && spec.affinity->allowed_dedicated_node_groups &&
      !spec.affinity->allowed_dedicated_node_groups->empty()) {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      auto const& ids = *spec.affinity->allowed_dedicated_node_groups;
      if (std::find(ids.begin(), ids.end(), groups_[g].id) != ids.end()) scope.groups.push_back(g);
    }
  } else {
    for (std::size_t g = 0; g < groups_.size(); ++g) scope.groups.push_back(g);
  }
  if (!scope.nodes.empty()) {
    // Named nodes count only inside the named groups.
    std::erase_if(scope.nodes, [&](std::size_t i) {
      return std::find(scope.groups.begin(), scope.groups.end(), nodes_[i].group) == scope.groups.end();
    });
    if (scope.nodes.empty()) scope.unusable = "none of the named nodes is in the named node groups";
  }
  return scope;
}

template <typename F>
void Cluster::ForEachNode(Scope const& scope, F&& f) const {
  if (!scope.unusable.empty()) return;
  if (!scope.nodes.empty()) {
    for (std::size_t i : scope.nodes) f(i);
    return;
  }
  for (std::size_t g : scope.groups) {
    for (std::size_t i = room_[g].first_node; i < room_[g].end_node; ++i) f(i);
  }
}

std::size_t Cluster::ReservationInEffect(NodeState const& node, TimePoint now) const {
  for (std::size_t r : node.reservations) {
    if (ReservationPhase(reservations_[r], now) == "Reserved") return r;
  }
  return kNone;
}

bool Cluster::Usable(NodeState const& node, Scope const& scope, TimePoint now) const {
  if (!node.config.ready || node.config.unschedulable) return false;
  if (node.reservations.empty()) return scope.reservation == kNone;
  // While a reservation is in effect its nodes take only its jobs, and its jobs only its nodes.
  return ReservationInEffect(node, now) == scope.reservation;
}

bool Cluster::MightFit(Scope const& scope, Amount const& per, int width) const {
  if (!scope.nodes.empty()) return true;  // Few nodes: the scan is cheap enough.
  std::int64_t gpu_slots = 0;
  double cpus = 0;
  std::int64_t memory_mib = 0;
  for (std::size_t g : scope.groups) {
    GroupRoom const& room = room_[g];
    cpus += room.free_cpus;
    memory_mib += room.free_memory_mib;
    if (per.gpus <= 0) continue;
    for (std::size_t free = static_cast<std::size_t>(per.gpus); free < room.nodes_by_free_gpus.size(); ++free) {
      gpu_slots += room.nodes_by_free_gpus[free] * (static_cast<std::int64_t>(free) / per.gpus);
    }
  }
  if (per.gpus > 0 && gpu_slots < width) return false;
  return cpus >= per.cpus * width && memory_mib >= per.memory_mib * width;
}

std::vector<std::size_t> Cluster::Choose(JobSpec const& spec, int width, TimePoint now,
                                         std::set<std::string> const& without) const {
  Scope const scope = Resolve(spec, now);
  if (!scope.unusable.empty()) return {};
  Amount const per = Needed(spec, 1);
  if (without.empty() && !MightFit(scope, per, width)) return {};
  // What each usable node has free for this job, as the choice goes on.
  std::vector<std::size_t> usable;
  std::vector<Amount> free;
  std::vector<std::size_t> taken;
  ForEachNode(scope, [&](std::size_t i) {
    NodeState const& node = nodes_[i];
    if (!Usable(node, scope, now)) return;
    Amount f{node.free_cpus, node.free_memory_mib, node.free_gpus};
    if (!without.empty()) {
      for (auto const& [job_id, slot] : node.slots) {
        if (!without.contains(job_id)) continue;
        Amount const& held = holdings_.at(job_id).per_slot;
        f.cpus += held.cpus;
        f.memory_mib += held.memory_mib;
        f.gpus += held.gpus;
      }
    }
    usable.push_back(i);
    free.push_back(f);
    taken.push_back(0);
  });
  auto fits = [&](Amount const& f) {
    return f.cpus >= per.cpus && f.memory_mib >= per.memory_mib && f.gpus >= per.gpus;
  };
  // Better: for GPU shapes fewer free GPUs (packing), otherwise more free CPUs (spreading);
  // then fewer replicas already there.
  auto better = [&](std::size_t a, std::size_t b) {
    if (per.gpus > 0 && free[a].gpus != free[b].gpus) return free[a].gpus < free[b].gpus;
    if (per.gpus == 0 && free[a].cpus != free[b].cpus) return free[a].cpus > free[b].cpus;
    return nodes_[usable[a]].slots.size() + taken[a] < nodes_[usable[b]].slots.size() + taken[b];
  };
  std::vector<std::size_t> chosen;
  for (int slot = 0; slot < width; ++slot) {
    std::optional<std::size_t> best;
    for (std::size_t c = 0; c < usable.size(); ++c) {
      if (fits(free[c]) && (!best || better(c, *best))) best = c;
    }
    if (!best) return {};
    free[*best].cpus -= per.cpus;
    free[*best].memory_mib -= per.memory_mib;
    free[*best].gpus -= per.gpus;
    ++taken[*best];
    chosen.push_back(usable[*best]);
  }
  return chosen;
}

std::optional<std::vector<std::string>> Cluster::Allocate(JobSpec const& spec,
                                                          std::string const& job_id, int width,
                                                          TimePoint now) {
  std::vector<std::size_t> const chosen = Choose(spec, width, now, {});
  if (chosen.empty()) return std::nullopt;
  Holding holding;
  holding.per_slot = Needed(spec, 1);
  std::vector<std::string> nodes;
  for (std::size_t slot = 0; slot < chosen.size(); ++slot) {
    NodeState& node = nodes_[chosen[slot]];
    holding.slots.push_back({node.config.id, ""});
    Take(node, holding.per_slot, job_id, static_cast<int>(slot));
    nodes.push_back(node.config.id);
  }
  holdings_[job_id] = std::move(holding);
  return nodes;
}

bool Cluster::WouldFit(JobSpec const& spec, int width, TimePoint now,
                       std::set<std::string> const& without) const {
  return !Choose(spec, width, now, without).empty();
}

std::string Cluster::WhyNot(JobSpec const& spec, int width, TimePoint now) const {
  Scope const scope = Resolve(spec, now);
  if (!scope.unusable.empty()) return scope.unusable;
  Amount const per = Needed(spec, 1);
  int usable = 0, not_ready = 0, unschedulable = 0, reserved = 0;
  std::int64_t idle_room = 0, room_now = 0;
  auto room_in = [&](double cpus, std::int64_t memory_mib, std::int64_t gpus) {
    std::int64_t room = std::numeric_limits<std::int32_t>::max();
    if (per.cpus > 0) room = std::min(room, static_cast<std::int64_t>(cpus / per.cpus));
    if (per.memory_mib > 0) room = std::min(room, memory_mib / per.memory_mib);
    if (per.gpus > 0) room = std::min(room, gpus / per.gpus);
    return std::max<std::int64_t>(room, 0);
  };
  ForEachNode(scope, [&](std::size_t i) {
    NodeState const& node = nodes_[i];
    if (!Usable(node, scope, now)) {
      if (!node.config.ready) {
        ++not_ready;
      } else if (node.config.unschedulable) {
        ++unschedulable;
      } else {
        ++reserved;
      }
      return;
    }
    ++usable;
    idle_room += room_in(node.config.cpus, node.config.memory_mib, node.config.gpus);
    room_now += room_in(node.free_cpus, node.free_memory_mib, node.free_gpus);
  });
  std::string const where =
      spec.affinity && spec.affinity->allowed_dedicated_node_groups &&
              !spec.affinity->allowed_dedicated_node_groups->empty()
          ? fmt::format(" in {}", fmt::join(*spec.affinity->allowed_dedicated_node_groups, ", "))
          : std::string();
  if (usable == 0) {
    return fmt::format("no usable node{}: {} not ready, {} unschedulable, {} {}", where, not_ready,
                       unschedulable, reserved,
                       scope.reservation == kNone ? "held by a reservation" : "outside the reservation");
  }
  if (idle_room < width) {
    return fmt::format("{} replica(s) of {} can never fit: the {} usable node(s){} hold at most {} "
                       "even when idle",
                       width, ShapeName(spec), usable, where, idle_room);
  }
  return fmt::format("insufficient capacity: {} replica(s) of {} need room, the {} usable "
                     "node(s){} have room for {} now",
                     width, ShapeName(spec), usable, where, std::min<std::int64_t>(room_now, width));
}

void Cluster::NameSlot(std::string const& job_id, int slot, std::string const& replica_id) {
  auto it = holdings_.find(job_id);
  if (it == holdings_.end() || slot < 0 || slot >= static_cast<int>(it->second.slots.size())) return;
  it->second.slots[slot].replica_id = replica_id;
}

void Cluster::ReleaseSlot(std::string const& job_id, int slot) {
  auto it = holdings_.find(job_id);
  if (it == holdings_.end() || slot < 0 || slot >= static_cast<int>(it->second.slots.size())) return;
  Slot& held = it->second.slots[slot];
  if (held.node.empty()) return;
  if (auto node = node_index_.find(held.node); node != node_index_.end()) {
    Give(nodes_[node->second], it->second.per_slot, job_id, slot);
  }
  held.node.clear();
  if (std::all_of(it->second.slots.begin(), it->second.slots.end(),
                  [](Slot const& s) { return s.node.empty(); })) {
    holdings_.erase(it);
  }
}

void Cluster::ReleaseJob(std::string const& job_id) {
  auto it = holdings_.find(job_id);
  if (it == holdings_.end()) return;
  for (std::size_t s = 0; s < it->second.slots.size(); ++s) {
    auto const& node_id = it->second.slots[s].node;
    if (node_id.empty()) continue;
    if (auto node = node_index_.find(node_id); node != node_index_.end()) {
      Give(nodes_[node->second], it->second.per_slot, job_id, static_cast<int>(s));
    }
  }
  holdings_.erase(it);
}

bool Cluster::Holds(std::string const& job_id) const { return holdings_.contains(job_id); }

std::vector<std::string> Cluster::HeldNodes(std::string const& job_id) const {
  std::vector<std::string> out;
  auto it = holdings_.find(job_id);
  if (it == holdings_.end()) return out;
  for (auto const& slot : it->second.slots) {
    if (!slot.node.empty()) out.push_back(slot.node);
  }
  return out;
}

std::optional<TimePoint> Cluster::ReservationStart(JobSpec const& spec, TimePoint now) const {
  if (!spec.reservation_config || !spec.reservation_config->reservation_id) return std::nullopt;
  auto const* reservation = FindReservation(*spec.reservation_config->reservation_id);
  if (reservation == nullptr || reservation->start == 0) return std::nullopt;
  TimePoint const start{std::chrono::seconds(reservation->start)};
  if (start <= now) return std::nullopt;
  return start;
}

std::vector<TimePoint> Cluster::ReservationBoundaries() const {
  std::vector<TimePoint> out;
  for (auto const& r : reservations_) {
    if (r.start != 0) out.emplace_back(std::chrono::seconds(r.start));
    if (r.end != 0) out.emplace_back(std::chrono::seconds(r.end));
  }
  return out;
}

NodeGroup Cluster::ToWire(FakeNodeGroup const& group) const {
  NodeGroup out;
  out.metadata.id = group.id;
  out.metadata.name = group.name;
  out.spec.gpu_product = group.gpu_product;
  out.spec.desired_nodes = static_cast<std::int64_t>(group.nodes.size());
  out.spec.allocation_mode = "auto";
  out.spec.node_mode = "lepton-node";
  out.status.ready_nodes = std::count_if(group.nodes.begin(), group.nodes.end(),
                                         [](auto const& n) { return n.ready; });
  out.status.quota_enabled = group.quota_enabled;
  return out;
}

Node Cluster::ToWire(NodeState const& node) const {
  FakeNode const& config = node.config;
  Node out;
  out.metadata.id = config.id;
  out.metadata.name = config.id;
  out.spec.unschedulable = config.unschedulable;
  auto& resource = out.spec.resource.emplace();
  NodeCpu cpu;
  cpu.total = config.cpus;
  cpu.allocated = config.cpus - node.free_cpus;
  NodeGpu gpu;
  gpu.product = config.gpu_product;
  gpu.total = config.gpus;
  gpu.allocated = config.gpus - node.free_gpus;
  NodeMemory memory;
  memory.total = config.memory_mib;
  memory.allocated = config.memory_mib - node.free_memory_mib;
  resource.cpu = cpu;
  resource.gpu = gpu;
  resource.memory = memory;
  auto& status = out.status.emplace();
  status.status = std::vector<std::string>{config.ready ? "Ready" : "NotReady"};
  auto& workloads = status.workloads.emplace();
  for (auto const& [job_id, slot] : node.slots) {
    Holding const& holding = holdings_.at(job_id);
    NodeWorkload workload;
    workload.type = "job";
    workload.name = job_id;
    workload.id = job_id;
    // [INF] Empty while the replica is being created (placed, not yet Starting).
    workload.replica_id = holding.slots[slot].replica_id;
    workload.workspace = "";
    workload.cpu = holding.per_slot.cpus;
    workload.memory = holding.per_slot.memory_mib;
    workload.gpu_count = holding.per_slot.gpus;
    workloads.push_back(std::move(workload));
  }
  return out;
}

Cluster::Usage Cluster::usage() const {
  Usage usage;
  for (auto const& node : nodes_) {
    usage.cpus_total += node.config.cpus;
    usage.memory_mib_total += static_cast<double>(node.config.memory_mib);
    usage.gpus_total += node.config.gpus;
  }
  usage.cpus_used = used_.cpus;
  usage.memory_mib_used = static_cast<double>(used_.memory_mib);
  usage.gpus_used = static_cast<double>(used_.gpus);
  return usage;
}

std::vector<NodeGroup> Cluster::NodeGroups() const {
  std::vector<NodeGroup> out;
  for (auto const& group : groups_) out.push_back(ToWire(group));
  return out;
}

StatusOr<NodeGroup> Cluster::GetNodeGroup(std::string const& id) const {
  for (auto const& group : groups_) {
    if (group.id == id) return ToWire(group);
  }
  return Status(StatusCode::kNotFound, fmt::format("node group '{}' not found", id));
}

StatusOr<std::vector<Node>> Cluster::Nodes(std::string const& group_id, bool idle_only) const {
  auto group = std::find_if(groups_.begin(), groups_.end(),
                            [&](auto const& g) { return g.id == group_id; });
  if (group == groups_.end()) {
    return Status(StatusCode::kNotFound, fmt::format("node group '{}' not found", group_id));
  }
  auto const g = static_cast<std::size_t>(group - groups_.begin());
  std::vector<Node> out;
  for (auto const& node : nodes_) {
    if (node.group != g || (idle_only && !node.slots.empty())) continue;
    out.push_back(ToWire(node));
  }
  return out;
}

std::vector<Shape> Cluster::Shapes(std::optional<std::string> const& node_group) const {
  FakeNodeGroup const* group = node_group ? FindGroup(*node_group) : nullptr;
  std::vector<Shape> out;
  if (node_group && group == nullptr) return out;
  for (auto const& shape : shapes_) {
    if (group != nullptr && shape.accelerators > 0 && !group->nodes.empty() &&
        shape.accelerators > group->nodes.front().gpus) {
      continue;
    }
    Shape wire;
    wire.metadata.name = shape.name;
    auto& spec = wire.spec.emplace();
    spec.name = shape.name;
    spec.description = shape.description;
    spec.listable_in = std::vector<std::string>{"job", "pod", "deployment"};
    spec.cpu = shape.cpus;
    spec.memory_in_mb = shape.memory_mib;
    spec.accelerator_num = shape.accelerators;
    if (!shape.accelerator_type.empty()) spec.accelerator_type = shape.accelerator_type;
    if (group != nullptr) spec.node_group_id = group->id;
    out.push_back(std::move(wire));
  }
  return out;
}

StatusOr<std::vector<FakeReservation>> Cluster::Reservations(std::string const& group_id) const {
  if (std::none_of(groups_.begin(), groups_.end(), [&](auto const& g) { return g.id == group_id; })) {
    return Status(StatusCode::kNotFound, fmt::format("node group '{}' not found", group_id));
  }
  std::vector<FakeReservation> out;
  for (auto const& r : reservations_) {
    if (r.node_group_id == group_id) out.push_back(r);
  }
  return out;
}

}  // namespace lepton::fake
