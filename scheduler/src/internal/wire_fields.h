#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_WIRE_FIELDS_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_WIRE_FIELDS_H_

// The field list of every wire type: one function per type names each JSON key and the member
// that holds it. The encoder and the decoder both walk these lists, so a key is spelled once.
// S is the struct type, const or not; V is the visitor (see json_codec.cc).

#include "lepton/api_error.h"
#include "lepton/event.h"
#include "lepton/job.h"
#include "lepton/node.h"
#include "lepton/node_group.h"
#include "lepton/replica.h"
#include "lepton/secret.h"
#include "lepton/shape.h"
#include "lepton/workspace_info.h"

#include <type_traits>

namespace lepton::internal {

#define LEPTONKIT_FIELDS(Type) \
  template <typename S, typename V> \
  void VisitFields(S& s, V& v) requires std::is_same_v<std::remove_const_t<S>, Type>

LEPTONKIT_FIELDS(Metadata) {
  v("id", s.id);
  v("name", s.name);
  v("created_at", s.created_at);
  v("created_by", s.created_by);
  v("last_modified_by", s.last_modified_by);
  v("last_modified_at", s.last_modified_at);
  v("version", s.version);
  v("semantic_version", s.semantic_version);
  v("replica_version", s.replica_version);
  v("labels", s.labels);
  v("owner", s.owner);
  v("visibility", s.visibility);
}

LEPTONKIT_FIELDS(ContainerPort) {
  v("name", s.name);
  v("container_port", s.container_port);
  v("protocol", s.protocol);
  v("host_port", s.host_port);
  v("enable_load_balancer", s.enable_load_balancer);
  v("expose_strategies", s.expose_strategies);
}

LEPTONKIT_FIELDS(Container) {
  v("image", s.image);
  v("command", s.command);
  v("ports", s.ports);
}

LEPTONKIT_FIELDS(EnvValueSource) { v("secret_name_ref", s.secret_name_ref); }

LEPTONKIT_FIELDS(EnvVar) {
  v("name", s.name);
  v("value", s.value);
  v("value_from", s.value_from);
}

LEPTONKIT_FIELDS(MountOptions) {
  v("local_cache_size_mib", s.local_cache_size_mib);
  v("read_only", s.read_only);
}

LEPTONKIT_FIELDS(Mount) {
  v("path", s.path);
  v("mount_path", s.mount_path);
  v("from", s.from);
  v("mount_options", s.mount_options);
}

LEPTONKIT_FIELDS(Affinity) {
  v("allowed_providers", s.allowed_providers);
  v("allowed_dedicated_node_groups", s.allowed_dedicated_node_groups);
  v("allowed_nodes_in_node_group", s.allowed_nodes_in_node_group);
  v("node_label_selector", s.node_label_selector);
}

LEPTONKIT_FIELDS(QueueConfig) {
  v("priority_class", s.priority_class);
  v("can_be_preempted", s.can_be_preempted);
  v("can_preempt", s.can_preempt);
}

LEPTONKIT_FIELDS(ReservationConfig) {
  v("reservation_id", s.reservation_id);
  v("allow_burst_to_other_reservations", s.allow_burst_to_other_reservations);
}

LEPTONKIT_FIELDS(TimeSchedule) { v("start_at", s.start_at); }
LEPTONKIT_FIELDS(SegmentConfig) { v("count_per_segment", s.count_per_segment); }

LEPTONKIT_FIELDS(UserSecurityContext) {
  v("privileged", s.privileged);
  v("no_specific_user", s.no_specific_user);
}

LEPTONKIT_FIELDS(MetricsConfig) { v("disable_pulling_from_replica", s.disable_pulling_from_replica); }

LEPTONKIT_FIELDS(LogConfig) {
  v("enable_collection", s.enable_collection);
  v("save_termination_logs", s.save_termination_logs);
}

LEPTONKIT_FIELDS(JobSpec) {
  v("resource_shape", s.resource_shape);
  v("affinity", s.affinity);
  v("container", s.container);
  v("shared_memory_size", s.shared_memory_size);
  v("completions", s.completions);
  v("parallelism", s.parallelism);
  v("max_failure_retry", s.max_failure_retry);
  v("max_job_failure_retry", s.max_job_failure_retry);
  v("envs", s.envs);
  v("mounts", s.mounts);
  v("image_pull_secrets", s.image_pull_secrets);
  v("ttl_seconds_after_finished", s.ttl_seconds_after_finished);
  v("intra_job_communication", s.intra_job_communication);
  v("user_security_context", s.user_security_context);
  v("metrics", s.metrics);
  v("log", s.log);
  v("queue_config", s.queue_config);
  v("stopped", s.stopped);
  v("reservation_config", s.reservation_config);
  v("time_schedule", s.time_schedule);
  v("segment_config", s.segment_config);
}

LEPTONKIT_FIELDS(JobAttemptStatus) {
  v("job_name", s.job_name);
  v.State("state", s.state, s.state_text);
  v("ready", s.ready);
  v("active", s.active);
  v("failed", s.failed);
  v("succeeded", s.succeeded);
  v("creation_time", s.creation_time);
  v("completion_time", s.completion_time);
}

LEPTONKIT_FIELDS(JobStatus) {
  using Base = std::conditional_t<std::is_const_v<S>, JobAttemptStatus const, JobAttemptStatus>;
  VisitFields(static_cast<Base&>(s), v);
  v("job_history", s.job_history);
}

LEPTONKIT_FIELDS(Job) {
  v.Required("metadata", s.metadata);
  v("spec", s.spec);
  v("status", s.status);
}

LEPTONKIT_FIELDS(JobList) { v.Required("jobs", s.jobs); }

LEPTONKIT_FIELDS(ReplicaNode) {
  v("name", s.name);
  v("id", s.id);
}

LEPTONKIT_FIELDS(ReplicaDomain) { v("name", s.name); }

LEPTONKIT_FIELDS(ReadinessIssue) {
  v("reason", s.reason);
  v("message", s.message);
}

LEPTONKIT_FIELDS(ReplicaStatus) {
  v("public_ip", s.public_ip);
  v("node", s.node);
  v("domains", s.domains);
  v("readiness_issue", s.readiness_issue);
}

LEPTONKIT_FIELDS(Replica) {
  v("id", s.id);
  v.Required("metadata", s.metadata);
  v("status", s.status);
}

LEPTONKIT_FIELDS(Event) {
  v("type", s.type);
  v("reason", s.reason);
  v("message", s.message);
  v("regarding", s.regarding);
  v("count", s.count);
  v("last_observed_time", s.last_observed_time);
}

LEPTONKIT_FIELDS(NodeGroupVolume) {
  v("from", s.from);
  v("name", s.name);
  v("size_in_gb", s.size_in_gb);
  v("mount_options", s.mount_options);
  v("creation_mode", s.creation_mode);
  v("from_path", s.from_path);
  v("default_mount_path", s.default_mount_path);
}

LEPTONKIT_FIELDS(SchedulingPolicy) { v("pod_stacking_first", s.pod_stacking_first); }

LEPTONKIT_FIELDS(NodeGroupSpec) {
  v("workspaces", s.workspaces);
  v("volumes", s.volumes);
  v("allocation_mode", s.allocation_mode);
  v("infini_band_enabled", s.infini_band_enabled);
  v("scheduling_policy", s.scheduling_policy);
  v("owner", s.owner);
  v("node_mode", s.node_mode);
  v("networking", s.networking);
  v("alert_notification_config", s.alert_notification_config);
  v("gpu_product", s.gpu_product);
  v("desired_nodes", s.desired_nodes);
}

LEPTONKIT_FIELDS(NodeGroupStatus) {
  v("ready_nodes", s.ready_nodes);
  v("quota_enabled", s.quota_enabled);
}

LEPTONKIT_FIELDS(NodeGroup) {
  v.Required("metadata", s.metadata);
  v.Required("spec", s.spec);
  v.Required("status", s.status);
}

LEPTONKIT_FIELDS(NodeCpu) {
  v("type", s.type);
  v("allocated", s.allocated);
  v("total", s.total);
}

LEPTONKIT_FIELDS(NodeGpu) {
  v("product", s.product);
  v("allocated", s.allocated);
  v("total", s.total);
}

LEPTONKIT_FIELDS(NodeMemory) {
  v("allocated", s.allocated);
  v("total", s.total);
}

LEPTONKIT_FIELDS(NodeDisk) {
  v("total_bytes", s.total_bytes);
  v("used_bytes", s.used_bytes);
}

LEPTONKIT_FIELDS(NodeSystem) {
  v("os", s.os);
  v("kernel_version", s.kernel_version);
  v("cuda_version", s.cuda_version);
  v("cuda_driver_version", s.cuda_driver_version);
}

LEPTONKIT_FIELDS(NodeResource) {
  v("cpu", s.cpu);
  v("gpu", s.gpu);
  v("memory", s.memory);
  v("disk", s.disk);
  v("system", s.system);
}

LEPTONKIT_FIELDS(NodeSpec) {
  v.Required("unschedulable", s.unschedulable);
  v("resource", s.resource);
}

LEPTONKIT_FIELDS(NodeWorkload) {
  v("type", s.type);
  v("name", s.name);
  v("id", s.id);
  v("replica_id", s.replica_id);
  v("workspace", s.workspace);
  v("cpu", s.cpu);
  v("memory", s.memory);
  v("gpu_count", s.gpu_count);
}

LEPTONKIT_FIELDS(NodeStatus) {
  v("status", s.status);
  v("workloads", s.workloads);
}

LEPTONKIT_FIELDS(Node) {
  v.Required("metadata", s.metadata);
  v.Required("spec", s.spec);
  v("status", s.status);
}

LEPTONKIT_FIELDS(ShapeSpec) {
  v("name", s.name);
  v("description", s.description);
  v("listable_in", s.listable_in);
  v("cpu", s.cpu);
  v("memory_in_mb", s.memory_in_mb);
  v("ephemeral_storage_in_gb", s.ephemeral_storage_in_gb);
  v("is_adaptive", s.is_adaptive);
  v("accelerator_type", s.accelerator_type);
  v("accelerator_num", s.accelerator_num);
  v("accelerator_fraction", s.accelerator_fraction);
  v("accelerator_memory_in_mb", s.accelerator_memory_in_mb);
  v("accelerator_pass_all", s.accelerator_pass_all);
  v("node_group_id", s.node_group_id);
}

LEPTONKIT_FIELDS(Shape) {
  v.Required("metadata", s.metadata);
  v("spec", s.spec);
}

LEPTONKIT_FIELDS(WorkspaceWorkloads) {
  v("num_photons", s.num_photons);
  v("num_deployments", s.num_deployments);
  v("num_jobs", s.num_jobs);
  v("num_pods", s.num_pods);
  v("num_secrets", s.num_secrets);
  v("num_image_pull_secrets", s.num_image_pull_secrets);
}

LEPTONKIT_FIELDS(ResourceAmount) {
  v("cpu", s.cpu);
  v("memory", s.memory);
  v("accelerator_num", s.accelerator_num);
}

LEPTONKIT_FIELDS(ResourceQuota) {
  v("limit", s.limit);
  v("used", s.used);
}

LEPTONKIT_FIELDS(ServiceAmount) {
  v("kv_store_num", s.kv_store_num);
  v("queue_num", s.queue_num);
}

LEPTONKIT_FIELDS(ServiceQuota) {
  v("limit", s.limit);
  v("used", s.used);
}

LEPTONKIT_FIELDS(WorkspaceShape) {
  v("description", s.description);
  v("cpu", s.cpu);
  v("memory", s.memory);
  v("memory_in_mb", s.memory_in_mb);
  v("accelerator_type", s.accelerator_type);
  v("accelerator_num", s.accelerator_num);
  v("accelerator_fraction", s.accelerator_fraction);
}

LEPTONKIT_FIELDS(WorkspaceInfo) {
  v("build_time", s.build_time);
  v("git_commit", s.git_commit);
  v("workspace_name", s.workspace_name);
  v("workspace_tier", s.workspace_tier);
  v("workspace_state", s.workspace_state);
  v("supported_shapes", s.supported_shapes);
  v("workspace_disk_usage_bytes", s.workspace_disk_usage_bytes);
  v("workloads", s.workloads);
  v("resource_quota", s.resource_quota);
  v("service_quota", s.service_quota);
}

LEPTONKIT_FIELDS(Secret) {
  v("name", s.name);
  v("value", s.value);
  v("tags", s.tags);
  v("owner", s.owner);
  v("visibility", s.visibility);
}

LEPTONKIT_FIELDS(ApiError) {
  v("code", s.code);
  v("message", s.message);
}

#undef LEPTONKIT_FIELDS

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_WIRE_FIELDS_H_
