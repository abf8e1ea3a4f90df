# orchard serve (issue 8, in progress): the shipped alert rules must load in Prometheus.
add_test(NAME e2e.serve.alert_rules_load
         COMMAND sh -c "command -v promtool >/dev/null || { echo 'SKIP: promtool missing; run scripts/install-deps.sh --test'; exit 77; }; promtool check rules \"$0\""
                 ${PROJECT_SOURCE_DIR}/deploy/orchard-alerts.yml)
set_tests_properties(e2e.serve.alert_rules_load PROPERTIES LABELS e2e SKIP_RETURN_CODE 77
                     PASS_REGULAR_EXPRESSION "SUCCESS: 4 rules found")
