# Warnings and sanitizers for the project's own targets (not third-party code).
function(jingwei_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(JINGWEI_SANITIZE)
    # GCC 12 gives false -Wmaybe-uninitialized reports inside libstdc++
    # (std::regex, std::function) once sanitizer instrumentation is on.
    target_compile_options(${target} PRIVATE -fsanitize=${JINGWEI_SANITIZE} -fno-omit-frame-pointer
                           -fno-sanitize-recover=all -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=${JINGWEI_SANITIZE})
  endif()
endfunction()

# jingwei_library(name SOURCES ... DEPS ...): one library per module.
function(jingwei_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(jingwei_${name} STATIC ${ARG_SOURCES})
  add_library(jingwei::${name} ALIAS jingwei_${name})
  target_include_directories(jingwei_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(jingwei_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  jingwei_target_defaults(jingwei_${name})
endfunction()

# jingwei_test(name SOURCES ... DEPS ...): a GoogleTest executable, discovered by ctest.
function(jingwei_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    JINGWEI_TEST_DATA_DIR="${JINGWEI_DATA_DIR}"
    JINGWEI_TEST_MAPS_DIR="${JINGWEI_MAPS_DIR}"
    JINGWEI_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  jingwei_target_defaults(${name})
  # Tests never touch the user's map cache: one scratch cache per build tree.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 600 ENVIRONMENT "JINGWEI_CACHE_DIR=${CMAKE_BINARY_DIR}/test-cache")
endfunction()
