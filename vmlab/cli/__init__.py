"""The `vmlab` command line: assemble, run, trace, benchmark, open the window."""
