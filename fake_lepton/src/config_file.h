#ifndef LEPTONKIT_FAKE_LEPTON_SRC_CONFIG_FILE_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_CONFIG_FILE_H_

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "lepton/status.h"

namespace lepton::fake {

/// Reads a configuration file (`what`: "plan", "cluster") and parses it with `parse`; a
/// failure names the file: kNotFound when it cannot be read, the parser's code otherwise.
template <typename Parse>
auto LoadConfigFile(std::string const& path, std::string_view what, Parse parse)
    -> decltype(parse(std::string_view())) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, fmt::format("cannot read {} file '{}'", what, path));
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse(text.str());
  if (!parsed) {
    return Status(parsed.status().code(), fmt::format("{}: {}", path, parsed.status().message()));
  }
  return parsed;
}

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_CONFIG_FILE_H_
