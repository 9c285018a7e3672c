# What makes leptonkit's own build fast, when leptonkit is the top-level project (a project that
# adds leptonkit with add_subdirectory keeps its own launcher and linker):
# - ccache, when installed (`./run` installs it), for every compile. Precompiled headers need its
#   pch_defines and time_macros sloppiness; the environment is set per compile so that nobody's
#   ccache configuration needs changing.
# - lld instead of the default linker, when installed (`./run` installs it): the test programs
#   link several static libraries each, and lld links them several times faster than ld.bfd.
include_guard(GLOBAL)

if(NOT PROJECT_IS_TOP_LEVEL)
  return()
endif()

option(LEPTONKIT_USE_CCACHE "Compile through ccache when it is installed" ON)
if(LEPTONKIT_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(LEPTONKIT_CCACHE ccache)
  if(LEPTONKIT_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
        ${LEPTONKIT_CCACHE})
  endif()
endif()

option(LEPTONKIT_USE_LLD "Link with lld when it is installed" ON)
if(LEPTONKIT_USE_LLD AND NOT CMAKE_EXE_LINKER_FLAGS MATCHES "-fuse-ld=")
  find_program(LEPTONKIT_LLD ld.lld)
  if(LEPTONKIT_LLD)
    include(CheckLinkerFlag)
    check_linker_flag(CXX -fuse-ld=lld LEPTONKIT_LINKER_TAKES_LLD)
    if(LEPTONKIT_LINKER_TAKES_LLD)
      add_link_options(-fuse-ld=lld)
    endif()
  endif()
endif()
