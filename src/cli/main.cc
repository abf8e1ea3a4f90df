#include "cli/app.h"

int main(int argc, char** argv) { return orchard::cli::RunApp(argc, argv); }
