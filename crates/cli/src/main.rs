//! `jeopsu`: Jeopsu's admin tool (see the library). The same tool is in the app's binary as
//! `jeopsu-app cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    jeopsu_cli::run_with(std::env::args_os())
}
