# Runs the built orchard to write what packages install beside it, all generated from its own
# option definitions: orchard.1 and the bash, zsh and fish completions.
#   cmake -DORCHARD=path/to/orchard -DOUT=dir -P cmake/docs.cmake
foreach(spec "man;man1/orchard.1" "completion;bash;completions/orchard.bash"
             "completion;zsh;completions/_orchard" "completion;fish;completions/orchard.fish")
  list(POP_BACK spec file)
  get_filename_component(dir "${OUT}/${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  execute_process(COMMAND "${ORCHARD}" ${spec} OUTPUT_FILE "${OUT}/${file}.tmp"
                  RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "orchard ${spec} failed (${failed})")
  endif()
  file(RENAME "${OUT}/${file}.tmp" "${OUT}/${file}")
endforeach()
