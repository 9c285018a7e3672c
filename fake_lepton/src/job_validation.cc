#include "job_validation.h"

#include <array>
#include <regex>

#include <fmt/format.h>

#include "queue_priority.h"

namespace lepton::fake {
namespace {

constexpr std::size_t kMaxJobNameLength = 36;
// [INF] Lepton's limit is not documented; the fake refuses more replicas than a large cluster
// could run so that one request cannot make it simulate millions of pods.
constexpr std::int64_t kMaxReplicas = 10'000;

// Exact mount paths a job may not use, after POSIX normalisation (newer SDK job_validation.py).
constexpr std::array<std::string_view, 24> kReservedMountPaths = {
    "/",          "/bin",      "/boot",     "/dev",           "/etc",
    "/lib",       "/lib64",    "/media",    "/opt",           "/proc",
    "/run",       "/sbin",     "/srv",      "/sys",           "/usr",
    "/usr/bin",   "/usr/lib",  "/usr/local", "/usr/sbin",     "/var",
    "/sys/fs/cgroup", "/sys/kernel/security", "/proc/sys",   "/proc/bus"};

// Env names the platform sets itself (SDK config.py LEPTON_RESERVED_ENV_NAMES).
constexpr std::array<std::string_view, 4> kReservedEnvNames = {
    "LEPTON_WORKSPACE_ID", "LEPTON_DEPLOYMENT_NAME", "LEPTON_RESOURCE_ACCELERATOR_TYPE",
    "LEPTON_WORKSPACE_ORIGIN_URL"};

// Collapses repeated slashes, "." and ".." segments and a trailing slash.
std::string NormalizePosixPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t const next = std::min(path.find('/', i), path.size());
    std::string_view const part = path.substr(i, next - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = next + 1;
  }
  std::string out;
  for (auto part : parts) {
    out += '/';
    out += part;
  }
  return out.empty() ? "/" : out;
}

std::optional<std::string> NonNegative(char const* field, std::optional<std::int64_t> value) {
  if (value && *value < 0) return fmt::format("spec.{} must be >= 0, got {}", field, *value);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ValidateJobName(std::string_view name) {
  if (name.empty()) return "job name must not be empty";
  if (name.size() > kMaxJobNameLength) {
    return fmt::format("job name '{}' is longer than {} characters", name, kMaxJobNameLength);
  }
  if (name.front() < 'a' || name.front() > 'z') {
    return fmt::format("job name '{}' must start with a lowercase letter", name);
  }
  for (char c : name) {
    bool const ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return fmt::format("job name '{}' may contain only lowercase letters, digits and '-'",
                         name);
    }
  }
  if (name.back() == '-') return fmt::format("job name '{}' must not end with '-'", name);
  if (name.ends_with("by-lepton")) {
    return fmt::format("job name '{}' must not end with 'by-lepton'", name);
  }
  return std::nullopt;
}

std::optional<std::string> ValidateMetadata(Metadata const& metadata) {
  if (metadata.visibility && *metadata.visibility != "public" &&
      *metadata.visibility != "private") {
    return fmt::format("metadata.visibility must be 'public' or 'private', got '{}'",
                       *metadata.visibility);
  }
  if (metadata.labels) {
    static std::regex const kLabelKey("^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$");
    for (auto const& [key, value] : *metadata.labels) {
      if (key.empty() || key.size() > 63 || !std::regex_match(key, kLabelKey)) {
        return fmt::format("metadata.labels key '{}' is not a valid label key", key);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> ValidateJobSpec(JobSpec const& spec) {
  if (spec.completions && *spec.completions <= 0) {
    return fmt::format("spec.completions must be a positive integer, got {}", *spec.completions);
  }
  if (spec.parallelism && *spec.parallelism <= 0) {
    return fmt::format("spec.parallelism must be a positive integer, got {}", *spec.parallelism);
  }
  for (auto const& [field, value] : {std::pair{"completions", spec.completions},
                                     std::pair{"parallelism", spec.parallelism}}) {
    if (value && *value > kMaxReplicas) {
      return fmt::format("spec.{} must be at most {}, got {}", field, kMaxReplicas, *value);
    }
  }
  if (auto e = NonNegative("max_failure_retry", spec.max_failure_retry)) return e;
  if (auto e = NonNegative("max_job_failure_retry", spec.max_job_failure_retry)) return e;
  if (auto e = NonNegative("ttl_seconds_after_finished", spec.ttl_seconds_after_finished)) return e;
  if (auto e = NonNegative("shared_memory_size", spec.shared_memory_size)) return e;
  if (spec.mounts) {
    for (auto const& mount : *spec.mounts) {
      if (!mount.mount_path || mount.mount_path->empty()) return "spec.mounts[].mount_path is required";
      if (!mount.from || mount.from->empty()) return "spec.mounts[].from is required";
      std::string const normalized = NormalizePosixPath(*mount.mount_path);
      for (auto reserved : kReservedMountPaths) {
        if (normalized == reserved) {
          return fmt::format("spec.mounts[].mount_path '{}' is a reserved system path",
                             *mount.mount_path);
        }
      }
    }
  }
  if (spec.envs) {
    for (auto const& env : *spec.envs) {
      if (!env.name || env.name->empty()) return "spec.envs[].name is required";
      for (auto reserved : kReservedEnvNames) {
        if (*env.name == reserved) {
          return fmt::format("spec.envs[].name '{}' is reserved by Lepton", *env.name);
        }
      }
    }
  }
  if (spec.container && spec.container->ports) {
    for (auto const& port : *spec.container->ports) {
      if (!port.container_port || *port.container_port < 1 || *port.container_port > 65535) {
        return "spec.container.ports[].container_port must be in 1..65535";
      }
    }
  }
  // [INF] The CLI only offers these nine classes (SDK leptonai/cli/util.py); the fake takes the
  // server to refuse any other value rather than guess where it would rank it.
  if (spec.queue_config && spec.queue_config->priority_class &&
      !PriorityValue(*spec.queue_config->priority_class)) {
    return fmt::format("spec.queue_config.priority_class '{}' is not one of low-1000, low-2000, "
                       "low-3000, mid-4000, mid-5000, mid-6000, high-7000, high-8000, high-9000",
                       *spec.queue_config->priority_class);
  }
  if (spec.affinity && spec.affinity->node_label_selector &&
      spec.affinity->allowed_nodes_in_node_group &&
      !spec.affinity->allowed_nodes_in_node_group->empty()) {
    return "spec.affinity.node_label_selector cannot be combined with "
           "allowed_nodes_in_node_group";
  }
  return std::nullopt;
}

std::optional<std::string> RequestedName(Job const& request) {
  if (request.metadata.name && !request.metadata.name->empty()) return request.metadata.name;
  if (request.metadata.id && !request.metadata.id->empty()) return request.metadata.id;
  return std::nullopt;
}

}  // namespace lepton::fake
