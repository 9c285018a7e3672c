#ifndef LEPTONKIT_FAKE_LEPTON_SRC_ROUTES_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_ROUTES_H_

#include <functional>

#include <httplib.h>

#include "lepton/fake/fake_options.h"

namespace lepton::fake {

struct RouteContext;

/// Registers the workspace API under `/api/v2/workspaces/<id>` on `server`: the auth and
/// workspace check, Lepton-shaped JSON errors for every failure (bad JSON, unknown paths, wrong
/// methods, oversized bodies, exceptions), and all routes. Routes only parse, call the
/// simulation and serialise; the control plane lives under /fake/v1. `ctx` must outlive the
/// server.
void InstallRoutes(httplib::Server& server, RouteContext const& ctx, std::function<void()> reset);

/// Answers 401/404 for a workspace API request that lacks the token or is for another
/// workspace; Unhandled otherwise. The token is compared, never logged or echoed.
httplib::Server::HandlerResponse CheckWorkspace(httplib::Request const& req,
                                                httplib::Response& res,
                                                FakeLeptonOptions const& options);

/// /jobs and everything under it (job_routes.cc).
void InstallJobRoutes(httplib::Server& server, RouteContext const& ctx);
/// /logs, node groups, shapes, workspace, user secrets (workspace_routes.cc).
void InstallWorkspaceRoutes(httplib::Server& server, RouteContext const& ctx);
/// /storage and everything under it (storage_routes.cc).
void InstallStorageRoutes(httplib::Server& server, RouteContext const& ctx);
/// The control plane under /fake/v1 (control_routes.cc); `reset` forgets all state.
void InstallControlRoutes(httplib::Server& server, RouteContext const& ctx,
                          std::function<void()> reset);
/// /fake/v1/faults and /fake/v1/journal (fault_control_routes.cc).
void InstallFaultControlRoutes(httplib::Server& server, RouteContext const& ctx);
/// The bounded views the dashboard reads: /fake/v1/job-table, /fake/v1/jobs/{id}, a replica's
/// log tail, /fake/v1/node-occupancy (dashboard_routes.cc).
void InstallDashboardControlRoutes(httplib::Server& server, RouteContext const& ctx);
/// The dashboard's files under /fake/ui/ (ui_routes.cc); installed when options.serve_ui.
void InstallUiRoutes(httplib::Server& server);

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_ROUTES_H_
