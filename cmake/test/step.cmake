# step(<command> <args>...): runs the command and stops the script, naming it, if it fails.
# Shared by the downstream build scripts (cmake -P).
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "downstream test: '${ARGN}' failed (${result})")
  endif()
endfunction()
