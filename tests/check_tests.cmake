# orchard check end to end: the binary against loopback servers and a hand-built DNS server.
add_executable(check_e2e_test ${CMAKE_CURRENT_LIST_DIR}/check_e2e_test.cc)
target_link_libraries(check_e2e_test PRIVATE orchard_testing orchard_results GTest::gtest_main)
target_compile_definitions(check_e2e_test PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>"
                                                 ORCHARD_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(check_e2e_test orchard)
gtest_discover_tests(check_e2e_test PROPERTIES LABELS e2e ${ORCHARD_JSON_SPOOL_PROPERTIES}
                     DISCOVERY_TIMEOUT 60)
# Every reason code through the binary: TLS verdicts against in-process TLS servers with a PKI
# made at test time, the HTTP family, NTP and QUIC against loopback servers, and the OS refusing
# (a namespace without routes, seccomp). tests/REASONS.md maps each reason to its tests.
add_executable(check_reasons_e2e_test
  ${CMAKE_CURRENT_LIST_DIR}/check_tls_e2e_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/check_protocols_e2e_test.cc)
target_link_libraries(check_reasons_e2e_test PRIVATE orchard_testing orchard_results
  GTest::gtest_main)
target_compile_definitions(check_reasons_e2e_test PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>")
add_dependencies(check_reasons_e2e_test orchard)
gtest_discover_tests(check_reasons_e2e_test PROPERTIES LABELS e2e ${ORCHARD_JSON_SPOOL_PROPERTIES}
                     DISCOVERY_TIMEOUT 60)
# Bad proxy settings through the binary: exit 2, a message naming the problem, nothing written.
add_executable(check_proxy_input_e2e_test ${CMAKE_CURRENT_LIST_DIR}/check_proxy_input_e2e_test.cc)
target_link_libraries(check_proxy_input_e2e_test PRIVATE orchard_testing GTest::gtest_main)
target_compile_definitions(check_proxy_input_e2e_test
  PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>")
add_dependencies(check_proxy_input_e2e_test orchard)
gtest_discover_tests(check_proxy_input_e2e_test PROPERTIES LABELS e2e DISCOVERY_TIMEOUT 60)
# Hundreds of streaming and trickling servers through the binary: --deadline holds, bodies are
# read only as far as the check needs. Its time and memory bounds are the plain build's:
# scripts/sanitize.sh leaves it out.
add_executable(check_load_e2e_test ${CMAKE_CURRENT_LIST_DIR}/check_load_e2e_test.cc)
target_link_libraries(check_load_e2e_test PRIVATE orchard_testing orchard_results GTest::gtest_main)
target_compile_definitions(check_load_e2e_test PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>")
add_dependencies(check_load_e2e_test orchard)
gtest_discover_tests(check_load_e2e_test PROPERTIES LABELS e2e RUN_SERIAL TRUE TIMEOUT 120
                     DISCOVERY_TIMEOUT 60)
