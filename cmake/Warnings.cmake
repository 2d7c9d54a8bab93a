# One set of warnings for every target of the project (third-party sources opt out).
# -Wnull-dereference is left out: at -O2 GCC 12 reports it inside libstdc++ headers.
function(atlas_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    $<$<COMPILE_LANGUAGE:CXX>:-Wold-style-cast>)
endfunction()
