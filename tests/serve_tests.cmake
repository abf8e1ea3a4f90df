# orchard serve: the shipped alert rules must load in Prometheus, and a real Prometheus must
# scrape the exporter in a failing lab scenario (label "lab": root, Linux, lab packages).
find_program(ORCHARD_PROMTOOL promtool)
add_test(NAME e2e.serve.alert_rules_load
         COMMAND sh -c "command -v promtool >/dev/null || { echo 'SKIP: promtool missing; run scripts/install-deps.sh --test'; exit 77; }; promtool check rules \"$0\""
                 ${PROJECT_SOURCE_DIR}/deploy/orchard-alerts.yml)
set_tests_properties(e2e.serve.alert_rules_load PROPERTIES LABELS e2e SKIP_RETURN_CODE 77
                     PASS_REGULAR_EXPRESSION "SUCCESS: 4 rules found")
add_test(NAME e2e.serve.bad_listen_is_usage_error
         COMMAND $<TARGET_FILE:orchard> serve --listen nowhere)
set_tests_properties(e2e.serve.bad_listen_is_usage_error PROPERTIES LABELS e2e WILL_FAIL TRUE)
add_test(NAME lab.serve.prometheus.cert-validation-blocked
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/lab/serve_test.py cert-validation-blocked
                 --orchard $<TARGET_FILE:orchard> --cache ${CMAKE_BINARY_DIR}/lab-cache)
set_tests_properties(lab.serve.prometheus.cert-validation-blocked PROPERTIES LABELS lab
                     SKIP_RETURN_CODE 77 TIMEOUT 300)
# A hundred concurrent /probe scrapes through the binary share one run (single flight).
add_executable(serve_e2e_test ${CMAKE_CURRENT_LIST_DIR}/serve_e2e_test.cc)
target_link_libraries(serve_e2e_test PRIVATE orchard_testing GTest::gtest_main)
target_compile_definitions(serve_e2e_test PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>")
add_dependencies(serve_e2e_test orchard)
gtest_discover_tests(serve_e2e_test PROPERTIES LABELS e2e DISCOVERY_TIMEOUT 60)
