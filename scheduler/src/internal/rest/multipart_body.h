#ifndef LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_MULTIPART_BODY_H_
#define LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_MULTIPART_BODY_H_

#include <string>
#include <string_view>

#include "lepton/storage.h"

namespace lepton::internal {

/// A `multipart/form-data` body (RFC 7578) with one part, field `field`, filename `filename`,
/// type application/octet-stream, whose content is `file`: itself an UploadSource reading the
/// fixed head, then `file`, then the fixed tail, so the body is never held whole and its size
/// is exact. In the filename, `"`, CR and LF are percent-encoded as browsers do.
/// `boundary` must not occur in the content; a random one of 32 hex digits makes that
/// practically certain (see NewMultipartBoundary). A failure of `file` passes through; a `file`
/// that ends before its size is kDataLoss.
UploadSource MultipartFormBody(UploadSource file, std::string_view field,
                               std::string_view filename, std::string_view boundary);

/// A fresh random boundary ("leptonkit-" and 32 hex digits).
std::string NewMultipartBoundary();

/// The Content-Type of a body made with `boundary`.
std::string MultipartContentType(std::string_view boundary);

}  // namespace lepton::internal

#endif  // LEPTONKIT_SCHEDULER_SRC_INTERNAL_REST_MULTIPART_BODY_H_
