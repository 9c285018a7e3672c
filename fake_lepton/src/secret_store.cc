#include "secret_store.h"

#include <set>

#include <fmt/format.h>

namespace lepton::fake {

Status SecretStore::Add(std::vector<Secret> const& secrets) {
  std::lock_guard lock(mu_);
  std::set<std::string> names;
  for (auto const& secret : secrets) {
    if (!secret.name || secret.name->empty()) {
      return Status(StatusCode::kInvalidArgument, "secret name is required");
    }
    std::string const& name = *secret.name;
    if (name.starts_with("LEPTON_") || name.starts_with("lepton_")) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("secret name '{}' is reserved (LEPTON_ prefix)", name));
    }
    if (!secret.value) {
      return Status(StatusCode::kInvalidArgument, fmt::format("secret '{}' has no value", name));
    }
    if (secret.visibility && *secret.visibility != "public" && *secret.visibility != "private") {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("secret '{}': visibility must be public or private", name));
    }
    if (secrets_.contains(name) || !names.insert(name).second) {
      return Status(StatusCode::kAlreadyExists, fmt::format("secret '{}' already exists", name));
    }
  }
  for (auto secret : secrets) {
    secret.owner = owner_;
    if (!secret.visibility) secret.visibility = "private";
    std::string const name = *secret.name;
    secrets_[name] = std::move(secret);
  }
  return Status();
}

std::vector<Secret> SecretStore::List() const {
  std::lock_guard lock(mu_);
  std::vector<Secret> out;
  for (auto const& [name, secret] : secrets_) {
    Secret listed = secret;
    listed.value.reset();
    out.push_back(std::move(listed));
  }
  return out;
}

Status SecretStore::Remove(std::string const& name) {
  std::lock_guard lock(mu_);
  if (secrets_.erase(name) == 0) {
    return Status(StatusCode::kNotFound, fmt::format("secret '{}' not found", name));
  }
  return Status();
}

std::string SecretStore::Value(std::string const& name) const {
  std::lock_guard lock(mu_);
  auto it = secrets_.find(name);
  return it == secrets_.end() ? std::string() : it->second.value.value_or("");
}

std::size_t SecretStore::size() const {
  std::lock_guard lock(mu_);
  return secrets_.size();
}

void SecretStore::Clear() {
  std::lock_guard lock(mu_);
  secrets_.clear();
}

}  // namespace lepton::fake
