#pragma once
// Running the built program as a user runs it, for the command-line tests: the
// binary ctest names (ATLAS_TEST_BINARY), its exit code, standard output and
// standard error, standard input from /dev/null.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace atlas::test {

// `s` as one word for /bin/sh.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct CliResult {
    int code = -1;    // the exit code; -1 when the program did not exit (a signal)
    std::string out;  // standard output, when it went to a regular file
    std::string err;  // standard error
};

// The program under test; empty when ctest did not name it (the test then skips).
inline std::string cli_binary() {
    const char* bin = std::getenv("ATLAS_TEST_BINARY");
    return bin ? std::string(bin) : std::string();
}

struct CliCommand {
    std::vector<std::string> args;  // each passed as one argument
    std::filesystem::path folder;   // where standard output and error are caught
    std::string env;                // NAME=value ... put before the command
    std::string stdout_path;        // instead of a file in `folder` (a device such as /dev/full)
};

inline CliResult run_cli(const CliCommand& run) {
    auto read = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::filesystem::path out =
        run.stdout_path.empty() ? run.folder / "stdout.txt" : std::filesystem::path(run.stdout_path);
    const std::filesystem::path err = run.folder / "stderr.txt";
    std::string cmd = run.env + (run.env.empty() ? "" : " ") + shell_quote(cli_binary());
    for (const auto& a : run.args) cmd += " " + shell_quote(a);
    cmd += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
    const int status = std::system(cmd.c_str());
    CliResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (std::filesystem::is_regular_file(out)) r.out = read(out);
    r.err = read(err);
    return r;
}

}  // namespace atlas::test
