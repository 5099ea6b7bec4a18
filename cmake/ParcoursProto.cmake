# parcours_add_proto_library(<name> PROTOS <files relative to proto/> [GRPC] [DEPS <libs>]
#   [IMPORT_DIRS <dirs>])
# Generates C++ (and gRPC stubs with GRPC) into the build tree once, and compiles them into
# one static library per proto package. Generated code is never committed.
set(PARCOURS_PROTO_ROOT "${PROJECT_SOURCE_DIR}/proto")
set(PARCOURS_PROTO_OUT "${PROJECT_BINARY_DIR}/gen")
file(MAKE_DIRECTORY "${PARCOURS_PROTO_OUT}")

function(parcours_add_proto_library name)
  cmake_parse_arguments(ARG "GRPC" "ROOT" "PROTOS;DEPS;IMPORT_DIRS" ${ARGN})
  if(NOT ARG_ROOT)
    set(ARG_ROOT "${PARCOURS_PROTO_ROOT}")
  endif()
  set(srcs)
  set(include_flags -I${PARCOURS_PROTO_ROOT} -I${Protobuf_INCLUDE_DIRS})
  if(NOT ARG_ROOT STREQUAL PARCOURS_PROTO_ROOT)
    list(PREPEND include_flags -I${ARG_ROOT})
  endif()
  foreach(dir ${ARG_IMPORT_DIRS})
    list(APPEND include_flags -I${dir})
  endforeach()
  foreach(proto ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" stem "${proto}")
    set(outs "${PARCOURS_PROTO_OUT}/${stem}.pb.cc" "${PARCOURS_PROTO_OUT}/${stem}.pb.h")
    set(plugin_args)
    set(plugin_deps)
    if(ARG_GRPC)
      list(APPEND outs "${PARCOURS_PROTO_OUT}/${stem}.grpc.pb.cc"
                       "${PARCOURS_PROTO_OUT}/${stem}.grpc.pb.h")
      set(plugin_args --grpc_out=${PARCOURS_PROTO_OUT}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
      set(plugin_deps gRPC::grpc_cpp_plugin)
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND protobuf::protoc ARGS --cpp_out=${PARCOURS_PROTO_OUT} ${plugin_args}
              ${include_flags} ${ARG_ROOT}/${proto}
      DEPENDS ${ARG_ROOT}/${proto} protobuf::protoc ${plugin_deps}
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND srcs ${outs})
  endforeach()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} SYSTEM PUBLIC "${PARCOURS_PROTO_OUT}")
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${name} PUBLIC gRPC::grpc++)
  endif()
endfunction()
