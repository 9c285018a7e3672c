# Installs the build in BUILD_DIR into a scratch prefix and builds and tests examples/downstream
# against it. Fails on the first step that fails.
set(prefix ${BUILD_DIR}/downstream-test/prefix)
set(build ${BUILD_DIR}/downstream-test/build)
file(REMOVE_RECURSE ${BUILD_DIR}/downstream-test)

include(${CMAKE_CURRENT_LIST_DIR}/step.cmake)

step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
# The downstream project is compiled like the installed libraries were (same compiler and flags),
# so that a sanitizer build's libraries link into it.
step(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/downstream -B ${build} -G ${GENERATOR}
     -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
     "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}")
step(${CMAKE_COMMAND} --build ${build} -j 2)
step(${CMAKE_CTEST_COMMAND} --test-dir ${build} --output-on-failure)
message(STATUS "downstream project built and passed against the installed leptonkit")
