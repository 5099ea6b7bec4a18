# Helpers that give every target of ours the same warnings and sanitizers, and declare
# tests with the labels scripts/test selects on.

set(PARCOURS_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wno-unused-parameter
    -Wno-missing-field-initializers)

if(PARCOURS_FUZZ)
  # The fuzz build (clang, tests/fuzz): every library instrumented for libFuzzer's coverage
  # and sanitizers; the targets link -fsanitize=fuzzer. gcc-clean code may raise new clang
  # warnings: they are shown, not fatal, in this build only.
  list(REMOVE_ITEM PARCOURS_WARNINGS -Werror)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(PARCOURS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# parcours_target_defaults(<target>): our warnings (as errors) and include root.
function(parcours_target_defaults target)
  target_compile_options(${target} PRIVATE ${PARCOURS_WARNINGS})
endfunction()

# parcours_add_library(<name> SOURCES ... DEPS ...): a library of ours. Headers are included
# as "libs/<name>/x.h" or "services/<name>/x.h" from the source root.
function(parcours_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  parcours_target_defaults(${name})
endfunction()

# parcours_add_executable(<name> SOURCES ... DEPS ...)
function(parcours_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  parcours_target_defaults(${name})
endfunction()

# parcours_add_test(<name> SOURCES ... DEPS ... [LABELS ...] [TIMEOUT s]
#                   [DEFINITIONS NAME="value" ...] [NEEDS <targets the test runs> ...])
# Test kinds show in names and labels: unit (no server), pg, redis, prometheus, e2e.
# NEEDS: executables the test starts; each is built first and its path is passed as the
# definition PARCOURS_BIN_<TARGET> (upper case, '-' → '_').
function(parcours_add_test name)
  if(NOT PARCOURS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS;DEFINITIONS;NEEDS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_definitions(${name} PRIVATE ${ARG_DEFINITIONS}
    PARCOURS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  foreach(needed ${ARG_NEEDS})
    string(TOUPPER "${needed}" upper)
    string(REPLACE "-" "_" upper "${upper}")
    target_compile_definitions(${name} PRIVATE PARCOURS_BIN_${upper}="$<TARGET_FILE:${needed}>")
    add_dependencies(${name} ${needed})
  endforeach()
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  parcours_target_defaults(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}")
endfunction()

# parcours_add_benchmark(<name> SOURCES ... DEPS ...): built, never run by ctest.
function(parcours_add_benchmark name)
  if(NOT PARCOURS_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  parcours_target_defaults(${name})
endfunction()
