#ifndef LEPTONKIT_CONTRACT_TESTS_SRC_RECORDING_H_
#define LEPTONKIT_CONTRACT_TESTS_SRC_RECORDING_H_

// What the drift guard records and compares: one JSON line per exchange,
// {"call": "<METHOD> <path template> <status>", "response": <scrubbed JSON or a string>}.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lepton/http_exchange.h"

namespace lepton::contract {

/// The path with what identifies a job, replica, node group, node or secret replaced by a
/// marker ("/jobs/{job}/replicas/{replica}/log"), and the query reduced to its parameter
/// names, sorted (values kept only for job_query_mode): "/jobs?page&page_size&query".
[[nodiscard]] std::string TemplatePath(std::string_view path);

/// `json` with every string replaced by "<scrubbed>" except one-word values of enumeration keys
/// (state, type, reason, kind, code, ...) that do not contain `secret`, and the entries of
/// free-form maps (labels, annotations, a log stream's labels) collapsed to one "*" entry.
/// Numbers, booleans, keys and structure stay: the shape the drift guard compares, and nothing
/// that names a job, a person, a node or a workspace.
[[nodiscard]] nlohmann::json Scrubbed(nlohmann::json json, std::string const& secret);

/// "<METHOD> <TemplatePath(path)> <status>".
[[nodiscard]] std::string CallKey(HttpExchange const& exchange);

/// Appends each exchange, scrubbed, to `<dir>/<name>.jsonl` (the directory is created). Safe
/// from several threads.
class ExchangeRecorder {
 public:
  ExchangeRecorder(std::string const& dir, std::string const& name, std::string token);
  void Record(HttpExchange const& exchange);

 private:
  std::mutex mu_;
  std::string file_;
  std::string token_;
};

}  // namespace lepton::contract

#endif  // LEPTONKIT_CONTRACT_TESTS_SRC_RECORDING_H_
