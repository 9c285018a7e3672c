#ifndef LEPTONKIT_FAKE_LEPTON_SRC_ROUTES_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_ROUTES_H_

#include <atomic>

#include <httplib.h>

#include "lepton/fake/fake_options.h"
#include "world.h"

namespace lepton::fake {

/// Registers the workspace API under `/api/v2/workspaces/<id>` on `server`: auth, workspace
/// check, Lepton-shaped JSON errors for every failure (bad JSON, unknown paths, wrong methods,
/// oversized bodies, exceptions), and the job routes. The routes only parse, call `world` and
/// serialise. Log streams end when `stopping` becomes true.
void InstallRoutes(httplib::Server& server, World& world, FakeLeptonOptions const& options,
                   std::atomic<bool> const& stopping);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_ROUTES_H_
