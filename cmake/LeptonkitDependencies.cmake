# Finds every dependency and, when one is missing, stops with the Debian package that provides it.
include_guard(GLOBAL)

find_package(PkgConfig QUIET)
find_package(Threads REQUIRED)

function(leptonkit_missing what package)
  message(FATAL_ERROR
    "leptonkit: ${what} was not found. Install the Debian package '${package}':\n"
    "    apt-get install -y ${package}\n"
    "(the README's commands install every missing package for you).")
endfunction()

# cpp-httplib: Debian ships a compiled library with a pkg-config file, no CMake package.
if(NOT PKG_CONFIG_FOUND)
  leptonkit_missing("pkg-config" "pkg-config")
endif()
pkg_check_modules(LEPTONKIT_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib>=0.11)
if(NOT LEPTONKIT_HTTPLIB_FOUND)
  leptonkit_missing("cpp-httplib (pkg-config module cpp-httplib >= 0.11)" "libcpp-httplib-dev")
endif()

find_package(nlohmann_json 3.10 QUIET)
if(NOT nlohmann_json_FOUND)
  leptonkit_missing("nlohmann/json (CMake package nlohmann_json)" "nlohmann-json3-dev")
endif()

find_package(fmt QUIET)
if(NOT fmt_FOUND)
  leptonkit_missing("fmt (CMake package fmt)" "libfmt-dev")
endif()

# zlib: gzip for the fake's simulated `tar -z`.
find_package(ZLIB QUIET)
if(NOT ZLIB_FOUND)
  leptonkit_missing("zlib (CMake package ZLIB)" "zlib1g-dev")
endif()

if(LEPTONKIT_BUILD_TOOLS)
  find_package(CLI11 QUIET)
  if(NOT CLI11_FOUND)
    leptonkit_missing("CLI11 (CMake package CLI11)" "libcli11-dev")
  endif()
endif()

# GoogleTest and GoogleMock: the fake's test fixture, the mocks and the contract suite are
# libraries that downstream tests link, so they are needed even without leptonkit's own tests.
find_package(GTest QUIET)
if(NOT GTest_FOUND)
  leptonkit_missing("GoogleTest (CMake package GTest)" "libgtest-dev")
endif()
if(NOT TARGET GTest::gmock)
  leptonkit_missing("GoogleMock (target GTest::gmock)" "libgmock-dev")
endif()

if(LEPTONKIT_BUILD_TESTS)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    leptonkit_missing("Google Benchmark (CMake package benchmark)" "libbenchmark-dev")
  endif()
endif()
