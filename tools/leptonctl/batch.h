#ifndef LEPTONKIT_TOOLS_LEPTONCTL_BATCH_H_
#define LEPTONKIT_TOOLS_LEPTONCTL_BATCH_H_

#include <string>
#include <vector>

#include "lepton/status.h"

namespace lepton::ctl {

/// Splits one batch line into words as a POSIX shell would for the simple cases: blanks
/// separate, '...' and "..." quote (no expansion), a backslash escapes the next character
/// outside quotes and only " \ $ ` inside "..." (so "a\xff" keeps its backslash), `#` starts a
/// comment at the start of a word. kInvalidArgument for an
/// unterminated quote.
StatusOr<std::vector<std::string>> SplitWords(std::string const& line);

/// Replaces every word `@N` (the Nth job submitted in this batch, from 1) and `@last` with its
/// job id; kInvalidArgument for a reference to a job not submitted yet.
lepton::Status ResolveJobRefs(std::vector<std::string>& words, std::vector<std::string> const& submitted);

}  // namespace lepton::ctl

#endif  // LEPTONKIT_TOOLS_LEPTONCTL_BATCH_H_
