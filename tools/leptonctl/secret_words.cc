#include "leptonctl/secret_words.h"

#include <algorithm>
#include <mutex>

namespace lepton::ctl {

std::vector<std::string> SecretWords(std::vector<std::string> const& words,
                                     std::function<bool(std::string_view flag)> const& is_known,
                                     std::string const& env_token) {
  std::vector<std::string> secrets;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view const w = words[i];
    if (w == "--") break;  // The job's command follows: its flags are not leptonctl's.
    if (w.size() < 2 || w[0] != '-') continue;
    auto const eq = w.find('=');
    std::string_view const flag = w.substr(0, eq);
    bool const token = flag == "--token";
    if (!token && is_known(flag)) continue;
    if (eq != std::string_view::npos) {
      secrets.emplace_back(w.substr(eq + 1));
      if (!token) secrets.emplace_back(w);  // Echoed whole as an unexpected argument.
    } else if (i + 1 < words.size() && (token || words[i + 1].rfind('-', 0) != 0)) {
      secrets.push_back(words[i + 1]);
    }
  }
  if (!env_token.empty()) secrets.push_back(env_token);
  std::erase_if(secrets, [](std::string const& s) { return s.empty(); });
  return secrets;
}

std::string MaskWords(std::string text, std::vector<std::string> const& secrets) {
  auto boundary = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == ',' || c == ':';
  };
  for (auto const& secret : secrets) {
    for (auto at = text.find(secret); at != std::string::npos;) {
      std::size_t const end = at + secret.size();
      bool const whole = (at == 0 || boundary(text[at - 1])) && (end == text.size() || boundary(text[end]));
      if (whole) {
        text.replace(at, secret.size(), "***");
        at = text.find(secret, at + 3);
      } else {
        at = text.find(secret, at + 1);
      }
    }
  }
  return text;
}

namespace {

struct ErrorSecrets {
  std::mutex mu;
  std::vector<std::string> secrets;
};

ErrorSecrets& Registered() {
  static ErrorSecrets registered;
  return registered;
}

}  // namespace

void MaskInErrors(std::string secret) {
  if (secret.empty()) return;
  auto& registered = Registered();
  std::lock_guard lock(registered.mu);
  registered.secrets.push_back(std::move(secret));
  // Longest first: a secret that contains another is masked whole, not around the shorter one.
  std::stable_sort(registered.secrets.begin(), registered.secrets.end(),
                   [](std::string const& a, std::string const& b) { return a.size() > b.size(); });
}

std::string MaskedForErrors(std::string text) {
  auto& registered = Registered();
  std::lock_guard lock(registered.mu);
  for (auto const& secret : registered.secrets) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

}  // namespace lepton::ctl
