# Included from the top-level CMakeLists.txt when LEPTONKIT_BUILD_FUZZERS is ON, before any
# target exists: instruments every library of this build for libFuzzer, ASan and UBSan. The
# fuzz targets add -fsanitize=fuzzer at link time (fuzz/CMakeLists.txt).
include_guard(GLOBAL)

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR
    "leptonkit: LEPTONKIT_BUILD_FUZZERS needs Clang (libFuzzer), but the C++ compiler is "
    "${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}). Configure with CC=clang CXX=clang++ "
    "(Debian package 'clang') in a fresh build directory, or use fuzz/run.sh.")
endif()

# UBSan findings abort, so libFuzzer reports them as crashes instead of printing and going on.
string(APPEND CMAKE_CXX_FLAGS
  " -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer")
