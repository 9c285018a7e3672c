#ifndef LEPTONKIT_FAKE_LEPTON_SRC_UI_ASSETS_H_
#define LEPTONKIT_FAKE_LEPTON_SRC_UI_ASSETS_H_

#include <span>
#include <string_view>

namespace lepton::fake {

/// One file of the dashboard (fake_lepton/ui), compiled in by fake_lepton/ui/embed.cmake.
struct UiAsset {
  std::string_view name;          ///< File name below /fake/ui/, e.g. "app.js".
  std::string_view content_type;  ///< From the extension, with a charset for text.
  std::string_view body;
};

/// Every dashboard file; the views live for the whole program.
std::span<UiAsset const> UiAssets();

}  // namespace lepton::fake

#endif  // LEPTONKIT_FAKE_LEPTON_SRC_UI_ASSETS_H_
