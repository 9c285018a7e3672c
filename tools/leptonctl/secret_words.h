#ifndef LEPTONKIT_TOOLS_LEPTONCTL_SECRET_WORDS_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_SECRET_WORDS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lepton::ctl {

/// The words of a command line that may hold the token and so must never be printed, not even
/// inside an argument parser's "not expected: ..." echo: the value of --token (as the next word
/// or after '='), the value after any flag `is_known` does not recognise (a mistyped --tokne
/// may carry the token), and `env_token` when not empty. Words after `--` (the job's command)
/// are not looked at.
std::vector<std::string> SecretWords(std::vector<std::string> const& words,
                                     std::function<bool(std::string_view flag)> const& is_known,
                                     std::string const& env_token);

/// `text` with every whole-word occurrence (between the start or end, blanks, quotes, ',' or
/// ':') of a word of `secrets` replaced by "***"; parts of other words are left alone.
std::string MaskWords(std::string text, std::vector<std::string> const& secrets);

/// Adds `secret` (a token leptonctl may use) to the secrets every error line is masked with
/// (FailWith, through MaskedForErrors); an empty one is ignored. For this process, from any
/// thread.
void MaskInErrors(std::string secret);

/// `text` with every occurrence of each secret given to MaskInErrors replaced by "***", also
/// inside other words (a token inside a URL or quotes).
std::string MaskedForErrors(std::string text);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_SECRET_WORDS_H_
