//! The command line: `shopplan [serve|migrate|demo]`, `--help`, `--version`.

/// What the process was asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    Demo,
    Help,
    Version,
}

/// The help text printed by `shopplan --help`.
pub const HELP: &str = "\
shopplan: ShopPlan, online-shop operations planning (网店运营计划)

Usage: shopplan [COMMAND]

Commands:
  serve     Serve HTTP (the default). Creates the database if it is missing and
            applies migrations first.
  migrate   Apply the database migrations and exit.
  demo      Load the demo organization (safe to run again) and print how to log in.
  help      Print this help.

Options:
  -h, --help       Print this help.
  -V, --version    Print the version.

Environment (a .env file in the working directory is read too):
  DATABASE_URL          PostgreSQL URL. Without it: the local PostgreSQL on its default
                        socket or port, database `shopplan`, created if missing.
  APP_DATABASE_URL      Optional separate login for requests (a member of the role
                        shopplan_app); without it the DATABASE_URL login switches to that role.
  BIND_ADDR             Address to listen on (default 127.0.0.1:8080).
  PUBLIC_URL            Address people use, e.g. https://plan.example.com: invitation links,
                        trusted origin, Secure cookies when it is https.
  RUST_LOG              Log filter (default info).
  LOG_FORMAT            text (default) or json.
  MAX_UPLOAD_MB         Largest accepted upload (default 50).
  REQUEST_TIMEOUT_SECS  Time limit of an ordinary request (default 30).
  IMPORT_TIMEOUT_SECS   Time limit of a file import (default 600).
  DB_POOL_SIZE          Connections for requests (default 16).
  DB_ACQUIRE_TIMEOUT_MS How long a request waits for a connection before 503 (default 1500).
  TRUST_FORWARDED_FOR   1 to take the client address from X-Forwarded-For (behind a proxy).
";

/// Reads the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let args: Vec<String> = args.into_iter().collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(Command::Help);
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        return Ok(Command::Version);
    }
    match args.as_slice() {
        [] => Ok(Command::Serve),
        [one] => match one.as_str() {
            "serve" => Ok(Command::Serve),
            "migrate" => Ok(Command::Migrate),
            "demo" => Ok(Command::Demo),
            "help" => Ok(Command::Help),
            other => Err(format!("unknown command `{other}`; try `shopplan --help`")),
        },
        [_, extra, ..] => Err(format!(
            "unexpected argument `{extra}`; try `shopplan --help`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn serve_is_the_default() {
        assert_eq!(parse_str(&[]), Ok(Command::Serve));
        assert_eq!(parse_str(&["serve"]), Ok(Command::Serve));
        assert_eq!(parse_str(&["migrate"]), Ok(Command::Migrate));
        assert_eq!(parse_str(&["demo"]), Ok(Command::Demo));
        assert_eq!(parse_str(&["demo", "--help"]), Ok(Command::Help));
        assert_eq!(parse_str(&["-V"]), Ok(Command::Version));
    }

    #[test]
    fn unknown_commands_point_to_help() {
        let e = parse_str(&["sevre"]).unwrap_err();
        assert!(e.contains("sevre") && e.contains("--help"));
        assert!(parse_str(&["serve", "now"]).is_err());
    }
}
