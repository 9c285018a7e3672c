// The dashboard's static files under /fake/ui/ (FakeLeptonOptions::serve_ui): compiled in
// (ui_assets.h), served with their content type and headers that keep the page to itself: a
// Content-Security-Policy that allows nothing but this origin (no inline script, no other
// host: the page can fetch nothing from outside), no MIME sniffing, no caching across
// rebuilds, no framing and no referrer.

#include <string>

#include "route_util.h"
#include "routes.h"
#include "ui_assets.h"

namespace lepton::fake {
namespace {

constexpr char kUiPrefix[] = "/fake/ui/";
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
    "object-src 'none'";

void SetPageHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-cache");
}

void ServeAsset(std::string const& name, httplib::Response& res) {
  SetPageHeaders(res);
  for (UiAsset const& asset : UiAssets()) {
    if (asset.name == name) {
      res.status = 200;
      res.set_content(std::string(asset.body), std::string(asset.content_type));
      return;
    }
  }
  Reply(res, NotFound("no such dashboard file: " + name.substr(0, 128)));
}

}  // namespace

void InstallUiRoutes(httplib::Server& server) {
  server.Get("/fake/ui", [](httplib::Request const&, httplib::Response& res) {
    SetPageHeaders(res);
    res.set_redirect(kUiPrefix, 302);
  });
  server.Get("/fake/ui/", [](httplib::Request const&, httplib::Response& res) {
    ServeAsset("index.html", res);
  });
  server.Get(R"(/fake/ui/(.+))", [](httplib::Request const& req, httplib::Response& res) {
    ServeAsset(req.matches[1], res);
  });
}

}  // namespace lepton::fake
