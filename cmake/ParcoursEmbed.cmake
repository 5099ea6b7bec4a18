# parcours_embed_files(<target> NAMESPACE <ns> FUNCTION <fn> FILES <files...>)
# Compiles text files (SQL migrations, default configuration) into the binary so a service
# needs nothing beside it at run time. Generates
#   std::vector<parcours::EmbeddedFile> <ns>::<fn>();
# returning {name, contents} sorted by file name.
function(parcours_embed_files target)
  cmake_parse_arguments(ARG "" "NAMESPACE;FUNCTION" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_${ARG_FUNCTION}_embedded.cc")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE}
            -DFUNCTION=${ARG_FUNCTION} "-DFILES=${ARG_FILES}" -P ${script}
    DEPENDS ${ARG_FILES} ${script}
    COMMENT "embedding ${ARG_FUNCTION} into ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
