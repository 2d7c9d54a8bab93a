#include "cli/commands.hpp"

int main(int argc, char** argv) { return atlas::cli::run(argc, argv); }
